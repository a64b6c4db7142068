"""Self-test of an installation: load the model pack, compare two shipped sample images.

Qt-free, so ``facecompare selftest`` (a server or kiosk without a display) and the
workstation's ``--self-test`` (:mod:`app.gui.selftest`, which also starts Qt offscreen) share
it. The samples are synthetic renderings of a public-domain NASA portrait
(``packaging/samples/``, see its README); both show the same person, so anything but MATCH
means the models, their files or the image decoders are broken.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import app

SAMPLES = ("card.jpg", "selfie.jpg")
EXPECTED_DECISION = "MATCH"


def samples_dir() -> Path | None:
    """``samples/`` inside a frozen build, else the repository's ``packaging/samples/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "samples"] if bundle else []
    candidates.append(Path(app.__file__).resolve().parent.parent / "packaging" / "samples")
    for folder in candidates:
        if all((folder / name).is_file() for name in SAMPLES):
            return folder
    return None


def run(pack: str | None = None, samples: Path | None = None) -> dict[str, Any]:
    """Load the engine and compare the samples; a JSON-ready result whose ``ok`` says it passed.

    Never raises for an engine or file problem: the error is reported in the result.
    """
    result: dict[str, Any] = {
        "ok": False,
        "version": app.__version__,
        "frozen": bool(getattr(sys, "frozen", False)),
    }
    folder = samples or samples_dir()
    if folder is None:
        result["error"] = "sample images not found (packaging/samples/card.jpg, selfie.jpg)"
        return result
    try:
        from app.engine.engine import Engine

        t0 = time.perf_counter()
        engine = Engine(pack)
        result["load_s"] = round(time.perf_counter() - t0, 2)
        result["pack"] = engine.pack.name
        result["thresholds_source"] = engine.thresholds_source
        card, selfie = ((folder / name).read_bytes() for name in SAMPLES)
        comparison = engine.compare(card, selfie)
    except Exception as exc:  # a self-test reports every failure instead of crashing
        result["error"] = f"{type(exc).__name__}: {exc}"
        return result
    result["decision"] = str(comparison.decision)
    result["similarity"] = round(comparison.similarity, 4)
    result["compare_ms"] = round(comparison.elapsed_ms, 1)
    result["ok"] = result["decision"] == EXPECTED_DECISION
    if not result["ok"]:
        result["error"] = f"the two samples of one person gave {result['decision']}, not {EXPECTED_DECISION}"
    return result


def to_line(result: dict[str, Any]) -> str:
    """The result as one line of JSON (what the self-test prints)."""
    return json.dumps(result, ensure_ascii=False, sort_keys=True)
