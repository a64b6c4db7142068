"""A counter shift, played on the real windows with the real engine and a SQLite case store.

op-1 signs in at the workstation's sign-in; three customers come to the counter: a MATCH
(followed), a NO MATCH (accepted against the engine with a written reason) and a REVIEW (followed:
flagged). The operator quits; the reviewer ``rev`` signs in to the reviewer's window, decides both
flagged cases from their sealed images, and exports the audit log as CSV, which must verify and
hold the shift. Each verification's keys and clicks after the card is placed are counted (as in
tests/gui/workstation/test_keyboard.py); the target is a MATCH in at most 3 actions.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QWidget

from app.cases import Outcome, Role, SqlCaseStore, User, Verdict
from tests.gui.conftest import MATCH, NO_MATCH, REVIEW, data_file
from tests.gui.workstation.test_keyboard import Keyboard, to_result

pytestmark = [pytest.mark.models, pytest.mark.data]

# the customers of the shift: (pair, reference, what the engine says)
CUSTOMERS = [(MATCH, "CUST-1", "MATCH"), (NO_MATCH, "CUST-2", "NO_MATCH"), (REVIEW, "CUST-3", "REVIEW")]
TARGETS = {"MATCH": 3, "NO MATCH, overridden": 5, "REVIEW, flagged": 3}


class Hands(Keyboard):
    """The keyboard, and the mouse: a click is one action too."""

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        where = widget.rect().center() if pos is None else pos
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)
        self.actions += 1


def in_modal(kind: type[QDialog], act: Callable[[Any], None]) -> list[Any]:
    """Runs ``act(dialog)`` once a modal ``kind`` is up and has the keyboard (the caller then
    opens it, with ``exec``); the dialog is rejected after if ``act`` left it open. Returns the
    dialogs seen (one when it came)."""
    seen: list[Any] = []
    tries = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        tries[0] += 1
        if not isinstance(dialog, kind) or focus is None or focus.window() is not dialog:
            if tries[0] < 500:  # 10 s
                QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        try:
            act(dialog)
        finally:
            if dialog.isVisible():  # never leave the test waiting on an open dialog
                dialog.reject()

    QTimer.singleShot(20, poll)
    return seen


def sign_in_by_keyboard(keys: Keyboard, username: str, password: str) -> Callable[[Any], None]:
    """Name, Tab, password, Enter: what a person types at the sign-in."""

    def act(dialog: Any) -> None:
        assert keys.focus() is dialog.username
        keys.type(username)
        keys.key(Qt.Key.Key_Tab)
        assert keys.focus() is dialog.password
        keys.type(password)
        keys.key(Qt.Key.Key_Return)

    return act


def override_reason(hands: Hands, reason: str) -> Callable[[Any], None]:
    """In the override dialog: the reason typed where the cursor is, then Ctrl+Enter."""

    def act(dialog: Any) -> None:
        assert hands.focus() is dialog.reason
        hands.type(reason)
        hands.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    return act


def activate(qtbot: Any, window: QWidget) -> None:
    """``window`` active, as the window manager makes a window that is shown or that a closed
    dialog leaves behind (the offscreen platform does neither)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def camera_of(tmp_path: Path, customer: int, selfie: str) -> Path:
    """The folder the file camera plays while ``customer`` sits in front of it."""
    folder = tmp_path / f"camera-{customer}"
    folder.mkdir()
    shutil.copy(data_file(selfie), folder / f"000{Path(selfie).suffix}")
    return folder


@pytest.fixture
def shift_store(tmp_path: Path, qapp: Any) -> Iterator[SqlCaseStore]:
    """The branch's case store: an admin, an operator and a reviewer; an image key, so flagged
    cases keep their sealed images until reviewed (retention itself is off)."""
    store = SqlCaseStore.at(tmp_path / "cases.sqlite3", image_key=os.urandom(32))
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("op-1", Role.OPERATOR, "operator-pw", actor="boss")
    store.add_user("rev", Role.REVIEWER, "reviewer-pw", actor="boss")
    yield store
    store.close()


