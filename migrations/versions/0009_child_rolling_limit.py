"""A 30-day limit for children, set by the clinic

domain.md asks for a rolling 30-day limit per patient "stricter for children"
(most reported Cushing syndrome after intralesional triamcinolone was in
children) but gives no number for it. The catalog gets a place for the
clinic's own: ``child_rolling_30d_limit``, empty until set (the adult limit is
checked meanwhile, and the check says so).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.models.types import ExactDecimal

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("agent", sa.Column("child_rolling_30d_limit", ExactDecimal(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agent", schema=None) as batch_op:
        batch_op.drop_column("child_rolling_30d_limit")
