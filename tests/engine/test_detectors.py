"""Choosing "the" face of an image among the detector's hits."""

from __future__ import annotations

import numpy as np

from app.engine.detectors import rank_faces
from app.engine.types import Detection


def _det(size: float, score: float) -> Detection:
    return Detection((0.0, 0.0, size, size), score, np.zeros((5, 2)))


def test_largest_of_the_confident_faces_comes_first() -> None:
    clear, ghost, small = _det(150, 0.93), _det(300, 0.78), _det(100, 0.90)
    assert rank_faces([small, ghost, clear]) == [clear, small, ghost]


def test_faces_within_the_margin_compete_on_size() -> None:
    a, b = _det(150, 0.93), _det(200, 0.86)
    assert rank_faces([a, b]) == [b, a]
    assert rank_faces([a, b], margin=0.05) == [a, b]


def test_empty() -> None:
    assert rank_faces([]) == []


def _small_face_on_a_large_page() -> np.ndarray:
    """The public-domain sample selfie shrunk to 100 px, on a 2400×1700 light page."""
    import cv2

    from app import shipped

    samples = shipped.find("samples", "selfie.jpg")
    assert samples is not None
    face = cv2.resize(cv2.imread(str(samples / "selfie.jpg")), (100, 100), interpolation=cv2.INTER_AREA)
    page = np.full((1700, 2400, 3), 235, np.uint8)
    page[900:1000, 1500:1600] = face
    return page


def test_yunet_finds_a_face_too_small_for_the_bounded_pass() -> None:
    """Detection runs at 640 px; a face that shrinks below YuNet's reach there is still found."""
    from app.engine.detectors import YuNetDetector
    from app.engine.packs import models_dir

    folder = models_dir()
    assert folder is not None
    det = YuNetDetector(folder / "open" / "face_detection_yunet_2023mar.onnx", max_side=640, fallback=())
    page = _small_face_on_a_large_page()
    assert det._run(page, 0.0, 0) == []  # the bounded pass alone misses it
    found = det.detect(page)
    assert len(found) == 1
    x1, y1, x2, _ = found[0].box
    assert 1500 < x1 < 1560 and 900 < y1 < 960 and x2 - x1 < 90
