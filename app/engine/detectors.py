"""Face detectors: OpenCV Zoo YuNet (the ``open`` pack) and insightface SCRFD (onnxruntime)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from app.engine.onnx import create_session, quiet_opencv
from app.engine.types import Detection, FloatArray, Image

#: Score thresholds used unless ``FACECOMPARE_DETECTOR_SCORE`` sets one (the only place they are set).
YUNET_SCORE = 0.6
SCRFD_SCORE = 0.5
#: SCRFD's detection passes in the packs: insightface 2.1's FaceAnalysis default, 128 and 640
#: merged (on scrfd_mbf: lfw-dev FTE 2 -> 0, AUC 0.993 -> 0.999; idcard-dev AUC 0.975 -> 0.985).
SCRFD_SIZES = (128, 640)


class Detector(Protocol):
    """Finds faces; boxes and keypoints come back in the input image's pixels."""

    name: str

    def detect(self, image: Image) -> list[Detection]: ...


def _working_scale(longest: int, max_side: int) -> float:
    return 1.0 if longest <= max_side else max_side / longest


#: Faces scoring within this of an image's best score compete on size for "the" face.
CONFIDENT_MARGIN = 0.1


def rank_faces(dets: list[Detection], margin: float = CONFIDENT_MARGIN) -> list[Detection]:
    """Most prominent face first: the largest of the confident faces, then the rest by size.

    "Confident" means scoring within ``margin`` of the image's best face, so a large but
    doubtful detection (a blurred face in the background, a reflection, a face-like pattern
    on a document) does not win over a clear, slightly smaller face.
    """
    if not dets:
        return []
    floor = max(d.score for d in dets) - margin
    return sorted(dets, key=lambda d: (d.score >= floor, d.area), reverse=True)


#: Tried in turn only when the image as given shows no face: (border pad as a fraction of the
#: long side, long side to resize to). Enlarging small, tight crops is what finds their faces
#: (masks-dev: 294 → 300 of 300 found; see models/open/MASK_CLASSIFIER.md).
YUNET_FALLBACK: tuple[tuple[float, int], ...] = ((0.0, 320), (0.25, 480), (0.0, 640), (0.5, 480))

#: Then, for a small image only (a tight crop, long side up to :data:`YUNET_SMALL_SIDE`): long
#: side 160 and 960, which find masked faces cropped at the eyes (masks-train: 3 → 1 lost).
#: Camera frames and card scans are larger, so an empty counter costs no more detector runs.
YUNET_SMALL_FALLBACK: tuple[tuple[float, int], ...] = ((0.0, 160), (0.0, 960))
YUNET_SMALL_SIDE = 320

#: Masked-face rescue: when no step finds a face at the detector's threshold, the same steps
#: (the image as given first) are tried again accepting this lower YuNet score. A mask hides
#: the nose and mouth, so YuNet scores masked faces low: on masks-train, 17 of 500 masked
#: faces scored under 0.6 at every step, 3 stay lost with the rescue; blank, noise and
#: gradient images score at most 0.23 (``tests/engine/test_detector_rescue.py``).
YUNET_RESCUE_SCORE: float | None = 0.3

#: YuNet's first pass runs on the image shrunk to ``max_side`` (640: a face on an ID card or a
#: selfie keeps 60 px or more); only when it finds nothing, at the image's size up to this.
YUNET_FULL_SIDE = 1920


