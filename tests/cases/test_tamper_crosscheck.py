"""What decides who may do what, or what was decided, must match the log: cases, reviews, users.

The owner drops a table's triggers (or needs none: inserting into ``cases`` or ``users`` is a
plain INSERT) and edits it behind the store's back; ``verify_audit`` must say so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from app.cases import Outcome, Role, SqlCaseStore
from app.cases.triggers import append_only_ddl, drop_ddl
from tests.cases.conftest import case


def _store(make_store: Callable[..., SqlCaseStore]) -> tuple[SqlCaseStore, str, str]:
    store = make_store()
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("op-1", Role.OPERATOR, "operator-password", actor="boss")
    plain = store.add(case(customer_ref="plain"))
    flagged = store.add(case(outcome=Outcome.FLAGGED, customer_ref="F"))
    store.review(flagged.case_id, "boss", "REJECTED", "not the same person")
    assert store.verify_audit().ok
    return store, plain.case_id, flagged.case_id


def _as_owner(store: SqlCaseStore, table: str, edit: Callable[[Connection], None]) -> None:
    with store._engine.begin() as conn:
        for sql in drop_ddl(store.dialect, table):
            conn.execute(text(sql))
        edit(conn)
        for sql in append_only_ddl(store.dialect, table):
            conn.execute(text(sql))


def test_a_deleted_case_is_found(make_store: Callable[..., SqlCaseStore]) -> None:
    store, plain, _ = _store(make_store)
    _as_owner(store, "cases", lambda c: c.execute(text(f"DELETE FROM cases WHERE case_id = '{plain}'")))
    report = store.verify_audit()
    assert not report.ok and plain in report.problem and "deleted" in report.problem


def test_a_deleted_review_is_found(make_store: Callable[..., SqlCaseStore]) -> None:
    store, _, flagged = _store(make_store)
    _as_owner(store, "reviews", lambda c: c.execute(text("DELETE FROM reviews")))
    report = store.verify_audit()
    assert not report.ok and flagged in report.problem and "review" in report.problem


def test_a_ghost_case_with_null_columns_is_found(make_store: Callable[..., SqlCaseStore]) -> None:
    """No trigger touched: a plain INSERT with ``flagged`` NULL, dated before the log began."""
    store, _, _ = _store(make_store)
    with store._engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cases (case_id, created_at, operator, customer_ref, outcome, decision) "
                "VALUES ('ghost', :t, 'op-1', 'GHOST', 'ACCEPTED', 'MATCH')"
            ),
            {"t": datetime(2020, 1, 1, tzinfo=UTC)},
        )
    report = store.verify_audit()
    assert not report.ok and "ghost" in report.problem and "no audit row" in report.problem


def test_a_role_the_log_never_granted_is_found(make_store: Callable[..., SqlCaseStore]) -> None:
    store, _, _ = _store(make_store)
    with store._engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = 'admin' WHERE username = 'op-1'"))
    report = store.verify_audit()
    assert not report.ok and "op-1" in report.problem and "admin" in report.problem


def test_a_user_the_log_never_added_or_a_removed_one_is_found(
    make_store: Callable[..., SqlCaseStore],
) -> None:
    store, _, _ = _store(make_store)
    with store._engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (username, role, password_hash, active, created_at) "
                "SELECT 'mallory', 'admin', password_hash, active, created_at FROM users "
                "WHERE username = 'boss'"
            )
        )
    assert "mallory" in store.verify_audit().problem
    with store._engine.begin() as conn:
        conn.execute(text("DELETE FROM users WHERE username IN ('mallory', 'op-1')"))
    report = store.verify_audit()
    assert not report.ok and "op-1" in report.problem


def test_a_password_hash_swapped_in_users_is_found(make_store: Callable[..., SqlCaseStore]) -> None:
    """Copying an admin's own hash onto another row, or a hash the attacker knows the password of."""
    store, _, _ = _store(make_store)
    with store._engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'op-1') "
                "WHERE username = 'boss'"
            )
        )
    report = store.verify_audit()
    assert not report.ok and "boss" in report.problem and "password" in report.problem


def test_a_logged_case_whose_columns_were_emptied_is_found(make_store: Callable[..., SqlCaseStore]) -> None:
    store, plain, _ = _store(make_store)
    sql = f"UPDATE cases SET similarity = NULL, decision = NULL WHERE case_id = '{plain}'"
    _as_owner(store, "cases", lambda c: c.execute(text(sql)))
    report = store.verify_audit()
    assert not report.ok and plain in report.problem and "emptied" in report.problem