def test_a_counter_shift(
    qtbot: Any,
    tmp_path: Path,
    open_engine: Any,
    shift_store: SqlCaseStore,
    record_property: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.cases.auditor import read_rows, verify_export
    from app.gui.common.resources import stylesheet
    from app.gui.common.settings import WorkstationSettings, open_qsettings
    from app.gui.common.signin import SignInDialog
    from app.gui.review import login
    from app.gui.review.window import ReviewWindow
    from app.gui.workstation.main import sign_in
    from app.gui.workstation.main_window import MainWindow

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the file dialog's history
    store = shift_store
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(stylesheet())

    # -- op-1 signs in, as `facecompare gui` starts: the sign-in first, then the window -----------
    signing = Hands(qtbot)  # setup, not part of any verification
    seen = in_modal(SignInDialog, sign_in_by_keyboard(signing, "op-1", "operator-pw"))
    user = sign_in(store)
    assert len(seen) == 1 and seen[0].windowTitle() == "Workstation sign-in"
    assert user is not None and user.username == "op-1" and user.role is Role.OPERATOR
    ws = WorkstationSettings(workstation="test-ws", cases_db=str(tmp_path / "cases.sqlite3"))
    cameras = [camera_of(tmp_path, i + 1, pair[1]) for i, (pair, _ref, _d) in enumerate(CUSTOMERS)]
    window = MainWindow(
        ws,
        store=store,
        qsettings=open_qsettings(tmp_path / "settings.ini"),
        camera_file=cameras[0],
        engine=open_engine,
        user=user,
    )
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    assert window.header.user_label.text() == "Operator: op-1"

    # -- three customers ------------------------------------------------------------------------
    counts: dict[str, int] = {}
    records: dict[str, Any] = {}
    between = Hands(qtbot)  # actions that end one verification and start the next
    for i, (pair, ref, decision) in enumerate(CUSTOMERS):
        if i:
            # the next customer sits down in front of the camera, and the operator starts afresh
            window.camera_panel.open(cameras[i], "")
            activate(qtbot, window)  # offscreen, no window manager gives it back after a dialog
            between.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
            assert window.session.card is None and window.case_bar.customer.text() == ""
        assert to_result(qtbot, window, pair[0]).decision == decision  # the card placed: not counted
        hands = Hands(qtbot)
        assert hands.focus() is window.case_bar.customer
        hands.type(ref)
        hands.key(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # the customer consented
        if decision == "NO_MATCH":  # the operator accepts against the engine, and writes why
            reason = "Card photo 9 years old; address and signature checked"
            dialogs = in_modal(QDialog, override_reason(hands, reason))
            with qtbot.waitSignal(window.case_recorded, timeout=10000) as rec:
                hands.key(Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Accept
            assert len(dialogs) == 1
            assert rec.args[0].outcome is Outcome.ACCEPTED and "override" in rec.args[0].flag_reasons
            assert rec.args[0].note == reason
            counts["NO MATCH, overridden"] = hands.actions
        else:
            with qtbot.waitSignal(window.case_recorded, timeout=10000) as rec:
                hands.key(Qt.Key.Key_Return)  # decide as the engine did
            if decision == "MATCH":
                assert rec.args[0].outcome is Outcome.ACCEPTED and not rec.args[0].flag_reasons
                counts["MATCH"] = hands.actions
            else:
                assert rec.args[0].outcome is Outcome.FLAGGED and "review_band" in rec.args[0].flag_reasons
                counts["REVIEW, flagged"] = hands.actions
        assert rec.args[0].customer_ref == ref and rec.args[0].operator == "op-1"
        records[ref] = rec.args[0]
    between.key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # the operator quits
    assert not window.isVisible()
    (out_row,) = store.audit(action="user.signed_out")  # the log knows when the shift ended
    assert out_row.actor == "op-1" and '"workstation":"test-ws"' in out_row.payload.replace(" ", "")
    assert store.count() == 3

    # -- the reviewer: signs in as `facecompare review` does, then decides the flagged cases ------
    seen = in_modal(login.SignInDialog, sign_in_by_keyboard(signing, "rev", "reviewer-pw"))
    dialog = login.SignInDialog(store)
    assert dialog.exec() == QDialog.DialogCode.Accepted and len(seen) == 1
    reviewer = dialog.user
    assert isinstance(reviewer, User) and reviewer.username == "rev"
    review = ReviewWindow(store, reviewer)
    qtbot.addWidget(review)
    review.show()
    activate(qtbot, review)
    queue = review.queue
    assert sorted(r.customer_ref for r in queue.state.cases) == ["CUST-2", "CUST-3"]
    verdicts = {"CUST-2": Verdict.REJECTED, "CUST-3": Verdict.APPROVED}
    reasons = {
        "CUST-2": "Different jaw line and ear shape; the override is not supported",
        "CUST-3": "Same person: scar above the left eyebrow on both photos",
    }
    reviewing: dict[str, int] = {}
    for ref in ("CUST-2", "CUST-3"):
        hands = Hands(qtbot)
        row = next(i for i, r in enumerate(queue.state.cases) if r.customer_ref == ref)
        item = queue.table.item(row, 0)
        assert item is not None
        cell = queue.table.visualItemRect(item).center()
        hands.click(queue.table.viewport(), cell)  # the case
        case = queue.state.selected
        assert case is not None and case.case_id == records[ref].case_id
        assert queue.view.card_image.view.has_image() and queue.view.face_image.view.has_image()
        expected = "override" if ref == "CUST-2" else "review_band"
        assert expected in case.flag_reasons
        assert not queue.approve.isEnabled() and not queue.reject.isEnabled()  # the reason first
        assert hands.focus() is queue.reason_edit  # the click on the case put the cursor there
        qtbot.keyClick(queue.reason_edit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # not counted
        assert store.review_of(case.case_id) is None  # no decision without a reason, by key either
        hands.type(reasons[ref])
        with qtbot.waitSignal(queue.reviewed, timeout=5000):  # Alt+N not the same, Alt+S same
            hands.key(
                Qt.Key.Key_N if verdicts[ref] is Verdict.REJECTED else Qt.Key.Key_S,
                Qt.KeyboardModifier.AltModifier,
            )
        reviewing[ref] = hands.actions
        assert hands.focus() is queue.table  # on to the next case
        decided = store.review_of(case.case_id)
        assert decided is not None and decided.verdict is verdicts[ref]
        assert decided.reviewer == "rev" and decided.reason == reasons[ref]
    assert queue.state.cases == [] and queue.table.rowCount() == 0

    # -- the audit log, exported through the viewer's button and the file dialog ---------------
    out = tmp_path / "shift-audit.csv"
    hands = Hands(qtbot)
    bar = review.tabs.tabBar()
    hands.click(bar, bar.tabRect(1).center())
    assert review.tabs.currentWidget() is review.audit

    def save_as(dialog: Any) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert isinstance(name, QLineEdit) and hands.focus() is name
        name.clear()
        hands.type(str(out))
        hands.key(Qt.Key.Key_Return)

    dialogs = in_modal(QFileDialog, save_as)
    hands.click(review.audit.export_buttons["csv"])
    assert len(dialogs) == 1 and out.exists(), "the export's file dialog did not save"
    exporting = hands.actions
    assert "Exported shift-audit.csv" in review.audit.banner.text()
    assert out.read_text(encoding="utf-8").startswith("# audit chain VERIFIED; head #")
    report = verify_export(out, [])
    assert report.ok, report.summary()
    rows = read_rows(out)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))  # the whole chain, from row 1
    done = [(r.actor, r.action, r.case_id) for r in rows]
    assert [a for a in done if a[1] in ("user.signed_in", "user.signed_out")] == [
        ("op-1", "user.signed_in", None),
        ("op-1", "user.signed_out", None),
        ("rev", "user.signed_in", None),
    ]
    recorded = [(who, c) for who, what, c in done if what == "case.recorded"]
    assert recorded == [("op-1", records[ref].case_id) for ref in ("CUST-1", "CUST-2", "CUST-3")]
    reviewed = [(who, c) for who, what, c in done if what == "case.reviewed"]
    assert reviewed == [("rev", records[ref].case_id) for ref in ("CUST-2", "CUST-3")]
    assert store.verify_audit().ok

    # -- the count -------------------------------------------------------------------------------
    table = [f"{'verification':<22} actions (target)"]
    table += [f"{what:<22} {counts[what]:>7} (≤ {most})" for what, most in TARGETS.items()]
    table += [f"{'review ' + ref:<22} {n:>7}" for ref, n in reviewing.items()]
    table += [f"{'next / quit':<22} {between.actions:>7}", f"{'audit export':<22} {exporting:>7}"]
    table += [f"{'sign-in (op-1, rev)':<22} {signing.actions:>7}"]
    print("\n" + "\n".join(table))
    for what, n in counts.items():
        record_property(f"actions {what}", n)
    record_property("actions review", reviewing)
    for what, most in TARGETS.items():
        assert counts[what] <= most, (what, counts[what])
    assert counts == {"MATCH": 3, "NO MATCH, overridden": 5, "REVIEW, flagged": 3}
    assert reviewing == {"CUST-2": 3, "CUST-3": 3}  # the case, the reason, the decision
