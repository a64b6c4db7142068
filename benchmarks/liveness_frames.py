"""The shipped liveness operating point on tight crops and on camera-sized frames made from them.

Run from the repository root (or through ``benchmarks/liveness_eval.py --operating-point``)::

    .venv/bin/python benchmarks/liveness_frames.py [--data ../shared/data/spoof-dev] [--limit N]

The threshold is the one the engine uses (the liveness calibration it finds; nothing is fitted
here). Every image is scored as the kiosk scores its photo: the engine's detector runs on the
whole picture, its most prominent face is scored with the shipped configuration, and the
``context`` (share of the 4x box inside the picture) is recorded; the kiosk only takes a photo
at ``context >= MIN_CONTEXT`` (it asks the person to step back otherwise).

Frames (:func:`make_frame`): the tight crop is scaled so its face box is ``FACE_SHARE`` of the
frame height (about 106 px at 640x480, 158 px at 1280x720: between the kiosk's "come closer"
and "step back" limits) and pasted with the face at the centre. What surrounds it has to be
made up, so three fills are measured: ``black`` (zeros), ``grey`` (the crop's mean colour) and
``blur`` (the crop enlarged to cover the frame and blurred, as ``idcard-dev`` makes its selfies).
None of them is a real room; a frame from a real kiosk camera is the test that matters.
Each frame then goes through the kiosk's capture: JPEG at quality ``KIOSK_JPEG_QUALITY`` and
decoded again (``app/gui/kiosk/jobs.py`` ``capture``: the pixels the passive score sees).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.engine.engine import Engine  # noqa: E402
from app.engine.imageio import load_image, load_path  # noqa: E402
from app.engine.liveness import LivenessModel  # noqa: E402
from app.engine.packs import resolve_liveness_pack  # noqa: E402
from app.evaluation.liveness_point import error_rates  # noqa: E402

SHARED = REPO.parent / "shared"
OUT = REPO / "benchmarks" / "results"
FRAME_SIZES = ((640, 480), (1280, 720))
FILLS = ("black", "grey", "blur")
#: face box height as a share of the frame height (kiosk distance, see the module docstring)
FACE_SHARE = 0.22
#: the kiosk's flow.MIN_CONTEXT (a GUI module: not imported here, the value is checked in tests)
MIN_CONTEXT = 0.95
#: ``app.gui.common.images.encode_jpeg``'s quality, with which the kiosk keeps its photo
KIOSK_JPEG_QUALITY = 95

Image = NDArray[np.uint8]


def make_frame(
    crop: Image, box: tuple[float, float, float, float], size: tuple[int, int], fill: str
) -> Image:
    """``crop`` scaled so ``box`` (its face) is FACE_SHARE of the frame height, centred in a
    ``size`` (width, height) frame filled with ``fill`` (black, grey or blur)."""
    width, height = size
    ch, cw = crop.shape[:2]
    scale = FACE_SHARE * height / max(1.0, box[3] - box[1])
    sw, sh = max(1, round(cw * scale)), max(1, round(ch * scale))
    small = cv2.resize(crop, (sw, sh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    if fill == "black":
        frame = np.zeros((height, width, 3), np.uint8)
    elif fill == "grey":
        frame = np.empty((height, width, 3), np.uint8)
        frame[:] = np.asarray(crop.reshape(-1, 3).mean(axis=0), np.uint8)
    elif fill == "blur":
        cover = max(width / cw, height / ch)
        big = cv2.resize(crop, (round(cw * cover) + 1, round(ch * cover) + 1), interpolation=cv2.INTER_LINEAR)
        y0, x0 = (big.shape[0] - height) // 2, (big.shape[1] - width) // 2
        frame = np.ascontiguousarray(cv2.GaussianBlur(big[y0 : y0 + height, x0 : x0 + width], (0, 0), 25))
    else:
        raise ValueError(f"unknown fill {fill!r}")
    cx, cy = (box[0] + box[2]) / 2 * scale, (box[1] + box[3]) / 2 * scale
    left, top = round(width / 2 - cx), round(height / 2 - cy)
    fx1, fy1 = max(0, left), max(0, top)
    fx2, fy2 = min(width, left + sw), min(height, top + sh)
    frame[fy1:fy2, fx1:fx2] = small[fy1 - top : fy2 - top, fx1 - left : fx2 - left]
    return frame


def kiosk_photo(frame: Image) -> Image:
    """``frame`` as the kiosk keeps it: JPEG-encoded and decoded again."""
    ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, KIOSK_JPEG_QUALITY])
    if not ok:
        raise ValueError("the frame could not be encoded")
    return load_image(bytes(data.tobytes()), "jpeg", label="frame").pixels


def auc(live: list[float], attacks: list[float]) -> float:
    pos, neg = np.asarray(live)[:, None], np.asarray(attacks)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def summarise(
    name: str, scores: list[float | None], contexts: list[float], live: list[bool], threshold: float
) -> dict[str, Any]:
    """APCER/BPCER (95% CIs) at ``threshold``, AUC, faces missed and frames the kiosk would take."""
    flat = [-1.0 if s is None else s for s in scores]
    live_s = [s for s, lv in zip(flat, live, strict=True) if lv]
    att_s = [s for s, lv in zip(flat, live, strict=True) if not lv]
    apcer, bpcer = error_rates(live_s, att_s, threshold)
    taken = [c >= MIN_CONTEXT for c, s in zip(contexts, scores, strict=True) if s is not None]
    row = {
        "name": name,
        "threshold": threshold,
        "apcer": {"errors": apcer.errors, "trials": apcer.trials, "rate": apcer.rate, "ci95": apcer.ci95},
        "bpcer": {"errors": bpcer.errors, "trials": bpcer.trials, "rate": bpcer.rate, "ci95": bpcer.ci95},
        "auc": auc(live_s, att_s),
        "faces_not_found": sum(s is None for s in scores),
        "context_ok": int(sum(taken)),
        "mean_live": float(np.mean([s for s in live_s if s >= 0])),
        "mean_attack": float(np.mean([s for s in att_s if s >= 0])),
    }
    print(
        f"| {name} | {apcer.text()} | {bpcer.text()} | {row['auc']:.3f} | {row['faces_not_found']} | "
        f"{row['context_ok']}/{len(scores)} | {row['mean_live']:.2f} / {row['mean_attack']:.2f} |",
        flush=True,
    )
    return row


def operating_point(
    data: Path,
    pack: str,
    limit: int | None = None,
    sizes: tuple[tuple[int, int], ...] = FRAME_SIZES,
    jpeg: bool = True,
) -> dict[str, Any]:
    """Score tight crops and frames at the engine's threshold; print the table, write the JSON."""
    with (data / "index.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    live = [r["live"] == "1" for r in rows]
    engine = Engine("open", warm_up=False)  # its detector only
    model = LivenessModel.load(pack)  # the threshold the engine uses (calibration first)
    threshold = model.threshold
    print(f"threshold {threshold} ({resolve_liveness_pack(pack).name}); {len(rows)} images")
    print("| input | APCER | BPCER | AUC | no face | context ok | mean P(live) live / attack |")
    print("|---|---|---|---|---|---|---|")
    variants = ["tight crop"] + [f"{w}x{h} {fill}" for w, h in sizes for fill in FILLS]
    scores: dict[str, list[float | None]] = {v: [] for v in variants}
    contexts: dict[str, list[float]] = {v: [] for v in variants}
    t0 = time.perf_counter()
    for row in rows:
        crop = load_path(data / row["file"]).pixels
        found = engine.find_faces(crop)
        pictures = {"tight crop": crop}
        if found:
            for w, h in sizes:
                for fill in FILLS:
                    frame = make_frame(crop, found[0].box, (w, h), fill)
                    pictures[f"{w}x{h} {fill}"] = kiosk_photo(frame) if jpeg else frame
        for name in variants:
            picture = pictures.get(name)
            dets = engine.find_faces(picture) if picture is not None else []
            if picture is None or not dets:
                scores[name].append(None)
                contexts[name].append(0.0)
                continue
            result = model.score(picture, dets[0])
            scores[name].append(result.score)
            contexts[name].append(result.context)
    elapsed = time.perf_counter() - t0
    table = [summarise(v, scores[v], contexts[v], live, threshold) for v in variants]
    print(f"\n{elapsed:.0f} s")
    summary = {
        "data": str(data),
        "images": len(rows),
        "live": int(sum(live)),
        "attacks": len(rows) - int(sum(live)),
        "threshold": threshold,
        "face_share": FACE_SHARE,
        "kiosk_jpeg_quality": KIOSK_JPEG_QUALITY if jpeg else None,
        "rows": table,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    if limit is None:
        stem = "liveness_operating_point" + ("" if jpeg else "_nojpeg")
        if sizes != FRAME_SIZES:
            stem += "_" + "_".join(f"{w}x{h}" for w, h in sizes)
        (OUT / f"{stem}.json").write_text(json.dumps(summary, indent=2) + "\n")
        with (OUT / f"{stem}_scores.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "live", *variants])
            for i, row in enumerate(rows):
                values = ["" if scores[v][i] is None else f"{scores[v][i]:.6f}" for v in variants]
                writer.writerow([row["file"], row["live"], *values])
    return summary


def transfer(data: Path, scores_csv: Path) -> None:
    """The rule run on one source repository's scores and measured on the other's (a new
    capture setup, as a bank's branch is): the scores CSV of ``calibrate-liveness --scores``."""
    from app.evaluation.liveness_point import choose_operating_point

    with (data / "sources.csv").open(newline="") as handle:
        source = {r["file"]: r["source"].split("@")[0] for r in csv.DictReader(handle)}
    with scores_csv.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups: dict[str, tuple[list[float], list[float]]] = {}
    for r in rows:
        live, attacks = groups.setdefault(source[r["file"]], ([], []))
        (live if r["live"] == "1" else attacks).append(float(r["score"]) if r["score"] else -1.0)
    for a_name, (a_live, a_att) in groups.items():
        point = choose_operating_point(a_live, a_att)
        for b_name, (b_live, b_att) in groups.items():
            if b_name == a_name:
                continue
            apcer, bpcer = error_rates(b_live, b_att, point.threshold)
            print(
                f"chosen on {a_name} ({len(a_live)} live / {len(a_att)} attacks): t = {point.threshold}, "
                f"there APCER {point.apcer.text()}, BPCER {point.bpcer.text()}; on {b_name}: "
                f"APCER {apcer.text()}, BPCER {bpcer.text()}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "spoof-dev")
    parser.add_argument("--pack", default="minifasnet", help="liveness pack")
    parser.add_argument("--limit", type=int, default=None, help="first N images only (no files written)")
    parser.add_argument(
        "--size",
        action="append",
        default=None,
        metavar="WxH",
        help="frame size (repeatable; default 640x480 and 1280x720)",
    )
    parser.add_argument("--no-jpeg", action="store_true", help="score the frames without the kiosk's JPEG")
    parser.add_argument(
        "--transfer",
        type=Path,
        default=None,
        metavar="SCORES_CSV",
        help="instead: the rule chosen on one source repository, measured on the other (no model runs)",
    )
    args = parser.parse_args()
    if args.transfer is not None:
        transfer(args.data, args.transfer)
        return
    sizes = (
        tuple(tuple(int(v) for v in t.lower().split("x")) for t in args.size) if args.size else FRAME_SIZES
    )
    operating_point(args.data, args.pack, args.limit, sizes, not args.no_jpeg)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
