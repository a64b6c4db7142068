"""Sign-in at the counter: the lock after inactivity, who may lift it, and the audit rows."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.gui.common.settings import WorkstationSettings, open_qsettings
from tests.gui.conftest import MATCH

pytestmark = [pytest.mark.models, pytest.mark.data]


def _lock_now(window: Any) -> Any:
    window.inactivity.timer.timeout.emit()  # as when lock_minutes pass without input
    assert window.inactivity.is_locked
    return window.inactivity.dialog


def test_the_window_locks_after_inactivity_hides_the_customer_and_is_audited(
    qtbot: Any, make_window: Any, camera_folder: Any
) -> None:
    window = make_window(camera_folder(MATCH[1]), lock_minutes=0.05)  # 3 s
    assert window.inactivity.timer.interval() == 3000 and window.header.user_label.text() == "Operator: op-1"
    qtbot.waitUntil(lambda: window.inactivity.is_locked, timeout=10000)  # nobody touches it
    assert not window.centralWidget().isVisible()
    locked = window.store.audit(action="user.locked")[-1]
    assert locked.actor == "op-1" and '"workstation":"test-ws"' in locked.payload
    # while locked nothing is recorded, whatever reaches the case bar
    window._record("ACCEPTED", "CUST-1", "")
    assert window.store.count() == 0 and "Sign in" in window.case_bar.message.text()


def test_input_keeps_the_window_unlocked(qtbot: Any, make_window: Any, camera_folder: Any) -> None:
    window = make_window(camera_folder(MATCH[1]), lock_minutes=0.05)
    for _ in range(3):
        qtbot.wait(1500)
        qtbot.keyClick(window.case_bar.customer, Qt.Key.Key_A)
    assert not window.inactivity.is_locked


def test_a_wrong_password_keeps_it_locked_and_the_lock_counts_failures(
    qtbot: Any, make_window: Any, camera_folder: Any
) -> None:
    """Attacker at an unattended counter: guesses op-1's password at the lock screen."""
    window = make_window(camera_folder(MATCH[1]))
    dialog = _lock_now(window)
    assert dialog.username.isReadOnly() is False  # another operator may take over (below)
    for i in range(5):
        dialog.username.setText("op-1")
        dialog.password.setText(f"guess-{i}")
        dialog.try_sign_in()
    assert window.inactivity.is_locked and not window.centralWidget().isVisible()
    dialog.password.setText("operator-pw")
    dialog.try_sign_in()
    assert window.inactivity.is_locked and "locked until" in dialog.message.text()
    actions = [r.action for r in window.store.audit(actor="op-1")]
    assert actions[-6:] == ["user.sign_in_failed"] * 5 + ["user.sign_in_locked"]


def test_a_reviewer_cannot_take_over_the_counter(qtbot: Any, make_window: Any, camera_folder: Any) -> None:
    window = make_window(camera_folder(MATCH[1]))
    dialog = _lock_now(window)
    dialog.username.setText("rev")
    dialog.password.setText("reviewer-pw")
    dialog.try_sign_in()
    assert window.inactivity.is_locked and "Only operators" in dialog.message.text()


def test_the_operator_signs_back_in_or_another_takes_over_with_a_clean_screen(
    qtbot: Any, make_window: Any, camera_folder: Any
) -> None:
    window = make_window(camera_folder(MATCH[1]))
    dialog = _lock_now(window)
    dialog.password.setText("operator-pw")
    dialog.try_sign_in()
    assert not window.inactivity.is_locked and window.centralWidget().isVisible()
    assert window.user.username == "op-1"
    window.case_bar.customer.setText("CUST-OF-OP-1")
    dialog = _lock_now(window)
    dialog.username.setText("op-2")
    dialog.password.setText("operator2-pw")
    dialog.try_sign_in()
    assert window.user.username == "op-2" and window.header.user_label.text() == "Operator: op-2"
    assert window.case_bar.customer.text() == ""  # op-1's customer is gone
    assert [r.actor for r in window.store.audit(action="user.signed_in")][-2:] == ["op-1", "op-2"]


def test_no_operator_in_the_settings(tmp_path: Any) -> None:
    """The operator is whoever signed in: a name in the settings file means nothing."""
    qs = open_qsettings(tmp_path / "ws.ini")
    qs.setValue("operator", "mallory")
    qs.setValue("lock_minutes", "0")  # a lock that never comes is refused
    s = WorkstationSettings.load(qs)
    assert not hasattr(s, "operator") and s.lock_minutes == 5.0


def test_the_workstation_starts_with_a_sign_in_and_ends_with_1_when_it_is_cancelled(
    qapp: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``facecompare gui``: no window, no camera, no engine before someone signs in."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.common.signin import SignInDialog
    from app.gui.workstation.main import run

    monkeypatch.delenv("FACECOMPARE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("FACECOMPARE_LOG_DIR", str(tmp_path / "logs"))
    seen: list[tuple[str, list[str]]] = []

    def cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(50, cancel)
            return
        windows = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
        seen.append((dialogs[0].windowTitle(), windows))
        dialogs[0].reject()

    from app.gui.common import engine_loader

    started: list[Any] = []
    monkeypatch.setattr(engine_loader, "_prestarted", started)
    QTimer.singleShot(50, cancel)
    assert run(settings_path=tmp_path / "ws.ini", cases_db=tmp_path / "cases.sqlite3") == 1
    assert seen == [("Workstation sign-in", ["SignInDialog"])]
    # the engine process started with the program is stopped, not left for a later window
    assert started == []
