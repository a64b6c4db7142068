"""Demo and test material for the kiosk, built from real photos at run time.

* :func:`camera_frame`: a photo placed as a webcam would frame a customer standing back
  (640×480, the face about a fifth of the frame high, a blurred copy of the photo around it),
  so the liveness model's 4x context fits in the frame.
* :func:`card_image`: a plain ID card with a photo printed on it.
* :class:`ObeyingCamera`: a person in front of the camera who does what the kiosk asks: a
  frontal photo, and a photo of the same person with the head turned (mirrored for the other
  side) while the kiosk asks for that turn. The yaw the challenge sees is the engine's pose
  estimate of real turned faces, not a number injected into it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QObject, QTimer

from app.engine.challenge import Direction, expected_sign
from app.gui.common.camera import FrameSource
from app.gui.common.images import bgr_to_qimage

FRAME_SIZE = (640, 480)


def camera_frame(photo: np.ndarray, *, mirror: bool = False, face_scale: float = 1.0) -> np.ndarray:
    """``photo`` (BGR) centred at ``face_scale`` in a 640×480 frame with a blurred surround."""
    w, h = FRAME_SIZE
    src = photo[:, ::-1] if mirror else photo
    out = cv2.GaussianBlur(cv2.resize(src, (w, h)), (0, 0), 12)
    s = cv2.resize(src, None, fx=face_scale, fy=face_scale, interpolation=cv2.INTER_AREA)
    sh, sw = s.shape[:2]
    sh, sw = min(sh, h), min(sw, w)
    y0, x0 = (h - sh) // 2, (w - sw) // 2
    out[y0 : y0 + sh, x0 : x0 + sw] = s[:sh, :sw]
    return np.ascontiguousarray(out)


def card_image(photo: np.ndarray) -> np.ndarray:
    """A plain ID-1 card (1012×638) with ``photo`` printed on its left."""
    card = np.full((638, 1012, 3), (236, 226, 214), np.uint8)
    cv2.rectangle(card, (0, 0), (1011, 90), (120, 72, 30), -1)
    cv2.putText(card, "IDENTITY CARD", (40, 62), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (255, 255, 255), 3)
    face = cv2.resize(photo, (300, 300))
    card[140:440, 50:350] = face
    for i, text in enumerate(["SURNAME  SAMPLE", "GIVEN NAME  DEMO", "BORN  01.01.1970", "NO  K-000000"]):
        cv2.putText(card, text, (400, 200 + 70 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (60, 50, 40), 2)
    return card


class ObeyingCamera(FrameSource):
    """Frames of a person following the prompt ``prompt()`` gives (None: look straight).

    ``turned`` shows the head turned toward the image's right (engine yaw > 0); its mirror
    image is the turn the other way.
    """

    def __init__(
        self,
        frontal: np.ndarray,
        turned: np.ndarray,
        prompt: Callable[[], Direction | None],
        *,
        fps: float = 15.0,
        framing: Callable[[np.ndarray, bool], np.ndarray] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``framing(photo, mirror)`` makes a camera frame of a photo (default :func:`camera_frame`)."""
        super().__init__(parent)
        self.description = "demo camera · a person who follows the prompts"
        self.prompt = prompt
        frame = framing or (lambda photo, mirror: camera_frame(photo, mirror=mirror))
        self._frames = {
            None: bgr_to_qimage(frame(frontal, False)),
            1: bgr_to_qimage(frame(turned, False)),
            -1: bgr_to_qimage(frame(turned, True)),
        }
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000 / fps)))
        self._timer.timeout.connect(self._next)

    def _next(self) -> None:
        asked = self.prompt()
        key = None if asked is None else expected_sign(asked)
        self.frame.emit(self._frames[key])

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


def read(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"{path} is not a readable image")
    return image
