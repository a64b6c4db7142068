"""Ablation of ID-photo steps for the ``open`` pack: what helps card-vs-selfie comparison.

Run from the repository root::

    .venv/bin/python benchmarks/idphoto_ablation.py [--dataset idcard-dev --dataset lfw-dev]

Each distinct image goes once through the engine's own front end (loader, YuNet, the face
``Engine.find_faces`` ranks first, dlib's 68 landmarks, dlib's 150 px chip); the chips are cached in
``benchmarks/results/chips_<dataset>.npz``. Then each variant re-embeds the chips with dlib's
ResNet and scores the listed pairs. Reported per variant: TAR at FAR 1% and 0.1% (listed
impostors: 300 per dataset, so FAR 0.1% means no impostor accepted), EER, AUC, and the
variant's extra cost per image in ms (median, single thread). The table goes to
``docs/accuracy.md`` by hand.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.engine.engine import Engine  # noqa: E402
from app.engine.imageio import load_path  # noqa: E402
from app.engine.recognizers import DlibRecognizer, l2_normalise  # noqa: E402

DATA = REPO.parent / "shared" / "data"
OUT = REPO / "benchmarks" / "results"
Chip = NDArray[np.uint8]


def pairs_of(dataset: str) -> list[tuple[str, str, int]]:
    with open(DATA / dataset / "pairs.csv", newline="", encoding="utf-8") as f:
        return [(r["card"], r["selfie"], int(r["same"])) for r in csv.DictReader(f)]


def extract(engine: Engine, dataset: str) -> dict[str, Chip]:
    """dlib chip (RGB 150) of the chosen face of every distinct image, cached."""
    cache = OUT / f"chips_{dataset}.npz"
    if cache.exists():
        z = np.load(cache)
        names = [str(n) for n in z["names"]]
        return dict(zip(names, z["chips"], strict=True))
    rec = engine.recognizer
    assert isinstance(rec, DlibRecognizer), "the ablation needs the open pack's dlib recogniser"
    chips: dict[str, Chip] = {}
    files = sorted({p for c, s, _ in pairs_of(dataset) for p in (c, s)})
    for i, name in enumerate(files):
        img = load_path(DATA / dataset / name).pixels
        dets = engine.find_faces(img)
        if not dets:
            continue
        rgb = np.ascontiguousarray(img[:, :, ::-1])
        shape = engine.landmarker.shapes(rgb, [dets[0]])[0]
        chips[name] = rec.chips(rgb, [shape])[0]
        if (i + 1) % 200 == 0:
            print(f"  {dataset}: {i + 1}/{len(files)} images", file=sys.stderr, flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(cache, names=np.array(list(chips)), chips=np.stack(list(chips.values())))
    return chips


def is_grey(chip: Chip, limit: float = 12.0) -> bool:
    """Mean chroma (HSV saturation of the central face) below ``limit`` of 255."""
    c = chip[30:120, 30:120]
    return float(cv2.cvtColor(c, cv2.COLOR_RGB2HSV)[..., 1].mean()) < limit


def to_grey(chip: Chip) -> Chip:
    g = cv2.cvtColor(chip, cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(np.dstack([g, g, g]))


def clahe(chip: Chip) -> Chip:
    lab = cv2.cvtColor(chip, cv2.COLOR_RGB2LAB)
    lab[..., 0] = cv2.createCLAHE(2.0, (4, 4)).apply(lab[..., 0])
    return np.ascontiguousarray(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB))


def denoise(chip: Chip) -> Chip:
    return np.ascontiguousarray(cv2.bilateralFilter(chip, 5, 30, 5))


def blur(chip: Chip) -> Chip:
    return np.ascontiguousarray(cv2.GaussianBlur(chip, (0, 0), 0.8))


def metrics(scores: NDArray[np.float64], same: NDArray[np.int64]) -> dict[str, float]:
    gen, imp = np.sort(scores[same == 1]), np.sort(scores[same == 0])[::-1]
    out: dict[str, float] = {}
    for far in (0.01, 0.001):
        k = int(np.floor(far * len(imp) + 1e-9))
        thr = imp[k] if k < len(imp) else -np.inf
        out[f"tar@{far:g}"] = float((gen > thr).mean())
    ts = np.unique(scores)
    frr = np.array([(gen < t).mean() for t in ts])
    far_ = np.array([(imp >= t).mean() for t in ts])
    i = int(np.argmin(np.abs(frr - far_)))
    out["eer"] = float((frr[i] + far_[i]) / 2)
    out["auc"] = float((gen[:, None] > imp[None, :]).mean() + 0.5 * (gen[:, None] == imp[None, :]).mean())
    return out


Embedder = Callable[[list[Chip]], NDArray[np.float32]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--dataset", action="append", default=None)
    args = ap.parse_args(argv)
    datasets = args.dataset or ["idcard-dev", "lfw-dev"]
    engine = Engine("open")
    rec = engine.recognizer
    assert isinstance(rec, DlibRecognizer), "the ablation needs the open pack's dlib recogniser"

    def embed(chips: list[Chip], jitter: int = 0) -> NDArray[np.float32]:
        if jitter:
            out = [rec._net.compute_face_descriptor(np.ascontiguousarray(c), jitter) for c in chips]
            return l2_normalise(np.array([np.array(d) for d in out], dtype=np.float32))
        return rec.embed(chips)

    def timed(fn: Embedder, chips: list[Chip]) -> tuple[NDArray[np.float32], float]:
        t = []
        out = []
        for c in chips:
            t0 = time.perf_counter()
            out.append(fn([c])[0])
            t.append((time.perf_counter() - t0) * 1000)
        return np.stack(out), statistics.median(t)

    for ds in datasets:
        chips = extract(engine, ds)
        pairs = [(c, s, y) for c, s, y in pairs_of(ds) if c in chips and s in chips]
        names = sorted(chips)
        idx = {n: i for i, n in enumerate(names)}
        ci = np.array([idx[c] for c, _, _ in pairs])
        si = np.array([idx[s] for _, s, _ in pairs])
        same = np.array([y for _, _, y in pairs])
        cards = {c for c, _, _ in pairs}
        grey = np.array([is_grey(chips[n]) for n in names])
        print(
            f"\n{ds}: {len(pairs)} pairs with faces; grey chips: cards {grey[ci].mean():.0%}, "
            f"selfies {grey[si].mean():.0%}"
        )
        lst = [chips[n] for n in names]
        base, t_base = timed(lambda c: embed(c), lst)
        flipped, _ = timed(lambda c: embed([np.ascontiguousarray(x[:, ::-1]) for x in c]), lst)
        greyed, _ = timed(lambda c: embed([to_grey(x) for x in c]), lst)
        greyflip, _ = timed(lambda c: embed([to_grey(np.ascontiguousarray(x[:, ::-1])) for x in c]), lst)
        is_card = np.array([n in cards for n in names])

        def score(
            a: NDArray[np.float32], ci: NDArray[np.int64] = ci, si: NDArray[np.int64] = si
        ) -> NDArray[np.float64]:
            return np.clip((a[ci] * a[si]).sum(1), 0, 1).astype(np.float64)

        flipavg = l2_normalise(base + flipped)
        greyavg = l2_normalise(greyed + greyflip)
        either_grey = grey[ci] | grey[si]
        rows: list[tuple[str, dict[str, float], float]] = [
            ("baseline (colour chip)", metrics(score(base), same), 0.0),
            ("flip-averaged embedding", metrics(score(flipavg), same), t_base),
            ("grey both sides always", metrics(score(greyed), same), 1.0),
            (
                "grey both when one is grey",
                metrics(np.where(either_grey, score(greyed), score(base)), same),
                t_base,
            ),
            (
                "grey both when one is grey + flip",
                metrics(np.where(either_grey, score(greyavg), score(flipavg)), same),
                3 * t_base,
            ),
            ("grey always + flip", metrics(score(greyavg), same), t_base),
        ]
        for label, fn in (
            ("CLAHE on card", clahe),
            ("bilateral denoise on card", denoise),
            ("gaussian 0.8 on card", blur),
        ):
            emb_card, t = timed(lambda c, fn=fn: embed([fn(x) for x in c]), lst)
            mixed = np.where(is_card[:, None], emb_card, base)
            rows.append((label, metrics(score(mixed), same), t - t_base))
        _, t_j = timed(lambda c: embed(c, jitter=5), lst[:: max(1, len(lst) // 200)])
        rows.append(("dlib jitter 5 (cost only, 200 chips)", {}, t_j - t_base))
        print(f"{'variant':42s} {'TAR@1%':>7s} {'TAR@0.1%':>8s} {'EER':>6s} {'AUC':>7s} {'+ms/img':>8s}")
        for label, m, cost in rows:
            if not m:
                print(f"{label:42s} {'':>7s} {'':>8s} {'':>6s} {'':>7s} {cost:8.1f}")
                continue
            tars = f"{m['tar@0.01']:7.3f} {m['tar@0.001']:8.3f}"
            print(f"{label:42s} {tars} {m['eer']:6.3f} {m['auc']:7.4f} {cost:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
