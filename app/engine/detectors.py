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


class Detector(Protocol):
    """Finds faces; boxes and keypoints come back in the input image's pixels."""

    name: str

    def detect(self, image: Image) -> list[Detection]: ...


def _working_scale(longest: int, max_side: int) -> float:
    return 1.0 if longest <= max_side else max_side / longest


def _nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    order = scores.argsort()[::-1]
    keep: list[int] = []
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    while order.size:
        i = int(order[0])
        keep.append(i)
        xx1 = np.maximum(boxes[i, 0], boxes[order[1:], 0])
        yy1 = np.maximum(boxes[i, 1], boxes[order[1:], 1])
        xx2 = np.minimum(boxes[i, 2], boxes[order[1:], 2])
        yy2 = np.minimum(boxes[i, 3], boxes[order[1:], 3])
        inter = np.maximum(0.0, xx2 - xx1) * np.maximum(0.0, yy2 - yy1)
        ovr = inter / (areas[i] + areas[order[1:]] - inter + 1e-9)
        order = order[1:][ovr <= iou]
    return keep


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
    :data:`YUNET_FULL_SIDE`), then the ``fallback`` rescales (and pads) are tried in turn, then
    all of them again at ``rescue_score`` (the masked-face rescue; None turns it off).
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
    ) -> None:
        self.score_threshold = score_threshold
        self.max_side = max_side
        self.fallback = fallback
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
        return steps + [(pad, side) for pad, side in self.fallback if pad or side != longest]

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


class ScrfdDetector:
    """insightface SCRFD (det_500m / det_2.5g / det_10g) decoded from its raw ONNX outputs."""

    name = "scrfd"

    def __init__(
        self,
        model: Path,
        *,
        score_threshold: float = SCRFD_SCORE,
        input_size: int = 640,
        nms_iou: float = 0.4,
        threads: int | None = None,
    ) -> None:
        self.session = create_session(model, threads=threads)
        inp = self.session.get_inputs()[0]
        self.input_name = inp.name
        fixed = inp.shape[2:]
        self.input_size = (
            (int(fixed[1]), int(fixed[0]))
            if all(isinstance(v, int) for v in fixed)
            else (input_size, input_size)
        )
        outputs = self.session.get_outputs()
        self.output_names = [o.name for o in outputs]
        self.fmc = 3
        self.strides = [8, 16, 32]
        self.num_anchors = 2
        if len(outputs) not in (9,):
            raise ValueError(f"{model.name}: expected 9 SCRFD outputs with keypoints, got {len(outputs)}")
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
        in_w, in_h = self.input_size
        h, w = image.shape[:2]
        scale = min(in_w / w, in_h / h)
        nw, nh = round(w * scale), round(h * scale)
        canvas = np.zeros((in_h, in_w, 3), dtype=np.uint8)
        canvas[:nh, :nw] = cv2.resize(
            image, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        )
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
            return []
        boxes = np.concatenate(boxes_all) / scale
        scores = np.concatenate(scores_all)
        kps = np.concatenate(kps_all) / scale
        keep_idx = _nms(boxes, scores, self.nms_iou)
        out = []
        for i in keep_idx:
            x1, y1, x2, y2 = (float(v) for v in boxes[i])
            box = (max(0.0, x1), max(0.0, y1), min(float(w), x2), min(float(h), y2))
            pts: FloatArray = kps[i].astype(np.float32)
            out.append(Detection(box=box, score=float(scores[i]), kps5=pts))
        return out
