"""Capture-quality measures of one face."""

from __future__ import annotations

import cv2
import numpy as np

from app.engine.types import Image, Quality

# Laplacian variance at which sharpness scores 0.5 on a 112×112 aligned crop.
_SHARPNESS_HALF = 150.0


def measure_quality(aligned_bgr: Image, interocular_px: float) -> Quality:
    """Inter-ocular distance (pixels), sharpness and brightness (0..1) of an aligned crop.

    Sharpness maps the variance of the Laplacian of the central face region to 0..1;
    brightness is the mean luma of that region.
    """
    gray = cv2.cvtColor(aligned_bgr, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape
    core = gray[h // 4 : h - h // 8, w // 6 : w - w // 6]
    lap = float(cv2.Laplacian(core, cv2.CV_64F).var())
    sharp = lap / (lap + _SHARPNESS_HALF)
    bright = float(np.mean(core)) / 255.0
    return Quality(
        face_size_px=round(float(interocular_px), 2), sharpness=round(sharp, 4), brightness=round(bright, 4)
    )
