"""Train the face-mask classifier (``app/engine/mask.py``) on masks-train and export its weights.

Run from the repository root (needs the dev extra for scikit-learn)::

    .venv/bin/python benchmarks/train_mask.py --train ../shared/data/masks-train \\
        --out models/open/mask_classifier.npz

Pipeline, the same one ``benchmarks/eval_mask.py`` and the engine use: load the image
(``app.engine.imageio``) → YuNet, largest face, 5 keypoints with the padding fallback
(the engine's :class:`app.engine.detectors.YuNetDetector`) → ``norm_crop`` 112×112 →
:func:`app.engine.mask_features.extract_features`. Images where no face is found are left
out. Each crop is also used mirrored (horizontal flip), and ``--augment`` times degraded the
way a bank's faces are (:func:`degrade`): a small printed ID photo rescanned (down- and
up-sampling, JPEG, blur, halftone-like noise), washed-out, colour-cast or grey prints, and a
webcam's exposure, plus alignment jitter. masks-train's faces are clean web photos; without
this the classifier calls many unmasked ID-card photos "masked" (see
``benchmarks/mask_false_alarms.py``).

Model selection is by stratified *group* 5-fold CV on masks-train only (a group is one person
or one source photo and its "copy N" variants, ``benchmarks/mask_groups.py``, so no near-duplicate sits
on both sides of a split; flips and degraded copies only in the training folds; each held-out
fold is scored clean and degraded, and the mean of the two is the criterion): every feature
set of ``FEATURE_SETS`` × every ``C`` in ``--c``; the feature set of the best mean accuracy wins, with the
smallest ``C`` whose accuracy is within ``--tolerance`` (0.005) of that set's best. The
winner is refitted on all of masks-train (+ flips and degraded copies) and written as a small
``.npz`` (no pickle).
Deterministic for a given ``--seed`` and library versions. masks-dev is never read here.

``--holdout F`` measures the recipe on faces it never saw: a group-disjoint share ``F`` of
masks-train is set aside first, selection and fitting use the rest only, and the held-out
images (a face not found counts as an error) are scored once at the end.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.preprocessing import StandardScaler

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from app.engine.config import EngineSettings  # noqa: E402
from app.engine.detectors import YUNET_FALLBACK  # noqa: E402
from app.engine.imageio import load_path  # noqa: E402
from app.engine.mask import DEFAULT_MODEL, FORMAT_VERSION  # noqa: E402
from app.engine.mask_features import FEATURE_SETS, extract_features  # noqa: E402
from app.engine.preview import load_preview_models  # noqa: E402
from benchmarks.mask_groups import groups_of  # noqa: E402

DEFAULT_TRAIN = REPO.parent / "shared" / "data" / "masks-train"
C_GRID = (0.003, 0.01, 0.03, 0.1)


def halftone(img: NDArray[np.float32], rng: np.random.Generator) -> NDArray[np.float32]:
    """A printed photo's dot screen: each channel thresholded against a rotated cosine grid."""
    size = img.shape[0]
    period = rng.uniform(2.5, 4.5)
    ang = rng.uniform(0, np.pi)
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    u = (xx * np.cos(ang) + yy * np.sin(ang)) * (2 * np.pi / period)
    v = (-xx * np.sin(ang) + yy * np.cos(ang)) * (2 * np.pi / period)
    screen = (np.cos(u) * np.cos(v) + 1.0) * 127.5
    dots = np.where(img > screen[..., None], 255.0, 0.0)
    soft = cv2.GaussianBlur(dots, (0, 0), period / 3)
    return np.asarray(img * 0.4 + soft * 0.6, np.float32)


def hologram(img: NDArray[np.float32], rng: np.random.Generator) -> NDArray[np.float32]:
    """An ID card's holographic overlay: faint rainbow stripes at a random angle."""
    size = img.shape[0]
    ang = rng.uniform(0, np.pi)
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    phase = (xx * np.cos(ang) + yy * np.sin(ang)) * (2 * np.pi / rng.uniform(25, 70))
    rainbow = np.stack([np.cos(phase + k * 2 * np.pi / 3) for k in range(3)], axis=2)
    band = np.cos((xx * np.sin(ang) - yy * np.cos(ang)) * (2 * np.pi / rng.uniform(60, 160))) > 0.2
    return np.asarray(img + rng.uniform(15, 45) * rainbow * band[..., None], np.float32)


