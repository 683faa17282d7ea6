"""Clinical guards enforced by the database itself

- A raw DELETE on a clinical table is refused: records are voided instead.
- A signed treatment session cannot change, except to be voided.
- Injections of a signed session cannot be added or changed, except voided.
- The audit trail is append-only: its rows cannot be updated.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen at this revision on purpose: a later revision that adds a clinical
# table adds its own trigger.
CLINICAL_TABLES = (
    "patient", "lesion", "treatment_session", "injection", "photo", "assessment",
    "checklist_item", "reminder", "audit_event", "audit_head",
)
SESSION_LOCKED_COLUMNS = (
    "patient_id", "clinician_id", "performed_at", "clinic_date", "consent_obtained",
    "consent_note", "notes", "state", "signed_at", "signed_by_id", "root_id", "amends_id",
    "version_no", "amendment_reason", "findings", "findings_reason", "created_at", "created_by_id",
)
INJECTION_LOCKED_COLUMNS = (
    "session_id", "lesion_id", "agent_id", "mix_group", "concentration", "concentration_unit",
    "volume_ml", "points", "dose", "dose_unit", "needle_gauge", "depth", "lot_number",
    "lot_expiry", "technique", "map_points", "created_at", "created_by_id",
)
NO_DELETE = "clinical records are voided, not deleted"
SIGNED = "a signed session cannot change; record an amendment"
AUDIT = "the audit trail is append-only"


JSON_COLUMNS = {"findings", "map_points"}


def _changed(columns: tuple[str, ...], distinct: str, *, cast_json: bool = False) -> str:
    """SQL that is true when any of the columns differs between OLD and NEW.
    PostgreSQL has no equality for json, so those are compared as text."""
    def ref(row: str, column: str) -> str:
        return f"{row}.{column}::text" if cast_json and column in JSON_COLUMNS else f"{row}.{column}"

    return " OR ".join(f"{ref('NEW', c)} {distinct} {ref('OLD', c)}" for c in columns)


def _sqlite_upgrade() -> None:
    for table in CLINICAL_TABLES:
        op.execute(
            f"CREATE TRIGGER guard_no_delete_{table} BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{NO_DELETE}'); END"
        )
    op.execute(
        "CREATE TRIGGER guard_audit_no_update BEFORE UPDATE ON audit_event "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT}'); END"
    )
    op.execute(
        "CREATE TRIGGER guard_signed_session BEFORE UPDATE ON treatment_session "
        f"WHEN OLD.state = 'signed' AND ({_changed(SESSION_LOCKED_COLUMNS, 'IS NOT')}) "
        f"BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END"
    )
    op.execute(
        "CREATE TRIGGER guard_signed_injection_insert BEFORE INSERT ON injection "
        "WHEN (SELECT state FROM treatment_session WHERE id = NEW.session_id) = 'signed' "
        f"BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END"
    )
    op.execute(
        "CREATE TRIGGER guard_signed_injection_update BEFORE UPDATE ON injection "
        "WHEN (SELECT state FROM treatment_session WHERE id = OLD.session_id) = 'signed' "
        f"AND ({_changed(INJECTION_LOCKED_COLUMNS, 'IS NOT')}) "
        f"BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END"
    )


def _postgres_upgrade() -> None:
    op.execute(
        "CREATE FUNCTION tracker_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$"
    )
    op.execute(
        "CREATE FUNCTION tracker_guard_injection() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF (SELECT state FROM treatment_session WHERE id = NEW.session_id) = 'signed' "
        f"AND (TG_OP = 'INSERT' OR {_changed(INJECTION_LOCKED_COLUMNS, 'IS DISTINCT FROM', cast_json=True)}) "
        f"THEN RAISE EXCEPTION '{SIGNED}'; END IF; RETURN NEW; END $$"
    )
    for table in CLINICAL_TABLES:
        op.execute(
            f"CREATE TRIGGER guard_no_delete_{table} BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION tracker_refuse('{NO_DELETE}')"
        )
    op.execute(
        "CREATE TRIGGER guard_audit_no_update BEFORE UPDATE ON audit_event "
        f"FOR EACH ROW EXECUTE FUNCTION tracker_refuse('{AUDIT}')"
    )
    changed = _changed(SESSION_LOCKED_COLUMNS, "IS DISTINCT FROM", cast_json=True)
    op.execute(
        "CREATE TRIGGER guard_signed_session BEFORE UPDATE ON treatment_session "
        f"FOR EACH ROW WHEN (OLD.state = 'signed' AND ({changed})) "
        f"EXECUTE FUNCTION tracker_refuse('{SIGNED}')"
    )
    op.execute(
        "CREATE TRIGGER guard_signed_injection BEFORE INSERT OR UPDATE ON injection "
        "FOR EACH ROW EXECUTE FUNCTION tracker_guard_injection()"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    suffix = " ON {table}" if dialect == "postgresql" else ""
    names = [(f"guard_no_delete_{t}", t) for t in CLINICAL_TABLES] + [
        ("guard_audit_no_update", "audit_event"),
        ("guard_signed_session", "treatment_session"),
    ]
    if dialect == "postgresql":
        names.append(("guard_signed_injection", "injection"))
    else:
        names += [("guard_signed_injection_insert", "injection"), ("guard_signed_injection_update", "injection")]
    for name, table in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name}{suffix.format(table=table)}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS tracker_guard_injection()")
        op.execute("DROP FUNCTION IF EXISTS tracker_refuse()")
