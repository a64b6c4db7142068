"""The verify screen end to end: real window (offscreen), real engine, a folder as the camera."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.cases import Outcome, image_sha256
from app.contract.score import score_text
from app.gui.common.backends import CompareFailed, CompareView
from app.gui.common.images import qimage_to_bgr
from app.gui.common.messages import error_text, pose_label_text
from app.gui.workstation.result_panel import CROP
from app.gui.workstation.session import Step
from tests.conftest import DATA, need
from tests.gui.conftest import MATCH, NO_MATCH, REVIEW, data_file

pytestmark = [pytest.mark.models, pytest.mark.data]


def run_to_result(qtbot: Any, window: Any, card: str, *, capture: bool = False) -> Any:
    """Load ``card``; capture by button when asked (else automatically); return what was shown."""
    with qtbot.waitSignal(window.result_shown, timeout=60000) as blocker:
        window.card_panel.load_path(data_file(card))
        if capture:
            qtbot.waitUntil(lambda: window.camera_panel.latest is not None, timeout=10000)
            qtbot.mouseClick(window.camera_panel.capture_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def assert_screen_shows(window: Any, expected: Any) -> None:
    """The gauge, decision, crops, pose and mask widgets show what the engine returned."""
    rp = window.result_panel
    assert rp.gauge.value == pytest.approx(expected.similarity * 100, abs=1e-6)
    assert rp.gauge.review == pytest.approx(expected.thresholds.review * 100)
    assert rp.gauge.match == pytest.approx(expected.thresholds.match * 100)
    wanted = {"MATCH": "MATCH", "REVIEW": "REVIEW", "NO_MATCH": "NO MATCH"}[str(expected.decision)]
    assert rp.decision.text() == wanted
    # one number everywhere: the gauge, the details and the CLI read score_text
    assert rp.gauge.number_text() == score_text(expected.similarity)
    assert rp.fields["similarity"].text().startswith(f"{score_text(expected.similarity)} of 100: ")
    for button, face in ((rp.card_crop, expected.card), (rp.face_crop, expected.face)):
        shown = qimage_to_bgr(button.icon().pixmap(CROP, CROP).toImage())
        assert shown.shape[:2] == (CROP, CROP) and CROP >= 250  # twice the 125 px of round 3
        # the crop on screen is the engine's aligned crop (scaled): same mean colour
        assert np.abs(shown.reshape(-1, 3).mean(0) - face.aligned.reshape(-1, 3).mean(0)).max() < 4
    pose = rp.fields["pose_face"].text()
    assert pose_label_text(expected.face.pose.label) in pose and f"yaw {expected.face.pose.yaw:+.0f}°" in pose
    assert f"pitch {expected.card.pose.pitch:+.0f}°" in rp.fields["pose_card"].text()
    mask = rp.fields["mask"].text()
    assert ("wearing a mask" in mask) == expected.face.is_wearing_mask
    assert f"({expected.face.mask_probability * 100:.0f}%)" in mask
    assert "open" in rp.fields["pack"].text() and "licence" not in rp.fields  # in Help ▸ About


def test_match_auto_capture_then_accept_records_a_case(
    qtbot: Any, make_window: Any, camera_folder: Any, open_engine: Any
) -> None:
    """A matching pair: the face is captured automatically, compared, shown, and accepted as a case."""
    window = make_window(camera_folder(MATCH[1]))
    view = run_to_result(qtbot, window, MATCH[0])
    assert isinstance(view, CompareView) and view.mode == "local"
    expected = open_engine.compare(window.session.card, window.session.face)
    assert str(expected.decision) == "MATCH" == view.decision
    assert_screen_shows(window, expected)
    # landmark overlays are drawn on both originals and toggle together
    assert window.card_panel.view.face is view.card and window.camera_panel.view.face is view.face
    assert window.card_panel.view.show_landmarks
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.card_panel.view.show_landmarks and not window.camera_panel.view.show_landmarks
    # accept needs the customer reference first
    bar = window.case_bar
    qtbot.mouseClick(bar.buttons[Outcome.ACCEPTED], Qt.MouseButton.LeftButton)
    assert window.store.list() == [] and "customer reference" in bar.message.text()
    qtbot.keyClicks(bar.customer, "CUST-42")
    qtbot.keyClicks(bar.note, "photo matches")
    bar.consent.setChecked(True)
    with qtbot.waitSignal(window.case_recorded, timeout=5000) as rec:
        qtbot.mouseClick(bar.buttons[Outcome.ACCEPTED], Qt.MouseButton.LeftButton)
    record = rec.args[0]
    assert window.store.list() == [record]
    assert record.outcome is Outcome.ACCEPTED and record.customer_ref == "CUST-42"
    assert record.note == "photo matches" and record.operator == "op-1" and record.workstation == "test-ws"
    assert record.decision == "MATCH" and record.similarity == pytest.approx(view.similarity)
    assert record.card_sha256 == image_sha256(data_file(MATCH[0]).read_bytes())
    # the reviewer later sees the operator's overlays: both faces' boxes and landmarks are kept
    assert record.card_geometry is not None and record.face_geometry is not None
    assert record.card_geometry.box == pytest.approx(view.card.box, abs=0.05)
    assert len(record.face_geometry.points) == len(view.face.landmarks)
    assert record.face_sha256 == image_sha256(window.session.face)
    # the capture quality is kept, so the review queue's poor-quality rule can fire
    q = expected.face.quality
    assert record.face_size_px == pytest.approx(q.face_size_px)
    assert record.face_sharpness == pytest.approx(q.sharpness)
    assert record.face_brightness == pytest.approx(q.brightness)
    assert not bar.buttons[Outcome.ACCEPTED].isEnabled()  # one record per result


def test_no_match_by_capture_button_then_flag(
    qtbot: Any, make_window: Any, camera_folder: Any, open_engine: Any
) -> None:
    """A different person, captured by the button with auto-capture off: NO MATCH, flagged."""
    window = make_window(camera_folder(NO_MATCH[1]), auto_capture=False)
    assert not window.camera_panel.auto.isChecked()
    view = run_to_result(qtbot, window, NO_MATCH[0], capture=True)
    expected = open_engine.compare(window.session.card, window.session.face)
    assert view.decision == str(expected.decision) == "NO_MATCH"
    assert_screen_shows(window, expected)
    window.case_bar.customer.setText("CUST-7")
    window.case_bar.consent.setChecked(True)
    with qtbot.waitSignal(window.case_recorded, timeout=5000) as rec:
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert rec.args[0].outcome is Outcome.FLAGGED
    # Ctrl+N clears everything for the next customer
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.session.card is None and window.session.result is None
    assert window.result_panel.gauge.value is None


def test_review_band(qtbot: Any, make_window: Any, camera_folder: Any, open_engine: Any) -> None:
    """A grey-band pair shows REVIEW with the needle between the two thresholds."""
    window = make_window(camera_folder(REVIEW[1]))
    view = run_to_result(qtbot, window, REVIEW[0])
    expected = open_engine.compare(window.session.card, window.session.face)
    assert view.decision == str(expected.decision) == "REVIEW"
    assert_screen_shows(window, expected)
    g = window.result_panel.gauge
    assert g.review <= g.value < g.match


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("not_an_image.jpg", "UNSUPPORTED_FORMAT"),
        ("truncated.jpg", "IMAGE_DECODE_FAILED"),
        ("two_pages.pdf", "MULTIPAGE_NOT_SUPPORTED"),
    ],
)
def test_bad_card_files_are_explained_in_plain_words(
    qtbot: Any, make_window: Any, name: str, code: str
) -> None:
    """A hostile card file is refused with the engine's error in words an operator can act on."""
    window = make_window(None)
    with qtbot.waitSignal(window.result_shown, timeout=20000) as blocker:
        window.card_panel.load_path(need(DATA / "idcard-dev" / "bad" / name))
    assert isinstance(blocker.args[0], CompareFailed)
    assert window.session.card is None
    # what went wrong, then what to do next
    advice = window.result_panel.advice.text().split("\n")
    assert advice == [error_text(code), window.result_panel.step_text(Step.FIX_CARD)]
    assert window.card_panel.view.placeholder.endswith(error_text(code))
    assert error_text(code) != error_text("SOMETHING_ELSE")


