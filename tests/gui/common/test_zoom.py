"""ZoomView / ZoomDialog: zoom about the cursor, pan by dragging, fit again, Esc closes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.gui.common.zoom import MAX_ZOOM, ZoomDialog, ZoomView


def checker(w: int = 400, h: int = 300) -> QImage:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    for y in range(0, h, 20):
        for x in range(0, w, 20):
            if (x // 20 + y // 20) % 2:
                p.fillRect(x, y, 20, 20, QColor("#000000"))
    p.end()
    return img


def view(qtbot: Any, image: QImage | QPixmap | None = None) -> ZoomView:
    v = ZoomView()
    qtbot.addWidget(v)
    v.resize(300, 300)
    v.show()
    qtbot.waitExposed(v)
    v.set_image(checker() if image is None else image)
    return v


def wheel(v: ZoomView, at: QPoint, notches: int) -> None:
    pos = QPointF(at)
    event = QWheelEvent(
        pos,
        QPointF(v.viewport().mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(v.viewport(), event)


def test_image_is_fitted_whole(qtbot: Any) -> None:
    v = view(qtbot)
    port = v.viewport().rect()
    assert v.is_fitted()
    # the whole 400 px width fits the viewport's width
    assert abs(v.zoom() * 400 - port.width()) <= 2
    assert v.mapFromScene(QPointF(0, 0)).x() >= -1
    assert v.mapFromScene(QPointF(400, 300)).x() <= port.width() + 1


def test_wheel_zooms_about_the_cursor(qtbot: Any) -> None:
    v = view(qtbot)
    at = QPoint(60, 200)
    under = v.image_point_at(at)
    fitted = v.zoom()
    wheel(v, at, 3)
    assert v.zoom() > fitted * 1.9
    assert not v.is_fitted()
    after = v.image_point_at(at)
    assert abs(after.x() - under.x()) < 1.0 and abs(after.y() - under.y()) < 1.0
    wheel(v, at, -1)
    assert v.zoom() < fitted * 1.9 * 1.25


def test_keys_zoom_and_zero_fits(qtbot: Any) -> None:
    v = view(qtbot)
    fitted = v.zoom()
    qtbot.keyClick(v, Qt.Key.Key_Plus)
    qtbot.keyClick(v, Qt.Key.Key_Plus)
    assert v.zoom() > fitted * 1.5
    qtbot.keyClick(v, Qt.Key.Key_Minus)
    assert fitted < v.zoom() < fitted * 1.5
    qtbot.keyClick(v, Qt.Key.Key_0)
    assert v.is_fitted() and abs(v.zoom() - fitted) < 1e-6


def test_zoom_is_bounded(qtbot: Any) -> None:
    v = view(qtbot)
    fitted = v.zoom()
    for _ in range(40):
        v.zoom_by(2.0)
    assert abs(v.zoom() - MAX_ZOOM) < 1e-6
    for _ in range(40):
        v.zoom_by(0.5)
    assert abs(v.zoom() - fitted) < 1e-6 and v.is_fitted()


def test_drag_pans_and_double_click_fits(qtbot: Any) -> None:
    v = view(qtbot)
    fitted = v.zoom()
    v.zoom_by(4.0)
    centre = v.viewport().rect().center()
    before = v.image_point_at(centre)
    qtbot.mousePress(v.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    for step in range(1, 6):
        qtbot.mouseMove(v.viewport(), centre + QPoint(10 * step, 8 * step))
    qtbot.mouseRelease(v.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(50, 40))
    after = v.image_point_at(centre)
    assert after.x() < before.x() - 5 and after.y() < before.y() - 5  # the image moved with the hand
    qtbot.mouseDClick(v.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert v.is_fitted() and abs(v.zoom() - fitted) < 1e-6


def test_fitted_view_refits_on_resize_and_takes_a_pixmap(qtbot: Any) -> None:
    v = view(qtbot, QPixmap.fromImage(checker(100, 100)))
    v.resize(500, 500)
    qtbot.wait(10)
    assert abs(v.zoom() * 100 - min(v.viewport().width(), v.viewport().height())) <= 2
    v.set_image(None)
    assert not v.has_image()
    v.zoom_by(2.0)  # nothing to zoom: no error


def test_dialog_closes_on_escape(qtbot: Any) -> None:
    d = ZoomDialog(checker(), "Card face")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    assert d.windowTitle() == "Card face" and d.view.has_image()
    assert d.isVisible()
    qtbot.keyClick(d.view, Qt.Key.Key_Escape)
    assert not d.isVisible()
