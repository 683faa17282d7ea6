"""Staff management in the core: add, edit, deactivate, reactivate (audited,
never deleted), the last active clinician kept, and only an active clinician
accepted as a session's clinician."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from tracker.models import AuditEvent, Condition, StaffRole
from tracker.services import staff
from tracker.services.errors import ServiceError, ValidationError
from tracker.services.session_views import get_session
from tracker.services.sessions import create_draft, record_session, start_amendment, update_draft


def events(db, staff_id: int) -> list[tuple[str, int | None]]:  # noqa: ANN001
    with db.read() as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.staff_id).where(
            AuditEvent.entity == "staff", AuditEvent.entity_id == staff_id).order_by(AuditEvent.seq))
        return [tuple(r) for r in rows]


def test_user_names_are_unique_whatever_their_letter_case(clinic):
    with pytest.raises(ValidationError) as refused:
        staff.add_staff(clinic.db, clinic.doctor.id, "DOC", "Another Doctor", StaffRole.CLINICIAN)
    assert "taken" in refused.value.errors["username"]
    assert staff.find_staff(clinic.db, "Doc").id == clinic.doctor.id
    with pytest.raises(ValidationError) as bad:
        staff.add_staff(clinic.db, clinic.doctor.id, "two words", " ", "surgeon")
    assert set(bad.value.errors) == {"username", "display_name"}
    with pytest.raises(ValidationError) as role:
        staff.add_staff(clinic.db, clinic.doctor.id, "sam", "Sam Surgeon", "surgeon")
    assert "choose a role" in role.value.errors["role"]


def test_the_database_itself_keeps_user_names_unique_whatever_their_case(clinic, monkeypatch):
    """Two workstations adding the same person at once: the one whose check ran
    before the other's row was there is refused by the index, with the same words."""
    from sqlalchemy import false
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), clinic.db.write() as s:
        s.connection().exec_driver_sql(
            "INSERT INTO staff (username, display_name, role, active) VALUES ('DOC', 'Raw row', 'clinician', 1)")
    monkeypatch.setattr(staff, "_same_username", lambda _name: false())  # the check sees nothing yet
    with pytest.raises(ValidationError) as refused:
        staff.add_staff(clinic.db, clinic.doctor.id, "Doc", "Another Doctor", StaffRole.CLINICIAN)
    assert refused.value.errors == {"username": "the user name 'Doc' is taken"}
    assert [p.username for p in staff.list_staff(clinic.db, active_only=False)].count("doc") == 1
    assert len(staff.list_staff(clinic.db, active_only=False)) == len({p.username.lower() for p in staff.list_staff(clinic.db, active_only=False)})


def test_edit_deactivate_and_reactivate_are_audited_and_nobody_is_deleted(clinic):
    db, doctor = clinic.db, clinic.doctor.id
    nurse = clinic.nurse
    edited = staff.update_staff(db, doctor, nurse.id, "Nurse Tess Test", StaffRole.CLINICIAN)
    assert (edited.display_name, edited.role) == ("Nurse Tess Test", StaffRole.CLINICIAN)
    gone = staff.deactivate_staff(db, doctor, nurse.id)
    assert not gone.active
    assert nurse.id not in [p.id for p in staff.list_staff(db)]
    assert nurse.id in [p.id for p in staff.list_staff(db, active_only=False)]
    assert staff.get_staff(db, nurse.id).display_name == "Nurse Tess Test"  # still named on what they did
    with pytest.raises(ServiceError, match="already deactivated"):
        staff.deactivate_staff(db, doctor, nurse.id)
    assert staff.reactivate_staff(db, doctor, nurse.id).active
    assert events(db, nurse.id) == [("create", doctor), ("update", doctor), ("deactivate", doctor), ("reactivate", doctor)]


