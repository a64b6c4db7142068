"""Any Pillow mode or sample depth → 3-channel 8-bit BGR, OpenCV's order."""

from __future__ import annotations

from typing import Any, Final

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

_ALPHA_MODES: Final = frozenset({"LA", "La", "PA", "RGBA", "RGBa"})
_INT16_MODES: Final = frozenset({"I;16", "I;16L", "I;16B", "I;16N"})


def pil_to_bgr(im: Image.Image) -> NDArray[np.uint8]:
    """Any Pillow mode → H×W×3 uint8 BGR; alpha is composited onto white."""
    mode = im.mode
    if mode == "RGB" and "transparency" not in im.info:
        return rgb_to_bgr(np.asarray(im))
    if mode == "L" and "transparency" not in im.info:
        return gray_to_bgr(np.asarray(im))
    if mode == "1":
        return gray_to_bgr(np.asarray(im.convert("L")))
    if mode in _INT16_MODES:
        return gray_to_bgr(_to_uint8(np.asarray(im)))
    if mode in ("I", "F"):
        return gray_to_bgr(_to_uint8(np.asarray(im)))
    if mode in _ALPHA_MODES or "transparency" in im.info:
        rgba = im if mode == "RGBA" else im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba)  # the RGBA image's alpha is the mask
        return rgb_to_bgr(np.asarray(canvas))
    # P, CMYK (Pillow already undid Adobe's inverted CMYK), YCbCr, LAB, HSV, RGBX, ...
    return rgb_to_bgr(np.asarray(im.convert("RGB")))


def rgb_to_bgr(rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), dtype=np.uint8)


def gray_to_bgr(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return np.asarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), dtype=np.uint8)


def _to_uint8(values: NDArray[Any]) -> NDArray[np.uint8]:
    """One grey channel of any depth → 8 bit.

    16-bit data keeps its high byte (as Pillow and libpng do for 48-bit RGB). 32-bit integer
    and float data are mapped by their range: 0..1 floats and 0..255 / 0..65535 integers by
    scaling, anything else by min–max stretching.
    """
    if values.dtype.kind == "u" and values.dtype.itemsize == 2:
        return (values >> 8).astype(np.uint8)
    v = np.nan_to_num(values.astype(np.float64, copy=False), nan=0.0, posinf=0.0, neginf=0.0)
    lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 0.0)
    if values.dtype.kind == "f" and lo >= 0.0 and hi <= 1.0:
        scaled = v * 255.0
    elif lo >= 0.0 and hi <= 255.0:
        scaled = v
    elif lo >= 0.0 and hi <= 65535.0 and values.dtype.kind != "f":
        scaled = v / 257.0
    else:
        scaled = (v - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(v)
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)