class YuNetDetector:
    """OpenCV's ``FaceDetectorYN`` (YuNet 2023mar, MIT), any input size.

    Large images are shrunk to ``max_side`` for detection only; results are mapped back.
    When nothing is found, the image is searched at its own size (up to
    :data:`YUNET_FULL_SIDE`), then the ``fallback`` rescales (and pads) are tried in turn (and
    ``small_fallback`` for an image no larger than :data:`YUNET_SMALL_SIDE`), then all of them
    again at ``rescue_score`` (the masked-face rescue; None turns it off).
    ``FaceDetectorYN`` keeps the input size as state, so calls are serialised by a lock.
    """

    name = "yunet"

    def __init__(
        self,
        model: Path,
        *,
        score_threshold: float = YUNET_SCORE,
        max_side: int = 640,
        fallback: tuple[tuple[float, int], ...] = YUNET_FALLBACK,
        rescue_score: float | None = YUNET_RESCUE_SCORE,
        small_fallback: tuple[tuple[float, int], ...] = YUNET_SMALL_FALLBACK,
    ) -> None:
        self.score_threshold = score_threshold
        self.max_side = max_side
        self.fallback = fallback
        self.small_fallback = small_fallback
        low = rescue_score is not None and rescue_score < score_threshold
        self.rescue_score = rescue_score if low else None
        quiet_opencv()  # YuNet's loader warns about setPreferableTarget on stderr
        # Created at the lowest score any pass accepts; each pass filters to its own (NMS keeps
        # the higher-scoring box first, so a pass's faces do not depend on the lower ones).
        floor = score_threshold if self.rescue_score is None else self.rescue_score
        self._det = cv2.FaceDetectorYN.create(str(model), "", (320, 320), floor, 0.3, 5000)
        self._lock = threading.Lock()

    def _run(
        self, image: Image, pad: float, long_side: int, min_score: float | None = None
    ) -> list[Detection]:
        p = round(pad * max(image.shape[:2]))
        work = cv2.copyMakeBorder(image, p, p, p, p, cv2.BORDER_REPLICATE) if p else image
        longest = max(work.shape[:2])
        scale = long_side / longest if long_side else _working_scale(longest, self.max_side)
        if scale != 1.0:
            interp = cv2.INTER_LINEAR if scale > 1.0 else cv2.INTER_AREA
            work = cv2.resize(work, None, fx=scale, fy=scale, interpolation=interp)
        h, w = work.shape[:2]
        with self._lock:
            self._det.setInputSize((w, h))
            _, rows = self._det.detect(work)
        if rows is None:
            return []
        floor = self.score_threshold if min_score is None else min_score
        out = []
        for r in rows:
            if float(r[14]) < floor:
                continue
            x, y = float(r[0]) / scale - p, float(r[1]) / scale - p
            bw, bh = float(r[2]) / scale, float(r[3]) / scale
            kps = (r[4:14].reshape(5, 2) / scale - p).astype(np.float32)
            out.append(Detection(box=(x, y, x + bw, y + bh), score=float(r[14]), kps5=kps))
        return out

    def _steps(self, image: Image) -> list[tuple[float, int]]:
        longest = max(image.shape[:2])
        steps = [(0.0, 0)]
        if self.max_side < min(longest, YUNET_FULL_SIDE):
            # a face too small for the bounded pass (a card photographed from afar): once more
            # at the image's own size, up to YUNET_FULL_SIDE
            steps.append((0.0, min(longest, YUNET_FULL_SIDE)))
        fallback = self.fallback + (self.small_fallback if longest <= YUNET_SMALL_SIDE else ())
        return steps + [(pad, side) for pad, side in fallback if pad or side != longest]

    def detect(self, image: Image) -> list[Detection]:
        steps = self._steps(image)
        for pad, side in steps:
            found = self._run(image, pad, side)
            if found:
                return found
        return self.rescue(image, steps)

    def rescue(self, image: Image, steps: list[tuple[float, int]] | None = None) -> list[Detection]:
        """Faces scoring at least ``rescue_score`` (masked faces score low), first step that
        finds one; [] when the rescue is off."""
        if self.rescue_score is None:
            return []
        for pad, side in steps or self._steps(image):
            found = self._run(image, pad, side, self.rescue_score)
            if found:
                return found
        return []


#: SCRFD graph layouts by output count, as insightface reads them: (feature maps, strides,
#: anchors per cell, keypoints). 6 and 10 outputs have no keypoint head.
SCRFD_LAYOUTS: dict[int, tuple[tuple[int, ...], int, bool]] = {
    6: ((8, 16, 32), 2, False),
    9: ((8, 16, 32), 2, True),
    10: ((8, 16, 32, 64, 128), 1, False),
    15: ((8, 16, 32, 64, 128), 1, True),
}


def letterbox_size(w: int, h: int, in_w: int, in_h: int) -> tuple[int, int, float]:
    """insightface's resize for SCRFD: the size the image is resized to inside the ``in_w``×``in_h``
    input (top-left, the rest black) and the scale results are divided by.

    As insightface computes it: the side that fills the input is exact, the other truncated
    (``int``), and the scale is the *height* ratio, whichever side fills.
    """
    if h / w > in_h / in_w:
        nh = in_h
        nw = int(nh / (h / w))
    else:
        nw = in_w
        nh = int(nw * (h / w))
    return nw, nh, nh / h


def nms_insightface(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    """insightface's SCRFD NMS: score order (stable), areas and overlaps counted with +1 pixel."""
    x1, y1, x2, y2 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    areas = (x2 - x1 + 1) * (y2 - y1 + 1)
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size:
        i = int(order[0])
        keep.append(i)
        rest = order[1:]
        w = np.maximum(0.0, np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]) + 1)
        h = np.maximum(0.0, np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]) + 1)
        inter = w * h
        order = rest[inter / (areas[i] + areas[rest] - inter) <= iou]
    return keep


