"""Liveness evidence on a case: the passive score and whether the head-turn challenge passed.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("liveness_score", sa.Float))
    op.add_column("cases", sa.Column("challenge_passed", sa.Boolean))


def downgrade() -> None:
    op.drop_column("cases", "challenge_passed")
    op.drop_column("cases", "liveness_score")
