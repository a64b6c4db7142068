"""The one crop encoder: a BGR face crop (or any BGR image) as lossless PNG bytes."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = ["PNG_COMPRESSION", "encode_png"]

#: zlib level 3: lossless like every level, and a fraction of level 9's time on a 112×112 crop.
PNG_COMPRESSION = 3


def encode_png(bgr: NDArray[np.uint8]) -> bytes:
    """Lossless PNG bytes of a BGR ``uint8`` image (H×W×3, or H×W grey).

    Raises ValueError for an empty image (the only input OpenCV cannot encode).
    """
    if bgr.size == 0:
        raise ValueError("cannot PNG-encode an empty image")
    ok, buf = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION])
    if not ok:  # pragma: no cover - OpenCV fails only on empty input, refused above
        raise ValueError("PNG encoding failed")
    return buf.tobytes()
