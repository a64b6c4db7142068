"""Features of a 112×112 ArcFace-aligned BGR face crop for the mask classifier.

Training and evaluation crop faces exactly as the engine does
(:meth:`app.engine.preview.PreviewModels.aligned_crop`: the engine's detector, its most
prominent face, ``norm_crop``).

:func:`extract_features` is the one feature function: ``benchmarks/train_mask.py`` trains on
it and :class:`app.engine.mask.MaskClassifier` calls it at run time. Pure numpy + OpenCV
(``cvtColor``/``resize`` only; HOG and LBP are implemented here because OpenCV 5 dropped
``cv2.HOGDescriptor``). Blocks:

* ``hog``: HOG of the grey crop shrunk to 64×64: 8×8 cells, 9 unsigned orientation bins,
  2×2-cell blocks with L2-Hys normalisation (1,764 values).
* ``color``: mean YCrCb, Lab and HSV (hue as saturation-weighted cos/sin) on a 4×4 grid
  (160 values): where a mask is, the lower face is not skin-coloured.
* ``lbp``: uniform 8-neighbour LBP of the grey crop at 64×64, a 59-bin histogram per cell of a
  4×4 grid, square-rooted (944 values).
* ``relative``: the face against its own skin, so skin tone, colour cast and exposure cancel:
  on a 4×4 grid, each cell's mean Y, Cr, Cb, L, a, b minus those of the skin between the eyes
  (``SKIN_REF``), with their absolute values, and each cell's mean gradient magnitude over the
  reference's (208 values). A mask is a lower face that is not the colour or the texture of
  the upper face, whatever the camera did to both.

Every function is pure (no state), so all of it is thread-safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BLOCKS",
    "CROP_SIZE",
    "FEATURE_SETS",
    "extract_features",
]

CROP_SIZE: Final = 112
HOG_SIZE: Final = 64
HOG_CELL: Final = 8
HOG_BINS: Final = 9
COLOR_GRID: Final = 4
LBP_SIZE: Final = 64
LBP_GRID: Final = 4

#: Feature blocks in the order they are concatenated.
BLOCKS: Final[tuple[str, ...]] = ("hog", "color", "lbp", "relative")
#: The skin the ``relative`` block compares with: between and just below the eyes of the
#: 112×112 ArcFace template (eyes at x 38 and 74, y 52; nose tip at y 72), (y0, y1, x0, x1).
SKIN_REF: Final = (40, 62, 46, 66)
#: Named feature sets tried by ``benchmarks/train_mask.py``; the model stores its set's name.
FEATURE_SETS: Final[dict[str, tuple[str, ...]]] = {
    "hog": ("hog",),
    "hog+color": ("hog", "color"),
    "hog+lbp": ("hog", "lbp"),
    "hog+color+lbp": ("hog", "color", "lbp"),
    "hog+color+lbp+relative": ("hog", "color", "lbp", "relative"),
}


def _gray(crop: NDArray[np.uint8], size: int) -> NDArray[np.float32]:
    g = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    return cv2.resize(g, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32)


def _hog(g: NDArray[np.float32]) -> NDArray[np.float32]:
    """HOG (Dalal-Triggs layout, linear orientation interpolation, no spatial interpolation)."""
    gx = np.zeros_like(g)
    gy = np.zeros_like(g)
    gx[:, 1:-1] = g[:, 2:] - g[:, :-2]
    gy[1:-1, :] = g[2:, :] - g[:-2, :]
    mag = np.hypot(gx, gy).astype(np.float64)
    pos = np.mod(np.arctan2(gy, gx), np.pi).astype(np.float64) * (HOG_BINS / np.pi) - 0.5
    lo = np.floor(pos)
    w_hi = pos - lo
    b_lo = np.mod(lo.astype(np.int64), HOG_BINS)
    b_hi = np.mod(b_lo + 1, HOG_BINS)
    n = g.shape[0] // HOG_CELL
    cell = (np.arange(g.shape[0]) // HOG_CELL)[:, None] * n + (np.arange(g.shape[1]) // HOG_CELL)[None, :]
    length = n * n * HOG_BINS
    hist = np.bincount((cell * HOG_BINS + b_lo).ravel(), (mag * (1.0 - w_hi)).ravel(), length)
    hist += np.bincount((cell * HOG_BINS + b_hi).ravel(), (mag * w_hi).ravel(), length)
    h = hist.reshape(n, n, HOG_BINS)
    blocks = np.concatenate([h[:-1, :-1], h[1:, :-1], h[:-1, 1:], h[1:, 1:]], axis=2)
    blocks /= np.sqrt((blocks**2).sum(axis=2, keepdims=True) + 1e-6)
    np.minimum(blocks, 0.2, out=blocks)
    blocks /= np.sqrt((blocks**2).sum(axis=2, keepdims=True) + 1e-6)
    return blocks.ravel().astype(np.float32)


def _color(crop: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Cell means of YCrCb, Lab and HSV on a COLOR_GRID × COLOR_GRID grid."""
    ycc = cv2.cvtColor(crop, cv2.COLOR_BGR2YCrCb).astype(np.float32) / 255.0
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2Lab).astype(np.float32) / 255.0
    hsv = cv2.cvtColor(crop, cv2.COLOR_BGR2HSV).astype(np.float32)
    hue = hsv[..., 0] * (np.pi / 90.0)  # OpenCV hue is 0..179 for 0..358 degrees
    sat, val = hsv[..., 1] / 255.0, hsv[..., 2] / 255.0
    hsv4 = np.dstack([np.cos(hue) * sat, np.sin(hue) * sat, sat, val])
    stack = np.dstack([ycc, lab, hsv4])
    c = CROP_SIZE // COLOR_GRID
    means = stack.reshape(COLOR_GRID, c, COLOR_GRID, c, stack.shape[2]).mean(axis=(1, 3))
    return means.ravel().astype(np.float32)


