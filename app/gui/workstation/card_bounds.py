"""Where the card is on a scan: the card panel shows the card, not the scanner bed around it.

A flatbed or document camera scan shows an ID-1 card (85.6 × 54 mm, sides 1.586:1) on a plain
background. The background is the colour of the scan's border; the card is the largest region
that differs from it and has a card's shape. When nothing card-shaped is found (the scan is
already cropped, or a photo of something else) the whole image is shown.
"""

from __future__ import annotations

import cv2
import numpy as np

Rect = tuple[int, int, int, int]  # x, y, width, height in the scan's pixels

ID1_RATIO = 85.6 / 54.0
WORK = 640  # longest side the search runs at


def card_bounds(bgr: np.ndarray) -> Rect | None:
    """The card's upright bounding box (padded a little) on ``bgr``, or None: show it all."""
    h, w = bgr.shape[:2]
    if min(h, w) < 32:
        return None
    scale = min(1.0, WORK / max(h, w))
    small = cv2.resize(
        bgr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    sh, sw = lab.shape[:2]
    edge = max(2, round(min(sh, sw) * 0.03))
    border = np.concatenate(
        [
            lab[:edge].reshape(-1, 3),
            lab[-edge:].reshape(-1, 3),
            lab[:, :edge].reshape(-1, 3),
            lab[:, -edge:].reshape(-1, 3),
        ]
    )
    background = np.median(border, axis=0)
    spread = np.percentile(np.linalg.norm(border - background, axis=1), 90)
    distance = np.linalg.norm(lab - background, axis=2)
    mask = (distance > max(12.0, 2.5 * spread)).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=2)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    biggest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(biggest)
    if not 0.03 * sh * sw <= area <= 0.9 * sh * sw:
        return None  # nothing there, or the card already fills the scan
    (_cx, _cy), (rw, rh), _angle = cv2.minAreaRect(biggest)
    if min(rw, rh) <= 0:
        return None
    ratio = max(rw, rh) / min(rw, rh)
    if not 1.3 <= ratio <= 1.9 or area < 0.85 * rw * rh:
        return None  # not a card's shape (or not filled like one)
    x, y, bw, bh = cv2.boundingRect(biggest)
    pad = round(0.02 * max(bw, bh))
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(sw, x + bw + pad), min(sh, y + bh + pad)
    return (
        int(x0 / scale),
        int(y0 / scale),
        min(w, int(np.ceil(x1 / scale))) - int(x0 / scale),
        min(h, int(np.ceil(y1 / scale))) - int(y0 / scale),
    )


def contains(rect: Rect, box: tuple[float, float, float, float]) -> bool:
    """Whether the face ``box`` (x1, y1, x2, y2) lies inside ``rect``."""
    x, y, w, h = rect
    return box[0] >= x and box[1] >= y and box[2] <= x + w and box[3] <= y + h
