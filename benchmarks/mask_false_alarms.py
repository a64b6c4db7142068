"""False "mask" alarms of the mask classifier on faces that wear no mask.

Run from the repository root::

    .venv/bin/python benchmarks/mask_false_alarms.py [--model models/open/mask_classifier.npz]

masks-dev measures the classifier on the photos it was trained like; a bank's faces are
different: small printed photos on ID cards (often washed out or grey), webcam selfies and
passport specimens. None of these wears a mask, so every face the classifier calls masked is a
false alarm. Sets: idcard-dev cards and selfies, lfw-dev (every distinct image) and the
document specimens. Detection and alignment are the engine's (YuNet with its fallback, largest
face, ``norm_crop`` 112). Crops are cached in ``--cache`` so retraining can be re-measured fast.

The card sets (idcard-dev cards, specimens) are what the engine reads as ``cardImage``: their
faces count as masked only at ``--card-threshold`` or above (default: the engine's
``mask_card_threshold``, ``FACECOMPARE_MASK_CARD_THRESHOLD``); each is also shown at the
classifier's own threshold, which the photo sets (selfies, lfw-dev) use. ``--sweep`` adds every
set's false-alarm count at other thresholds. Exits 1 if any set's false-alarm rate (the card
sets at the card threshold) exceeds ``--max-rate`` (default 0.02).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from app.engine.config import EngineSettings  # noqa: E402
from app.engine.errors import EngineError  # noqa: E402
from app.engine.imageio import load_path  # noqa: E402
from app.engine.mask import DEFAULT_MODEL, MaskClassifier  # noqa: E402
from app.engine.preview import PreviewModels, load_preview_models  # noqa: E402

DATA = REPO.parent / "shared" / "data"
#: Sets of ID-document images: the engine reads them as ``cardImage``.
CARD_SETS = ("idcard cards", "specimens")


def image_sets(data: Path) -> dict[str, list[Path]]:
    """Unmasked face images by set name (each distinct file once)."""
    sets: dict[str, list[Path]] = {}
    for name in ("idcard-dev", "lfw-dev"):
        with open(data / name / "pairs.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        cards = sorted({r["card"] for r in rows})
        selfies = sorted({r["selfie"] for r in rows})
        if name == "idcard-dev":
            sets["idcard cards"] = [data / name / p for p in cards]
            sets["idcard selfies"] = [data / name / p for p in selfies]
        else:
            sets["lfw-dev"] = [data / name / p for p in sorted(set(cards) | set(selfies))]
    spec = data / "specimens"
    sets["specimens"] = sorted(p for p in spec.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    return sets


def crops_for(paths: list[Path], preview: PreviewModels) -> NDArray[np.uint8]:
    out = []
    for p in paths:
        try:
            crop = preview.aligned_crop(load_path(p).pixels)
        except EngineError:
            continue
        if crop is not None:
            out.append(crop)
    return np.stack(out) if out else np.zeros((0, 112, 112, 3), np.uint8)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--cache", type=Path, default=REPO / "benchmarks" / "results" / "unmasked_crops.npz")
    ap.add_argument("--max-rate", type=float, default=0.02)
    ap.add_argument(
        "--card-threshold",
        type=float,
        default=EngineSettings().mask_card_threshold,
        help="least p(mask) for a card face to count as masked (default: the engine's setting)",
    )
    ap.add_argument(
        "--sweep",
        type=float,
        nargs="*",
        default=None,
        help="also count false alarms at these thresholds (no values: 0.50, 0.51, ..., 0.70)",
    )
    args = ap.parse_args(argv)

    sets = image_sets(args.data)
    if args.cache.exists():
        cached = np.load(args.cache)
        crops = {name: cached[name.replace(" ", "_")] for name in sets}
    else:
        preview = load_preview_models()
        crops = {name: crops_for(paths, preview) for name, paths in sets.items()}
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(args.cache, **{k.replace(" ", "_"): v for k, v in crops.items()})

    clf = MaskClassifier.load(args.model)
    card_t = args.card_threshold
    worst = 0.0
    print(f"model: {args.model}  (threshold p >= {clf.threshold:g}; cards p >= {card_t})")
    sweep = args.sweep if args.sweep else [round(0.50 + 0.01 * i, 2) for i in range(21)]
    for name, c in crops.items():
        p = np.array(clf.predict(list(c))) if len(c) else np.zeros(0)
        photo = np.array([clf.is_wearing(float(x)) for x in p], dtype=bool)
        alarms = int(photo.sum())
        line = f"  {name:15s} faces {len(c):5d}  false alarms {alarms:4d} = {alarms / max(len(c), 1):6.2%}"
        if name in CARD_SETS and card_t is not None:
            alarms = int((photo & (p >= card_t)).sum())
            line += f"  at the card threshold {alarms:4d} = {alarms / max(len(c), 1):6.2%}"
        worst = max(worst, alarms / max(len(c), 1))
        print(f"{line}  max p {p.max(initial=0):.3f}")
        if args.sweep is not None:
            print("      " + "  ".join(f"{t:.2f}:{int((p >= t).sum())}" for t in sweep))
    ok = worst <= args.max_rate
    print(f"{'PASS' if ok else 'FAIL'}: worst false-alarm rate {worst:.2%} (limit {args.max_rate:.0%})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
