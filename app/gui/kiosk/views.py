"""The kiosk's own widgets: the mirrored camera picture and the staff PIN pad."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.engine.challenge import Direction


class CameraView(QWidget):
    """The live frame, mirrored like a mirror, with a face outline, a banner and a turn arrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 360)
        self._image: QImage | None = None
        self._box: tuple[float, float, float, float] | None = None
        self._ok = False
        self.arrow: Direction | None = None
        self.mirror = True

    def set_frame(
        self, image: QImage | None, box: tuple[float, float, float, float] | None, ok: bool
    ) -> None:
        self._image, self._box, self._ok = image, box, ok
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#081a30"))
        if self._image is None or self._image.isNull():
            return
        img = self._image.flipped(Qt.Orientation.Horizontal) if self.mirror else self._image
        scale = min(self.width() / img.width(), self.height() / img.height())
        w, h = img.width() * scale, img.height() * scale
        x0, y0 = (self.width() - w) / 2, (self.height() - h) / 2
        p.drawImage(QRectF(x0, y0, w, h), img)
        if self._box is not None:
            x1, y1, x2, y2 = self._box
            if self.mirror:
                x1, x2 = img.width() - x2, img.width() - x1
            pen = QPen(QColor("#3ddc84" if self._ok else "#ffb020"), 6)
            p.setPen(pen)
            p.drawRoundedRect(
                QRectF(x0 + x1 * scale, y0 + y1 * scale, (x2 - x1) * scale, (y2 - y1) * scale), 18, 18
            )
        if self.arrow is not None:
            # In the mirror the customer's left is on the screen's left.
            left = self.arrow is Direction.LEFT
            font = QFont()
            font.setPixelSize(int(h * 0.35))
            font.setBold(True)
            p.setFont(font)
            p.setPen(QColor("#ffd23f"))
            margin = w * 0.04
            rect = QRectF(x0 + margin, y0, w - 2 * margin, h)
            align = Qt.AlignmentFlag.AlignVCenter | (
                Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight
            )
            p.drawText(rect, align, "◀" if left else "▶")


class PinDialog(QDialog):
    """A touch PIN pad: emits ``entered(pin)`` for each PIN; the kiosk's step machine decides
    (it checks the PIN, counts the wrong ones and closes the pad)."""

    entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskPin")
        self.setWindowTitle(self.tr("Staff"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.label = QLabel(self.tr("Staff PIN"))
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Staff PIN"))
        self.field.returnPressed.connect(self.submit)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        grid = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, key in enumerate(keys):
            button = QPushButton(self.tr("OK") if key == "OK" else key)
            button.setAccessibleName(self.tr("Clear") if key == "⌫" else button.text())
            button.clicked.connect(lambda _=False, k=key: self._key(k))
            grid.addWidget(button, i // 3, i % 3)
        layout.addLayout(grid)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)

    def _key(self, key: str) -> None:
        if key == "⌫":
            self.field.backspace()
        elif key == "OK":
            self.submit()
        else:
            self.field.insert(key)

    def submit(self) -> None:
        pin = self.field.text()
        self.field.clear()
        self.entered.emit(pin)

    def show_wrong(self) -> None:
        self.label.setText(self.tr("Wrong PIN"))
