"""The kiosk's own widgets: the mirrored camera picture (with the turn's progress and
countdown), the staff PIN pad and the backdrop that dims the kiosk behind it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.engine.challenge import Direction


class CameraView(QWidget):
    """The live frame, mirrored like a mirror, with a face outline and, during a head turn, an
    arrow, a bar that fills toward it as the head turns (``progress``, 0-1) and the seconds left
    for the turn in a shrinking ring (``seconds_left`` of ``seconds_total``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 360)
        self._image: QImage | None = None
        self._box: tuple[float, float, float, float] | None = None
        self._ok = False
        self.arrow: Direction | None = None
        self.progress: float | None = None
        self.seconds_left: float | None = None
        self.seconds_total = 6.0
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
            if self.progress is not None:
                self._paint_progress(p, QRectF(x0, y0, w, h), left)
        if self.seconds_left is not None:
            self._paint_countdown(p, QRectF(x0, y0, w, h))

    def _paint_progress(self, p: QPainter, frame: QRectF, left: bool) -> None:
        """A bar under the picture, filling from the middle toward the arrow's side."""
        bar_h = max(18.0, frame.height() * 0.05)
        track = QRectF(
            frame.left() + frame.width() * 0.1, frame.bottom() - bar_h * 2.2, frame.width() * 0.8, bar_h
        )
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(8, 26, 48, 200))
        p.drawRoundedRect(track.adjusted(-6, -6, 6, 6), bar_h / 2 + 6, bar_h / 2 + 6)
        p.setBrush(QColor("#3b5676"))
        p.drawRoundedRect(track, bar_h / 2, bar_h / 2)
        half = track.width() / 2
        filled = half * max(0.0, min(1.0, self.progress or 0.0))
        mid = track.center().x()
        done = (self.progress or 0.0) >= 1.0
        p.setBrush(QColor("#3ddc84" if done else "#ffd23f"))
        x = mid - filled if left else mid
        p.drawRoundedRect(QRectF(x, track.top(), filled, bar_h), bar_h / 2, bar_h / 2)
        # the target: how far to turn
        p.setPen(QPen(QColor("#ffffff"), 4))
        target = track.left() if left else track.right()
        p.drawLine(int(target), int(track.top() - 8), int(target), int(track.bottom() + 8))
        p.drawLine(int(mid), int(track.top() - 4), int(mid), int(track.bottom() + 4))

    def _paint_countdown(self, p: QPainter, frame: QRectF) -> None:
        """The seconds left, in a ring that empties, in the picture's top right corner."""
        size = max(72.0, frame.height() * 0.2)
        rect = QRectF(frame.right() - size - 16, frame.top() + 16, size, size)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(8, 26, 48, 210))
        p.drawEllipse(rect)
        left = max(0.0, self.seconds_left or 0.0)
        share = left / self.seconds_total if self.seconds_total > 0 else 0.0
        urgent = left <= 2.0
        pen = QPen(QColor("#ff6b5a" if urgent else "#ffd23f"), size * 0.09)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        inner = rect.adjusted(size * 0.1, size * 0.1, -size * 0.1, -size * 0.1)
        p.drawArc(inner, 90 * 16, int(360 * 16 * min(1.0, share)))
        font = QFont()
        font.setPixelSize(int(size * (0.42 if left < 9.5 else 0.34)))  # two digits fit the ring
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("#ffffff"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(int(left + 0.999)))


class Backdrop(QWidget):
    """A dark veil over the whole kiosk while the PIN pad is open: the customer screen behind
    it is visibly out of reach (the pad is modal), and it follows the kiosk's size."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("kioskBackdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(0, 0, 0, 170))


class PinDialog(QDialog):
    """A touch PIN pad: emits ``entered(pin)`` for each PIN; the kiosk's step machine decides
    (it checks the PIN, counts the wrong ones and closes the pad)."""

    entered = Signal(str)

    def __init__(self, parent: QWidget | None = None, reference: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("kioskPin")
        self.setWindowTitle(self.tr("Staff"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        title = QLabel(self.tr("Staff only"))
        title.setObjectName("kioskPinTitle")
        layout.addWidget(title)
        if reference:
            self.reference = QLabel(self.tr("Session %1").replace("%1", reference))
            self.reference.setObjectName("kioskPinReference")
            layout.addWidget(self.reference)
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
