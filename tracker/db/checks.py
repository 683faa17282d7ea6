"""Database-level integrity checks (SQLite pragmas; PostgreSQL has its own)."""
from __future__ import annotations

from sqlalchemy import text


def integrity_problems(db, *, quick: bool = False) -> list[str]:  # noqa: ANN001
    if db.dialect != "sqlite":
        return []
    pragma = "quick_check" if quick else "integrity_check"
    with db.engine.connect() as conn:
        rows = [r[0] for r in conn.execute(text(f"PRAGMA {pragma}")).all()]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(db) -> list[str]:  # noqa: ANN001
    if db.dialect != "sqlite":
        return []
    with db.engine.connect() as conn:
        rows = conn.execute(text("PRAGMA foreign_key_check")).all()
    return [f"{table} row {rowid} points to a missing {parent} row" for table, rowid, parent, _ in rows]


# The guard triggers a current SQLite database has (migrations 0002, 0004,
# 0007 and 0008): no deleting clinical rows or audit events, no editing signed
# sessions, their injections or the audit trail, no undoing a void, no moving
# a photo or a checklist step to other records. Someone
# who edits the file by hand must drop one first; a missing one is named.
GUARDED_TABLES = ("patient", "lesion", "treatment_session", "injection", "photo", "assessment",
                  "checklist_item", "reminder", "audit_event", "audit_head")
VOIDABLE_TABLES = ("patient", "lesion", "treatment_session", "injection", "photo", "assessment", "checklist_item")
SQLITE_GUARDS = frozenset({*(f"guard_no_delete_{t}" for t in GUARDED_TABLES), "guard_audit_no_update",
                           "guard_signed_session", "guard_signed_injection_insert", "guard_signed_injection_update",
                           *(f"guard_void_final_{t}" for t in VOIDABLE_TABLES),
                           "guard_fixed_photo", "guard_fixed_checklist_item"})


def guard_problems(db) -> list[str]:  # noqa: ANN001
    if db.dialect != "sqlite":
        return []
    with db.engine.connect() as conn:
        present = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    return [f"the guard {name} is missing: signed or audited records could have been changed outside the program"
            for name in sorted(SQLITE_GUARDS - present)]
