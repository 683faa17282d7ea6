"""A void is final: a voided record cannot be un-voided or have its void rewritten

The program never clears a void (a record voided by mistake is recorded
again); this guard makes the database refuse it too, so an edit outside the
program cannot bring a voided dose, lesion or patient back into the counts
without a trace.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen at this revision: the tables with voided_at / void_reason / voided_by_id.
VOIDABLE_TABLES = ("patient", "lesion", "treatment_session", "injection", "photo", "assessment", "checklist_item")
VOID_FINAL = "a voided record stays voided; record it again instead"


def _rewritten(distinct: str) -> str:
    return " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in ("voided_at", "void_reason", "voided_by_id"))


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in VOIDABLE_TABLES:
        if postgres:
            op.execute(
                f"CREATE TRIGGER guard_void_final_{table} BEFORE UPDATE ON {table} FOR EACH ROW "
                f"WHEN (OLD.voided_at IS NOT NULL AND ({_rewritten('IS DISTINCT FROM')})) "
                f"EXECUTE FUNCTION tracker_refuse('{VOID_FINAL}')"
            )
        else:
            op.execute(
                f"CREATE TRIGGER guard_void_final_{table} BEFORE UPDATE ON {table} "
                f"WHEN OLD.voided_at IS NOT NULL AND ({_rewritten('IS NOT')}) "
                f"BEGIN SELECT RAISE(ABORT, '{VOID_FINAL}'); END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in VOIDABLE_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS guard_void_final_{table}" + (f" ON {table}" if postgres else ""))
