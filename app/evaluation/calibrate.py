"""Choose a pack's MATCH and REVIEW thresholds for false-accept rates asked for.

The genuine and impostor scores of every pairs file given are pooled (listed pairs plus the
extra cross-identity impostors). ``match`` is the lowest 4-decimal threshold accepting at most
``floor(far × impostors)`` impostors, ``review`` the same at ``review_far``. Rounding is up, so the
measured FAR never exceeds the one asked for. A FAR the impostors cannot show (fewer than
``3 / far`` of them) is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from app.engine.calibration import (
    CalibratedThreshold,
    Calibration,
    CalibrationDataset,
    manifest_sha256,
    pack_file_shas,
)
from app.engine.packs import PackManifest
from app.evaluation.metrics import accept_rate, is_measurable, threshold_at_far
from app.evaluation.scoring import ScoredSet
from app.evaluation.stats import wilson_interval

DECIMALS = 4


class CalibrationDataError(ValueError):
    """The pairs cannot support the FARs asked for."""


def round_up(x: float, decimals: int = DECIMALS) -> float:
    """``x`` rounded up to ``decimals`` (never below ``x``)."""
    q = 10**decimals
    steps = math.ceil(x * q - 1e-9)
    while steps / q < x:  # the tolerance above, or float error, fell below x
        steps += 1
    return float(round(steps / q, decimals))


@dataclass(frozen=True, slots=True)
class Pooled:
    genuine: np.ndarray
    impostors: np.ndarray


def pool(sets: Sequence[ScoredSet]) -> Pooled:
    return Pooled(np.concatenate([s.genuine for s in sets]), np.concatenate([s.all_impostors for s in sets]))


def calibrated_threshold(pooled: Pooled, far: float) -> CalibratedThreshold:
    n_imp = len(pooled.impostors)
    if not is_measurable(far, n_imp):
        raise CalibrationDataError(
            f"FAR {far:g} needs at least {math.ceil(3 / far):,} impostor pairs, there are {n_imp:,}; "
            "add identity columns (or --identity-from-folder) for extra impostors, or more pairs"
        )
    thr = min(1.0, max(0.0, round_up(threshold_at_far(pooled.impostors, far))))
    acc_g, n_g = accept_rate(pooled.genuine, thr)
    acc_i, _ = accept_rate(pooled.impostors, thr)
    return CalibratedThreshold(
        far_target=far,
        threshold=thr,
        tar=acc_g / n_g,
        tar_ci95=wilson_interval(acc_g, n_g),
        far_measured=acc_i / n_imp,
        false_accepts=acc_i,
    )


def dataset_entry(scored: ScoredSet, name: str) -> CalibrationDataset:
    extra = 0 if scored.extra is None else len(scored.extra.scores)
    identity: Literal["columns", "folder", "none"] = "none"
    if scored.pairs.identity_source in ("columns", "folder"):
        identity = "columns" if scored.pairs.identity_source == "columns" else "folder"
    return CalibrationDataset(
        name=name,
        sha256=scored.pairs.sha256,
        pairs=len(scored.labels),
        genuine=int(scored.labels.sum()),
        impostors_listed=int((scored.labels == 0).sum()),
        impostors_extra=extra,
        identity_source=identity,
        fte_pairs=int(scored.fte.sum()),
    )


def per_dataset_notes(sets: Sequence[ScoredSet], names: Sequence[str], cal: Calibration) -> list[str]:
    """How each dataset fares at the pooled thresholds (a pooled FAR can hide one set's)."""
    notes = []
    for scored, name in zip(sets, names, strict=True):
        parts = []
        for label, t in (("match", cal.match), ("review", cal.review)):
            g, ng = accept_rate(scored.genuine, t.threshold)
            i, ni = accept_rate(scored.all_impostors, t.threshold)
            parts.append(f"at {label} {t.threshold:.4f}: TAR {g}/{ng}, false accepts {i}/{ni}")
        notes.append(f"{name}: " + "; ".join(parts))
    return notes


def build_calibration(
    sets: Sequence[ScoredSet],
    names: Sequence[str],
    manifest: PackManifest,
    *,
    far: float,
    review_far: float,
    app_version: str,
    engine: str,
    command: str,
    created: dt.datetime | None = None,
) -> Calibration:
    """The calibration of ``manifest``'s pack from pooled scored pairs files."""
    if review_far < far:
        raise CalibrationDataError(f"--review-far ({review_far:g}) must be at least --far ({far:g})")
    pooled = pool(sets)
    if not len(pooled.genuine):
        raise CalibrationDataError("the pairs hold no genuine (same=1) pair")
    match = calibrated_threshold(pooled, far)
    review = calibrated_threshold(pooled, review_far)
    cal = Calibration(
        pack=manifest.name,
        pack_version=manifest.version,
        pack_manifest_sha256=manifest_sha256(manifest),
        pack_files=pack_file_shas(manifest),
        match=match,
        review=review,
        genuine=len(pooled.genuine),
        impostors=len(pooled.impostors),
        datasets=[dataset_entry(s, n) for s, n in zip(sets, names, strict=True)],
        created=created or dt.datetime.now(dt.UTC).replace(microsecond=0),
        app_version=app_version,
        engine=engine,
        command=command,
    )
    return cal.model_copy(update={"notes": per_dataset_notes(sets, names, cal)})
