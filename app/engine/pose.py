"""Head pose from 68 landmarks (PnP against a generic 3-D face) with the spec's signs.

Signs (spec): pitch > 0 looking up; yaw > 0 turned toward the image's right; roll > 0 head
tilted clockwise in the image. A mirrored image therefore flips yaw and roll, not pitch.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray

from app.engine.types import Pose

# Generic face model in camera-aligned axes (x to the image's right, y down, z away from the
# camera), arbitrary units; nose tip at the origin. Indices into the 68-point scheme. The depths
# are twice those of the common learnopencv model, which overstates yaw by about 2x on LFW faces.
_MODEL_IDX = (30, 8, 36, 45, 48, 54, 27, 31, 35)
_MODEL_3D = np.array(
    [
        (0.0, 0.0, 0.0),  # nose tip
        (0.0, 330.0, 130.0),  # chin
        (-225.0, -170.0, 270.0),  # outer corner of the image-left eye
        (225.0, -170.0, 270.0),  # outer corner of the image-right eye
        (-150.0, 150.0, 250.0),  # left mouth corner
        (150.0, 150.0, 250.0),  # right mouth corner
        (0.0, -170.0, 190.0),  # top of the nose bridge
        (-45.0, 35.0, 140.0),  # left nostril edge
        (45.0, 35.0, 140.0),  # right nostril edge
    ],
    dtype=np.float64,
)

POSE_LABELS = {
    ("pitch", 1): "up",
    ("pitch", -1): "down",
    ("yaw", 1): "pan_right",
    ("yaw", -1): "pan_left",
    ("roll", 1): "roll_right",
    ("roll", -1): "roll_left",
}


def pose_label(pitch: float, roll: float, yaw: float, limit: float = 15.0) -> str:
    """``front`` when every angle is within ``limit``, else the axis furthest past it."""
    angles = {"pitch": pitch, "yaw": yaw, "roll": roll}
    axis, value = max(angles.items(), key=lambda kv: abs(kv[1]))
    if abs(value) <= limit:
        return "front"
    return POSE_LABELS[(axis, 1 if value > 0 else -1)]


def estimate_pose(points68: NDArray[np.floating], *, limit: float = 15.0) -> Pose:
    """Pitch, roll and yaw in degrees from 68 landmarks in image pixels."""
    pts = np.asarray(points68, dtype=np.float64)[list(_MODEL_IDX)]
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    size = float(max(hi - lo))
    centre = (lo + hi) / 2
    # Principal point at the face: the face is treated as if on the optical axis, with a
    # moderate focal length, so the result does not depend on where the face sits in a card.
    f = 4.0 * size
    cam = np.array([[f, 0, centre[0]], [0, f, centre[1]], [0, 0, 1]], dtype=np.float64)
    # Start from a frontal face at the distance its size implies: without a guess the
    # iterative solver can settle on the mirrored solution (roll near 180 degrees).
    model_extent = float(np.ptp(_MODEL_3D[:, :2], axis=0).max())
    rvec0 = np.zeros((3, 1))
    tvec0 = np.array([[0.0], [0.0], [f * model_extent / max(size, 1e-6)]])
    ok, rvec, _tvec = cv2.solvePnP(
        _MODEL_3D,
        pts.reshape(-1, 1, 2),
        cam,
        np.zeros(4),
        rvec0,
        tvec0,
        useExtrinsicGuess=True,
        flags=cv2.SOLVEPNP_ITERATIVE,
    )
    if not ok:
        return Pose(0.0, 0.0, 0.0, "front")
    rot, _ = cv2.Rodrigues(rvec)
    # R = Rz(roll) · Ry(yaw) · Rx(pitch) in camera axes.
    sy = -rot[2, 0]
    yaw_y = math.degrees(math.asin(max(-1.0, min(1.0, sy))))
    pitch_x = math.degrees(math.atan2(rot[2, 1], rot[2, 2]))
    roll_z = math.degrees(math.atan2(rot[1, 0], rot[0, 0]))
    pitch, yaw, roll = -pitch_x, -yaw_y, roll_z
    pitch, yaw, roll = (round(v, 3) for v in (pitch, yaw, roll))
    return Pose(pitch=pitch, roll=roll, yaw=yaw, label=pose_label(pitch, roll, yaw, limit))


def rotated_box(box: tuple[float, float, float, float], roll_deg: float) -> list[tuple[float, float]]:
    """The box's corners turned by ``roll_deg`` (clockwise positive) about its centre.

    Corners are listed clockwise from the top-left corner of the turned box.
    """
    x1, y1, x2, y2 = box
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    a = math.radians(roll_deg)
    c, s = math.cos(a), math.sin(a)
    corners = [(x1, y1), (x2, y1), (x2, y2), (x1, y2)]
    out = []
    for x, y in corners:
        dx, dy = x - cx, y - cy
        out.append((cx + c * dx - s * dy, cy + s * dx + c * dy))
    return out
