"""No camera, the About box, the card crop and the hints: the counter's parts around a comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import pytest

from app.gui.workstation.session import Step
from tests.gui.workstation.test_card_bounds import SAMPLES, on_a_bed

pytestmark = [pytest.mark.models]


def test_no_camera_says_so_and_offers_a_picker(qtbot: Any, make_window: Any, monkeypatch: Any) -> None:
    """No camera connected (the test machine has none): a clear page, the cameras there are, and
    the one picked is saved and opened."""
    window = make_window(None)  # no camera file, no device
    panel = window.camera_panel
    assert not panel.has_camera and panel.pages.currentWidget() is panel.no_camera
    page = panel.no_camera
    assert "no camera" in page.reason.text().lower()
    assert not page.use_button.isEnabled() and not panel.capture_button.isEnabled()
    assert "camera" in window.result_panel.advice.text().lower()  # the hint says what to do
    # a camera is plugged in: "Look again" lists it, "Use this camera" saves and opens it
    monkeypatch.setattr(
        "app.gui.workstation.no_camera.camera_devices", lambda: [("0a1b", "USB Camera (front desk)")]
    )
    page.refresh_button.click()
    assert page.cameras.currentText() == "USB Camera (front desk)" and page.use_button.isEnabled()
    opened: list[str] = []
    monkeypatch.setattr(panel, "open", lambda _file, device: opened.append(device))
    page.use_button.click()
    assert window.settings.camera_device == "0a1b" and opened == ["0a1b"]
    assert window.qsettings.value("camera_device") == "0a1b"  # kept for the next start


def test_the_licence_is_in_the_about_box_not_the_result(
    qtbot: Any, make_window: Any, open_engine: Any
) -> None:
    window = make_window(None)
    assert "licence" not in window.result_panel.fields
    assert "licence" not in window.header.mode_label.text()
    window.about_action.trigger()  # F1
    dialog = window.about_dialog
    text = dialog.text.toPlainText()
    assert open_engine.pack.licence.summary[:40] in text or open_engine.pack.licence.detail[:40] in text
    assert "the landmark model may not be used commercially" in text  # the open grant, in words
    assert "Ctrl+N" in text and "Alt+C" in text  # the keys, too
    dialog.accept()


def test_a_scan_on_the_scanner_bed_is_shown_cropped_to_the_card(
    qtbot: Any, make_window: Any, tmp_path: Path
) -> None:
    window = make_window(None)
    scan, corners = on_a_bed(cv2.imread(str(SAMPLES / "card.jpg")), 5.0, (400, 250))
    cv2.imwrite(str(tmp_path / "scan.png"), scan)
    window.card_panel.load_path(tmp_path / "scan.png")
    qtbot.waitUntil(lambda: window.card_panel.data is not None, timeout=20000)
    view = window.card_panel.view
    assert view.crop is not None
    x, _y, w, h = view.crop
    assert x <= corners[:, 0].min() + 2 and x + w >= corners[:, 0].max() - 2
    assert w * h < 0.6 * scan.shape[0] * scan.shape[1]  # the bed is left out
    qtbot.waitUntil(lambda: view.box is not None, timeout=20000)  # the card's face, inside the crop
    assert view.box[0] >= x and view.box[2] <= x + w
    assert window.session.step is Step.CAPTURE_FACE
    assert window.result_panel.advice.text() != window.result_panel.step_text(Step.PLACE_CARD)
