"""The shared sign-in and inactivity lock on the reviewer's window (no models needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cases import Role, SqlCaseStore, User


@pytest.fixture
def store(tmp_path: Path, qapp: Any) -> Iterator[SqlCaseStore]:
    s = SqlCaseStore.at(tmp_path / "cases.sqlite3")
    s.add_user("boss", Role.ADMIN, "admin-password")
    s.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    s.add_user("choi.m", Role.REVIEWER, "reviewer2-pw", actor="boss")
    yield s
    s.close()


def test_the_reviewers_window_locks_and_only_its_reviewer_lifts_it(qtbot: Any, store: SqlCaseStore) -> None:
    """Attacker: another reviewer at an unattended screen, to review in lee.s's name."""
    from app.gui.common.signin import REVIEWERS, InactivityLock
    from app.gui.review.window import ReviewWindow

    lee = User(username="lee.s", role=Role.REVIEWER)
    window = ReviewWindow(store, lee)
    qtbot.addWidget(window)
    window.show()
    lock = InactivityLock(window, lambda: store, lee, roles=REVIEWERS, title="Reviewer sign-in", minutes=0.05)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=10000)
    assert not window.centralWidget().isVisible()
    assert store.audit(action="user.locked")[-1].actor == "lee.s"
    dialog = lock.dialog
    assert dialog is not None and dialog.username.isReadOnly() and dialog.username.text() == "lee.s"
    dialog.username.setText("choi.m")  # typed around the read-only field: still not lee.s
    dialog.password.setText("reviewer2-pw")
    dialog.try_sign_in()
    assert lock.is_locked and not window.centralWidget().isVisible()
    lock.dialog.password.setText("reviewer-pw")  # type: ignore[union-attr]
    lock.dialog.try_sign_in()  # type: ignore[union-attr]
    assert not lock.is_locked and window.centralWidget().isVisible()
    lock.stop()
