"""Chart numbers compared without regard to letter case

An index on lower(chart_number), so registering or importing a patient can
find an existing chart whose number differs only in case ("rdc-9000" beside
"RDC-9000": two charts for one patient) without reading every patient.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_patient_chart_fold", "patient", [sa.text("lower(chart_number)")])


def downgrade() -> None:
    op.drop_index("ix_patient_chart_fold", table_name="patient")
