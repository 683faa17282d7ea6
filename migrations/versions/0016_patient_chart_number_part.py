"""Chart numbers found by their digits

An index on a chart number's number part (letters, separators and leading
zeros left out: "RDC-01013" -> "1013"), so typing only the digits of a chart
number in the patient search finds it by walking an index, at 100,000
patients as at ten.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# Frozen here: the same text as tracker.models.patient.CHART_NUMBER_PART when this revision was written.
NUMBER_PART = "ltrim(upper(chart_number), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ -_/.#0')"


def upgrade() -> None:
    # If not there already: tests stamp a database made at head as an older revision and upgrade it.
    op.create_index("ix_patient_chart_number_part", "patient", [sa.text(NUMBER_PART), "id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_patient_chart_number_part", table_name="patient")
