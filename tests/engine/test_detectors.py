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
