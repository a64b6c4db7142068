"""Face box and landmarks of both originals (JSON), so retained images can show the overlays.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("card_geometry", sa.Text))
    op.add_column("cases", sa.Column("face_geometry", sa.Text))


def downgrade() -> None:
    op.drop_column("cases", "face_geometry")
    op.drop_column("cases", "card_geometry")
