"""Guards an insider without DDL rights cannot step around (REPLACE refused, a forward-only head).

No REPLACE over audit, case or review rows on SQLite, and an audit head that only moves one row
forward (both dialects); room for Ed25519 checkpoint signatures. Cases older than the log are
listed once, by a ``log.legacy_cases`` row, so only those are "older than the log".

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.cases import auditlog
from app.cases.crosscheck import LEGACY_ACTION, case_digest
from app.cases.schema import audit_log, cases
from app.cases.triggers import (
    KEYS,
    drop_head_forward_ddl,
    drop_no_replace_ddl,
    head_forward_ddl,
    no_replace_ddl,
)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    for table in KEYS:
        for statement in no_replace_ddl(dialect, table):
            op.execute(statement)
    for statement in head_forward_ddl(dialect):
        op.execute(statement)
    if dialect != "sqlite":  # SQLite does not enforce a VARCHAR length (and could not alter it)
        op.alter_column("audit_checkpoints", "signature", type_=sa.String(200), existing_nullable=False)
    _list_legacy_cases(conn)


def _list_legacy_cases(conn: sa.Connection) -> None:
    """Cases with no ``case.recorded`` row and no flag value (cases recorded before revision 0002),
    by digest, in one audit row: from now on the log proves which cases predate it."""
    logged = sa.select(audit_log.c.case_id).where(audit_log.c.action == "case.recorded")
    present = {c["name"] for c in sa.inspect(conn).get_columns("cases")}  # the table as of 0006
    columns = [c for c in cases.c if c.name in present]
    q = sa.select(*columns).where(cases.c.flagged.is_(None), cases.c.case_id.not_in(logged))
    old: dict[str, str] = {}
    for row in conn.execute(q):
        try:
            old[row.case_id] = case_digest(row)
        except ValueError:  # a row that is no valid case is not vouched for
            continue
    if old:
        payload = {"cases": old, "revision": revision}
        now = datetime.now(UTC)
        auditlog.append(conn, actor="migration", action=LEGACY_ACTION, case_id=None, payload=payload, at=now)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in drop_head_forward_ddl(dialect):
        op.execute(statement)
    for table in KEYS:
        for statement in drop_no_replace_ddl(dialect, table):
            op.execute(statement)
