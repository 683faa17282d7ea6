"""Patient search walks names in display order

The single-column name indexes become two composite indexes, (family, given,
id) and (given, family, id), so a type-ahead search reads matching rows in the
order it shows them and pages with a keyset instead of sorting every match.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_patient_family_key", table_name="patient")
    op.drop_index("ix_patient_given_key", table_name="patient")
    op.create_index("ix_patient_family_order", "patient", ["family_key", "given_key", "id"])
    op.create_index("ix_patient_given_order", "patient", ["given_key", "family_key", "id"])


def downgrade() -> None:
    op.drop_index("ix_patient_given_order", table_name="patient")
    op.drop_index("ix_patient_family_order", table_name="patient")
    op.create_index("ix_patient_family_key", "patient", ["family_key"])
    op.create_index("ix_patient_given_key", "patient", ["given_key"])
