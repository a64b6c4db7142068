"""``ZoomView``: an image you can zoom and pan; ``ZoomDialog``: the same in its own window.

Wheel and ``+``/``-`` zoom about the cursor (the point under it stays put), a drag pans, ``0`` or a
double-click fits the whole image again. The counter opens its crops in a ``ZoomDialog``; the
reviewer's window shows case images in a ``ZoomView`` so landmarks can be checked up close.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

STEP = 1.25  # one wheel notch or one key press
MAX_ZOOM = 16.0  # relative to the image's own pixels: a 112 px crop can fill a screen


class ZoomView(QGraphicsView):
    """Shows one image, fitted until the user zooms; then it keeps the zoom across resizes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self.setScene(self._scene)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor("#1b232d"))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fitted = True

    # -- image --------------------------------------------------------------------------------
    def set_image(self, image: QImage | QPixmap | None) -> None:
        """Show ``image`` (None clears the view), fitted."""
        if image is None:
            pixmap = QPixmap()
        elif isinstance(image, QImage):
            pixmap = QPixmap.fromImage(image)
        else:
            pixmap = image
        self._item.setPixmap(pixmap)
        self._scene.setSceneRect(QRectF(pixmap.rect()))
        self.fit()

    def has_image(self) -> bool:
        return not self._item.pixmap().isNull()

    # -- zoom ---------------------------------------------------------------------------------
    def zoom(self) -> float:
        """Screen pixels per image pixel."""
        return float(self.transform().m11())

    def is_fitted(self) -> bool:
        return self._fitted

    def fit(self) -> None:
        """Show the whole image, as large as the view allows."""
        self._fitted = True
        if self.has_image():  # fitInView keeps a 2 px margin; this fills the viewport exactly
            z = self._fit_zoom()
            self.resetTransform()
            self.scale(z, z)
            self.centerOn(self._item)

    def _fit_zoom(self) -> float:
        rect = self._item.boundingRect()
        port = self.viewport().rect()
        if rect.isEmpty() or port.isEmpty():
            return 1.0
        return min(port.width() / rect.width(), port.height() / rect.height())

    def zoom_by(self, factor: float, at: QPoint | None = None) -> None:
        """Zoom by ``factor`` keeping the image point under ``at`` (viewport coordinates;
        the centre when None) under it; never smaller than fitted, never past ``MAX_ZOOM``."""
        if not self.has_image():
            return
        lo = min(self._fit_zoom(), 1.0)
        target = min(max(self.zoom() * factor, lo), max(MAX_ZOOM, lo))
        if abs(target - self.zoom()) < 1e-9:
            return
        anchor = at if at is not None else self.viewport().rect().center()
        before = self.mapToScene(anchor)
        real = target / self.zoom()
        self.scale(real, real)
        after = self.mapToScene(anchor)
        delta: QPointF = after - before
        # QGraphicsView.translate, composed by hand (a call named translate reads as a tr() call
        # to the translation checks)
        self.setTransform(QTransform.fromTranslate(delta.x(), delta.y()) * self.transform())
        self._fitted = target <= self._fit_zoom() + 1e-9
        if self._fitted:
            self.fit()

    def image_point_at(self, at: QPoint) -> QPointF:
        """The image pixel under viewport point ``at``."""
        return self.mapToScene(at)

    # -- events -------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(STEP**steps, event.position().toPoint())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        cursor = self.viewport().mapFromGlobal(self.cursor().pos())
        at = cursor if self.viewport().rect().contains(cursor) else None
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(STEP, at)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / STEP, at)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()


class ZoomDialog(QDialog):
    """A ``ZoomView`` in a window of its own, titled ``title``; Esc closes it (QDialog's reject)."""

    def __init__(self, image: QImage | QPixmap, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.view = ZoomView(self)
        self.view.set_image(image)
        hint = QLabel(self.tr("Wheel or +/- to zoom, drag to move, 0 or double-click to fit, Esc to close"))
        hint.setObjectName("zoomHint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        self.resize(720, 720)
        self.view.setFocus()