def _relative(crop: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Cell colour and texture relative to the reference skin (see the module docstring)."""
    ycc = cv2.cvtColor(crop, cv2.COLOR_BGR2YCrCb).astype(np.float32) / 255.0
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2Lab).astype(np.float32) / 255.0
    stack = np.dstack([ycc, lab])
    g = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY).astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.hypot(gx, gy)
    y0, y1, x0, x1 = SKIN_REF
    ref = stack[y0:y1, x0:x1].mean(axis=(0, 1))
    ref_mag = float(mag[y0:y1, x0:x1].mean()) + 8.0  # a flat patch must not blow the ratio up
    c = CROP_SIZE // COLOR_GRID
    cells = stack.reshape(COLOR_GRID, c, COLOR_GRID, c, stack.shape[2]).mean(axis=(1, 3)) - ref
    texture = mag.reshape(COLOR_GRID, c, COLOR_GRID, c).mean(axis=(1, 3)) / ref_mag
    return np.concatenate([cells.ravel(), np.abs(cells).ravel(), np.log1p(texture).ravel()]).astype(
        np.float32
    )


def _uniform_lbp_table() -> NDArray[np.int64]:
    table = np.full(256, 58, dtype=np.int64)
    k = 0
    for v in range(256):
        bits = [(v >> i) & 1 for i in range(8)]
        if sum(bits[i] != bits[(i + 1) % 8] for i in range(8)) <= 2:
            table[v] = k
            k += 1
    return table


_UNIFORM: Final = _uniform_lbp_table()
_NEIGHBOURS: Final = ((-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1))


def _lbp(g: NDArray[np.float32]) -> NDArray[np.float32]:
    """Uniform LBP histograms (59 bins) on a LBP_GRID × LBP_GRID grid, square-rooted."""
    h, w = g.shape
    centre = g[1:-1, 1:-1]
    code = np.zeros(centre.shape, dtype=np.int64)
    for i, (dy, dx) in enumerate(_NEIGHBOURS):
        code |= (g[1 + dy : h - 1 + dy, 1 + dx : w - 1 + dx] >= centre).astype(np.int64) << i
    labels = _UNIFORM[code]
    c = LBP_SIZE // LBP_GRID
    cell = (np.arange(LBP_SIZE) // c)[:, None] * LBP_GRID + (np.arange(LBP_SIZE) // c)[None, :]
    hist = np.bincount((cell * 59 + labels).ravel(), minlength=LBP_GRID * LBP_GRID * 59).astype(np.float64)
    hist = hist.reshape(LBP_GRID * LBP_GRID, 59) / float(c * c)
    return np.sqrt(hist).ravel().astype(np.float32)


def extract_features(crop: NDArray[np.uint8], blocks: Sequence[str] = BLOCKS) -> NDArray[np.float32]:
    """Feature vector of one aligned BGR crop (resized to 112×112 if it is another size)."""
    if crop.ndim != 3 or crop.shape[2] != 3 or crop.dtype != np.uint8:
        raise ValueError(f"expected an H×W×3 uint8 BGR crop, got {crop.shape} {crop.dtype}")
    if crop.shape[:2] != (CROP_SIZE, CROP_SIZE):
        crop = np.asarray(cv2.resize(crop, (CROP_SIZE, CROP_SIZE), interpolation=cv2.INTER_AREA), np.uint8)
    crop = np.ascontiguousarray(crop)
    parts: list[NDArray[np.float32]] = []
    for name in blocks:
        if name == "hog":
            parts.append(_hog(_gray(crop, HOG_SIZE)))
        elif name == "color":
            parts.append(_color(crop))
        elif name == "lbp":
            parts.append(_lbp(_gray(crop, LBP_SIZE + 2)))
        elif name == "relative":
            parts.append(_relative(crop))
        else:
            raise ValueError(f"unknown feature block {name!r}")
    return np.concatenate(parts)
