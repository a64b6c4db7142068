"""Face alignment: 5-point similarity transform onto the ArcFace 112×112 template."""

from __future__ import annotations

from typing import Literal

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


def arcface_template(size: int = 112) -> NDArray[np.float32]:
    """The five reference points for a ``size``×``size`` crop, as insightface places them: the
    112 template scaled for multiples of 112, the 128 one (112 shifted 8 px right) otherwise."""
    if size % 112 == 0:
        return np.asarray(ARCFACE_TEMPLATE * (size / 112.0), dtype=np.float32)
    ratio = size / 128.0
    dst = ARCFACE_TEMPLATE * ratio
    dst[:, 0] += 8.0 * ratio
    return np.asarray(dst, dtype=np.float32)


def norm_crop(
    image: NDArray[np.uint8],
    kps5: NDArray[np.floating],
    size: int = 112,
    *,
    fill: Literal["zero", "replicate"] = "replicate",
) -> NDArray[np.uint8]:
    """Warp ``image`` so the five keypoints land on :func:`arcface_template` for ``size``.

    ``fill`` is what covers the crop beyond the image's edge: ``"zero"`` (black) is what
    insightface's ``norm_crop`` gives the ArcFace recognisers; ``"replicate"`` (the edge pixels
    repeated) is what the mask classifier was trained on.
    """
    if fill not in ("zero", "replicate"):
        raise ValueError(f"fill must be 'zero' or 'replicate', not {fill!r}")
    m = similarity_matrix(kps5, arcface_template(size))
    border = cv2.BORDER_CONSTANT if fill == "zero" else cv2.BORDER_REPLICATE
    out = cv2.warpAffine(image, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=border, borderValue=0)
    return np.ascontiguousarray(out)