def test_engine_loads_off_the_gui_thread_with_progress(qtbot: Any, make_window: Any) -> None:
    """Without a preloaded engine the window opens at once, shows progress, and becomes ready."""
    from app.gui.workstation.main import preload_engine_modules

    preload_engine_modules()
    window = make_window(None, engine=None)
    assert window.session.backend is None and window.progress.isVisible()
    assert "Loading model pack" in window.status_text.text()
    ticks = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with qtbot.waitSignal(window.ready, timeout=60000):
        pass
    timer.stop()
    assert window.session.backend is not None and not window.progress.isVisible()
    assert ticks, "the event loop kept running while the engine loaded"
    assert window.engine.pack.name in window.header.mode_label.text()


def test_settings_never_show_the_secret(
    qtbot: Any, make_window: Any, tmp_path: Any, memory_keyring: Any
) -> None:
    """The secret field starts empty; leaving it empty keeps the saved secret; settings persist."""
    from app.gui.common.settings import WorkstationSettings, open_qsettings
    from app.gui.workstation.settings_dialog import SettingsDialog

    saved = WorkstationSettings(engine_mode="remote", secret="s3cret-value", workstation="w", cases_db="x")
    dialog = SettingsDialog(saved, packs=["open"], cameras=[("cam-1", "USB camera")], thresholds="t")
    qtbot.addWidget(dialog)
    assert dialog.secret.text() == "" and "s3cret" not in dialog.secret.placeholderText()
    assert dialog.secret.echoMode() == dialog.secret.EchoMode.Password
    dialog.language.setCurrentIndex(dialog.language.findData("ko"))
    kept = dialog.result_settings()
    assert kept.secret == "s3cret-value" and kept.language == "ko"
    dialog.secret.setText("new-secret")
    assert dialog.result_settings().secret == "new-secret"
    qs = open_qsettings(tmp_path / "s.ini")
    kept.save(qs)
    assert WorkstationSettings.load(open_qsettings(tmp_path / "s.ini")) == kept


def test_korean_translation_is_installed(qtbot: Any, make_window: Any) -> None:
    """With the Korean .qm loaded, the window and the guidance speak Korean."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from app.gui.common.guidance import Hint
    from app.gui.common.messages import hint_text
    from app.gui.common.resources import install_translators, remove_translators
    from tests.gui.conftest import assert_renders_in_korean_font

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setFont(QFont("DejaVu Sans"))  # as before any window registered the shipped font
    translators = install_translators(app, "ko", "facecompare")
    assert len(translators) == 2, "resources/translations/facecompare_ko.qm (or Qt's qtbase_ko.qm) is missing"
    try:
        window = make_window(None)
        assert window.windowTitle() == "얼굴 대조 워크스테이션"
        assert hint_text(Hint.COME_CLOSER) == "조금 더 가까이 와 주세요"
        assert window.case_bar.buttons[Outcome.ACCEPTED].text() == "승인"
        assert_renders_in_korean_font(window.case_bar.buttons[Outcome.ACCEPTED], "승인")
        assert_renders_in_korean_font(window.result_panel.decision, "검토 필요")
    finally:
        remove_translators(app, translators)
    assert hint_text(Hint.COME_CLOSER) == "Come closer"
