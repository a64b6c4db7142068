"""Verification metrics on genuine and impostor similarity scores (higher = same person).

Conventions, shared with the engine: a pair is *accepted* when ``score >= threshold``.
Failures to enrol are given :data:`WORST`, below every real score, so a genuine FTE pair is a
false reject and an impostor FTE pair a correct reject at every threshold.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.evaluation.stats import wilson_interval

FloatArr = NDArray[np.float64]
IntArr = NDArray[np.int64]

#: score of a pair that failed to enrol (real similarities lie in 0..1)
WORST = -1.0
#: the false-accept rates every report gives TAR at
REPORT_FARS: tuple[float, ...] = (0.1, 0.01, 0.001, 0.0001)
#: a FAR target F is *measurable* only with at least ``MEASURABLE_FACTOR / F`` impostors: then
#: zero false accepts would put the 95% upper bound of the FAR (rule of three, 3/n) at or below F
MEASURABLE_FACTOR = 3.0


def as_scores(values: Any) -> FloatArr:
    return np.asarray(values, dtype=np.float64).reshape(-1)


# --------------------------------------------------------------------------- thresholds


def threshold_at_far(impostors: FloatArr, far: float) -> float:
    """Lowest threshold that accepts at most ``floor(far × n)`` impostors (``score >= t``).

    That is the next float above the (k+1)-th highest impostor score; with no impostor it is
    :data:`WORST` (everything is accepted).
    """
    if not 0.0 < far < 1.0:
        raise ValueError(f"a FAR must lie strictly between 0 and 1, got {far}")
    imp = np.sort(as_scores(impostors))[::-1]
    k = math.floor(far * len(imp) + 1e-9)
    if k >= len(imp):
        return WORST
    return float(np.nextafter(imp[k], np.inf))


def accept_rate(scores: FloatArr, threshold: float) -> tuple[int, int]:
    """(accepted, total) at ``threshold``."""
    s = as_scores(scores)
    return int(np.count_nonzero(s >= threshold)), len(s)


def is_measurable(far: float, impostors: int) -> bool:
    """Whether ``impostors`` scores can show a FAR as low as ``far`` (see :data:`MEASURABLE_FACTOR`)."""
    return impostors > 0 and impostors * far >= MEASURABLE_FACTOR - 1e-9


@dataclass(frozen=True, slots=True)
class TarAtFar:
    """TAR at one FAR target, with what it rests on.

    ``measurable`` is False when there are too few impostors: then every other figure except
    the counts is ``None``, never a number that only looks like one.
    """

    far: float
    measurable: bool
    impostors: int
    genuine: int
    #: smallest FAR step the impostors can express (1 / impostors)
    far_resolution: float | None
    threshold: float | None = None
    tar: float | None = None
    tar_ci95: tuple[float, float] | None = None
    false_accepts: int | None = None
    far_actual: float | None = None
    far_ci95: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def tar_at_far(genuine: FloatArr, impostors: FloatArr, far: float) -> TarAtFar:
    """TAR (with a 95% Wilson interval) at the threshold of :func:`threshold_at_far`.

    The interval covers the genuine sampling only, at that threshold; the threshold's own
    uncertainty (from the impostors) shows in ``far_ci95``.
    """
    gen, imp = as_scores(genuine), as_scores(impostors)
    resolution = 1.0 / len(imp) if len(imp) else None
    if not is_measurable(far, len(imp)):
        return TarAtFar(far, False, len(imp), len(gen), resolution)
    thr = threshold_at_far(imp, far)
    acc_gen, n_gen = accept_rate(gen, thr)
    acc_imp, n_imp = accept_rate(imp, thr)
    return TarAtFar(
        far=far,
        measurable=True,
        impostors=n_imp,
        genuine=n_gen,
        far_resolution=resolution,
        threshold=thr,
        tar=acc_gen / n_gen if n_gen else None,
        tar_ci95=wilson_interval(acc_gen, n_gen) if n_gen else None,
        false_accepts=acc_imp,
        far_actual=acc_imp / n_imp,
        far_ci95=wilson_interval(acc_imp, n_imp),
    )


# --------------------------------------------------------------------------- ROC / EER


@dataclass(frozen=True, slots=True)
class Roc:
    """FAR and TAR at every distinct score used as a threshold, thresholds descending."""

    thresholds: FloatArr
    far: FloatArr
    tar: FloatArr

    @property
    def frr(self) -> FloatArr:
        return 1.0 - self.tar


def roc_curve(genuine: FloatArr, impostors: FloatArr) -> Roc:
    """The ROC over every distinct score (plus one threshold above them all)."""
    gen, imp = np.sort(as_scores(genuine)), np.sort(as_scores(impostors))
    if not len(gen) or not len(imp):
        raise ValueError("a ROC needs at least one genuine and one impostor score")
    uniq = np.unique(np.concatenate([gen, imp]))[::-1]
    thresholds = np.concatenate([[np.nextafter(uniq[0], np.inf)], uniq])
    # accepted = score >= t  ->  count = n - (number of scores < t)
    tar = (len(gen) - np.searchsorted(gen, thresholds, side="left")) / len(gen)
    far = (len(imp) - np.searchsorted(imp, thresholds, side="left")) / len(imp)
    return Roc(thresholds, far.astype(np.float64), tar.astype(np.float64))


def auc(roc: Roc) -> float:
    """Area under the ROC (probability a genuine pair outscores an impostor; ties count half)."""
    return float(np.trapezoid(roc.tar, roc.far))


@dataclass(frozen=True, slots=True)
class Eer:
    """Equal error rate: where FAR = FRR, linearly interpolated between ROC points."""

    eer: float
    threshold: float


def equal_error_rate(roc: Roc) -> Eer:
    """EER from a ROC: FAR falls and FRR rises as the threshold drops, so find the crossing."""
    far, frr, thr = roc.far, roc.frr, roc.thresholds
    diff = far - frr  # rises from -1-ish (strict threshold) to +1-ish (lenient)
    i = int(np.argmax(diff >= 0))
    if i == 0:
        return Eer(float((far[0] + frr[0]) / 2), float(thr[0]))
    d0, d1 = diff[i - 1], diff[i]
    w = 0.0 if d1 == d0 else float(-d0 / (d1 - d0))
    eer = (1 - w) * (far[i - 1] + frr[i - 1]) / 2 + w * (far[i] + frr[i]) / 2
    return Eer(float(eer), float((1 - w) * thr[i - 1] + w * thr[i]))


# --------------------------------------------------------------------------- accuracy


def best_threshold(scores: FloatArr, labels: IntArr) -> float:
    """The threshold (accept = ``score >= t``) with the highest accuracy; midpoints between
    neighbouring scores, the lowest such threshold on ties."""
    s, y = as_scores(scores), np.asarray(labels, dtype=np.int64)
    u = np.unique(s)
    cands = np.concatenate([[u[0] - 1e-6], (u[:-1] + u[1:]) / 2.0, [u[-1] + 1e-6]])
    order = np.argsort(s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    below = np.searchsorted(s_sorted, cands, side="left")
    gen_below = np.concatenate([[0], np.cumsum(y_sorted)])[below]
    correct = (y_sorted.sum() - gen_below) + (below - gen_below)
    return float(cands[int(np.argmax(correct))])


def accuracy(scores: FloatArr, labels: IntArr, threshold: float) -> float:
    return float(np.mean((as_scores(scores) >= threshold).astype(np.int64) == np.asarray(labels)))


@dataclass(frozen=True, slots=True)
class FoldAccuracy:
    """k-fold accuracy: threshold chosen on k-1 folds, accuracy measured on the held-out one."""

    method: str
    folds: int
    mean: float
    std: float
    per_fold: list[float]
    thresholds: list[float]


def kfold_accuracy(scores: FloatArr, labels: IntArr, folds: IntArr, method: str) -> FoldAccuracy:
    s, y, f = as_scores(scores), np.asarray(labels, dtype=np.int64), np.asarray(folds)
    accs, thrs = [], []
    for k in np.unique(f):
        train, test = f != k, f == k
        thr = best_threshold(s[train], y[train])
        thrs.append(thr)
        accs.append(accuracy(s[test], y[test], thr))
    return FoldAccuracy(method, len(accs), float(np.mean(accs)), float(np.std(accs)), accs, thrs)


def is_lfw_view2_layout(labels: IntArr, per_set: int = 600) -> bool:
    """True for LFW View-2 order: whole sets of ``per_set`` rows, each its matched half first."""
    y = np.asarray(labels)
    if len(y) == 0 or len(y) % per_set:
        return False
    half = per_set // 2
    return all(
        y[s : s + half].all() and not y[s + half : s + per_set].any() for s in range(0, len(y), per_set)
    )


def lfw_folds(labels: IntArr, per_set: int = 600, folds_per_set: int = 5) -> IntArr:
    """View-2-like folds: each set's matched and mismatched blocks cut into ``folds_per_set``
    runs of consecutive rows, so every fold is balanced and lies within one set (for 1,200
    rows: 10 folds of 60 matched + 60 mismatched pairs)."""
    y = np.asarray(labels)
    folds = np.zeros(len(y), dtype=np.int64)
    for s in range(math.ceil(len(y) / per_set)):
        rows = np.arange(s * per_set, min(len(y), (s + 1) * per_set))
        for cls in (1, 0):
            idx = rows[y[rows] == cls]
            for j, chunk in enumerate(np.array_split(idx, folds_per_set)):
                folds[chunk] = s * folds_per_set + j
    return folds


def stratified_folds(labels: IntArr, k: int = 10) -> IntArr:
    """Stratified folds without shuffling: each class's rows, in file order, cut into k runs."""
    y = np.asarray(labels)
    folds = np.zeros(len(y), dtype=np.int64)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        for j, chunk in enumerate(np.array_split(idx, k)):
            folds[chunk] = j
    return folds


def choose_folds(labels: IntArr, given: list[str] | None) -> tuple[IntArr, str]:
    """Folds from the CSV's ``fold`` column, else View-2 folds for LFW-layout files (blocks of
    300 matched + 300 mismatched rows), else 10 stratified folds in file order."""
    y = np.asarray(labels)
    if given is not None:
        _, codes = np.unique(np.asarray(given), return_inverse=True)
        return codes.astype(np.int64), "the CSV's fold column"
    k = 10
    if is_lfw_view2_layout(y):
        sets = len(y) // 600
        return lfw_folds(y, 600, max(1, k // sets)), (
            f"LFW View-2 layout: each of the {sets} sets of 600 rows cut into "
            f"{max(1, k // sets)} folds of consecutive matched and mismatched rows"
        )
    return stratified_folds(y, k), f"{k} stratified folds over the rows in file order (no shuffling)"
