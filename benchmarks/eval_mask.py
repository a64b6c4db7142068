"""Evaluate mask detection of the whole engine on masks-dev.

Run from the repository root::

    .venv/bin/python benchmarks/eval_mask.py [--data ../shared/data/masks-dev] [--pack open]

Each image goes through ``Engine.analyze`` exactly as in production (loader, detector with
its fallback, 112×112 alignment, :class:`app.engine.mask.MaskClassifier`); the largest face's
``is_wearing_mask`` is the prediction. Prints the detection rate, the headline accuracy (an
image with no face counts as an error), the accuracy on detected faces and the confusion
matrix. masks-dev and masks-train come from one source, and 127 of the 300 masks-dev images
show a person of masks-train or copy one of its photos (``benchmarks/mask_groups.py``), so the
accuracy is also given on the other 173: people and photos the classifier never saw.
Exits 1 if the headline accuracy is below ``--min-accuracy`` (default 0.98).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from app.engine.engine import Engine  # noqa: E402
from benchmarks.mask_groups import groups_of  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "masks-dev"
DEFAULT_TRAIN = REPO.parent / "shared" / "data" / "masks-train"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with index.csv (file,mask)")
    ap.add_argument("--pack", default="open", help="model pack")
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="masks-train (for its groups)")
    ap.add_argument("--min-accuracy", type=float, default=0.98)
    args = ap.parse_args(argv)

    engine = Engine(args.pack)
    with open(args.data / "index.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    labels = np.array([int(r["mask"]) for r in rows])
    preds = np.full(len(rows), -1)  # -1: no face
    probs = np.full(len(rows), np.nan)
    for i, row in enumerate(rows):
        faces = engine.analyze((args.data / row["file"]).read_bytes(), label=row["file"]).faces
        if not faces:
            print(f"  no face: {row['file']} (mask={row['mask']})")
            continue
        preds[i] = int(faces[0].is_wearing_mask)
        probs[i] = faces[0].mask_probability

    n = len(rows)
    found = preds >= 0
    correct = preds == labels
    headline = float(correct.mean())
    on_found = float(correct[found].mean()) if found.any() else 0.0
    print(f"data: {args.data}  ({n} images: {int(labels.sum())} mask, {int((labels == 0).sum())} no mask)")
    print(f"engine: pack {engine.pack.name}, detector {engine.detector.name}")
    print(f"detection: {int(found.sum())}/{n} = {found.mean():.1%}")
    print(f"accuracy (no face = error): {int(correct.sum())}/{n} = {headline:.4f}")
    print(f"accuracy on detected faces: {int(correct[found].sum())}/{int(found.sum())} = {on_found:.4f}")
    print("confusion matrix (rows: truth, columns: predicted no mask / mask / no face):")
    for y, name in ((0, "no mask"), (1, "mask")):
        counts = [int((preds[labels == y] == k).sum()) for k in (0, 1, -1)]
        print(f"  {name:8s} " + " ".join(f"{c:5d}" for c in counts))
    seen = set(groups_of(args.train).values())
    dev_groups = groups_of(args.data)
    unseen = np.array([dev_groups.get(r["file"], r["file"]) not in seen for r in rows])
    if unseen.any() and not unseen.all():
        k = int(unseen.sum())
        print(
            f"accuracy on the {k} images whose person/photo is not in masks-train: "
            f"{int(correct[unseen].sum())}/{k} = {float(correct[unseen].mean()):.4f} "
            f"(the other {n - k}: {float(correct[~unseen].mean()):.4f})"
        )
    for i in np.flatnonzero(found & ~correct):
        print(f"  wrong: {rows[i]['file']} truth={labels[i]} p(mask)={probs[i]:.3f}")
    ok = headline >= args.min_accuracy
    print(f"{'PASS' if ok else 'FAIL'}: accuracy {headline:.4f} {'>=' if ok else '<'} {args.min_accuracy:g}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
