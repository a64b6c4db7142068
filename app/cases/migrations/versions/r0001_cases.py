"""The first case table (what ``SqlCaseStore`` created before migrations existed).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), index=True),
        sa.Column("workstation", sa.String(200)),
        sa.Column("operator", sa.String(200)),
        sa.Column("customer_ref", sa.String(200), index=True),
        sa.Column("outcome", sa.String(16), index=True),
        sa.Column("note", sa.Text),
        sa.Column("decision", sa.String(16)),
        sa.Column("similarity", sa.Float),
        sa.Column("match_threshold", sa.Float),
        sa.Column("review_threshold", sa.Float),
        sa.Column("model_pack", sa.String(100)),
        sa.Column("engine_mode", sa.String(16)),
        sa.Column("request_id", sa.String(128)),
        sa.Column("uid", sa.String(128)),
        sa.Column("card_sha256", sa.String(64)),
        sa.Column("face_sha256", sa.String(64)),
        sa.Column("face_pose", sa.String(32)),
        sa.Column("face_yaw", sa.Float),
        sa.Column("face_pitch", sa.Float),
        sa.Column("face_roll", sa.Float),
        sa.Column("face_mask", sa.Boolean),
        sa.Column("elapsed_ms", sa.Float),
    )


def downgrade() -> None:
    op.drop_table("cases")
