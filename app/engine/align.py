"""Face alignment: 5-point similarity transform onto the ArcFace 112×112 template."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

# ArcFace reference points for a 112×112 crop: left eye, right eye (as seen in the image),
# nose tip, left mouth corner, right mouth corner.
ARCFACE_TEMPLATE: NDArray[np.float32] = np.array(
    [
        [38.2946, 51.6963],
        [73.5318, 51.5014],
        [56.0252, 71.7366],
        [41.5493, 92.3655],
        [70.7299, 92.2041],
    ],
    dtype=np.float32,
)


def similarity_matrix(src: NDArray[np.floating], dst: NDArray[np.floating]) -> NDArray[np.float64]:
    """Least-squares similarity transform (Umeyama, no reflection) taking ``src`` to ``dst``.

    Returns the 2×3 affine matrix.
    """
    src = np.asarray(src, dtype=np.float64)
    dst = np.asarray(dst, dtype=np.float64)
    n = src.shape[0]
    src_mean, dst_mean = src.mean(axis=0), dst.mean(axis=0)
    src_c, dst_c = src - src_mean, dst - dst_mean
    cov = dst_c.T @ src_c / n
    u, s, vt = np.linalg.svd(cov)
    d = np.ones(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        d[1] = -1.0
    rot = u @ np.diag(d) @ vt
    var_src = (src_c**2).sum() / n
    scale = float((s * d).sum() / var_src) if var_src > 0 else 1.0
    t = dst_mean - scale * rot @ src_mean
    m = np.zeros((2, 3))
    m[:, :2] = scale * rot
    m[:, 2] = t
    return m


def norm_crop(image: NDArray[np.uint8], kps5: NDArray[np.floating], size: int = 112) -> NDArray[np.uint8]:
    """Warp ``image`` so the five keypoints land on the ArcFace template scaled to ``size``."""
    dst = ARCFACE_TEMPLATE * (size / 112.0)
    m = similarity_matrix(kps5, dst)
    out = cv2.warpAffine(image, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.ascontiguousarray(out)
