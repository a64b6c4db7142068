"""Fit a pack's score mapping and its MATCH and REVIEW thresholds for false-accept rates asked for.

The genuine and impostor raw scores of every pairs file given are pooled (listed pairs plus the
extra cross-identity impostors). The raw ``match`` threshold is the lowest 4-decimal raw score
accepting at most ``floor(far × impostors)`` impostors, ``review`` the same at ``review_far``.
Rounding is up, so the measured FAR never exceeds the one asked for. A FAR the impostors cannot
show (fewer than ``3 / far`` of them) is refused rather than guessed.

The mapping (:mod:`app.engine.scoremap`) puts raw ``review`` on 0.70 and raw ``match`` on 0.80,
and the documented FARs 10% and 0.01% on 0.50 and 0.90 when the impostors can show them; so a
bank's recalibration moves the knots, never the thresholds its clients see.
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
from app.engine.scoremap import FAR_POINTS, MATCH_SCORE, REVIEW_SCORE, ScoreKnot, ScoreMapping, build_mapping
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


def raw_threshold(pooled: Pooled, far: float) -> float:
    """The lowest 4-decimal raw score accepting at most ``floor(far × impostors)`` impostors."""
    n_imp = len(pooled.impostors)
    if not is_measurable(far, n_imp):
        raise CalibrationDataError(
            f"FAR {far:g} needs at least {math.ceil(3 / far):,} impostor pairs, there are {n_imp:,}; "
            "add identity columns (or --identity-from-folder) for extra impostors, or more pairs"
        )
    return min(1.0, max(0.0, round_up(threshold_at_far(pooled.impostors, far))))


def fit_mapping(pooled: Pooled, far: float, review_far: float) -> ScoreMapping:
    """The raw -> calibrated map: raw threshold at ``review_far`` -> 0.70, at ``far`` -> 0.80, and
    the other documented FARs (:data:`~app.engine.scoremap.FAR_POINTS`) outside that range when
    measurable; raw 0 -> 0 and raw 1 -> 1 at the ends."""
    raw_match = raw_threshold(pooled, far)  # the stricter FAR first: its error names it
    raw_review = raw_threshold(pooled, review_far)
    if not 0.0 < raw_review < raw_match < 1.0:
        raise CalibrationDataError(
            f"the raw thresholds at FAR {review_far:g} ({raw_review:.4f}) and FAR {far:g} ({raw_match:.4f}) "
            "must differ and lie inside 0..1; choose FARs further apart or add impostor pairs"
        )
    knots = [
        ScoreKnot(
            raw=raw_review,
            similarity=REVIEW_SCORE,
            far=review_far,
            label=f"review: FAR {100 * review_far:g}%",
        ),
        ScoreKnot(raw=raw_match, similarity=MATCH_SCORE, far=far, label=f"match: FAR {100 * far:g}%"),
    ]
    for point_far, value in FAR_POINTS:
        outside = point_far > review_far if value < REVIEW_SCORE else point_far < far
        if value in (REVIEW_SCORE, MATCH_SCORE) or not outside:
            continue
        if is_measurable(point_far, len(pooled.impostors)):
            raw = raw_threshold(pooled, point_far)
            knots.append(
                ScoreKnot(raw=raw, similarity=value, far=point_far, label=f"FAR {100 * point_far:g}%")
            )
    return build_mapping(knots)


def calibrated_threshold(
    pooled: Pooled, far: float, mapping: ScoreMapping | None = None
) -> CalibratedThreshold:
    """The threshold at ``far``: on the calibrated scale of ``mapping`` (with its raw cosine), or
    raw without one."""
    raw = raw_threshold(pooled, far)
    acc_g, n_g = accept_rate(pooled.genuine, raw)
    acc_i, n_imp = accept_rate(pooled.impostors, raw)
    return CalibratedThreshold(
        far_target=far,
        threshold=raw if mapping is None else mapping.apply(raw),
        raw_threshold=None if mapping is None else raw,
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
        for label, t, raw in zip(
            ("match", "review"), (cal.match, cal.review), cal.raw_thresholds(), strict=True
        ):
            g, ng = accept_rate(scored.genuine, raw)
            i, ni = accept_rate(scored.all_impostors, raw)
            parts.append(
                f"at {label} {t.threshold:.4f} (raw {raw:.4f}): TAR {g}/{ng}, false accepts {i}/{ni}"
            )
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
    mapping = fit_mapping(pooled, far, review_far)
    match = calibrated_threshold(pooled, far, mapping)
    review = calibrated_threshold(pooled, review_far, mapping)
    cal = Calibration(
        pack=manifest.name,
        pack_version=manifest.version,
        pack_manifest_sha256=manifest_sha256(manifest),
        pack_files=pack_file_shas(manifest),
        match=match,
        review=review,
        mapping=mapping,
        genuine=len(pooled.genuine),
        impostors=len(pooled.impostors),
        datasets=[dataset_entry(s, n) for s, n in zip(sets, names, strict=True)],
        created=created or dt.datetime.now(dt.UTC).replace(microsecond=0),
        app_version=app_version,
        engine=engine,
        command=command,
    )
    return cal.model_copy(
        update={"notes": [*median_notes(pooled, mapping), *per_dataset_notes(sets, names, cal)]}
    )


def median_notes(pooled: Pooled, mapping: ScoreMapping) -> list[str]:
    """The median impostor and genuine pair, raw and calibrated (failures to enrol left out)."""
    notes = []
    for name, scores in (("impostor", pooled.impostors), ("genuine", pooled.genuine)):
        real = scores[scores >= 0.0]
        if len(real):
            med = float(np.median(real))
            notes.append(f"median {name} pair: raw {med:.4f} -> similarity {mapping.apply(med):.4f}")
    return notes