def degrade(crop: NDArray[np.uint8], rng: np.random.Generator, holo: float = 0.0) -> NDArray[np.uint8]:
    """One random print/scan/webcam degradation of a 112×112 BGR crop (``holo``: the chance of
    a card hologram; 0 draws no random number for it, so the other draws stay the same)."""
    img = crop.astype(np.float32)
    size = crop.shape[0]
    if rng.random() < 0.6:  # alignment jitter: keypoints are less exact on masked and turned faces
        ang = rng.uniform(-10, 10)
        scale = rng.uniform(0.88, 1.12)
        m = cv2.getRotationMatrix2D((size / 2, size / 2), ang, scale)
        m[:, 2] += rng.uniform(-7, 7, 2)
        img = cv2.warpAffine(img, m, (size, size), borderMode=cv2.BORDER_REFLECT)
    if rng.random() < 0.8:  # exposure, contrast, gamma of a print or a webcam
        img = np.clip(img * rng.uniform(0.6, 1.3) + rng.uniform(-40, 40), 0, 255)
        img = 255.0 * (img / 255.0) ** rng.uniform(0.6, 1.7)
    if rng.random() < 0.6:  # washed-out or colour-cast print
        grey = img.mean(axis=2, keepdims=True)
        img = grey + (img - grey) * rng.uniform(0.2, 1.2)
        img = img * rng.uniform(0.85, 1.15, 3)[None, None, :]
    if rng.random() < 0.25:  # grey photo
        img = np.repeat(img.mean(axis=2, keepdims=True), 3, axis=2)
    if holo and rng.random() < holo:  # a card's hologram over the photo
        img = hologram(img, rng)
    if rng.random() < 0.1:  # halftone print
        img = halftone(np.clip(img, 0, 255), rng)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:  # a 30-90 px face scaled up to the crop
        small = int(rng.integers(28, 90))
        img = cv2.resize(cv2.resize(img, (small, small), interpolation=cv2.INTER_AREA), (size, size))
    if rng.random() < 0.3:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.6))
    if rng.random() < 0.3:  # sensor or print-screen noise
        img = np.clip(img + rng.normal(0, rng.uniform(2, 9), img.shape), 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(20, 85))])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return np.ascontiguousarray(img, dtype=np.uint8)


def load_crops(
    root: Path, score_threshold: float | None, cache: Path | None = None
) -> tuple[NDArray[np.uint8], NDArray[np.int64], NDArray[np.bool_], list[str]]:
    """Aligned crops (zeros where no face), labels, found flags and file names of every image
    of ``root/index.csv``, through the engine's detector (``score_threshold``: its default
    when None). ``cache`` (an ``.npz``) is read when it exists, else written."""
    if cache is not None and cache.is_file():
        z = np.load(cache)
        return z["crops"], z["y"], z["found"], [str(f) for f in z["files"]]
    preview = load_preview_models("open", EngineSettings(detector_score=score_threshold))
    with open(root / "index.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    crops = np.zeros((len(rows), 112, 112, 3), np.uint8)
    found = np.zeros(len(rows), bool)
    for i, row in enumerate(rows):
        crop = preview.aligned_crop(load_path(root / row["file"]).pixels)
        if crop is not None:
            crops[i], found[i] = crop, True
    y = np.array([int(r["mask"]) for r in rows], dtype=np.int64)
    files = [r["file"] for r in rows]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, crops=crops, y=y, found=found, files=np.array(files))
    return crops, y, found, files


def block_features(crops: list[NDArray[np.uint8]]) -> dict[str, NDArray[np.float64]]:
    """Each feature block for every crop, computed once."""
    blocks = sorted({b for s in FEATURE_SETS.values() for b in s})
    return {b: np.stack([extract_features(c, (b,)) for c in crops]).astype(np.float64) for b in blocks}


def fit(x: NDArray[np.float64], y: NDArray[np.int64], c: float) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(x)
    clf = LogisticRegression(C=c, max_iter=20000).fit(scaler.transform(x), y)
    return scaler, clf


def folds(y: NDArray[np.int64], groups: NDArray[np.str_], seed: int) -> list[tuple[NDArray[np.intp], ...]]:
    """Stratified group 5-fold splits (no group on both sides)."""
    split = StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(np.zeros(len(y)), y, groups)
    return [(tr, te) for tr, te in split]


