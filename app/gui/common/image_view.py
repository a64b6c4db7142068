"""``ImageView``: an image scaled to fit, with the face outline and landmark contours drawn over it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.gui.common.backends import FaceView

CLOSED_GROUPS = {"LEFT_EYE", "RIGHT_EYE", "LIBS", "MOUTH"}
PUPILS = {"LEFT_PUPIL", "RIGHT_PUPIL"}


class ImageView(QWidget):
    """Shows one image (card scan, live frame or captured still) with optional overlays."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 210)
        self.image: QImage | None = None
        self.placeholder = placeholder
        self.placeholder_color = QColor("#c9d3de")
        self.face: FaceView | None = None
        self.box: tuple[float, float, float, float] | None = None
        self.box_color = QColor("#2e9d5b")
        self.show_landmarks = True
        self.banner = ""
        self.banner_color = QColor("#0f2a4a")
        self.frames_painted = 0
        self.crop: tuple[int, int, int, int] | None = None  # x, y, w, h of the image shown

    def set_image(self, image: QImage | None, crop: tuple[int, int, int, int] | None = None) -> None:
        """Show ``image``, or only its ``crop`` (x, y, w, h); overlays stay in image pixels."""
        self.image, self.crop = image, crop
        self.update()

    def shown_rect(self) -> QRectF:
        """The part of the image on screen (its crop, or all of it)."""
        assert self.image is not None
        if self.crop is None:
            return QRectF(0, 0, self.image.width(), self.image.height())
        return QRectF(*self.crop)

    def set_overlay(
        self,
        *,
        face: FaceView | None = None,
        box: tuple[float, float, float, float] | None = None,
        box_color: str = "#2e9d5b",
    ) -> None:
        """Draw ``face`` (polygon + landmarks) or just ``box`` over the image."""
        self.face, self.box, self.box_color = face, box, QColor(box_color)
        self.update()

    def set_banner(self, text: str, color: str = "#0f2a4a") -> None:
        self.banner, self.banner_color = text, QColor(color)
        self.update()

    def set_show_landmarks(self, show: bool) -> None:
        self.show_landmarks = show
        self.update()

    def _target(self) -> tuple[QRectF, float]:
        shown = self.shown_rect()
        iw, ih = shown.width(), shown.height()
        scale = min(self.width() / iw, self.height() / ih)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h), scale

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#1b232d"))
        if self.image is None or self.image.isNull():
            p.setPen(self.placeholder_color)
            p.drawText(
                self.rect().adjusted(20, 20, -20, -20),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
            p.end()
            return
        target, scale = self._target()
        shown = self.shown_rect()
        p.drawImage(target, self.image, shown)
        ox, oy = target.x() - shown.x() * scale, target.y() - shown.y() * scale
        p.setClipRect(target)  # an overlay reaching past the crop stops at its edge

        def pt(x: float, y: float) -> QPointF:
            return QPointF(ox + x * scale, oy + y * scale)

        if self.face is not None:
            p.setPen(QPen(self.box_color, 2.5))
            p.drawPolygon(QPolygonF([pt(x, y) for x, y in self.face.polygon]))
            if self.show_landmarks:
                self._draw_landmarks(p, pt)
        elif self.box is not None:
            x1, y1, x2, y2 = self.box
            p.setPen(QPen(self.box_color, 2.5))
            p.drawRect(QRectF(pt(x1, y1), pt(x2, y2)))
        p.setClipping(False)
        if self.banner:
            self._draw_banner(p)
        p.end()
        self.frames_painted += 1

    def _draw_landmarks(self, p: QPainter, pt: object) -> None:
        assert self.face is not None
        to = pt  # callable (x, y) -> QPointF
        p.setPen(QPen(QColor("#ffd23f"), 1.6))
        for name, points in self.face.contours.items():
            if name in PUPILS:
                continue
            poly = QPolygonF([to(x, y) for x, y in points])  # type: ignore[operator]
            if name in CLOSED_GROUPS:
                p.drawPolygon(poly)
            else:
                p.drawPolyline(poly)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#ff4d6d"))
        for name in PUPILS:
            for x, y in self.face.contours.get(name, []):
                p.drawEllipse(to(x, y), 3.5, 3.5)  # type: ignore[operator]
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_banner(self, p: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(12.0, self.height() / 22))
        font.setBold(True)
        p.setFont(font)
        h = p.fontMetrics().height() + 16
        rect = QRectF(0, self.height() - h, self.width(), h)
        bg = QColor(self.banner_color)
        bg.setAlpha(215)
        p.fillRect(rect, bg)
        p.setPen(QColor("#ffffff"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.banner)
