"""Patients found by any word of a compound name

A table of the words a patient is found by beyond the start of the name keys
(services/name_words.py): "cruz" of "de la Cruz", "levy" of "Martin-Lévy",
"obrien" for "O'Brien". Filled here from the stored name keys (already folded:
lower case, no accents), on SQLite and PostgreSQL alike. The rows are derived
from the names, not clinical records: no guard, no audit event, and the
patients' own rows (and so their audited values) are not touched.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.services.name_words import search_words

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    words = op.create_table(
        "patient_name_word",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_patient_name_word_patient_id_patient")),
        sa.PrimaryKeyConstraint("patient_id", "word", name=op.f("pk_patient_name_word")),
    )
    op.create_index("ix_patient_name_word_order", "patient_name_word", ["word", "patient_id"])
    conn = op.get_bind()
    patients = conn.execute(sa.text("SELECT id, family_key, given_key FROM patient ORDER BY id")).all()
    for start in range(0, len(patients), _BATCH):
        rows = [{"patient_id": pid, "word": w} for pid, family, given in patients[start:start + _BATCH]
                for w in sorted(search_words((family, given)))]
        if rows:
            op.bulk_insert(words, rows)


def downgrade() -> None:
    op.drop_index("ix_patient_name_word_order", table_name="patient_name_word")
    op.drop_table("patient_name_word")
