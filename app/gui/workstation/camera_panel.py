"""``CameraPanel``: the live preview on the right, with guidance and capture (button or automatic)."""

from __future__ import annotations

import logging
import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from app.gui.common.backends import FaceView
from app.gui.common.camera import FrameSource, open_source
from app.gui.common.guidance import Guidance, GuidanceChecker, Hint
from app.gui.common.image_view import ImageView
from app.gui.common.images import encode_jpeg, qimage_to_bgr
from app.gui.common.messages import hint_text
from app.gui.common.workers import Runner
from app.gui.workstation.no_camera import NoCameraPage

log = logging.getLogger(__name__)
HINT_COLORS = {Hint.GOOD: "#1e7b46", Hint.HOLD_STILL: "#1f5fa8"}


def _check(_report: object, checker: GuidanceChecker, image: QImage, t: float) -> Guidance:
    return checker.check(qimage_to_bgr(image), t)


class CameraPanel(QFrame):
    """Shows the camera; emits ``captured(jpeg_bytes)`` with the frame taken."""

    captured = Signal(bytes)
    camera_chosen = Signal(str)  # a device id picked on the no-camera page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.runner = Runner(threads=1, parent=self)
        self.source: FrameSource | None = None
        self.checker: GuidanceChecker | None = None
        self.latest: QImage | None = None
        self.still: QImage | None = None
        self.guidance: Guidance | None = None
        self.frames = 0
        self.checks = 0
        self._stamps: deque[float] = deque(maxlen=60)

        title = QLabel(self.tr("Customer (live camera)"))
        title.setObjectName("panelTitle")
        self.source_label = QLabel("")
        self.source_label.setObjectName("muted")
        self.view = ImageView("")
        self.view.setAccessibleName(self.tr("Live camera"))
        self.no_camera = NoCameraPage()
        self.no_camera.chosen.connect(self.camera_chosen)
        self.pages = QStackedLayout()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.no_camera)
        self.auto = QCheckBox(self.tr("Capture automatically"))
        self.auto.setChecked(True)
        self.auto.setToolTip(self.tr("Take the photo once the face has been good for a moment"))
        self.auto.setAccessibleName(self.tr("Capture automatically"))
        self.capture_button = QPushButton(self.tr("Capture"))
        self.capture_button.setObjectName("primary")
        self.capture_button.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.capture_button.setToolTip(self.tr("Take the photo now (F5); press again to retake"))
        self.capture_button.setAccessibleName(self.tr("Capture or retake"))
        self.capture_button.clicked.connect(self._capture_clicked)
        self.capture_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.source_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.auto)
        bottom.addStretch(1)
        bottom.addWidget(self.capture_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(top)
        layout.addLayout(self.pages, 1)
        layout.addLayout(bottom)

    # -- source --------------------------------------------------------------------------
    def open(self, camera_file: Path | None, device: str) -> None:
        """Play ``camera_file`` (a video or a folder of images) or open the camera ``device``;
        when neither opens, the view says why."""
        try:
            source = open_source(camera_file, device, parent=self)
        except ImportError as exc:  # QtMultimedia without its system libraries (libpulse0 on Debian)
            log.error("QtMultimedia unavailable: %s", exc)
            self.set_source(None, f"QtMultimedia cannot load ({exc}); install libpulse0")
            return
        except (ValueError, RuntimeError, OSError) as exc:
            log.warning("no camera: %s", exc)
            self.set_source(None, self.tr("No camera could be opened (%1).").replace("%1", str(exc)))
            return
        self.set_source(source)

    @property
    def has_camera(self) -> bool:
        return self.source is not None

    def set_source(self, source: FrameSource | None, reason: str = "") -> None:
        """Play ``source``; None shows the no-camera page with ``reason`` and the camera picker."""
        if self.source is not None:
            self.source.stop()
            self.source.frame.disconnect(self._on_frame)
        self.source = source
        self.source_label.setText(source.description if source else "")
        self.pages.setCurrentWidget(self.view if source is not None else self.no_camera)
        self.capture_button.setEnabled(False)
        self.auto.setEnabled(source is not None)
        if source is None:
            self.no_camera.show_reason(reason)
        else:
            source.frame.connect(self._on_frame)
            source.error.connect(lambda text: self.view.set_banner(text, "#b3261e"))
            source.start()

    def set_checker(self, checker: GuidanceChecker | None) -> None:
        self.checker = checker

    @property
    def fps(self) -> float:
        """Frames shown per second over the last 60 frames."""
        if len(self._stamps) < 2:
            return 0.0
        return (len(self._stamps) - 1) / (self._stamps[-1] - self._stamps[0])

    def _on_frame(self, image: QImage) -> None:
        if self.still is not None:
            return
        self.latest = image
        self.frames += 1
        self._stamps.append(time.perf_counter())
        self.view.set_image(image)
        self.capture_button.setEnabled(True)
        if self.checker is not None and not self.runner.busy:
            self.runner.start(_check, self.checker, image, time.monotonic(), done=self._on_guidance)

    def _on_guidance(self, guidance: Guidance) -> None:
        self.checks += 1
        if self.still is not None:
            return
        self.guidance = guidance
        color = HINT_COLORS.get(guidance.hint, "#b26a00")
        self.view.set_overlay(box=guidance.box, box_color=color if guidance.box else "#2e9d5b")
        self.view.set_banner(hint_text(guidance.hint), color)
        if guidance.ready and self.auto.isChecked() and self.isEnabled():
            self.capture()

    # -- capture -------------------------------------------------------------------------
    def _capture_clicked(self) -> None:
        if self.still is not None:
            self.retake()
        else:
            self.capture()

    def capture(self) -> bool:
        """Freeze the current frame and emit it as JPEG; False when there is no frame yet."""
        if self.latest is None or self.still is not None:
            return False
        self.still = self.latest
        self.view.set_image(self.still)
        self.view.set_overlay()
        self.view.set_banner(self.tr("Photo taken"), "#0f2a4a")
        self.capture_button.setText(self.tr("Retake"))
        self.captured.emit(encode_jpeg(qimage_to_bgr(self.still)))
        return True

    def retake(self) -> None:
        """Back to the live preview."""
        self.still = None
        if self.checker is not None:
            self.checker.reset()
        self.view.set_overlay()
        self.view.set_banner("")
        self.capture_button.setText(self.tr("Capture"))

    def show_face(self, face: FaceView | None) -> None:
        """After a comparison: the live face's outline and landmarks on the still."""
        self.view.set_overlay(face=face)
        self.view.set_banner("")

    def stop(self) -> None:
        if self.source is not None:
            self.source.stop()
        self.runner.wait(5000)
