"""Labelled liveness captures in, P(live) scores out, as the kiosk scores its photo.

A captures list is either a CSV with a ``file`` column (paths relative to the CSV's folder) and
a ``live`` column (1 for a live face, 0 for an attack), as ``spoof-dev/index.csv``; or a folder
whose subfolders name the label: ``live/`` or ``real/`` for live faces, ``attack/``, ``spoof/`` or
``fake/`` for attacks (images anywhere below them).

Scoring is ``Engine.liveness``'s: the engine's detector finds the most prominent face, the
liveness pack's model scores it. The model is built here from the pack's files, so the score
never depends on a calibration file (a broken one must not stop the recalibration that
replaces it). An image without a face scores ``None`` (the operating point rejects it).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}
LIVE_FOLDERS = ("live", "real")
ATTACK_FOLDERS = ("attack", "spoof", "fake")


class CapturesError(ValueError):
    """The captures list cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Capture:
    path: Path
    name: str  # relative to the list's folder, as written in the file
    live: bool


def _label(value: str, where: str) -> bool:
    value = value.strip().lower()
    if value in ("1", "true", "live", "real"):
        return True
    if value in ("0", "false", "attack", "spoof", "fake"):
        return False
    raise CapturesError(f"{where}: live must be 1 or 0, got {value!r}")


def read_captures(source: Path) -> list[Capture]:
    """The labelled images of ``source`` (a CSV or a labelled folder, see the module docstring)."""
    if source.is_dir():
        out: list[Capture] = []
        for sub in sorted(p for p in source.iterdir() if p.is_dir()):
            key = sub.name.lower()
            if key not in LIVE_FOLDERS + ATTACK_FOLDERS:
                continue
            for path in sorted(sub.rglob("*")):
                if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
                    out.append(Capture(path, path.relative_to(source).as_posix(), key in LIVE_FOLDERS))
        if not out:
            raise CapturesError(f"{source} holds no images under live/ or real/ and attack/, spoof/ or fake/")
        return out
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CapturesError(f"{source} cannot be read: {exc}") from None
    if not rows or not {"file", "live"} <= set(rows[0]):
        raise CapturesError(f"{source} must be a CSV with the columns file and live")
    base = source.parent
    out = []
    for i, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            raise CapturesError(f"{source} line {i}: no file")
        path = base / name
        if not path.is_file():
            raise CapturesError(f"{source} line {i}: {name} does not exist")
        out.append(Capture(path, name, _label(row.get("live") or "", f"{source} line {i}")))
    return out


def captures_sha256(captures: list[Capture]) -> str:
    """Digest of the list: every image's name, label and content (so the file names the data)."""
    digest = hashlib.sha256()
    for cap in sorted(captures, key=lambda c: c.name):
        digest.update(f"{cap.name}\t{int(cap.live)}\t".encode())
        digest.update(hashlib.sha256(cap.path.read_bytes()).digest())
    return digest.hexdigest()


def liveness_scorer(detector_pack: str | None, liveness_pack: str) -> Callable[[Any], float | None]:
    """A function from BGR pixels to P(live) of their most prominent face (None: no face)."""
    from app.engine.engine import Engine
    from app.engine.liveness import DEFAULT_THRESHOLD, LivenessModel
    from app.engine.packs import resolve_liveness_pack

    engine = Engine(detector_pack, warm_up=False)  # its detector only
    resolved = resolve_liveness_pack(liveness_pack)
    model = LivenessModel(resolved.files, threshold=DEFAULT_THRESHOLD, threads=engine.settings.threads)

    def score(pixels: Any) -> float | None:
        found = engine.find_faces(pixels)
        return model.score(pixels, found[0]).score if found else None

    return score


def score_captures(
    captures: list[Capture],
    score: Callable[[Any], float | None],
    progress: Callable[[int], None] | None = None,
) -> list[float | None]:
    """P(live) of each capture's main face in order (None when no face is found)."""
    from app.engine.imageio import load_path

    out: list[float | None] = []
    for i, cap in enumerate(captures):
        out.append(score(load_path(cap.path).pixels))
        if progress is not None:
            progress(i + 1)
    return out


__all__ = [
    "Capture",
    "CapturesError",
    "captures_sha256",
    "liveness_scorer",
    "read_captures",
    "score_captures",
]
