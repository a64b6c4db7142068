"""``NoCameraPage``: what the camera panel shows when no camera opens, with a camera picker."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.gui.common.camera import camera_devices


class NoCameraPage(QWidget):
    """Says that no camera opened and why, lists the cameras there are, and lets staff pick one
    (``chosen(device_id)``) or look again after plugging one in."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noCamera")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # draw its dark background
        self.setStyleSheet(
            "#noCamera { background:#1b232d; border-radius:6px; } #noCamera QLabel { color:#e8edf3; }"
        )
        self.title = QLabel(self.tr("No camera"))
        self.title.setStyleSheet("font-size:22px; font-weight:700;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason.setStyleSheet("color:#ffb4ab;")
        self.steps = QLabel(
            self.tr(
                "1. Check that the camera is plugged in (try another USB port).\n"
                "2. Press “Look again”, pick the camera and press “Use this camera”.\n"
                "3. Still none? Call IT support: the comparison needs a live photo."
            )
        )
        self.steps.setWordWrap(True)
        self.cameras = QComboBox()
        self.cameras.setAccessibleName(self.tr("Cameras found"))
        self.cameras.setMinimumWidth(240)
        self.refresh_button = QPushButton(self.tr("Look again"))
        self.refresh_button.setAccessibleName(self.tr("Look for cameras again"))
        self.refresh_button.setToolTip(self.tr("List the cameras connected now"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.use_button = QPushButton(self.tr("Use this camera"))
        self.use_button.setObjectName("primary")
        self.use_button.setAccessibleName(self.tr("Use this camera"))
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(self._use)
        picker = QHBoxLayout()
        picker.addStretch(1)
        picker.addWidget(self.cameras)
        picker.addWidget(self.refresh_button)
        picker.addWidget(self.use_button)
        picker.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.reason)
        layout.addSpacing(8)
        layout.addWidget(self.steps)
        layout.addSpacing(8)
        layout.addLayout(picker)
        layout.addStretch(1)
        self.setTabOrder(self.cameras, self.use_button)
        self.setTabOrder(self.use_button, self.refresh_button)

    def show_reason(self, reason: str) -> None:
        self.reason.setText(reason)
        self.refresh()

    def refresh(self, devices: list[tuple[str, str]] | None = None) -> None:
        """List the cameras (``devices`` as ``camera_devices()`` gives them, or asked now)."""
        found = camera_devices() if devices is None else devices
        self.cameras.clear()
        for device_id, description in found:
            self.cameras.addItem(description, device_id)
        if not found:
            self.cameras.addItem(self.tr("no camera connected"), "")
        self.cameras.setEnabled(bool(found))
        self.use_button.setEnabled(bool(found))
        (self.cameras if found else self.refresh_button).setFocus()

    def _use(self) -> None:
        device_id = self.cameras.currentData()
        if device_id:
            self.chosen.emit(str(device_id))