def test_the_last_active_clinician_is_kept(clinic):
    db, doctor = clinic.db, clinic.doctor
    with pytest.raises(ServiceError, match="only active clinician.*Add another clinician first"):
        staff.deactivate_staff(db, doctor.id, doctor.id)
    with pytest.raises(ServiceError, match="only active clinician"):
        staff.update_staff(db, doctor.id, doctor.id, doctor.display_name, StaffRole.ADMIN)
    assert staff.get_staff(db, doctor.id).active and events(db, doctor.id) == [("create", doctor.id)]
    second = staff.add_staff(db, doctor.id, "doc2", "Dr Second", StaffRole.CLINICIAN)
    assert not staff.deactivate_staff(db, second.id, doctor.id).active
    with pytest.raises(ServiceError, match="Dr Second is the clinic's only active clinician"):
        staff.deactivate_staff(db, second.id, second.id)


def test_a_deactivated_person_cannot_be_named_to_act(clinic):
    staff.deactivate_staff(clinic.db, clinic.doctor.id, clinic.nurse.id)
    with pytest.raises(ServiceError, match="deactivated"):
        staff.acting_staff(clinic.db, "nurse")
    assert staff.acting_staff(clinic.db, "DOC").id == clinic.doctor.id


@pytest.fixture
def visit(clinic):  # noqa: ANN001, ANN201
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA)
    return patient, lesion


def test_only_an_active_clinician_is_accepted_as_a_sessions_clinician(clinic, visit):
    patient, lesion = visit
    desk = staff.add_staff(clinic.db, clinic.doctor.id, "desk", "Front desk", StaffRole.ADMIN)
    planned = clinic.session_input(patient.id, [clinic.injection(lesion.id)], day=date(2026, 1, 5))
    for person, words in ((desk, "Front desk is front desk staff, not a clinician"),
                          (clinic.nurse, "Nurse Test is nurse staff, not a clinician")):
        as_them = replace(planned, clinician_id=person.id)
        with pytest.raises(ValidationError) as signed:
            record_session(clinic.db, person.id, as_them)  # the one-step save
        assert signed.value.errors["clinician_id"].startswith(words)
        with pytest.raises(ValidationError) as drafted:
            create_draft(clinic.db, person.id, as_them)  # the editor's draft
        assert drafted.value.errors["clinician_id"].startswith(words)
    other = staff.add_staff(clinic.db, clinic.doctor.id, "doc2", "Dr Gone", StaffRole.CLINICIAN)
    staff.deactivate_staff(clinic.db, clinic.doctor.id, other.id)
    with pytest.raises(ValidationError, match="Dr Gone is deactivated"):
        create_draft(clinic.db, clinic.doctor.id, replace(planned, clinician_id=other.id))
    assert record_session(clinic.db, clinic.nurse.id, planned).clinician_id == clinic.doctor.id


def test_a_record_keeps_the_clinician_who_has_since_left(clinic, visit):
    """A draft or an amendment may keep the clinician it already names; it cannot be changed to someone who left."""
    patient, lesion = visit
    leaver = staff.add_staff(clinic.db, clinic.doctor.id, "doc2", "Dr Leaver", StaffRole.CLINICIAN)
    planned = replace(clinic.session_input(patient.id, [clinic.injection(lesion.id)], day=date(2026, 1, 5)),
                      clinician_id=leaver.id)
    signed = record_session(clinic.db, leaver.id, planned)
    draft = create_draft(clinic.db, leaver.id, replace(planned, performed_at=planned.performed_at.replace(day=20)))
    staff.deactivate_staff(clinic.db, clinic.doctor.id, leaver.id)
    kept = update_draft(clinic.db, clinic.doctor.id, draft.id, replace(planned, notes="seen again"),
                        expected_version=draft.row_version)
    assert kept.clinician_id == leaver.id and kept.notes == "seen again"
    amendment = start_amendment(clinic.db, clinic.doctor.id, signed.id, "lot typed wrongly")
    assert get_session(clinic.db, amendment.id).clinician_id == leaver.id
    other = staff.add_staff(clinic.db, clinic.doctor.id, "doc3", "Dr Other", StaffRole.CLINICIAN)
    staff.deactivate_staff(clinic.db, clinic.doctor.id, other.id)
    with pytest.raises(ValidationError, match="Dr Other is deactivated"):
        update_draft(clinic.db, clinic.doctor.id, draft.id, replace(planned, clinician_id=other.id),
                     expected_version=kept.row_version)
