"""Agreement of our insightface-pack parts with insightface 2.1 itself, on the same ONNX files.

Run from the repository root (data and weights from ``../shared``)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/insightface_reference.py --limit 40

For each image (lfw-dev images, idcard-dev cards and selfies, ``--limit`` of each, read with
``cv2.imread`` so both sides get the same pixels) it runs

* the reference: ``insightface.app.FaceAnalysis`` on a folder holding the detector and the
  recogniser (``prepare(ctx_id=-1, det_size=(640, 640))``, or insightface 2.1's own default
  of two sizes, 128 and 640, with ``--det-size auto``), and
* ours: :class:`app.engine.detectors.ScrfdDetector` (at the same size or sizes) then
  :class:`app.engine.recognizers.ArcFaceRecognizer` (``align`` + ``embed``) on every face,

pairs each reference face with our face of highest box IoU and reports: faces found by one
side only, box IoU (min / median), the largest box-corner and keypoint offset in pixels
(median / max), and the embedding cosine (min / median). No recogniser of the buffalo packs is
in ``../shared/models``, so the recogniser is the 112×112 MobileFaceNet there (insightface
routes it to its ``ArcFaceONNX`` like any ArcFace model); ``--recognizer`` takes another.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

from app.engine.detectors import ScrfdDetector
from app.engine.recognizers import ArcFaceRecognizer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MODELS = SHARED / "models"
DATA = SHARED / "data"
DETECTORS = {
    "det_500m": MODELS / "insightface_buffalo_sc" / "det_500m.onnx",
    "det_2.5g": MODELS / "insightface_buffalo_m" / "det_2.5g.onnx",
    "scrfd_500m_bnkps": MODELS / "scrfd_reexports" / "scrfd_500m_bnkps.onnx",
}
RECOGNIZER = MODELS / "mobilefacenet_128d" / "mobilefacenet.onnx"


def images(limit: int) -> list[Path]:
    """``limit`` lfw-dev images, idcard-dev JPEG/PNG cards and selfies (first rows of each CSV)."""
    lfw = DATA / "lfw-dev"
    with (lfw / "pairs.csv").open() as f:
        lfw_paths = list(dict.fromkeys(lfw / r["card"] for r in csv.DictReader(f)))[:limit]
    card_dir = DATA / "idcard-dev"
    with (card_dir / "pairs.csv").open() as f:
        rows = list(csv.DictReader(f))
    cards = [card_dir / r["card"] for r in rows if r["card"].endswith((".jpg", ".png"))][:limit]
    selfies = [card_dir / r["selfie"] for r in rows][:limit]
    return lfw_paths + cards + selfies


def iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two x1, y1, x2, y2 boxes."""
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


def reference_app(detector: Path, recognizer: Path, folder: Path, det_size: str) -> object:
    """insightface's FaceAnalysis on a folder holding links to the two ONNX files."""
    from insightface.app import FaceAnalysis

    for f in (detector, recognizer):
        (folder / f.name).symlink_to(f)
    app = FaceAnalysis(name=str(folder), providers=["CPUExecutionProvider"])
    app.prepare(ctx_id=-1, det_size=None if det_size == "auto" else (int(det_size), int(det_size)))
    return app


def compare(detector: Path, recognizer: Path, paths: list[Path], det_size: str) -> dict[str, object]:
    """Run both sides on ``paths``; the agreement summary."""
    sizes = (128, 640) if det_size == "auto" else (int(det_size),)
    ours_det = ScrfdDetector(detector, threads=1, input_sizes=sizes)
    ours_rec = ArcFaceRecognizer(recognizer, threads=1)
    ious: list[float] = []
    box_px: list[float] = []
    kps_px: list[float] = []
    cos: list[float] = []
    only_ref = only_ours = 0
    with tempfile.TemporaryDirectory() as tmp:
        app = reference_app(detector, recognizer, Path(tmp), det_size)
        for path in paths:
            img = np.asarray(cv2.imread(str(path), cv2.IMREAD_COLOR), dtype=np.uint8)
            ref = app.get(img)  # type: ignore[attr-defined]
            ours = ours_det.detect(img)
            embs = ours_rec.embed([ours_rec.align(img, img, d, None) for d in ours]) if ours else None
            used: set[int] = set()
            for face in ref:
                scores = [iou(face.bbox, np.asarray(d.box)) for d in ours]
                best = int(np.argmax(scores)) if scores else -1
                if best < 0 or scores[best] < 0.5 or best in used:
                    only_ref += 1
                    continue
                used.add(best)
                d = ours[best]
                ious.append(scores[best])
                box_px.append(float(np.abs(np.asarray(d.box) - face.bbox).max()))
                kps_px.append(float(np.abs(d.kps5 - face.kps).max()))
                e = face.embedding / np.linalg.norm(face.embedding)
                assert embs is not None
                cos.append(float(embs[best] @ e))
            only_ours += len(ours) - len(used)

    def q(v: list[float], fn: str) -> float | None:
        return round(float(getattr(np, fn)(v)), 5) if v else None

    return {
        "detector": detector.name,
        "recognizer": recognizer.name,
        "det_size": det_size,
        "images": len(paths),
        "faces_matched": len(ious),
        "faces_reference_only": only_ref,
        "faces_ours_only": only_ours,
        "box_iou_min": q(ious, "min"),
        "box_iou_median": q(ious, "median"),
        "box_px_median": q(box_px, "median"),
        "box_px_max": q(box_px, "max"),
        "kps_px_median": q(kps_px, "median"),
        "kps_px_max": q(kps_px, "max"),
        "within_1px": round(sum(max(b, k) <= 1 for b, k in zip(box_px, kps_px, strict=True)) / len(ious), 4)
        if ious
        else None,
        "cosine_min": q(cos, "min"),
        "cosine_median": q(cos, "median"),
        "cosine_below_0.999": sum(c < 0.999 for c in cos),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=40, help="images of each kind (lfw, cards, selfies)")
    ap.add_argument("--detector", choices=sorted(DETECTORS), action="append")
    ap.add_argument("--recognizer", type=Path, default=RECOGNIZER)
    ap.add_argument("--det-size", default="640", help="640 (one size) or auto (insightface 2.1's two)")
    ap.add_argument("--out", type=Path, help="write the summaries here as JSON")
    args = ap.parse_args(argv)
    paths = images(args.limit)
    results = [
        compare(DETECTORS[name], args.recognizer, paths, args.det_size)
        for name in args.detector or ["det_500m", "det_2.5g"]
    ]
    for r in results:
        print(json.dumps(r))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
