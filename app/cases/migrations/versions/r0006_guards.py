"""Guards an insider without DDL rights cannot step around: no REPLACE over audit, case or review
rows on SQLite, and an audit head that only moves one row forward (both dialects).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

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
    dialect = op.get_bind().dialect.name
    for table in KEYS:
        for statement in no_replace_ddl(dialect, table):
            op.execute(statement)
    for statement in head_forward_ddl(dialect):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in drop_head_forward_ddl(dialect):
        op.execute(statement)
    for table in KEYS:
        for statement in drop_no_replace_ddl(dialect, table):
            op.execute(statement)
