"""The audit trail: every change writes an event in its transaction; editing,
deleting or reordering one event makes `tracker check` fail and name it."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import select

from tracker.models import AuditEvent
from tracker.services.patients import PatientInput, update_patient


def _events(db):  # noqa: ANN001, ANN202
    with db.read() as s:
        return list(s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())


def _tamper(path, *sql):  # noqa: ANN001, ANN002
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS guard_audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS guard_no_delete_audit_event")
    conn.execute("DROP TRIGGER IF EXISTS guard_no_delete_audit_head")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def audited(clinic):  # noqa: ANN001, ANN201
    p = clinic.patient(family_name="Audit")
    update_patient(clinic.db, clinic.doctor.id, p.id, PatientInput("T0001", "Audited", "Pat", date(1980, 5, 17), phone="123"), p.row_version)
    return clinic


def test_changes_write_events_with_before_and_after(audited):
    events = _events(audited.db)
    update = [e for e in events if e.entity == "patient" and e.action == "update"][0]
    assert '"family_name":"Audit"' in update.before and '"family_name":"Audited"' in update.after
    assert update.staff_id == audited.doctor.id
    assert update.occurred_at.tzinfo is not None


def test_intact_chain_passes_check(audited, cli, location):
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audit chain: ok" in result.stdout


def test_edited_event_is_named(audited, cli, location):
    victim = _events(audited.db)[2]
    audited.db.dispose()
    _tamper(location.sqlite_path, f"UPDATE audit_event SET reason = 'nothing to see' WHERE id = {victim.id}")
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 1
    assert f"audit event #{victim.seq} (id {victim.id})" in result.stdout
    assert "content was changed" in result.stdout


def test_deleted_event_is_named(audited, cli, location):
    events = _events(audited.db)
    victim, follower = events[1], events[2]
    audited.db.dispose()
    _tamper(location.sqlite_path, f"DELETE FROM audit_event WHERE id = {victim.id}")
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 1
    assert f"audit event #{follower.seq} (id {follower.id})" in result.stdout
    assert f"expected event #{victim.seq}" in result.stdout


def test_deleted_last_event_is_detected(audited, cli, location):
    last = _events(audited.db)[-1]
    audited.db.dispose()
    _tamper(location.sqlite_path, f"DELETE FROM audit_event WHERE id = {last.id}")
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 1
    assert "chain head does not match" in result.stdout


def test_reordered_events_are_named(audited, cli, location):
    a, b = _events(audited.db)[1:3]
    audited.db.dispose()
    # Swap the positions of two events (their sequence numbers).
    _tamper(location.sqlite_path,
            f"UPDATE audit_event SET seq = -1 WHERE id = {a.id}",
            f"UPDATE audit_event SET seq = {a.seq} WHERE id = {b.id}",
            f"UPDATE audit_event SET seq = {b.seq} WHERE id = {a.id}")
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 1
    assert f"(id {b.id})" in result.stdout and f"(id {a.id})" in result.stdout


def test_audit_rows_cannot_be_updated_or_deleted_through_the_database(audited, location):
    audited.db.dispose()
    conn = sqlite3.connect(location.sqlite_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_event SET reason = 'x' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="voided, not deleted"):
        conn.execute("DELETE FROM audit_event WHERE seq = 1")
    conn.close()


def test_failed_write_leaves_no_audit_event(clinic):
    from tracker.services.errors import ValidationError

    count = len(_events(clinic.db))
    clinic.patient(chart_number="DUP")
    with pytest.raises(ValidationError, match="already in use"):
        clinic.patient(chart_number="DUP")
    assert len(_events(clinic.db)) == count + 1


def test_a_dropped_guard_is_named_even_when_the_chain_still_verifies(audited, cli, location):
    audited.db.dispose()
    with sqlite3.connect(location.sqlite_path) as conn:  # the first step of editing a signed dose by hand
        conn.execute("DROP TRIGGER guard_signed_injection_update")
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 1
    assert "audit chain: ok" in result.stdout
    assert "the guard guard_signed_injection_update is missing" in result.stdout


def test_a_row_edited_or_added_outside_the_program_is_named_by_check(clinic, cli, location):
    """Rows no trigger guards (a draft, a patient's allergies) are compared with
    their last audited change; a row the audit trail never saw is named too."""
    from tracker.services import sessions

    p = clinic.patient(family_name="Quiet", allergies="none known")
    lesion = clinic.lesion(p.id)
    draft = sessions.create_draft(clinic.db, clinic.doctor.id, clinic.session_input(
        p.id, [clinic.injection(lesion.id, conc="5", points=3)], notes="as planned"))
    signed = clinic.record(p.id, [clinic.injection(lesion.id, conc="10", per_point="0.15", points=4)],
                           day=date(2026, 7, 1))  # a dose of 6.0 mg, stored as "6"
    from tracker.services.guidance.checklist import session_checklist, set_item_done

    follow_up = [i for i in session_checklist(clinic.db, signed.id).items if i.phase == "follow_up"][0]
    set_item_done(clinic.db, clinic.doctor.id, follow_up.id)  # ticked after signing: its own event wins
    clean = cli("--data-dir", str(location.data_dir), "check")
    assert clean.returncode == 0, clean.stdout
    assert "records match the audit trail: ok" in clean.stdout
    clinic.db.dispose()
    with sqlite3.connect(location.sqlite_path) as conn:
        conn.execute("UPDATE treatment_session SET notes = 'rewritten' WHERE id = ?", (draft.id,))
        conn.execute("UPDATE patient SET allergies = NULL WHERE id = ?", (p.id,))
        conn.execute("INSERT INTO lesion (patient_id, label, condition, site_code, laterality, status, atrophic, "
                     "created_at, updated_at, row_version) SELECT patient_id, 'slipped in', condition, site_code, "
                     "laterality, status, atrophic, created_at, updated_at, 1 FROM lesion WHERE id = ?", (lesion.id,))
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 1
    assert "audit chain: ok" in result.stdout  # the events are intact: the rows are not
    assert f"treatment_session {draft.id}: notes differs from its last audited change" in result.stdout
    assert f"patient {p.id}: allergies differs" in result.stdout
    assert f"lesion {lesion.id + 1}: not in the audit trail" in result.stdout
    assert f"treatment_session {signed.id}" not in result.stdout and "injection" not in result.stdout


def test_check_compares_times_as_moments_and_skips_what_was_printed(clinic, cli, location):
    """A draft typed in Berlin is audited at 10:00+01:00 and stored as 09:00 UTC:
    the same moment, no problem. A printed report's event says what left the
    program, not the row: an edit after it is still found."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tracker.services import sessions
    from tracker.services.documents_audit import DocumentOutput, record_output
    from tracker.services.settings import update_settings

    update_settings(clinic.db, clinic.doctor.id, {"clinic_timezone": "Europe/Berlin"})
    p = clinic.patient(family_name="Zone")
    lesion = clinic.lesion(p.id, label="crown patch")
    data = clinic.session_input(p.id, [clinic.injection(lesion.id, conc="5")])
    draft = sessions.create_draft(clinic.db, clinic.doctor.id, data.__class__(**{
        **data.__dict__, "performed_at": datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))}))
    record_output(clinic.db, clinic.doctor.id, DocumentOutput("lesion_progress", lesion.id, "print", "printer", 1))
    clean = cli("--data-dir", str(location.data_dir), "check")
    assert clean.returncode == 0, clean.stdout
    clinic.db.dispose()
    with sqlite3.connect(location.sqlite_path) as conn:
        conn.execute("UPDATE lesion SET label = 'renamed by hand' WHERE id = ?", (lesion.id,))
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 1
    assert f"lesion {lesion.id}: label differs from its last audited change" in result.stdout
    assert f"treatment_session {draft.id}" not in result.stdout
