"""The counter's decision on the real screen (offscreen, real engine): the customer's consent is
confirmed before any case, going against the engine needs a confirmation naming what the engine
said and a written reason, and the button that agrees with the engine is the one put forward."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.cases import Outcome
from tests.gui.conftest import MATCH, NO_MATCH
from tests.gui.workstation.test_verify_screen import run_to_result

pytestmark = [pytest.mark.models, pytest.mark.data]


def on_dialog(act: Callable[[Any], None], seen: list[Any]) -> Callable[[], None]:
    """When the confirmation opens: note it and ``act`` on it. Returns what stops the watch."""
    watching = [True]

    def go() -> None:
        if not watching[0]:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, go)
            return
        watching[0] = False
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(20, go)
    return lambda: watching.__setitem__(0, False)


def prominent(button: Any) -> bool:
    return button.property("prominent") is True and button.isDefault()


def test_accepting_a_no_match_needs_consent_a_confirmation_and_a_written_reason(
    qtbot: Any, make_window: Any, camera_folder: Any
) -> None:
    window = make_window(camera_folder(NO_MATCH[1]), auto_capture=False)
    view = run_to_result(qtbot, window, NO_MATCH[0], capture=True)
    assert view.decision == "NO_MATCH"
    bar = window.case_bar
    accept, reject = bar.buttons[Outcome.ACCEPTED], bar.buttons[Outcome.REJECTED]
    assert prominent(reject) and not prominent(accept) and not prominent(bar.buttons[Outcome.FLAGGED])
    bar.customer.setText("CUST-7")
    # no consent confirmed: nothing is recorded, not even asked
    seen: list[Any] = []
    stop = on_dialog(lambda d: d.reject(), seen)
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    stop()
    assert window.store.list() == [] and "consent" in bar.message.text() and seen == []
    bar.consent.setChecked(True)

    # the confirmation names the engine's decision; without a reason it cannot be confirmed
    def look_then_go_back(dialog: Any) -> None:
        assert "NO MATCH" in dialog.engine_text.text() and "Accept" in dialog.engine_text.text()
        assert not dialog.confirm_button.isEnabled() and dialog.back_button.isDefault()
        dialog.reason.setPlainText("   ")
        assert not dialog.confirm_button.isEnabled()
        dialog.reject()

    on_dialog(look_then_go_back, seen)
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert window.store.list() == [] and accept.isEnabled()  # going back records nothing
    # with a reason: recorded, flagged as an override, in the reviewer's queue
    reason = "Card photo 9 years old; signature and address checked"

    def give_reason(dialog: Any) -> None:
        qtbot.keyClicks(dialog.reason, reason)
        assert dialog.confirm_button.isEnabled()
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    on_dialog(give_reason, seen)
    with qtbot.waitSignal(window.case_recorded, timeout=10000) as rec:
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    record = rec.args[0]
    assert record.outcome is Outcome.ACCEPTED and record.decision == "NO_MATCH"
    assert record.note == reason and record.consent is True
    assert "override" in record.flag_reasons
    assert [c.case_id for c in window.store.queue(reason="override")] == [record.case_id]


def test_following_the_engine_asks_no_confirmation_and_consent_is_asked_per_customer(
    qtbot: Any, make_window: Any, camera_folder: Any
) -> None:
    window = make_window(camera_folder(MATCH[1]))
    assert run_to_result(qtbot, window, MATCH[0]).decision == "MATCH"
    bar = window.case_bar
    assert prominent(bar.buttons[Outcome.ACCEPTED]) and not prominent(bar.buttons[Outcome.REJECTED])
    bar.customer.setText("CUST-42")
    bar.consent.setChecked(True)
    seen: list[Any] = []
    stop = on_dialog(lambda d: d.reject(), seen)
    with qtbot.waitSignal(window.case_recorded, timeout=5000) as rec:
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    stop()
    assert rec.args[0].outcome is Outcome.ACCEPTED and rec.args[0].consent is True and seen == []
    window.new_customer()
    assert not bar.consent.isChecked()  # the next customer is asked again
