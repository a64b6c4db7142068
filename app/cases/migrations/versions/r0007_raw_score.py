"""The calibrated score on a case: the raw score before calibration and the mapping's id.

From this revision ``similarity`` is the calibrated score (``app.engine.scoremap``);
``raw_similarity`` keeps the pack's raw cosine and ``score_scale`` the id of the mapping between
them. Cases recorded before keep what they recorded (both NULL: their similarity is raw).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("raw_similarity", sa.Float))
    op.add_column("cases", sa.Column("score_scale", sa.String(64)))


def downgrade() -> None:
    op.drop_column("cases", "score_scale")
    op.drop_column("cases", "raw_similarity")
