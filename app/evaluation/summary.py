"""All the figures of one evaluation, as a JSON-ready dict (``summary.json``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import numpy as np

from app.evaluation.metrics import (
    REPORT_FARS,
    accept_rate,
    accuracy,
    auc,
    best_threshold,
    choose_folds,
    equal_error_rate,
    kfold_accuracy,
    roc_curve,
    tar_at_far,
)
from app.evaluation.scoring import ScoredSet
from app.evaluation.stats import wilson_interval

SCHEMA = "facecompare.evaluation/1"

PROTOCOL = {
    "accept": "a pair is accepted when similarity >= threshold (as the engine decides MATCH)",
    "fte": "a listed pair fails to enrol when either image gives no usable face or any error "
    "(the engine's error code is kept); it scores below every real score, so a genuine FTE is a "
    "false reject and an impostor FTE a correct reject at every threshold",
    "genuine": "the listed pairs with same=1",
    "impostors": "the listed pairs with same=0, plus the extra cross-identity pairs when the CSV "
    "has identities (card-column image x selfie-column image of different identities, both enrolled, "
    "not listed, each unordered pair once); extra pairs share images, so they are not independent",
    "accuracy": "on the listed pairs only; best threshold = the one maximising accuracy on all of them "
    "(optimistic); k-fold = threshold chosen on k-1 folds, accuracy on the held-out fold",
    "tar_at_far": "threshold = lowest one accepting at most floor(FAR x impostors) impostors; TAR with "
    "a 95% Wilson interval over the genuine pairs; a FAR is measurable only with at least 3/FAR "
    "impostors (zero false accepts then bound the FAR at or below it, rule of three), else "
    "'not measurable' and no figure",
    "eer": "where FAR = FRR on the ROC of all genuine and all impostor scores, interpolated",
    "per_format": "listed pairs grouped by the card's file extension, at the thresholds of the whole set",
}


def _rate(x: int, n: int) -> dict[str, Any]:
    lo, hi = wilson_interval(x, n) if n else (None, None)
    return {"count": x, "of": n, "rate": x / n if n else None, "ci95": [lo, hi] if n else None}


def _fte(scored: ScoredSet) -> dict[str, Any]:
    fte = scored.fte
    labels = scored.labels
    reasons = Counter(e for e in scored.errors if e)
    images = scored.images
    failed_images = Counter(v.error for v in images.values() if not v.ok)
    return {
        "pairs": _rate(int(fte.sum()), len(fte)),
        "genuine": int((fte & (labels == 1)).sum()),
        "impostor": int((fte & (labels == 0)).sum()),
        "reasons": dict(reasons.most_common()),
        "images": {
            "distinct": len(images),
            "failed": sum(failed_images.values()),
            "reasons": dict(failed_images.most_common()),
        },
    }


def _per_format(scored: ScoredSet, thr_far1: float | None, best_thr: float) -> dict[str, Any]:
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(scored.pairs.pairs):
        groups.setdefault(p.card_format, []).append(i)
    out: dict[str, Any] = {}
    for fmt, rows in sorted(groups.items()):
        idx = np.array(rows)
        s, y = scored.scores[idx], scored.labels[idx]
        fte = scored.fte[idx]
        entry: dict[str, Any] = {
            "pairs": len(idx),
            "genuine": int(y.sum()),
            "impostors": int((y == 0).sum()),
            "fte": _rate(int(fte.sum()), len(idx)),
            "accuracy_at_overall_best_threshold": accuracy(s, y, best_thr),
        }
        if thr_far1 is not None:
            acc_g, n_g = accept_rate(s[y == 1], thr_far1)
            acc_i, n_i = accept_rate(s[y == 0], thr_far1)
            entry["at_overall_far_1pct_threshold"] = {
                "threshold": thr_far1,
                "tar": _rate(acc_g, n_g),
                "false_accepts": _rate(acc_i, n_i),
            }
        out[fmt] = entry
    return out


def summarize(
    scored: ScoredSet, *, context: dict[str, Any] | None = None, fars: tuple[float, ...] = REPORT_FARS
) -> dict[str, Any]:
    """Every figure of the report. ``context`` (pack, thresholds in use...) is copied in."""
    ps = scored.pairs
    gen, imp = scored.genuine, scored.all_impostors
    labels = scored.labels
    roc = roc_curve(gen, imp)
    eer = equal_error_rate(roc)
    best = best_threshold(scored.scores, labels)
    folds, method = choose_folds(labels, [p.fold or "" for p in ps.pairs] if ps.has_folds else None)
    kfold = kfold_accuracy(scored.scores, labels, folds, method)
    tars = [tar_at_far(gen, imp, f) for f in fars]
    thr_far1 = next((t.threshold for t in tars if t.far == 0.01 and t.measurable), None)
    extra = scored.extra
    ms = [v.ms for v in scored.images.values() if v.ms > 0]
    return {
        "schema": SCHEMA,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "input": {
            "path": str(ps.path),
            "sha256": ps.sha256,
            "kind": "scores" if ps.is_scores else "pairs",
            "identity_source": ps.identity_source,
            "notes": ps.notes,
        },
        **(context or {}),
        "counts": {
            "pairs": len(labels),
            "genuine": int(labels.sum()),
            "impostors_listed": int((labels == 0).sum()),
            "impostors_extra": 0 if extra is None else len(extra.scores),
            "impostors_total": len(imp),
            "extra_impostors_from": None
            if extra is None
            else {
                "card_images": extra.card_images,
                "selfie_images": extra.selfie_images,
                "identities": extra.identities,
                "candidate_pairs": extra.candidates,
                "sampled": extra.sampled,
            },
        },
        "fte": _fte(scored),
        "accuracy": {
            "best_threshold": best,
            "at_best_threshold": accuracy(scored.scores, labels, best),
            "kfold": {
                "method": kfold.method,
                "folds": kfold.folds,
                "mean": kfold.mean,
                "std": kfold.std,
                "per_fold": kfold.per_fold,
            },
        },
        "eer": {"eer": eer.eer, "threshold": eer.threshold},
        "auc": auc(roc),
        "tar_at_far": [t.as_dict() for t in tars],
        "listed_only_tar_at_far": [tar_at_far(gen, scored.listed_impostors, f).as_dict() for f in fars],
        "per_format": _per_format(scored, thr_far1, best),
        "timing_ms_per_image": {
            "median": float(np.median(ms)) if ms else None,
            "p90": float(np.percentile(ms, 90)) if ms else None,
        },
        "protocol": PROTOCOL,
    }
