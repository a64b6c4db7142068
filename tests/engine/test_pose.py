"""Pose signs (spec): pitch > 0 up, yaw > 0 toward image right, roll > 0 clockwise."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.engine.pose import _MODEL_3D, _MODEL_IDX, estimate_pose, pose_label, rotated_box


def _project(pitch: float, yaw: float, roll: float) -> np.ndarray:
    """68 landmarks (only the model's points set) of the generic head turned by spec angles."""
    px, py, pz = (math.radians(v) for v in (-pitch, -yaw, roll))
    rx = np.array([[1, 0, 0], [0, math.cos(px), -math.sin(px)], [0, math.sin(px), math.cos(px)]])
    ry = np.array([[math.cos(py), 0, math.sin(py)], [0, 1, 0], [-math.sin(py), 0, math.cos(py)]])
    rz = np.array([[math.cos(pz), -math.sin(pz), 0], [math.sin(pz), math.cos(pz), 0], [0, 0, 1]])
    pts3 = (rz @ ry @ rx @ _MODEL_3D.T).T + np.array([0.0, 0.0, 2500.0])
    uv = pts3[:, :2] / pts3[:, 2:3] * 1500.0 + 400.0
    out = np.zeros((68, 2))
    for i, j in enumerate(_MODEL_IDX):
        out[j] = uv[i]
    return out


@pytest.mark.parametrize(
    ("angles", "axis", "sign"),
    [
        ((12.0, 0.0, 0.0), "pitch", 1),
        ((-12.0, 0.0, 0.0), "pitch", -1),
        ((0.0, 20.0, 0.0), "yaw", 1),
        ((0.0, -20.0, 0.0), "yaw", -1),
        ((0.0, 0.0, 15.0), "roll", 1),
        ((0.0, 0.0, -15.0), "roll", -1),
    ],
)
def test_signs_follow_the_spec(angles: tuple[float, float, float], axis: str, sign: int) -> None:
    pose = estimate_pose(_project(*angles))
    value = getattr(pose, axis)
    assert value * sign > 5.0
    others = [getattr(pose, a) for a in ("pitch", "yaw", "roll") if a != axis]
    assert all(abs(v) < abs(value) for v in others)


def test_yaw_toward_image_right_moves_the_nose_right() -> None:
    pts = _project(0.0, 20.0, 0.0)
    eyes_mid_x = (pts[36, 0] + pts[45, 0]) / 2
    assert pts[30, 0] > eyes_mid_x
    assert estimate_pose(pts).yaw > 0


def test_mirroring_flips_yaw_and_roll_not_pitch() -> None:
    pts = _project(8.0, 18.0, 10.0)
    mirrored = pts.copy()
    mirrored[:, 0] = 1000.0 - mirrored[:, 0]
    # mirroring swaps which eye/mouth corner is image-left: renumber like a landmarker would
    swap = {36: 45, 45: 36, 48: 54, 54: 48, 31: 35, 35: 31}
    renumbered = mirrored.copy()
    for a, b in swap.items():
        renumbered[a] = mirrored[b]
    p, m = estimate_pose(pts), estimate_pose(renumbered)
    assert m.yaw == pytest.approx(-p.yaw, abs=0.5)
    assert m.roll == pytest.approx(-p.roll, abs=0.5)
    assert m.pitch == pytest.approx(p.pitch, abs=0.5)


@pytest.mark.parametrize(
    ("pitch", "roll", "yaw", "label"),
    [
        (0, 0, 0, "front"),
        (14.9, -14.9, 14.9, "front"),
        (20, 0, 0, "up"),
        (-20, 0, 0, "down"),
        (0, 0, 25, "pan_right"),
        (0, 0, -25, "pan_left"),
        (0, 30, 0, "roll_right"),
        (0, -30, 16, "roll_left"),
    ],
)
def test_pose_label_is_the_dominant_axis_past_the_limit(
    pitch: float, roll: float, yaw: float, label: str
) -> None:
    assert pose_label(pitch, roll, yaw, 15.0) == label


def test_rotated_box_turns_clockwise_about_the_centre() -> None:
    box = (0.0, 0.0, 100.0, 100.0)
    assert rotated_box(box, 0.0) == [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)]
    tl, _tr, br, _bl = rotated_box(box, 90.0)
    # clockwise by 90° in image coordinates: the top-left corner moves to the top-right
    assert tl == pytest.approx((100.0, 0.0))
    assert br == pytest.approx((0.0, 100.0))
    turned = rotated_box(box, 10.0)
    assert turned[1][1] > turned[0][1]  # clockwise: the top edge's right end goes down
