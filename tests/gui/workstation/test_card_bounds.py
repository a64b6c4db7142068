"""The card panel shows the card, not the scanner bed: ``card_bounds`` on scans and non-scans."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.gui.workstation.card_bounds import card_bounds, contains

SAMPLES = Path(__file__).resolve().parents[3] / "packaging" / "samples"


def on_a_bed(
    card: np.ndarray, angle: float, at: tuple[int, int], bed: tuple[int, int] = (1000, 1400)
) -> tuple:
    """``card`` rotated by ``angle`` on a grey, slightly noisy scanner bed; and its true corners."""
    rng = np.random.default_rng(7)
    h, w = card.shape[:2]
    canvas = np.clip(rng.normal(205, 3, (*bed, 3)), 0, 255).astype(np.uint8)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[:, 2] += np.array(at, dtype=np.float64)
    warped = cv2.warpAffine(card, m, (bed[1], bed[0]), borderValue=(0, 0, 0))
    inside = cv2.warpAffine(np.full((h, w), 255, np.uint8), m, (bed[1], bed[0]))
    canvas[inside > 127] = warped[inside > 127]
    corners = cv2.transform(np.float32([[[0, 0]], [[w, 0]], [[w, h]], [[0, h]]]), m).reshape(-1, 2)
    return canvas, corners


def iou(a: tuple[int, int, int, int], b: tuple[float, float, float, float]) -> float:
    ax1, ay1, ax2, ay2 = a[0], a[1], a[0] + a[2], a[1] + a[3]
    ix = max(0.0, min(ax2, b[2]) - max(ax1, b[0]))
    iy = max(0.0, min(ay2, b[3]) - max(ay1, b[1]))
    inter = ix * iy
    return inter / ((ax2 - ax1) * (ay2 - ay1) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@pytest.mark.parametrize(("angle", "at"), [(0.0, (120, 200)), (7.0, (500, 300)), (-12.0, (300, 160))])
def test_a_card_on_the_scanner_bed_is_found(angle: float, at: tuple[int, int]) -> None:
    card = cv2.imread(str(SAMPLES / "card.jpg"))
    scan, corners = on_a_bed(card, angle, at)
    found = card_bounds(scan)
    assert found is not None
    (x1, y1), (x2, y2) = corners.min(axis=0), corners.max(axis=0)
    truth = (max(0.0, x1), max(0.0, y1), min(scan.shape[1], x2), min(scan.shape[0], y2))
    assert iou(found, truth) > 0.85, (found, truth)
    assert contains(found, truth)  # the whole card is shown, padded a little


@pytest.mark.parametrize("name", ["card.jpg", "selfie.jpg", "other.jpg"])
def test_a_scan_that_is_all_card_or_no_card_is_shown_whole(name: str) -> None:
    assert card_bounds(cv2.imread(str(SAMPLES / name))) is None


def test_nothing_on_the_bed_and_tiny_images_show_whole() -> None:
    assert card_bounds(np.full((600, 800, 3), 200, np.uint8)) is None
    assert card_bounds(np.zeros((10, 10, 3), np.uint8)) is None
