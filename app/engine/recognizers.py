"""Face recognisers: dlib's ResNet (128-d, ``open`` pack) and insightface ArcFace ONNX (512-d)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol

import cv2
import dlib
import numpy as np
import onnx

from app.engine.align import norm_crop
from app.engine.dlib_check import onnx_session, run
from app.engine.onnx import create_session
from app.engine.types import Detection, FloatArray, Image

ALIGNED_SIZE = 112


def l2_normalise(v: np.ndarray) -> FloatArray:
    """Rows scaled to unit length (zero rows stay zero)."""
    v = np.asarray(v, dtype=np.float32)
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.asarray(v / np.maximum(n, 1e-12), dtype=np.float32)


class Recognizer(Protocol):
    """Turns a detected face into an L2-normalised embedding of ``dim`` values."""

    name: str
    dim: int

    def align(self, image: Image, rgb: Image, detection: Detection, shape: Any) -> Image:
        """The network's input for one face of BGR ``image`` (``rgb``: the same, RGB), given
        its detection and its landmark model's ``shape``."""
        ...

    def embed(self, inputs: list[Image]) -> FloatArray:
        """Embeddings of :meth:`align` results, one batch."""
        ...

    def display_crop(self, aligned: Image) -> Image:
        """The 112×112 BGR crop shown for an :meth:`align` result."""
        ...


class DlibRecognizer:
    """dlib_face_recognition_resnet_model_v1 on dlib's 150×150 chips (batched).

    ``backend="onnx"`` runs the network as an ONNX graph converted from the same file and
    checked against dlib (:mod:`app.engine.dlib_check`), about 5× faster; when the conversion
    or the check fails, or with ``backend="dlib"``, dlib computes the descriptors itself.
    ``backend`` then says which one runs and ``backend_reason`` why.
    """

    name = "dlib_resnet"
    dim = 128
    chip_size = 150

    def __init__(
        self,
        model: Path,
        *,
        backend: str = "onnx",
        threads: int | None = None,
        cache: Path | None = None,
    ) -> None:
        self._session = None
        self.backend_reason = "dlib chosen (FACECOMPARE_DLIB_BACKEND=dlib)"
        if backend == "onnx":
            check = onnx_session(model, cache, threads=threads)
            self._session, self.backend_reason = check.session, check.reason
        self.backend = "onnxruntime" if self._session is not None else "dlib"
        self._net = dlib.face_recognition_model_v1(str(model)) if self._session is None else None
        self._lock = threading.Lock()

    def align(self, image: Image, rgb: Image, detection: Detection, shape: Any) -> Image:
        """dlib's RGB chip from the 68-point dlib ``shape`` (``image`` and ``detection`` unused)."""
        return self.chips(rgb, [shape])[0]

    def chips(self, rgb: Image, shapes: list[dlib.full_object_detection]) -> list[Image]:
        """dlib's own aligned chips (RGB, 150×150, padding 0.25) for each 68-point shape."""
        if not shapes:
            return []
        fod = dlib.full_object_detections()
        for s in shapes:
            fod.append(s)
        return [np.asarray(c) for c in dlib.get_face_chips(rgb, fod, size=self.chip_size, padding=0.25)]

    def embed(self, chips: list[Image]) -> FloatArray:
        """L2-normalised descriptors of RGB chips, one batch."""
        if not chips:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._session is not None:
            return l2_normalise(run(self._session, chips))
        assert self._net is not None
        with self._lock:
            desc = self._net.compute_face_descriptor([np.ascontiguousarray(c) for c in chips])
        return l2_normalise(np.array([np.array(d) for d in desc], dtype=np.float32))

    @staticmethod
    def display_crop(chip_rgb: Image) -> Image:
        """The chip the network saw, as a 112×112 BGR image for the API's ``alignedImage``."""
        small = cv2.resize(chip_rgb, (ALIGNED_SIZE, ALIGNED_SIZE), interpolation=cv2.INTER_AREA)
        return np.ascontiguousarray(small[:, :, ::-1])


def input_normalisation(model: Path) -> tuple[float, float]:
    """(mean, std) the recogniser's input pixels are normalised with, read from the graph as
    insightface's ``ArcFaceONNX`` reads it: a graph whose first eight nodes include a ``Sub``
    and a ``Mul`` (MXNet exports) normalises inside and takes raw 0..255 pixels (0, 1);
    anything else takes (pixel - 127.5) / 127.5."""
    graph = onnx.load(str(model), load_external_data=False).graph
    names = [n.name for n in graph.node[:8]]
    sub = any(n.startswith(("Sub", "_minus")) for n in names)
    mul = any(n.startswith(("Mul", "_mul")) for n in names)
    return (0.0, 1.0) if sub and mul else (127.5, 127.5)


class ArcFaceRecognizer:
    """insightface ArcFace ONNX (w600k_r50, w600k_mbf, glintr100, or any square recogniser).

    As insightface's ``ArcFaceONNX``: the crop size is the model's input size (112 when the
    graph leaves it open), the normalisation is read from the graph
    (:func:`input_normalisation`), and the crop is filled with black beyond the image's edge.
    """

    name = "arcface"

    def __init__(self, model: Path, *, threads: int | None = None) -> None:
        self.session = create_session(model, threads=threads)
        inp = self.session.get_inputs()[0]
        self.input_name = inp.name
        self.output_name = self.session.get_outputs()[0].name
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        self.batchable = not isinstance(inp.shape[0], int)
        h, w = inp.shape[2:4]
        fixed = isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0
        self.input_size: tuple[int, int] = (int(w), int(h)) if fixed else (ALIGNED_SIZE, ALIGNED_SIZE)
        self.input_mean, self.input_std = input_normalisation(model)

    def align(self, image: Image, rgb: Image, detection: Detection, shape: Any) -> Image:
        """The BGR crop aligned on the detector's five keypoints (landmarks unused)."""
        return norm_crop(image, detection.kps5, self.input_size[0], fill="zero")

    @staticmethod
    def display_crop(aligned: Image) -> Image:
        """The network's input crop, as a 112×112 BGR image."""
        if aligned.shape[:2] == (ALIGNED_SIZE, ALIGNED_SIZE):
            return aligned
        small = cv2.resize(aligned, (ALIGNED_SIZE, ALIGNED_SIZE), interpolation=cv2.INTER_AREA)
        return np.ascontiguousarray(small, dtype=np.uint8)

    def embed(self, crops_bgr: list[Image]) -> FloatArray:
        """L2-normalised embeddings of aligned BGR crops (one batch when the model allows)."""
        if not crops_bgr:
            return np.zeros((0, self.dim), dtype=np.float32)
        blob = cv2.dnn.blobFromImages(
            crops_bgr, 1.0 / self.input_std, self.input_size, (self.input_mean,) * 3, swapRB=True
        )
        if self.batchable:
            out = self.session.run([self.output_name], {self.input_name: blob})[0]
        else:
            out = np.concatenate(
                [self.session.run([self.output_name], {self.input_name: b[None]})[0] for b in blob]
            )
        return l2_normalise(out.reshape(len(crops_bgr), -1))