class ScrfdDetector:
    """insightface SCRFD (det_500m / det_2.5g / det_10g and their re-exports), decoded as
    insightface 2.1's ``SCRFD.detect`` does (checked by tests/engine/test_insightface_reference.py).

    ``input_sizes``: the detection passes (640 alone; ``(128, 640)`` is insightface 2.1's own
    default, candidates of both merged by one NMS). Accepts dynamic or fixed input sizes,
    outputs with or without a batch axis, and the 3- or 5-stride layouts with a keypoint head
    (:data:`SCRFD_LAYOUTS`); graphs without keypoints are refused, since the recogniser aligns
    on the five points. Boxes are not clipped to the image (as in insightface and YuNet): a
    face cut by the edge keeps its full box.
    """

    name = "scrfd"

    def __init__(
        self,
        model: Path,
        *,
        score_threshold: float = SCRFD_SCORE,
        input_sizes: tuple[int, ...] = (640,),
        nms_iou: float = 0.4,
        threads: int | None = None,
    ) -> None:
        self.session = create_session(model, threads=threads)
        inp = self.session.get_inputs()[0]
        self.input_name = inp.name
        fixed = inp.shape[2:4]
        #: (width, height) of each detection pass; a fixed-size graph runs at its own size only.
        self.input_sizes = (
            [(int(fixed[1]), int(fixed[0]))]
            if all(isinstance(v, int) and v > 0 for v in fixed)
            else [(side, side) for side in input_sizes]
        )
        outputs = self.session.get_outputs()
        self.output_names = [o.name for o in outputs]
        layout = SCRFD_LAYOUTS.get(len(outputs))
        if layout is None:
            raise ValueError(f"{model.name}: {len(outputs)} outputs is not an SCRFD layout (6, 9, 10 or 15)")
        self.strides, self.num_anchors, has_kps = list(layout[0]), layout[1], layout[2]
        if not has_kps:
            raise ValueError(
                f"{model.name}: an SCRFD graph without keypoint outputs ({len(outputs)} outputs); "
                "faces are aligned on the five keypoints, so use its _kps/_bnkps export"
            )
        self.fmc = len(self.strides)
        self.score_threshold = score_threshold
        self.nms_iou = nms_iou
        self._centers: dict[tuple[int, int, int], np.ndarray] = {}

    def _anchor_centers(self, h: int, w: int, stride: int) -> np.ndarray:
        key = (h, w, stride)
        if key not in self._centers:
            ys, xs = np.mgrid[:h, :w]
            centers = (np.stack([xs, ys], axis=-1).astype(np.float32) * stride).reshape(-1, 2)
            self._centers[key] = np.repeat(centers, self.num_anchors, axis=0)
        return self._centers[key]

    def detect(self, image: Image) -> list[Detection]:
        """Faces at every input size, merged by one NMS (insightface 2.1's multi-size detect)."""
        found = [c for size in self.input_sizes if (c := self._candidates(image, *size)) is not None]
        if not found:
            return []
        scores = np.concatenate([c[1] for c in found])
        order = np.argsort(-scores, kind="stable")
        boxes = np.concatenate([c[0] for c in found])[order]
        kps = np.concatenate([c[2] for c in found])[order]
        scores = scores[order]
        out = []
        for i in nms_insightface(boxes, scores, self.nms_iou):
            x1, y1, x2, y2 = (float(v) for v in boxes[i])
            pts: FloatArray = kps[i].astype(np.float32)
            out.append(Detection(box=(x1, y1, x2, y2), score=float(scores[i]), kps5=pts))
        return out

    def _candidates(
        self, image: Image, in_w: int, in_h: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Boxes, scores and keypoints above the threshold at one input size, in image pixels,
        best score first; ``None`` when there are none."""
        h, w = image.shape[:2]
        nw, nh, scale = letterbox_size(w, h, in_w, in_h)
        canvas = np.zeros((in_h, in_w, 3), dtype=np.uint8)
        canvas[:nh, :nw] = cv2.resize(image, (nw, nh))  # insightface: INTER_LINEAR either way
        blob = cv2.dnn.blobFromImage(canvas, 1.0 / 128.0, (in_w, in_h), (127.5, 127.5, 127.5), swapRB=True)
        outs = self.session.run(self.output_names, {self.input_name: blob})
        boxes_all, scores_all, kps_all = [], [], []
        for idx, stride in enumerate(self.strides):
            scores = outs[idx].reshape(-1)
            bbox = outs[idx + self.fmc].reshape(-1, 4) * stride
            kps = outs[idx + 2 * self.fmc].reshape(-1, 10) * stride
            centers = self._anchor_centers(in_h // stride, in_w // stride, stride)
            keep = np.where(scores >= self.score_threshold)[0]
            if keep.size == 0:
                continue
            c = centers[keep]
            b = bbox[keep]
            boxes_all.append(
                np.stack([c[:, 0] - b[:, 0], c[:, 1] - b[:, 1], c[:, 0] + b[:, 2], c[:, 1] + b[:, 3]], 1)
            )
            k = kps[keep].reshape(-1, 5, 2) + c[:, None, :]
            kps_all.append(k)
            scores_all.append(scores[keep])
        if not boxes_all:
            return None
        scores = np.concatenate(scores_all)
        order = np.argsort(-scores, kind="stable")
        boxes = (np.concatenate(boxes_all) / scale).astype(np.float32)[order]
        return boxes, scores[order], (np.concatenate(kps_all) / scale)[order]
