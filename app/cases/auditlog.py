"""Appending to and reading the hash-chained audit log, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, insert, select, update

from app.cases.chain import AuditRow, ChainReport, Checkpoint, seal, verify
from app.cases.schema import audit_checkpoints, audit_head, audit_log

# keys that may never appear in a payload, at any depth (secrets and image bytes)
FORBIDDEN_KEYS = frozenset({"password", "password_hash", "secret", "image", "images", "image_bytes", "key"})


def iso(at: datetime) -> str:
    """The text form of a time in the log: UTC, microseconds, ``+00:00``."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _check_payload(value: Any, path: str = "payload") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if str(k).lower() in FORBIDDEN_KEYS:
                raise ValueError(f"{path}.{k} may not enter the audit log")
            _check_payload(v, f"{path}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_payload(v, f"{path}[{i}]")
    elif isinstance(value, bytes | bytearray | memoryview):
        raise ValueError(f"{path} is bytes: nothing binary enters the audit log")


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    case_id: str | None,
    payload: dict[str, Any],
    at: datetime,
) -> AuditRow:
    """Add one row after the head. The head row is locked (``FOR UPDATE``) so writers queue."""
    _check_payload(payload)
    head = conn.execute(
        select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1).with_for_update()
    ).one()
    row = seal(head.seq + 1, iso(at), actor, action, case_id, payload, head.hash)
    conn.execute(
        insert(audit_log).values(
            seq=row.seq,
            at=row.at,
            actor=row.actor,
            action=row.action,
            case_id=row.case_id,
            payload=row.payload,
            prev_hash=row.prev_hash,
            row_hash=row.row_hash,
        )
    )
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=row.seq, hash=row.row_hash))
    return row


def _to_row(r: Any) -> AuditRow:
    return AuditRow(r.seq, r.at, r.actor, r.action, r.case_id, r.payload, r.prev_hash, r.row_hash)


def rows(
    conn: Connection,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    case_id: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[AuditRow]:
    """Rows in ``seq`` order (or newest first), filtered by time (``since`` ≤ at < ``until``)."""
    q = select(audit_log)
    if since is not None:
        q = q.where(audit_log.c.at >= iso(since))
    if until is not None:
        q = q.where(audit_log.c.at < iso(until))
    if case_id is not None:
        q = q.where(audit_log.c.case_id == case_id)
    if action:
        q = q.where(audit_log.c.action == action)
    if actor:
        q = q.where(audit_log.c.actor == actor)
    q = q.order_by(audit_log.c.seq.desc() if newest_first else audit_log.c.seq)
    if limit is not None:
        q = q.limit(limit)
    return [_to_row(r) for r in conn.execute(q)]


def _all_rows(conn: Connection) -> Iterator[AuditRow]:
    result = conn.execution_options(yield_per=2000).execute(select(audit_log).order_by(audit_log.c.seq))
    for r in result:
        yield _to_row(r)


def head(conn: Connection) -> Checkpoint:
    """The head the writers recorded."""
    r = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one()
    return Checkpoint(r.seq, r.hash)


def stored_checkpoints(conn: Connection) -> list[Checkpoint]:
    q = select(audit_checkpoints).order_by(audit_checkpoints.c.id)
    return [Checkpoint(r.seq, r.hash, r.at, r.signature) for r in conn.execute(q)]


def add_checkpoint(conn: Connection, point: Checkpoint) -> None:
    conn.execute(
        insert(audit_checkpoints).values(
            seq=point.seq, hash=point.hash, at=point.at, signature=point.signature
        )
    )


def verify_all(
    conn: Connection,
    extra: Sequence[Checkpoint] = (),
    key: bytes | None = None,
    public_keys: Sequence[Ed25519PublicKey] = (),
) -> ChainReport:
    """Verify every row against the head, the stored checkpoints and ``extra`` (exported) ones."""
    points = [*stored_checkpoints(conn), *extra]
    return verify(_all_rows(conn), head=head(conn), checkpoints=points, key=key, public_keys=public_keys)
