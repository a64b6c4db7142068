"""Tampering with the audit log behind the store's back (triggers dropped, as a DBA could) is found.

Each kind runs on SQLite and on PostgreSQL; ``audit verify`` must name the first bad row.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, text

from app.cases import SqlCaseStore
from app.cases.chain import Checkpoint, seal
from app.cases.triggers import append_only_ddl, drop_ddl, drop_head_forward_ddl, head_forward_ddl
from tests.cases.conftest import case

N = 8


def _store_with_rows(make_store: Callable[..., SqlCaseStore]) -> SqlCaseStore:
    store = make_store()
    for i in range(N):
        store.add(case(customer_ref=f"C-{i}"))
    assert store.verify_audit().ok and store.verify_audit().rows == N
    return store


def _untriggered(store: SqlCaseStore, edit: Callable[[Connection], None]) -> None:
    """Run ``edit`` with the log's and the head's triggers removed (as the owner could), then put
    them back."""
    dialect = store.dialect
    with store._engine.begin() as conn:
        for sql in [*drop_ddl(dialect, "audit_log"), *drop_head_forward_ddl(dialect)]:
            conn.execute(text(sql))
        edit(conn)
        for sql in [*append_only_ddl(dialect, "audit_log"), *head_forward_ddl(dialect)]:
            conn.execute(text(sql))


def _row(conn: Connection, seq: int) -> dict[str, object]:
    return dict(conn.execute(text("SELECT * FROM audit_log WHERE seq = :s"), {"s": seq}).mappings().one())


def modify(conn: Connection) -> None:
    conn.execute(text("UPDATE audit_log SET payload = replace(payload, 'C-3', 'C-X') WHERE seq = 4"))


def modify_and_rehash(conn: Connection) -> None:
    """A careful forger recomputes the changed row's own hash: the next row's link breaks."""
    r = _row(conn, 4)
    payload = json.loads(str(r["payload"]).replace("C-3", "C-X"))
    forged = seal(
        4, str(r["at"]), str(r["actor"]), str(r["action"]), str(r["case_id"]), payload, str(r["prev_hash"])
    )
    conn.execute(
        text("UPDATE audit_log SET payload = :p, row_hash = :h WHERE seq = 4"),
        {"p": forged.payload, "h": forged.row_hash},
    )


def delete_middle(conn: Connection) -> None:
    conn.execute(text("DELETE FROM audit_log WHERE seq = 4"))


def insert_middle(conn: Connection) -> None:
    """Shift rows 4.. up by one and slip a well-formed forged row in at 4."""
    for seq in range(N, 3, -1):
        conn.execute(text("UPDATE audit_log SET seq = :n WHERE seq = :s"), {"n": seq + 1, "s": seq})
    prev = str(_row(conn, 3)["row_hash"])
    forged = seal(4, "2026-01-01T00:00:00.000000+00:00", "mallory", "case.recorded", None, {"x": 1}, prev)
    _insert(conn, forged)


def insert_at_end(conn: Connection) -> None:
    """A valid-looking row appended without going through the store (the head is not moved)."""
    prev = str(_row(conn, N)["row_hash"])
    _insert(conn, seal(N + 1, "2026-01-01T00:00:00.000000+00:00", "mallory", "user.added", None, {}, prev))


def reorder(conn: Connection) -> None:
    """Swap the contents of rows 3 and 4 (each keeps its own hashes)."""
    a, b = _row(conn, 3), _row(conn, 4)
    conn.execute(text("DELETE FROM audit_log WHERE seq IN (3, 4)"))
    for src, seq in ((b, 3), (a, 4)):
        conn.execute(
            text(
                "INSERT INTO audit_log (seq, at, actor, action, case_id, payload, prev_hash, row_hash) "
                "VALUES (:seq, :at, :actor, :action, :case_id, :payload, :prev_hash, :row_hash)"
            ),
            {**src, "seq": seq},
        )


def cut_tail(conn: Connection) -> None:
    conn.execute(text(f"DELETE FROM audit_log WHERE seq > {N - 2}"))


def cut_tail_and_head(conn: Connection) -> None:
    """Cut the tail and rewind the head row too: only a checkpoint can tell."""
    cut_tail(conn)
    last = _row(conn, N - 2)
    conn.execute(text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": N - 2, "h": last["row_hash"]})


def _insert(conn: Connection, row: object) -> None:
    conn.execute(
        text(
            "INSERT INTO audit_log (seq, at, actor, action, case_id, payload, prev_hash, row_hash) "
            "VALUES (:seq, :at, :actor, :action, :case_id, :payload, :prev_hash, :row_hash)"
        ),
        {
            k: getattr(row, k)
            for k in ("seq", "at", "actor", "action", "case_id", "payload", "prev_hash", "row_hash")
        },
    )


TAMPERING = {
    "modified": (modify, 4, "modified"),
    "modified+rehashed": (modify_and_rehash, 5, "link"),
    "deleted": (delete_middle, 4, "missing"),
    "inserted": (insert_middle, 5, "renumbered"),
    "inserted-at-end": (insert_at_end, N + 1, "inserted"),
    "reordered": (reorder, 3, "moved"),
    "tail-cut": (cut_tail, N - 1, "tail was cut"),
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_each_kind_of_tampering_is_found(make_store: Callable[..., SqlCaseStore], kind: str) -> None:
    edit, first_bad, words = TAMPERING[kind]
    store = _store_with_rows(make_store)
    _untriggered(store, edit)
    report = store.verify_audit()
    assert not report.ok, kind
    assert report.bad_seq == first_bad, report.summary()
    assert words in report.problem


def test_a_cut_tail_with_a_rewound_head_is_found_by_a_checkpoint(
    make_store: Callable[..., SqlCaseStore],
) -> None:
    """With the head row rewound too, a stored checkpoint and an exported one each still catch it.

    The cut rows are events with no table behind them (two exports), so only checkpoints know.
    """
    store = _store_with_rows(make_store)
    store.audit_event("auditor", "audit.exported", {"format": "csv"})
    store.audit_event("auditor", "audit.exported", {"format": "pdf"})
    exported = store.checkpoint()
    assert exported == Checkpoint(N + 2, store.verify_audit().head_hash, exported.at)

    def cut_events(conn: Connection) -> None:
        conn.execute(text(f"DELETE FROM audit_log WHERE seq > {N}"))
        last = _row(conn, N)
        conn.execute(text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": N, "h": last["row_hash"]})

    _untriggered(store, cut_events)
    report = store.verify_audit()
    assert not report.ok and report.bad_seq == N + 1 and "tail was cut" in report.problem
    # an exported checkpoint alone (the stored table wiped by someone with full rights)
    with store._engine.begin() as conn:
        for sql in drop_ddl(store.dialect, "audit_checkpoints"):
            conn.execute(text(sql))
        conn.execute(text("DELETE FROM audit_checkpoints"))
    assert store.verify_audit().ok  # the database alone now looks consistent...
    assert not store.verify_audit([exported]).ok  # ...but not against the exported head


def test_cases_and_reviews_must_match_their_audit_rows(make_store: Callable[..., SqlCaseStore]) -> None:
    """A case row changed, or inserted without its audit row, is found by the cross-check."""
    from app.cases import Outcome, Role

    store = _store_with_rows(make_store)
    store.add_user("boss", Role.ADMIN, "admin-password")
    flagged = store.add(case(outcome=Outcome.FLAGGED))
    store.review(flagged.case_id, "boss", "REJECTED", "not the same person")
    assert store.verify_audit().ok

    def edit_case(conn: Connection) -> None:
        conn.execute(text(f"UPDATE cases SET outcome = 'ACCEPTED' WHERE case_id = '{flagged.case_id}'"))

    dialect = store.dialect
    with store._engine.begin() as conn:
        for sql in drop_ddl(dialect, "cases"):
            conn.execute(text(sql))
        edit_case(conn)
    report = store.verify_audit()
    assert not report.ok and "outcome changed" in report.problem
    with store._engine.begin() as conn:
        conn.execute(text(f"UPDATE cases SET outcome = 'FLAGGED' WHERE case_id = '{flagged.case_id}'"))
        for sql in drop_ddl(dialect, "reviews"):
            conn.execute(text(sql))
        conn.execute(text("UPDATE reviews SET verdict = 'APPROVED'"))
    assert "review of case" in store.verify_audit().problem
    with store._engine.begin() as conn:
        conn.execute(text("UPDATE reviews SET verdict = 'REJECTED'"))
    assert store.verify_audit().ok
    ghost = case(customer_ref="GHOST")
    values = ghost.model_dump() | {"flagged": False, "flag_reasons": "[]"}
    with store._engine.begin() as conn:
        conn.execute(
            text(f"INSERT INTO cases ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})"),
            values,
        )
    assert "has no audit row" in store.verify_audit().problem
    for table in ("cases", "reviews"):
        with store._engine.begin() as conn:
            for sql in append_only_ddl(dialect, table):
                conn.execute(text(sql))


def test_old_hmac_checkpoints_still_refuse_forgery(make_store: Callable[..., SqlCaseStore]) -> None:
    """Set-ups that only have the retired HMAC key (FACECOMPARE_AUDIT_KEY) keep checking it."""
    key = b"k" * 32
    store = _store_with_rows(lambda **kw: make_store(audit_key=key, **kw))
    point = store.checkpoint()
    assert point.signature and store.verify_audit([point]).ok
    forged = Checkpoint(point.seq, point.hash, point.at, "0" * 64)
    assert "bad signature" in store.verify_audit([forged]).problem
    assert "unsigned" in store.verify_audit([Checkpoint(point.seq, point.hash, point.at)]).problem
