"""Consent on a case: whether the customer agreed to the biometric check (NULL before it was asked).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("consent", sa.Boolean))


def downgrade() -> None:
    op.drop_column("cases", "consent")
