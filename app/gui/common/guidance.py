"""Per-frame guidance for the live camera (Qt-free): what the customer should fix, if anything.

Uses only the engine's fast detector (``Engine.find_faces``) and the tiny mask classifier on the
chosen face, so a check takes about 20 ms on a 640×480 frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import numpy as np

from app.engine.align import norm_crop
from app.engine.types import Detection


class Hint(StrEnum):
    """What the preview tells the customer, in priority order."""

    NO_FACE = "NO_FACE"
    TOO_DARK = "TOO_DARK"
    COME_CLOSER = "COME_CLOSER"
    REMOVE_MASK = "REMOVE_MASK"
    LOOK_AT_CAMERA = "LOOK_AT_CAMERA"
    HOLD_STILL = "HOLD_STILL"
    GOOD = "GOOD"


class _Mask(Protocol):
    def predict(self, crops: list[Any]) -> Any: ...
    def is_wearing(self, p: float) -> bool: ...


class GuidanceModels(Protocol):
    """What guidance needs of the engine (``app.engine.preview.PreviewModels``, or the ``Engine``):
    its ranked faces and its mask classifier."""

    def find_faces(self, pixels: Any) -> list[Detection]: ...
    @property
    def mask(self) -> _Mask: ...


@dataclass(frozen=True, slots=True)
class GuidanceLimits:
    """Thresholds of the guidance check (eye distance as a share of the frame width)."""

    min_eye_share: float = 0.06
    min_brightness: float = 70.0  # mean grey level of the face box, 0..255
    max_yaw_ratio: float = 0.22  # nose offset from the eyes' midpoint / eye distance
    pitch_ratio_range: tuple[float, float] = (0.28, 0.78)  # (nose - eyes) / (mouth - eyes)
    max_roll_deg: float = 15.0
    max_speed: float = 1.2  # eye distances per second
    hold_s: float = 0.8  # good for this long -> ready to capture


@dataclass(frozen=True, slots=True)
class Guidance:
    """The outcome of one check; ``ready`` once the face has been good for ``hold_s``."""

    hint: Hint
    box: tuple[float, float, float, float] | None = None
    good_for_s: float = 0.0
    ready: bool = False
    brightness: float | None = None


class GuidanceChecker:
    """Stateful check of successive frames (call from one thread at a time)."""

    def __init__(self, models: GuidanceModels, limits: GuidanceLimits | None = None) -> None:
        """Guidance with the engine's preview ``models``: their faces (``find_faces``, detected
        and ranked once) and their mask classifier."""
        self._find_faces: Callable[[Any], list[Detection]] = models.find_faces
        mask = models.mask
        self.mask = mask
        self.limits = limits or GuidanceLimits()
        self._last: tuple[float, float, float] | None = None  # (t, cx, cy)
        self._good_since: float | None = None

    def reset(self) -> None:
        """Forget motion and how long the face has been good (after a capture)."""
        self._last = None
        self._good_since = None

    def check(self, bgr: np.ndarray, t: float) -> Guidance:
        """Guidance for the BGR frame ``bgr`` seen at time ``t`` (seconds, monotonic)."""
        faces = self._find_faces(bgr)
        if not faces:
            self.reset()
            return Guidance(Hint.NO_FACE)
        det = faces[0]
        hint, brightness = self._hint(bgr, det, t)
        if hint is not Hint.GOOD:
            self._good_since = None
            return Guidance(hint, det.box, brightness=brightness)
        if self._good_since is None:
            self._good_since = t
        good_for = t - self._good_since
        return Guidance(hint, det.box, good_for, good_for >= self.limits.hold_s, brightness)

    def _hint(self, bgr: np.ndarray, det: Detection, t: float) -> tuple[Hint, float]:
        lim = self.limits
        k = np.asarray(det.kps5, dtype=np.float64)
        left, right, nose, mouth_l, mouth_r = k
        eye_dist = float(np.linalg.norm(right - left)) or 1.0
        x1, y1, x2, y2 = (round(v) for v in det.box)
        h, w = bgr.shape[:2]
        patch = bgr[max(0, y1) : min(h, y2), max(0, x1) : min(w, x2)]
        brightness = float(patch.mean()) if patch.size else 0.0
        eyes_mid = (left + right) / 2.0
        mouth_mid = (mouth_l + mouth_r) / 2.0
        cx, cy = float(eyes_mid[0]), float(eyes_mid[1])
        last, self._last = self._last, (t, cx, cy)
        if brightness < lim.min_brightness:
            return Hint.TOO_DARK, brightness
        if eye_dist < lim.min_eye_share * w:
            return Hint.COME_CLOSER, brightness
        if self.mask is not None:
            p = float(np.asarray(self.mask.predict([norm_crop(bgr, det.kps5, 112)])).ravel()[0])
            if self.mask.is_wearing(p):
                return Hint.REMOVE_MASK, brightness
        yaw_ratio = float(nose[0] - eyes_mid[0]) / eye_dist
        span = float(mouth_mid[1] - eyes_mid[1]) or 1.0
        pitch_ratio = float(nose[1] - eyes_mid[1]) / span
        roll = math.degrees(math.atan2(float(right[1] - left[1]), float(right[0] - left[0])))
        lo, hi = lim.pitch_ratio_range
        if abs(yaw_ratio) > lim.max_yaw_ratio or not lo <= pitch_ratio <= hi or abs(roll) > lim.max_roll_deg:
            return Hint.LOOK_AT_CAMERA, brightness
        if last is not None and t > last[0]:
            speed = math.hypot(cx - last[1], cy - last[2]) / eye_dist / (t - last[0])
            if speed > lim.max_speed:
                return Hint.HOLD_STILL, brightness
        return Hint.GOOD, brightness
