"""Users, reviews, encrypted images, the hash-chained audit log, flags; append-only triggers.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.cases.chain import GENESIS
from app.cases.triggers import append_only_ddl, drop_ddl

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("cases", "reviews", "audit_log", "audit_checkpoints")


def upgrade() -> None:
    for name in ("face_size_px", "face_sharpness", "face_brightness"):
        op.add_column("cases", sa.Column(name, sa.Float))
    op.add_column("cases", sa.Column("flagged", sa.Boolean))
    op.add_column("cases", sa.Column("flag_reasons", sa.Text))
    op.create_index("ix_cases_flagged", "cases", ["flagged"])
    op.create_table(
        "users",
        sa.Column("username", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.case_id"), primary_key=True),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "case_images",
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.case_id"), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("nonce", sa.LargeBinary, nullable=False),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purge_after", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(32), index=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
    )
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("signature", sa.String(64), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    for table in _APPEND_ONLY:
        for statement in append_only_ddl(dialect, table):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in _APPEND_ONLY:
        for statement in drop_ddl(dialect, table):
            op.execute(statement)
    for table in ("audit_checkpoints", "audit_head", "audit_log", "case_images", "reviews", "users"):
        op.drop_table(table)
    op.drop_index("ix_cases_flagged", "cases")
    for name in ("flag_reasons", "flagged", "face_brightness", "face_sharpness", "face_size_px"):
        op.drop_column("cases", name)
