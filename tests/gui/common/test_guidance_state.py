"""Guidance hints from a scripted engine (no Qt, no models)."""

from __future__ import annotations

import numpy as np

from app.engine.types import Detection
from app.gui.common.guidance import GuidanceChecker, GuidanceLimits, Hint


class ScriptedEngine:
    """Finds the faces it is given, frame after frame, most prominent first."""

    def __init__(self, mask: FixedMask) -> None:
        self.faces: list[Detection] = []
        self.mask = mask

    def find_faces(self, pixels: object) -> list[Detection]:
        return self.faces


class FixedMask:
    def __init__(self, p: float) -> None:
        self.p = p

    def predict(self, crops: list[object]) -> list[float]:
        return [self.p]

    def is_wearing(self, p: float) -> bool:
        return p >= 0.5


def face(
    cx: float = 320, cy: float = 220, eye: float = 80, yaw: float = 0.0, nose_drop: float = 0.5
) -> Detection:
    """A frontal face with eyes ``eye`` px apart; ``yaw`` shifts the nose sideways (in eye distances)."""
    left, right = (cx - eye / 2, cy), (cx + eye / 2, cy)
    mouth_y = cy + eye * 1.1
    nose = (cx + yaw * eye, cy + nose_drop * (mouth_y - cy))
    kps = np.array(
        [left, right, nose, (cx - eye * 0.4, mouth_y), (cx + eye * 0.4, mouth_y)], dtype=np.float32
    )
    box = (cx - eye, cy - eye, cx + eye, cy + eye * 1.6)
    return Detection(box=box, score=0.95, kps5=kps)


def frame(level: int = 140) -> np.ndarray:
    return np.full((480, 640, 3), level, dtype=np.uint8)


def checker(p_mask: float = 0.0) -> tuple[GuidanceChecker, ScriptedEngine]:
    engine = ScriptedEngine(FixedMask(p_mask))
    return GuidanceChecker(engine, GuidanceLimits(hold_s=0.5)), engine


def test_no_face_asks_the_customer_to_look_into_the_camera() -> None:
    """An empty frame gives NO_FACE and no box."""
    g, _ = checker()
    out = g.check(frame(), 0.0)
    assert out.hint is Hint.NO_FACE and out.box is None and not out.ready


def test_each_problem_has_its_hint() -> None:
    """Dark, small, masked and turned faces each get their own hint, in that priority."""
    g, det = checker()
    det.faces = [face()]
    assert g.check(frame(30), 0.0).hint is Hint.TOO_DARK
    det.faces = [face(eye=20)]
    assert g.check(frame(), 0.1).hint is Hint.COME_CLOSER
    det.faces = [face(yaw=0.4)]
    assert g.check(frame(), 0.2).hint is Hint.LOOK_AT_CAMERA
    det.faces = [face(nose_drop=0.05)]
    assert g.check(frame(), 0.3).hint is Hint.LOOK_AT_CAMERA
    g_mask, det_mask = checker(p_mask=0.9)
    det_mask.faces = [face()]
    assert g_mask.check(frame(), 0.0).hint is Hint.REMOVE_MASK


def test_moving_face_is_asked_to_hold_still() -> None:
    """A face that jumps two eye distances in 0.1 s must hold still."""
    g, det = checker()
    det.faces = [face(cx=200)]
    assert g.check(frame(), 0.0).hint is Hint.GOOD
    det.faces = [face(cx=360)]
    assert g.check(frame(), 0.1).hint is Hint.HOLD_STILL


def test_ready_only_after_the_face_was_good_for_hold_s() -> None:
    """``ready`` turns on after hold_s seconds of GOOD frames, and a bad frame restarts the clock."""
    g, det = checker()
    det.faces = [face()]
    assert not g.check(frame(), 0.0).ready
    assert not g.check(frame(), 0.3).ready
    assert g.check(frame(), 0.6).ready
    det.faces = [face(eye=20)]
    g.check(frame(), 0.7)
    det.faces = [face()]
    assert not g.check(frame(), 0.8).ready
    assert g.check(frame(), 1.4).ready
