"""A photo keeps what it records, and a checklist step stays the step it was

The program changes a photo only to save its view settings (rotation, crop,
calibration) or to void it; its patient, lesion, visit, file, date and view
are fixed from the import on. A checklist step is ticked, explained or voided,
and its wording follows its rule while the session is a draft, but it never
moves to another session or becomes another rule's step. The database now
refuses those changes too, so an edit outside the program cannot move a
follow-up photo to another patient or lesion, or a step to another visit.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen at this revision: the columns the program never updates.
FIXED_COLUMNS = {
    "photo": ("patient_id", "lesion_id", "session_id", "sha256", "stored_path", "original_name", "media_type",
              "byte_size", "width", "height", "taken_at", "view_label", "notes", "created_at", "created_by_id"),
    "checklist_item": ("session_id", "rule_id", "item_key", "created_at", "created_by_id"),
}
MESSAGES = {
    "photo": "a photo keeps its patient, lesion, visit, file and date; void it and import it again",
    "checklist_item": "a checklist step stays with its session and rule; void it instead",
}


def _changed(columns: tuple[str, ...], distinct: str) -> str:
    return " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in columns)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, columns in FIXED_COLUMNS.items():
        if postgres:
            op.execute(
                f"CREATE TRIGGER guard_fixed_{table} BEFORE UPDATE ON {table} FOR EACH ROW "
                f"WHEN ({_changed(columns, 'IS DISTINCT FROM')}) "
                f"EXECUTE FUNCTION tracker_refuse('{MESSAGES[table]}')"
            )
        else:
            op.execute(
                f"CREATE TRIGGER guard_fixed_{table} BEFORE UPDATE ON {table} "
                f"WHEN {_changed(columns, 'IS NOT')} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGES[table]}'); END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in FIXED_COLUMNS:
        op.execute(f"DROP TRIGGER IF EXISTS guard_fixed_{table}" + (f" ON {table}" if postgres else ""))
