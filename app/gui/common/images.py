"""Conversions between OpenCV's BGR arrays, QImage and encoded bytes."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtGui import QImage


def bgr_to_qimage(bgr: np.ndarray) -> QImage:
    """A deep-copied QImage of a BGR (or grey) uint8 array."""
    if bgr.ndim == 2:
        bgr = cv2.cvtColor(bgr, cv2.COLOR_GRAY2BGR)
    arr = np.ascontiguousarray(bgr)
    h, w = arr.shape[:2]
    return QImage(arr.data, w, h, arr.strides[0], QImage.Format.Format_BGR888).copy()


def qimage_to_bgr(image: QImage) -> np.ndarray:
    """A BGR uint8 array copied out of ``image`` (any format)."""
    img = image.convertToFormat(QImage.Format.Format_BGR888)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=stride * h).reshape(h, stride)
    return buf[:, : w * 3].reshape(h, w, 3).copy()


def encode_jpeg(bgr: np.ndarray, quality: int = 95) -> bytes:
    """JPEG bytes of a captured frame (what is sent to the engine as the live photo)."""
    ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("the frame could not be encoded")
    return bytes(data.tobytes())


def fit_frame(bgr: np.ndarray, width: int = 640, height: int = 480) -> np.ndarray:
    """Scale and centre-crop ``bgr`` to fill ``width``×``height`` (how a webcam frames a scene)."""
    h, w = bgr.shape[:2]
    scale = max(width / w, height / h)
    resized = cv2.resize(bgr, (max(width, round(w * scale)), max(height, round(h * scale))))
    rh, rw = resized.shape[:2]
    y0, x0 = (rh - height) // 2, (rw - width) // 2
    return np.ascontiguousarray(resized[y0 : y0 + height, x0 : x0 + width])
