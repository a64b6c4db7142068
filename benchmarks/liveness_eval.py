"""Passive liveness on spoof-dev: AUC and APCER/BPCER of every preprocessing variant.

Run from the repository root::

    .venv/bin/python benchmarks/liveness_eval.py [--data ../shared/data/spoof-dev] [--pack NAME]

The models are the embedded pack (``models/minifasnet``) unless ``--pack`` names another.

Each image is loaded by the engine's loader and its face found once by the engine's detector
(the ``open`` pack's YuNet with its fallbacks; the most prominent face by ``rank_faces``).
Then every (padding, model, view) is run once, and the variants are combinations of those
logits. An image without a face gets P(live) = 0 in every variant (rejected: a live image
counts against BPCER). Nothing here is fitted: the threshold is the shipped 0.5 for every
variant. Results go to ``benchmarks/results/liveness_spoof-dev.json``; the table in
``docs/liveness.md`` is copied from the printout.

``--operating-point`` measures the shipped operating point instead (the threshold of the
liveness calibration the engine finds, ``models/calibration/minifasnet.json``), as the kiosk
scores its photo, on the tight crops as they are and on camera-sized frames made from them
(:func:`make_frame`): APCER and BPCER with 95% Clopper-Pearson intervals, AUC, and how many
frames the kiosk would have scored (``context`` >= its ``MIN_CONTEXT``). Nothing is fitted
there. Results: ``benchmarks/results/liveness_operating_point.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.engine import packs  # noqa: E402
from app.engine.engine import Engine  # noqa: E402
from app.engine.imageio import load_path  # noqa: E402
from app.engine.liveness import (  # noqa: E402
    DEFAULT_THRESHOLD,
    LIVE_CLASS,
    LivenessModel,
    Padding,
)

SHARED = REPO.parent / "shared"
OUT = REPO / "benchmarks" / "results"
V2, V1SE = packs.ROLE_ANTISPOOF_V2, packs.ROLE_ANTISPOOF_V1SE
PADDINGS: tuple[Padding, ...] = ("clamp", "reflect", "constant", "replicate")
#: screen replays here are brighter than live faces (mean grey ~115 vs ~90): the diagnostic
#: rescales every image to this mean to see whether the shipped score just reads brightness
EVEN_MEAN = 110.0


def auc(scores: NDArray[np.float64], live: NDArray[np.bool_]) -> float:
    """Area under the ROC (Mann-Whitney, ties count half): P(live image scores above attack)."""
    pos, neg = scores[live], scores[~live]
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def rates(scores: NDArray[np.float64], live: NDArray[np.bool_], threshold: float) -> tuple[float, float]:
    """APCER (attacks accepted as live) and BPCER (live faces rejected) at ``threshold``."""
    accepted = scores >= threshold
    return float(accepted[~live].mean()), float((~accepted[live]).mean())


def softmax(x: NDArray[np.float64]) -> NDArray[np.float64]:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def fuse(
    logits: dict[str, NDArray[np.float64]], roles: tuple[str, ...], flip: bool, fusion: str
) -> NDArray[np.float64]:
    """P(live) per image from cached logits (images × views × 3) as LivenessModel.score does."""
    views = slice(None) if flip else slice(0, 1)
    chosen = [logits[r][:, views] for r in roles]
    if fusion == "logit":
        mean = np.concatenate(chosen, axis=1).mean(axis=1)
        return softmax(mean)[:, LIVE_CLASS]
    return np.mean([softmax(c)[:, :, LIVE_CLASS].mean(axis=1) for c in chosen], axis=0)


VARIANTS: list[tuple[str, str, tuple[str, ...], bool, str]] = [
    # name, padding, models, flip, fusion
    ("original (clamp), V2", "clamp", (V2,), False, "prob"),
    ("original (clamp), V1SE", "clamp", (V1SE,), False, "prob"),
    ("original (clamp), V2+V1SE prob mean  [README baseline]", "clamp", (V2, V1SE), False, "prob"),
    ("clamp + flip", "clamp", (V2, V1SE), True, "prob"),
    ("clamp + logit fusion", "clamp", (V2, V1SE), False, "logit"),
    ("pad black, V2+V1SE", "constant", (V2, V1SE), False, "prob"),
    ("pad replicate, V2+V1SE", "replicate", (V2, V1SE), False, "prob"),
    ("pad reflect, V2", "reflect", (V2,), False, "prob"),
    ("pad reflect, V1SE", "reflect", (V1SE,), False, "prob"),
    ("pad reflect, V2+V1SE", "reflect", (V2, V1SE), False, "prob"),
    ("pad reflect + logit fusion", "reflect", (V2, V1SE), False, "logit"),
    ("pad reflect + flip + logit fusion", "reflect", (V2, V1SE), True, "logit"),
    ("pad reflect + flip  [pre-declared]", "reflect", (V2, V1SE), True, "prob"),
    ("pad replicate + flip", "replicate", (V2, V1SE), True, "prob"),
    ("pad black, V2", "constant", (V2,), False, "prob"),
    ("pad black, V1SE", "constant", (V1SE,), False, "prob"),
    ("pad black + logit fusion", "constant", (V2, V1SE), False, "logit"),
    ("pad black + flip  [SHIPPED]", "constant", (V2, V1SE), True, "prob"),
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "spoof-dev")
    parser.add_argument(
        "--pack",
        default=packs.LIVENESS_PACK,
        help="liveness pack (default: the embedded minifasnet; or a custom pack.json of kind liveness)",
    )
    parser.add_argument(
        "--operating-point",
        action="store_true",
        help="the shipped threshold on tight crops and camera-sized frames (not the variants table)",
    )
    args = parser.parse_args()
    if args.operating_point:
        from benchmarks.liveness_frames import operating_point

        operating_point(args.data, args.pack)
        return

    with (args.data / "index.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    sources: dict[str, str] = {}
    if (args.data / "sources.csv").is_file():
        with (args.data / "sources.csv").open(newline="") as handle:
            sources = {r["file"]: r["source"].split("@")[0] for r in csv.DictReader(handle)}
    live = np.array([r["live"] == "1" for r in rows])

    engine = Engine("open", warm_up=False)  # its detector only: nothing else is loaded
    models = {p: LivenessModel.load(args.pack, padding=p, flip=True) for p in PADDINGS}
    cache: dict[str, dict[str, list[NDArray[np.float32]]]] = {p: {V2: [], V1SE: []} for p in PADDINGS}
    found = np.ones(len(rows), dtype=bool)
    equalised = np.zeros(len(rows))
    t0 = time.perf_counter()
    for i, row in enumerate(rows):
        pixels = load_path(args.data / row["file"]).pixels
        dets = engine.find_faces(pixels)
        for p, model in models.items():
            if not dets:
                for role in (V2, V1SE):
                    cache[p][role].append(np.zeros((2, 3), np.float32))
                continue
            for role, value in model.model_logits(pixels, dets[0]).items():
                cache[p][role].append(value)
        found[i] = bool(dets)
        if dets:  # diagnostic: the shipped model on the image scaled to one mean brightness
            even = np.clip(pixels.astype(np.float32) * (EVEN_MEAN / max(1.0, pixels.mean())), 0, 255)
            equalised[i] = models["constant"].score(even.astype(np.uint8), dets[0]).score
    elapsed = time.perf_counter() - t0
    logits = {p: {r: np.asarray(v, dtype=np.float64) for r, v in d.items()} for p, d in cache.items()}

    print(f"{len(rows)} images ({live.sum()} live, {(~live).sum()} attacks); face found in {found.sum()}")
    print(f"missed: {[rows[i]['file'] for i in np.flatnonzero(~found)]}; {elapsed:.1f} s in all\n")
    t = DEFAULT_THRESHOLD
    header = f"| variant | AUC | APCER @ {t} | BPCER @ {t} | mean P(live) live / attack |"
    print(header)
    print("|---|---|---|---|---|")
    results: list[dict[str, Any]] = []
    for name, padding, roles, flip, fusion in VARIANTS:
        scores = fuse(logits[padding], roles, flip, fusion)
        scores = np.where(found, scores, 0.0)
        a = auc(scores, live)
        apcer, bpcer = rates(scores, live, DEFAULT_THRESHOLD)
        m_live, m_att = float(scores[live].mean()), float(scores[~live].mean())
        print(f"| {name} | {a:.3f} | {apcer:.1%} | {bpcer:.1%} | {m_live:.2f} / {m_att:.2f} |")
        per_source = {}
        for src in sorted(set(sources.values())):
            sel = np.array([sources.get(r["file"]) == src for r in rows])
            ap, bp = rates(scores[sel], live[sel], DEFAULT_THRESHOLD)
            per_source[src] = {
                "auc": auc(scores[sel], live[sel]),
                "apcer": ap,
                "bpcer": bp,
                "n": int(sel.sum()),
            }
        results.append(
            {
                "variant": name,
                "padding": padding,
                "models": list(roles),
                "flip": flip,
                "fusion": fusion,
                "auc": a,
                "apcer": apcer,
                "bpcer": bpcer,
                "per_source": per_source,
            }
        )
    ap, bp = rates(equalised, live, DEFAULT_THRESHOLD)
    print(
        f"\nshipped, every image rescaled to mean grey {EVEN_MEAN:.0f}: AUC {auc(equalised, live):.3f}, "
        f"APCER {ap:.1%}, BPCER {bp:.1%}"
    )
    print("\nper source repository (AUC, APCER, BPCER at the threshold):")
    for r in results:
        parts = [
            f"{s.split('/')[0]} n={v['n']}: {v['auc']:.3f} {v['apcer']:.1%} {v['bpcer']:.1%}"
            for s, v in r["per_source"].items()
        ]
        print(f"  {r['variant']}: " + "; ".join(parts))
    OUT.mkdir(parents=True, exist_ok=True)
    summary = {
        "data": str(args.data),
        "images": len(rows),
        "live": int(live.sum()),
        "attacks": int((~live).sum()),
        "faces_found": int(found.sum()),
        "threshold": DEFAULT_THRESHOLD,
        "variants": results,
        "shipped_brightness_equalised": {"auc": auc(equalised, live), "apcer": ap, "bpcer": bp},
    }
    (OUT / "liveness_spoof-dev.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
