"""Writes that the database itself refuses, with its triggers in place (as any writer that is not
the owner finds them): REPLACE and upserts over audit, case and review rows, and a head that moves
anywhere but one row forward onto the row it names.

Each runs on SQLite and on PostgreSQL (``make_store``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.cases import Outcome, Role, SqlCaseStore
from app.cases.chain import seal
from tests.cases.conftest import case

N = 5


def _store(make_store: Callable[..., SqlCaseStore]) -> tuple[SqlCaseStore, str]:
    store = make_store()
    for i in range(N):
        store.add(case(customer_ref=f"C-{i}"))
    store.add_user("boss", Role.ADMIN, "admin-password")
    flagged = store.add(case(outcome=Outcome.FLAGGED, customer_ref="F"))
    store.review(flagged.case_id, "boss", "REJECTED", "not the same person")
    assert store.verify_audit().ok
    return store, flagged.case_id


def _refused(store: SqlCaseStore, sql: str, params: dict[str, object] | None = None) -> None:
    with pytest.raises(DBAPIError) as caught, store._engine.begin() as conn:
        conn.execute(text(sql), params or {})
    assert "append-only" in str(caught.value) or "audit head" in str(caught.value), caught.value


def _sqlite_only(store: SqlCaseStore) -> None:
    if store.dialect != "sqlite":
        pytest.skip("REPLACE / INSERT OR REPLACE are SQLite syntax (PostgreSQL upserts are below)")


def test_insert_or_replace_over_an_audit_row_is_refused(make_store: Callable[..., SqlCaseStore]) -> None:
    store, _ = _store(make_store)
    _sqlite_only(store)
    with store._engine.connect() as conn:
        r = conn.execute(text("SELECT * FROM audit_log WHERE seq = 2")).mappings().one()
    forged = seal(2, r["at"], "mallory", r["action"], r["case_id"], {"x": 1}, r["prev_hash"])
    cols = "seq, at, actor, action, case_id, payload, prev_hash, row_hash"
    values = {k: getattr(forged, k) for k in cols.split(", ")}
    for verb in ("INSERT OR REPLACE", "REPLACE"):
        _refused(store, f"{verb} INTO audit_log ({cols}) VALUES (:{cols.replace(', ', ', :')})", values)
    assert store.verify_audit().ok


def test_replace_over_a_case_or_review_is_refused(make_store: Callable[..., SqlCaseStore]) -> None:
    store, flagged = _store(make_store)
    _sqlite_only(store)
    _refused(
        store,
        f"INSERT OR REPLACE INTO reviews SELECT case_id, reviewer, 'APPROVED', reason, "
        f"reviewed_at FROM reviews WHERE case_id = '{flagged}'",
    )
    _refused(store, f"REPLACE INTO cases (case_id, outcome) VALUES ('{flagged}', 'ACCEPTED')")
    _refused(store, "INSERT OR REPLACE INTO audit_head (id, seq, hash) VALUES (1, 0, :g)", {"g": "0" * 64})
    assert store.verify_audit().ok


def test_upserts_over_existing_rows_are_refused(make_store: Callable[..., SqlCaseStore]) -> None:
    store, flagged = _store(make_store)
    _refused(
        store,
        "INSERT INTO reviews (case_id, reviewer, verdict, reason, reviewed_at) "
        f"VALUES ('{flagged}', 'boss', 'APPROVED', 'x', CURRENT_TIMESTAMP) "
        "ON CONFLICT (case_id) DO UPDATE SET verdict = 'APPROVED'",
    )
    _refused(
        store,
        "INSERT INTO audit_log (seq, at, actor, action, payload, prev_hash, row_hash) "
        "VALUES (1, 'x', 'm', 'a', '{}', 'p', 'h') ON CONFLICT (seq) DO UPDATE SET actor = 'mallory'",
    )
    assert store.verify_audit().ok


def test_the_head_cannot_move_backwards_sideways_or_away(make_store: Callable[..., SqlCaseStore]) -> None:
    store, _ = _store(make_store)
    with store._engine.connect() as conn:
        seq = conn.execute(text("SELECT seq FROM audit_head")).scalar_one()
        earlier = conn.execute(text("SELECT row_hash FROM audit_log WHERE seq = 3")).scalar_one()
    _refused(store, "UPDATE audit_head SET seq = 3, hash = :h", {"h": earlier})  # rewound
    _refused(store, "UPDATE audit_head SET seq = :s, hash = :h", {"s": seq + 1, "h": "f" * 64})  # no row
    _refused(store, "UPDATE audit_head SET hash = :h", {"h": "f" * 64})  # same seq, other hash
    _refused(store, "DELETE FROM audit_head")
    _refused(store, "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, :g)", {"g": "0" * 64})
    store.add(case(customer_ref="after"))  # the store itself still moves it forward
    assert store.verify_audit().ok
