"""A rewrite of the whole database, head and stored checkpoints included, is caught by the signed
checkpoints published outside it; swapping those files for unsigned or re-signed ones is an error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, text

from app.cases import SqlCaseStore
from app.cases.chain import Checkpoint, seal
from app.cases.publish import Publisher, read_folder
from app.cases.signing import new_private_key
from app.cases.triggers import append_only_ddl, drop_ddl, drop_head_forward_ddl, head_forward_ddl
from tests.cases.conftest import case

EVERY = 3


def _published_store(make_store: Callable[..., SqlCaseStore], folder: Path) -> SqlCaseStore:
    store = make_store(
        signing_key=new_private_key(), publisher=Publisher(folder, source="ws-1"), checkpoint_every=EVERY
    )
    for i in range(7):
        store.add(case(customer_ref=f"C-{i}"))
    return store


def rewrite_everything(store: SqlCaseStore) -> None:
    """The owner's full rewrite: row 2 changed, every later row re-hashed, the head moved, the
    stored checkpoints deleted, the case row changed to match; the database alone then verifies."""
    d = store.dialect
    tables = ("audit_log", "audit_checkpoints", "cases")
    with store._engine.begin() as conn:
        for sql in [*drop_head_forward_ddl(d), *(s for t in tables for s in drop_ddl(d, t))]:
            conn.execute(text(sql))
        _rehash_from(conn, 2, lambda p: p.replace("C-1", "C-X"))
        conn.execute(text("DELETE FROM audit_checkpoints"))
        conn.execute(text("UPDATE cases SET customer_ref = 'C-X' WHERE customer_ref = 'C-1'"))
        for sql in [*head_forward_ddl(d), *(s for t in tables for s in append_only_ddl(d, t))]:
            conn.execute(text(sql))


def _rehash_from(conn: Connection, first: int, change: Callable[[str], str]) -> None:
    rows = conn.execute(text("SELECT * FROM audit_log ORDER BY seq")).mappings().all()
    prev = rows[first - 2]["row_hash"] if first > 1 else "0" * 64
    for r in rows[first - 1 :]:
        payload = json.loads(change(r["payload"]) if r["seq"] == first else r["payload"])
        new = seal(r["seq"], r["at"], r["actor"], r["action"], r["case_id"], payload, prev)
        conn.execute(
            text("UPDATE audit_log SET payload = :p, prev_hash = :v, row_hash = :h WHERE seq = :s"),
            {"p": new.payload, "v": new.prev_hash, "h": new.row_hash, "s": new.seq},
        )
        prev = new.row_hash
    conn.execute(text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": rows[-1]["seq"], "h": prev})


def test_checkpoints_are_published_every_n_rows_and_on_close(
    make_store: Callable[..., SqlCaseStore], tmp_path: Path
) -> None:
    folder = tmp_path / "published"
    store = _published_store(make_store, folder)
    # 3 cases, the signing_started row and the checkpoint at #4; 3 more and one at #7
    assert [p.seq for p in read_folder(folder)] == [4, 7]
    store.add(case(customer_ref="last"))
    store.close()
    points = read_folder(folder)
    assert [p.seq for p in points] == [4, 7, 9]
    assert all(p.signature.startswith("ed25519:") for p in points)
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert all((f.stat().st_mode & 0o777) == 0o600 for f in folder.iterdir())


def test_a_whole_rewrite_with_the_head_moved_is_caught_by_published_checkpoints(
    make_store: Callable[..., SqlCaseStore], tmp_path: Path
) -> None:
    folder = tmp_path / "published"
    store = _published_store(make_store, folder)
    assert store.verify_audit(read_folder(folder)).ok
    rewrite_everything(store)
    assert store.verify_audit().ok  # the database alone cannot tell
    report = store.verify_audit(read_folder(folder))
    assert not report.ok and "rewritten" in report.problem


def test_published_files_swapped_for_unsigned_or_re_signed_ones_are_an_error(
    make_store: Callable[..., SqlCaseStore], tmp_path: Path
) -> None:
    folder = tmp_path / "published"
    store = _published_store(make_store, folder)
    rewrite_everything(store)
    head = store.verify_audit().head_hash
    with store._engine.connect() as conn:
        at4 = conn.execute(text("SELECT row_hash FROM audit_log WHERE seq = 4")).scalar_one()
    forged = [Checkpoint(4, at4, "x"), Checkpoint(7, head, "x")]
    assert "unsigned" in store.verify_audit(forged).problem
    resigned = [p.signed(new_private_key()) for p in forged]
    assert "another key" in store.verify_audit(resigned).problem


def test_a_publish_folder_that_cannot_be_written_does_not_undo_a_recorded_case(
    make_store: Callable[..., SqlCaseStore], tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    store = make_store(signing_key=new_private_key(), publisher=Publisher(blocked), checkpoint_every=1)
    recorded = store.add(case())
    assert store.get(recorded.case_id) == recorded and store._unpublished == 1


def test_each_published_checkpoint_also_goes_to_syslog(tmp_path: Path) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(5)
        port = server.getsockname()[1]
        point = Checkpoint(7, "ab" * 32, "2026-12-03T10:00:00.000000+00:00").signed(new_private_key())
        Publisher(tmp_path / "p", source="ws-1", syslog=f"127.0.0.1:{port}").publish(point)
        message = server.recv(4096).decode()
    assert "facecompare-audit:" in message and '"head_seq": 7' in message and point.signature in message
    assert read_folder(tmp_path / "p") == [point]
