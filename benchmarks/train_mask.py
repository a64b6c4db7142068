"""Train the face-mask classifier (``app/engine/mask.py``) on masks-train and export its weights.

Run from the repository root (needs the dev extra for scikit-learn)::

    .venv/bin/python benchmarks/train_mask.py --train ../shared/data/masks-train \\
        --out models/open/mask_classifier.npz

Pipeline, the same one ``benchmarks/eval_mask.py`` and the engine use: load the image
(``app.engine.imageio``) → YuNet, largest face, 5 keypoints with the padding fallback
(the engine's :class:`app.engine.detectors.YuNetDetector`) → ``norm_crop`` 112×112 →
:func:`app.engine.mask_features.extract_features`. Images where no face is found are left
out. Each crop is also used mirrored (horizontal flip).

Model selection is by stratified 5-fold CV on masks-train only (flips only in the training
folds): every feature set of ``FEATURE_SETS`` × every ``C`` in ``--c``; the best mean accuracy
wins, ties going to the smaller feature set and then the smaller ``C``. The winner is refitted
on all of masks-train (+ flips) and written as a small ``.npz`` (no pickle). Deterministic for a
given ``--seed`` and library versions. masks-dev is never read here.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from app.engine.detectors import YUNET_FALLBACK, YuNetDetector  # noqa: E402
from app.engine.imageio import load_path  # noqa: E402
from app.engine.mask import DEFAULT_MODEL, FORMAT_VERSION  # noqa: E402
from app.engine.mask_features import (  # noqa: E402
    FEATURE_SETS,
    YUNET_MODEL,
    extract_features,
    largest_face_crop,
)

DEFAULT_TRAIN = REPO.parent / "shared" / "data" / "masks-train"
C_GRID = (0.003, 0.01, 0.03, 0.1)


def load_crops(root: Path, score_threshold: float) -> tuple[list[NDArray[np.uint8]], NDArray[np.int64], int]:
    """Aligned crops and labels of every image of ``root/index.csv`` with a detected face."""
    det = YuNetDetector(YUNET_MODEL, score_threshold=score_threshold)
    crops: list[NDArray[np.uint8]] = []
    labels: list[int] = []
    missed = 0
    with open(root / "index.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        crop = largest_face_crop(det, load_path(root / row["file"]).pixels)
        if crop is None:
            missed += 1
            continue
        crops.append(crop)
        labels.append(int(row["mask"]))
    return crops, np.array(labels, dtype=np.int64), missed


def block_features(crops: list[NDArray[np.uint8]]) -> dict[str, NDArray[np.float64]]:
    """Each feature block for every crop, computed once."""
    blocks = sorted({b for s in FEATURE_SETS.values() for b in s})
    return {b: np.stack([extract_features(c, (b,)) for c in crops]).astype(np.float64) for b in blocks}


def fit(x: NDArray[np.float64], y: NDArray[np.int64], c: float) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(x)
    clf = LogisticRegression(C=c, max_iter=20000).fit(scaler.transform(x), y)
    return scaler, clf


def cross_validate(
    x: NDArray[np.float64], xf: NDArray[np.float64], y: NDArray[np.int64], c: float, seed: int
) -> float:
    """Mean accuracy of stratified 5-fold CV; training folds are augmented with the flips."""
    accs = []
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
        scaler, clf = fit(np.vstack([x[tr], xf[tr]]), np.concatenate([y[tr], y[tr]]), c)
        accs.append(float((clf.predict(scaler.transform(x[te])) == y[te]).mean()))
    return float(np.mean(accs))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--train", type=Path, default=DEFAULT_TRAIN, help="masks-train folder (index.csv file,mask)"
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL, help="where to write the .npz")
    ap.add_argument("--seed", type=int, default=20240601, help="CV split seed")
    ap.add_argument("--c", type=float, nargs="+", default=list(C_GRID), help="inverse regularisation grid")
    ap.add_argument("--feature-sets", nargs="+", default=list(FEATURE_SETS), choices=list(FEATURE_SETS))
    ap.add_argument("--score-threshold", type=float, default=0.5, help="YuNet score threshold")
    ap.add_argument(
        "--threshold", type=float, default=0.5, help="probability threshold stored for is_wearing"
    )
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    crops, y, missed = load_crops(args.train, args.score_threshold)
    n_img = len(crops) + missed
    rate = len(crops) / n_img
    print(f"masks-train: {n_img} images, face found in {len(crops)} ({rate:.1%}), {missed} left out")
    feats = block_features(crops)
    feats_flip = block_features([np.ascontiguousarray(c[:, ::-1]) for c in crops])
    print(f"features: {time.perf_counter() - t0:.1f} s")

    results: list[tuple[float, int, float, str]] = []
    for name in args.feature_sets:
        x = np.hstack([feats[b] for b in FEATURE_SETS[name]])
        xf = np.hstack([feats_flip[b] for b in FEATURE_SETS[name]])
        for c in sorted(args.c):
            acc = cross_validate(x, xf, y, c, args.seed)
            results.append((acc, x.shape[1], c, name))
            print(f"  CV {name:15s} dim={x.shape[1]:5d} C={c:<6g} accuracy={acc:.4f}", flush=True)
    best_acc, dim, best_c, best_set = max(results, key=lambda r: (r[0], -r[1], -r[2]))
    print(f"selected: {best_set} C={best_c:g} (5-fold CV accuracy {best_acc:.4f}, {dim} features)")

    x = np.hstack([feats[b] for b in FEATURE_SETS[best_set]])
    xf = np.hstack([feats_flip[b] for b in FEATURE_SETS[best_set]])
    scaler, clf = fit(np.vstack([x, xf]), np.concatenate([y, y]), best_c)
    meta = {
        "trained_on": "masks-train (Face-Mask-Detection research images; research-data derivative)",
        "n_images": n_img,
        "n_crops": len(crops),
        "flip_augmentation": True,
        "yunet_score_threshold": args.score_threshold,
        "detection_steps": [[0.0, 0], *[list(s) for s in YUNET_FALLBACK]],
        "C": best_c,
        "seed": args.seed,
        "cv_accuracy": round(best_acc, 4),
        "cv_table": [{"feature_set": r[3], "C": r[2], "accuracy": round(r[0], 4)} for r in results],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as f:
        np.savez_compressed(
            f,
            format_version=np.int64(FORMAT_VERSION),
            feature_set=np.str_(best_set),
            mean=scaler.mean_.astype(np.float64),
            scale=scaler.scale_.astype(np.float64),
            coef=clf.coef_.ravel().astype(np.float64),
            intercept=np.float64(clf.intercept_[0]),
            threshold=np.float64(args.threshold),
            meta_json=np.str_(json.dumps(meta)),
        )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
