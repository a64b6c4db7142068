"""Labelled pairs from a CSV: ``card,selfie,same`` plus optional columns.

Optional columns:

* ``fold``: the fold of each row for k-fold accuracy;
* ``identity`` (the person on the card; when ``same=1`` the selfie's too, when ``same=0`` the
  selfie's identity is unknown), or ``card_identity`` and ``selfie_identity``;
* ``similarity`` and ``errorCode``: a SCORES.csv written by ``facecompare batch``; its
  scores are used as they are and no image is read.

Paths are relative to the folder holding the CSV. Any other column is kept in ``extra``.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

REQUIRED = ("card", "selfie", "same")
SCORE_COLUMNS = ("similarity", "errorCode")
MAX_CSV_BYTES = 200 * 1024 * 1024


class PairsError(ValueError):
    """The pairs CSV is unusable; the message says which row and why."""


@dataclass(slots=True)
class Pair:
    """One labelled row. ``similarity`` is ``None`` for a pairs CSV (not scored yet) and
    for a failed row of a scores CSV (then ``error`` names the reason)."""

    row: int  # 0-based data row
    card: str
    selfie: str
    same: int
    fold: str | None = None
    card_identity: str | None = None
    selfie_identity: str | None = None
    similarity: float | None = None
    error: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def card_format(self) -> str:
        """The card's file extension, lower case without the dot (``jpg``, ``pdf``...)."""
        suffix = PurePosixPath(self.card).suffix.lower().lstrip(".")
        return {"jpeg": "jpg", "tif": "tiff"}.get(suffix, suffix or "none")


@dataclass(slots=True)
class PairSet:
    """The rows of one CSV and what the file offers."""

    path: Path
    sha256: str
    pairs: list[Pair]
    is_scores: bool
    has_folds: bool
    identity_source: str  # "columns", "folder" or "none"
    notes: list[str] = field(default_factory=list)

    @property
    def base(self) -> Path:
        return self.path.parent

    def image_paths(self) -> list[str]:
        """Every distinct image (card and selfie columns), in first-seen order."""
        return list(dict.fromkeys(p for pair in self.pairs for p in (pair.card, pair.selfie)))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _label(value: str, row: int) -> int:
    text = (value or "").strip().lower()
    if text in {"1", "true", "yes"}:
        return 1
    if text in {"0", "false", "no"}:
        return 0
    raise PairsError(f"row {row + 2}: same must be 1 or 0, got {value!r}")


def _path(value: str | None, column: str, row: int) -> str:
    text = (value or "").strip()
    if not text:
        raise PairsError(f"row {row + 2}: the {column} column is empty")
    return text


def folder_identity(path: str) -> str:
    """The name of the folder holding the image (LFW: ``images/Name/Name_0001.jpg`` → Name)."""
    return PurePosixPath(path.replace("\\", "/")).parent.name


def identity_conflicts(pairs: list[Pair]) -> str | None:
    """The first contradiction between identities and labels, or ``None`` when they agree.

    Contradictions: one image with two identities, a ``same=1`` row with two known different
    identities, a ``same=0`` row with the same identity on both sides.
    """
    seen: dict[str, str] = {}
    for p in pairs:
        for path, ident in ((p.card, p.card_identity), (p.selfie, p.selfie_identity)):
            if ident is None:
                continue
            if seen.setdefault(path, ident) != ident:
                return f"row {p.row + 2}: {path} has identities {seen[path]!r} and {ident!r}"
        a, b = p.card_identity, p.selfie_identity
        if a is None or b is None:
            continue
        if p.same and a != b:
            return f"row {p.row + 2}: same=1 but the identities differ ({a!r}, {b!r})"
        if not p.same and a == b:
            return f"row {p.row + 2}: same=0 but both images are {a!r}"
    return None


def load_pairs(path: Path, *, identity_from_folder: bool = False) -> PairSet:
    """Read and check a pairs or scores CSV.

    With ``identity_from_folder`` and no identity columns, each image's identity is its parent
    folder name, used only if that agrees with every label (LFW's layout does; idcard-dev's
    ``cards/``/``selfies/`` folders do not, and are then ignored with a note).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PairsError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_CSV_BYTES:
        raise PairsError(f"{path} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PairsError(f"{path} is not UTF-8 text: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise PairsError(f"{path} needs the columns {', '.join(REQUIRED)}; missing {', '.join(missing)}")
    is_scores = "similarity" in columns
    has_folds = "fold" in columns
    id_cols = "card_identity" in columns and "selfie_identity" in columns
    one_id = "identity" in columns
    known = set(REQUIRED) | {"fold", "identity", "card_identity", "selfie_identity", "decision", "ms"}
    known |= set(SCORE_COLUMNS)
    pairs: list[Pair] = []
    for i, r in enumerate(reader):
        pair = Pair(
            row=i,
            card=_path(r.get("card"), "card", i),
            selfie=_path(r.get("selfie"), "selfie", i),
            same=_label(r.get("same") or "", i),
            fold=(r.get("fold") or "").strip() if has_folds else None,
            extra={k: v for k, v in r.items() if k is not None and k not in known and v is not None},
        )
        if id_cols:
            pair.card_identity = (r.get("card_identity") or "").strip() or None
            pair.selfie_identity = (r.get("selfie_identity") or "").strip() or None
        elif one_id:
            ident = (r.get("identity") or "").strip() or None
            pair.card_identity = ident
            pair.selfie_identity = ident if pair.same else None
        if is_scores:
            pair.error = (r.get("errorCode") or "").strip()
            sim = (r.get("similarity") or "").strip()
            if not pair.error and sim:
                try:
                    pair.similarity = float(sim)
                except ValueError:
                    raise PairsError(f"row {i + 2}: similarity {sim!r} is not a number") from None
                if not 0.0 <= pair.similarity <= 1.0:
                    raise PairsError(f"row {i + 2}: similarity {sim} is outside 0..1")
            elif not pair.error:
                pair.error = "NO_SCORE"
        pairs.append(pair)
    if not pairs:
        raise PairsError(f"{path} has no data rows")
    if has_folds and any(not p.fold for p in pairs):
        raise PairsError(f"{path}: the fold column is empty on some rows")
    notes: list[str] = []
    source = "none"
    if id_cols or one_id:
        conflict = identity_conflicts(pairs)
        if conflict:
            raise PairsError(f"{path}: the identity columns contradict the labels at {conflict}")
        source = "columns"
    elif identity_from_folder:
        for p in pairs:
            p.card_identity, p.selfie_identity = folder_identity(p.card), folder_identity(p.selfie)
        conflict = identity_conflicts(pairs)
        if conflict:
            for p in pairs:
                p.card_identity = p.selfie_identity = None
            notes.append(
                f"--identity-from-folder ignored for {path}: folder names contradict the labels "
                f"({conflict}); only the listed pairs are used"
            )
        else:
            source = "folder"
    return PairSet(path, sha256_bytes(data), pairs, is_scores, has_folds, source, notes)
