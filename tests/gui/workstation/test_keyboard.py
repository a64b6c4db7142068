"""The whole verification from the keyboard, counting the operator's actions after the card is in.

An action is one key press or chord, or typing the customer reference (one field filled). The
card is placed (the scanner folder or Ctrl+O loads it); the photo is taken and compared by
itself. Target: a MATCH in at most 3 actions.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.cases import Outcome
from tests.gui.conftest import MATCH, NO_MATCH, REVIEW, data_file

pytestmark = [pytest.mark.models, pytest.mark.data]


class Keyboard:
    """Types into whatever has the focus, as a person at the keyboard does, and counts."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot, self.actions = qtbot, 0

    def focus(self) -> Any:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus(), text)
        self.actions += 1

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus(), key, modifier)
        self.actions += 1


def to_result(qtbot: Any, window: Any, card: str) -> Any:
    window.activateWindow()
    with qtbot.waitSignal(window.result_shown, timeout=60000) as shown:
        window.card_panel.load_path(data_file(card))  # placed: not counted
    return shown.args[0]


@pytest.mark.parametrize(
    ("pair", "decision", "outcome"),
    [
        (MATCH, "MATCH", Outcome.ACCEPTED),
        (NO_MATCH, "NO_MATCH", Outcome.REJECTED),
        (REVIEW, "REVIEW", Outcome.FLAGGED),
    ],
)
def test_following_the_engine_takes_three_actions(
    qtbot: Any, make_window: Any, camera_folder: Any, pair: tuple[str, str], decision: str, outcome: Outcome
) -> None:
    window = make_window(camera_folder(pair[1]))
    assert to_result(qtbot, window, pair[0]).decision == decision
    keys = Keyboard(qtbot)
    assert keys.focus() is window.case_bar.customer  # the result puts the cursor where it is needed
    keys.type("CUST-1")
    keys.key(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # the customer consented
    assert window.case_bar.consented
    with qtbot.waitSignal(window.case_recorded, timeout=5000) as rec:
        keys.key(Qt.Key.Key_Return)  # decide as the engine did
    assert rec.args[0].outcome is outcome and rec.args[0].customer_ref == "CUST-1"
    assert keys.actions == 3
    keys.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # the next customer
    assert window.session.card is None and window.case_bar.customer.text() == ""


def test_an_override_from_the_keyboard(qtbot: Any, make_window: Any, camera_folder: Any) -> None:
    """Accepting a NO MATCH: reference, consent, Ctrl+1, the reason, Ctrl+Enter."""
    from PySide6.QtCore import QTimer

    window = make_window(camera_folder(NO_MATCH[1]))
    assert to_result(qtbot, window, NO_MATCH[0]).decision == "NO_MATCH"
    keys = Keyboard(qtbot)
    keys.type("CUST-2")
    keys.key(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    seen: list[Any] = []
    tries = [0]

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        tries[0] += 1
        if (dialog is None or focus is None or focus.window() is not dialog) and tries[0] < 250:
            QTimer.singleShot(20, in_dialog)  # until the dialog is up and has the keyboard
            return
        assert dialog is not None
        seen.append(keys.focus() is dialog.reason)  # the cursor is in the reason
        try:
            keys.type("Card photo 9 years old; address checked")
            keys.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        finally:
            if dialog.isVisible():  # never leave the test waiting on an open dialog
                dialog.reject()

    QTimer.singleShot(20, in_dialog)
    with qtbot.waitSignal(window.case_recorded, timeout=10000) as rec:
        keys.key(Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert seen == [True]
    assert rec.args[0].outcome is Outcome.ACCEPTED and "override" in rec.args[0].flag_reasons
    assert keys.actions == 5


def test_tab_follows_the_verification(make_window: Any) -> None:
    window = make_window(None)
    bar, rp = window.case_bar, window.result_panel
    chain = [rp.card_crop, rp.face_crop, bar.customer, bar.consent, bar.note, *bar.buttons.values()]
    for first, second in itertools.pairwise(chain):
        assert first.nextInFocusChain() is second or _next_focusable(first) is second, (first, second)


def _next_focusable(widget: Any) -> Any:
    nxt = widget.nextInFocusChain()
    while nxt is not widget and not (nxt.focusPolicy() & Qt.FocusPolicy.TabFocus):
        nxt = nxt.nextInFocusChain()
    return nxt