def out_of_fold(
    x: NDArray[np.float64],
    extra: list[NDArray[np.float64]],
    y: NDArray[np.int64],
    c: float,
    splits: list[tuple[NDArray[np.intp], ...]],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Out-of-fold p(mask) of the clean crops and of their first degraded copy.

    ``extra[0]`` are the flips, ``extra[1:]`` the degraded copies; all of them augment the
    training folds only.
    """
    clean = np.zeros(len(y))
    degraded = np.zeros(len(y))
    held = extra[1] if len(extra) > 1 else x
    for tr, te in splits:
        xs = np.vstack([x[tr], *(e[tr] for e in extra)])
        scaler, clf = fit(xs, np.tile(y[tr], 1 + len(extra)), c)
        clean[te] = clf.predict_proba(scaler.transform(x[te]))[:, 1]
        degraded[te] = clf.predict_proba(scaler.transform(held[te]))[:, 1]
    return clean, degraded


def choose_threshold(
    oof_clean: NDArray[np.float64], oof_deg: NDArray[np.float64], y: NDArray[np.int64], max_false_alarm: float
) -> float:
    """Lowest threshold of 0.50, 0.55 … 0.95 whose out-of-fold false-alarm rate on degraded
    unmasked crops is at most ``max_false_alarm`` (prints the recall it costs)."""
    chosen = 0.95
    for t in np.arange(0.50, 0.951, 0.05):
        fa = float((oof_deg[y == 0] >= t).mean())
        print(
            f"  threshold {t:.2f}: false alarms clean {(oof_clean[y == 0] >= t).mean():.3f} "
            f"degraded {fa:.3f}; "
            f"mask recall clean {(oof_clean[y == 1] >= t).mean():.3f} "
            f"degraded {(oof_deg[y == 1] >= t).mean():.3f}"
        )
        if fa <= max_false_alarm:
            chosen = round(float(t), 2)
            break
    print(f"threshold: {chosen:.2f}")
    return chosen


def holdout_split(
    y: NDArray[np.int64], groups: NDArray[np.str_], share: float, seed: int
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """A group-disjoint, stratified (train, held-out) split with about ``share`` held out."""
    k = max(2, round(1 / share))
    split = StratifiedGroupKFold(k, shuffle=True, random_state=seed + 1).split(np.zeros(len(y)), y, groups)
    tr, te = next(iter(split))
    return tr, te


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument(
        "--train", type=Path, default=DEFAULT_TRAIN, help="masks-train folder (index.csv file,mask)"
    )
    ap.add_argument(
        "--out", type=Path, default=None, help=f"where to write the .npz (default {DEFAULT_MODEL})"
    )
    ap.add_argument("--seed", type=int, default=20240601, help="CV split seed")
    ap.add_argument("--c", type=float, nargs="+", default=list(C_GRID), help="inverse regularisation grid")
    ap.add_argument("--feature-sets", nargs="+", default=list(FEATURE_SETS), choices=list(FEATURE_SETS))
    ap.add_argument(
        "--score-threshold", type=float, default=None, help="YuNet score threshold (default: the engine's)"
    )
    ap.add_argument("--cache", type=Path, default=None, help="crops cache (.npz; read if present)")
    ap.add_argument(
        "--threshold",
        type=float,
        default=0.5,
        help="probability threshold stored for is_wearing (default 0.5, fixed before any measurement)",
    )
    ap.add_argument(
        "--max-false-alarm",
        type=float,
        default=None,
        help="instead of --threshold: the lowest of 0.50, 0.55 ... whose CV false-alarm rate on "
        "degraded unmasked held-out crops is at most this",
    )
    ap.add_argument(
        "--tolerance",
        type=float,
        default=0.005,
        help="CV accuracy within this of the best set's best counts as a tie (the smallest C wins)",
    )
    ap.add_argument(
        "--hologram",
        type=float,
        default=0.0,
        help="chance of a card hologram in a degraded copy (0.15 measured in MASK_CLASSIFIER.md; off)",
    )
    ap.add_argument("--augment", type=int, default=5, help="degraded copies of each training crop")
    ap.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        help="share of masks-train groups set aside and scored once at the end (no model written "
        "unless --out is given)",
    )
    args = ap.parse_args(argv)
    out = args.out if args.out is not None or args.holdout else DEFAULT_MODEL

    t0 = time.perf_counter()
    all_crops, all_y, found, files = load_crops(args.train, args.score_threshold, args.cache)
    group_map = groups_of(args.train)
    all_groups = np.array([group_map.get(f, f) for f in files])
    print(
        f"masks-train: {len(files)} images, face found in {int(found.sum())}, {int((~found).sum())} left out"
    )
    keep = np.arange(len(files))
    held = np.zeros(0, np.intp)
    if args.holdout:
        keep, held = holdout_split(all_y, all_groups, args.holdout, args.seed)
        print(f"held out: {len(held)} images in {len(set(all_groups[held]))} groups, never trained on")
    keep = keep[found[keep]]
    crops = [all_crops[i] for i in keep]
    y, groups = all_y[keep], all_groups[keep]
    rng = np.random.default_rng(args.seed)
    variants = [[np.ascontiguousarray(c[:, ::-1]) for c in crops]]
    for k in range(args.augment):
        variants.append([degrade(c[:, ::-1] if k % 2 else c, rng, args.hologram) for c in crops])
    feats = block_features(crops)
    extra_feats = [block_features(v) for v in variants]
    print(f"features of {len(crops)} crops x {1 + len(variants)}: {time.perf_counter() - t0:.1f} s")

    def stack(feat: dict[str, NDArray[np.float64]], name: str) -> NDArray[np.float64]:
        return np.hstack([feat[b] for b in FEATURE_SETS[name]])

    splits = folds(y, groups, args.seed)
    results: list[tuple[float, float, int, float, str]] = []
    oof: dict[tuple[str, float], tuple[NDArray[np.float64], NDArray[np.float64]]] = {}
    for name in args.feature_sets:
        x = stack(feats, name)
        extra = [stack(f, name) for f in extra_feats]
        for c in sorted(args.c):
            oof[name, c] = out_of_fold(x, extra, y, c, splits)
            clean = float(((oof[name, c][0] >= 0.5) == y).mean())
            degraded = float(((oof[name, c][1] >= 0.5) == y).mean())
            results.append(((clean + degraded) / 2, clean, x.shape[1], c, name))
            print(
                f"  CV {name:15s} dim={x.shape[1]:5d} C={c:<6g} clean={clean:.4f} degraded={degraded:.4f}",
                flush=True,
            )
    # The feature set of the best CV mean, then its strongest penalty within CV noise of its
    # best: a looser fit to masks-train's web photos costs false alarms on ID photos.
    top = max(results, key=lambda r: (r[0], -r[2], -r[3]))
    near = [r for r in results if r[4] == top[4] and r[0] >= top[0] - args.tolerance]
    best, best_clean, dim, best_c, best_set = min(near, key=lambda r: r[3])
    print(f"selected: {best_set} C={best_c:g} (CV mean {best:.4f}, clean {best_clean:.4f}; {dim} features)")

    x = stack(feats, best_set)
    extra = [stack(f, best_set) for f in extra_feats]
    threshold = args.threshold
    if args.max_false_alarm is not None:
        threshold = choose_threshold(*oof[best_set, best_c], y, args.max_false_alarm)
    scaler, clf = fit(np.vstack([x, *extra]), np.tile(y, 1 + len(extra)), best_c)
    held_report = None
    if len(held):
        hf = held[found[held]]
        p = clf.predict_proba(scaler.transform(stack(block_features(list(all_crops[hf])), best_set)))[:, 1]
        right = int(((p >= threshold) == all_y[hf]).sum())
        wrong = [
            f"{files[i]} truth={all_y[i]} p={q:.2f}"
            for i, q in zip(hf, p, strict=True)
            if (q >= threshold) != all_y[i]
        ]
        held_report = {
            "images": len(held),
            "found": len(hf),
            "right": right,
            "accuracy": round(right / len(held), 4),
        }
        print(
            f"HELD OUT (never trained on): {right}/{len(held)} = {right / len(held):.4f} right "
            f"(a face not found counts as wrong: {len(held) - len(hf)})"
        )
        for w in wrong:
            print(f"  wrong: {w}")
        for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
            print(f"  at threshold {t:.2f}: {int(((p >= t) == all_y[hf]).sum())}/{len(held)} right")
    meta = {
        "trained_on": "masks-train (Face-Mask-Detection research images; research-data derivative)",
        "n_images": len(files),
        "n_crops": len(crops),
        "held_out": held_report,
        "flip_augmentation": True,
        "degraded_copies": args.augment,
        "hologram": args.hologram,
        "yunet_score_threshold": args.score_threshold,
        "detection_steps": [[0.0, 0], *[list(s) for s in YUNET_FALLBACK]],
        "C": best_c,
        "selection": f"best feature set, smallest C within {args.tolerance} of its best CV mean",
        "threshold": threshold,
        "threshold_rule": "fixed"
        if args.max_false_alarm is None
        else f"CV false alarms <= {args.max_false_alarm}",
        "cv": "stratified group 5-fold (groups: person or source photo)",
        "seed": args.seed,
        "cv_accuracy": round(best_clean, 4),
        "cv_table": [
            {"feature_set": r[4], "C": r[3], "clean_and_degraded": round(r[0], 4), "clean": round(r[1], 4)}
            for r in results
        ],
    }
    if out is None:
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        np.savez_compressed(
            f,
            format_version=np.int64(FORMAT_VERSION),
            feature_set=np.str_(best_set),
            mean=scaler.mean_.astype(np.float64),
            scale=scaler.scale_.astype(np.float64),
            coef=clf.coef_.ravel().astype(np.float64),
            intercept=np.float64(clf.intercept_[0]),
            threshold=np.float64(threshold),
            meta_json=np.str_(json.dumps(meta)),
        )
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
