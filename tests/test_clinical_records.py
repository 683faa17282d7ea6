"""Records are voided, never deleted; signed sessions never change; amendments
keep every version readable."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import delete, text

from tracker.models import Patient
from tracker.services import sessions
from tracker.services.errors import SignedRecordError, ValidationError
from tracker.services.patients import get_patient, void_patient
from tracker.services.session_views import get_session, patient_sessions, session_versions


@pytest.fixture
def signed(clinic):  # noqa: ANN001, ANN201
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    view = clinic.record(p.id, [clinic.injection(lesion.id, conc="5", points=4)])
    return clinic, p, lesion, view


@pytest.mark.parametrize("table", ["patient", "lesion", "treatment_session", "injection", "audit_event"])
def test_raw_delete_on_clinical_table_is_refused(signed, location, table):
    clinic = signed[0]
    clinic.db.dispose()
    conn = sqlite3.connect(location.sqlite_path)
    with pytest.raises(sqlite3.IntegrityError, match="voided, not deleted"):
        conn.execute(f"DELETE FROM {table}")
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    conn.close()


def test_orm_delete_is_refused_too(signed):
    clinic = signed[0]
    with pytest.raises(Exception, match="voided, not deleted"):
        with clinic.db.write() as s:
            s.execute(delete(Patient))


def test_void_keeps_the_row_readable_with_reason_and_user(signed):
    """A chart is voided once it holds no session in use (a voided chart must
    not hide care that counts); it stays readable with its reason."""
    clinic, p, _, view = signed
    with pytest.raises(ValidationError, match="this chart still holds 1 session in use; first void each session"):
        void_patient(clinic.db, clinic.doctor.id, p.id, "duplicate registration")
    assert not get_patient(clinic.db, p.id).voided
    sessions.void_session(clinic.db, clinic.doctor.id, view.id, "entered on the wrong chart")
    void_patient(clinic.db, clinic.doctor.id, p.id, "duplicate registration")
    again = get_patient(clinic.db, p.id)
    assert again.voided and again.void_reason == "duplicate registration"
    with pytest.raises(ValidationError, match="say why"):
        void_patient(clinic.db, clinic.doctor.id, p.id, "  ")


def test_signed_session_cannot_be_edited(signed):
    clinic, p, lesion, view = signed
    data = clinic.session_input(p.id, [clinic.injection(lesion.id, conc="10")])
    with pytest.raises(SignedRecordError):
        sessions.update_draft(clinic.db, clinic.doctor.id, view.id, data)
    with pytest.raises(Exception, match="signed session cannot change"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE treatment_session SET notes = 'rewritten' WHERE id = :id"), {"id": view.id})
    with pytest.raises(Exception, match="signed session cannot change"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE injection SET volume_ml = '9' WHERE session_id = :id"), {"id": view.id})
    assert get_session(clinic.db, view.id).injections[0].volume_ml == view.injections[0].volume_ml


def test_three_amendments_leave_four_readable_versions(signed):
    clinic, p, lesion, view = signed
    current = view
    for n in range(3):
        data = clinic.session_input(p.id, [clinic.injection(lesion.id, conc="5", points=4 + n + 1)], notes=f"correction {n + 1}")
        current = sessions.amend_session(clinic.db, clinic.doctor.id, current.id, data, f"points miscounted ({n + 1})")
    versions = session_versions(clinic.db, view.id)
    assert [v.version_no for v in versions] == [1, 2, 3, 4]
    assert [v.injections[0].points for v in versions] == [4, 5, 6, 7]
    assert [v.superseded for v in versions] == [True, True, True, False]
    assert versions[3].amends_id == versions[2].id and versions[3].amendment_reason == "points miscounted (3)"
    assert all(v.is_signed for v in versions)
    # The chart lists the visit once, at its latest version.
    listed = patient_sessions(clinic.db, p.id)
    assert [v.id for v in listed] == [versions[3].id]


def test_amendment_needs_a_reason_and_the_latest_version(signed):
    clinic, p, lesion, view = signed
    data = clinic.session_input(p.id, [clinic.injection(lesion.id, conc="5")])
    with pytest.raises(ValidationError, match="what this amendment corrects"):
        sessions.amend_session(clinic.db, clinic.doctor.id, view.id, data, " ")
    sessions.amend_session(clinic.db, clinic.doctor.id, view.id, data, "fix")
    with pytest.raises(Exception, match="newer version"):
        sessions.amend_session(clinic.db, clinic.doctor.id, view.id, data, "fix again")


def test_draft_edit_then_sign(clinic):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    draft = sessions.create_draft(clinic.db, clinic.doctor.id, clinic.session_input(p.id, [clinic.injection(lesion.id, lot_number="")]))
    assert draft.state.value == "draft"
    with pytest.raises(ValidationError, match="lot number"):
        sessions.sign_session(clinic.db, clinic.doctor.id, draft.id)
    fixed = sessions.update_draft(clinic.db, clinic.doctor.id, draft.id, clinic.session_input(p.id, [clinic.injection(lesion.id)]), draft.row_version)
    live = [i for i in fixed.injections if not i.voided]
    assert len(live) == 1 and live[0].lot_number == "LOT1"
    assert sessions.sign_session(clinic.db, clinic.doctor.id, draft.id).is_signed


def test_voiding_a_session_keeps_it_and_removes_it_from_cumulative_dose(signed):
    from tracker.services.lesions import get_lesion

    clinic, _, lesion, view = signed
    assert get_lesion(clinic.db, lesion.id).session_count == 1
    sessions.void_session(clinic.db, clinic.doctor.id, view.id, "wrong patient")
    again = get_session(clinic.db, view.id)
    assert again.voided and again.void_reason == "wrong patient" and again.injections
    assert get_lesion(clinic.db, lesion.id).session_count == 0


def test_session_dates_are_checked(clinic):
    p = clinic.patient(born=date(2000, 1, 1))
    lesion = clinic.lesion(p.id)
    with pytest.raises(ValidationError, match="before the patient's birth"):
        clinic.record(p.id, [clinic.injection(lesion.id)], day=date(1999, 12, 31))
    with pytest.raises(ValidationError, match="more than zero"):
        clinic.record(p.id, [replace(clinic.injection(lesion.id), volume_per_point_ml=__import__("decimal").Decimal("0"))])


def test_voided_lesion_stays_readable_and_as_it_was(signed):
    from tracker.models import LesionStatus
    from tracker.services.lesions import get_lesion, patient_lesions, set_atrophic, set_status, void_lesion

    clinic, p, lesion, _ = signed
    void_lesion(clinic.db, clinic.doctor.id, lesion.id, "charted on the wrong side")
    assert get_lesion(clinic.db, lesion.id).voided
    assert patient_lesions(clinic.db, p.id) == []
    assert [l.id for l in patient_lesions(clinic.db, p.id, include_voided=True)] == [lesion.id]
    for change in (lambda: set_status(clinic.db, clinic.doctor.id, lesion.id, LesionStatus.RESOLVED),
                   lambda: set_atrophic(clinic.db, clinic.doctor.id, lesion.id, True)):
        with pytest.raises(ValidationError, match="is voided \\(charted on the wrong side\\): it cannot be changed"):
            change()
    assert get_lesion(clinic.db, lesion.id).status == lesion.status and not get_lesion(clinic.db, lesion.id).atrophic


def test_chart_lists_read_as_plain_rows_match_each_session_read_alone(signed):
    """The chart's list (patient_sessions) and the version list are read as
    plain rows for speed; each view must be what reading that one session gives."""
    clinic, p, lesion, view = signed
    other = clinic.lesion(p.id, label="crown patch")
    second = clinic.record(p.id, [clinic.injection(lesion.id, map_points=((0.2, 0.4),)),
                                  clinic.injection(other.id, conc="5", per_point="0.05", points=4, mix_group=1)],
                           day=date(2026, 7, 1), notes="second visit")
    amended = sessions.amend_session(clinic.db, clinic.doctor.id, second.id,
                                     clinic.session_input(p.id, [clinic.injection(lesion.id, points=5)],
                                                          day=date(2026, 7, 1)), "wrong lesion")
    third = clinic.record(p.id, [clinic.injection(other.id)], day=date(2026, 9, 1))
    sessions.void_session(clinic.db, clinic.doctor.id, third.id, "entered for the wrong patient")
    listed = patient_sessions(clinic.db, p.id)
    assert [v.id for v in listed] == [third.id, amended.id, view.id]
    assert listed == [get_session(clinic.db, v.id) for v in listed]
    assert listed[0].voided and listed[1].version_no == 2
    versions = session_versions(clinic.db, second.id)
    assert versions == [get_session(clinic.db, v.id) for v in versions]
    assert versions[0].superseded and len(versions[0].injections) == 2
    assert versions[0].injections[0].map_points and versions[0].injections[1].mix_group == 1
    assert [v.id for v in patient_sessions(clinic.db, p.id, include_voided=False)] == [amended.id, view.id]


def test_a_void_is_final_even_for_an_edit_outside_the_program(signed):
    """Un-voiding a dose by hand would bring it back into the 30-day counts with
    no trace; the database refuses it, and a rewritten void reason too."""
    clinic, p, _, view = signed
    sessions.void_session(clinic.db, clinic.doctor.id, view.id, "entered for the wrong patient")
    void_patient(clinic.db, clinic.doctor.id, p.id, "duplicate registration")
    for sql in ("UPDATE treatment_session SET voided_at = NULL, void_reason = NULL WHERE id = :id",
                "UPDATE treatment_session SET void_reason = 'typo' WHERE id = :id"):
        with pytest.raises(Exception, match="a voided record stays voided"):
            with clinic.db.write() as s:
                s.execute(text(sql), {"id": view.id})
    with pytest.raises(Exception, match="a voided record stays voided"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE patient SET voided_at = NULL WHERE id = :id"), {"id": p.id})
    assert get_session(clinic.db, view.id).voided and get_patient(clinic.db, p.id).voided
    with clinic.db.write() as s:  # a voided patient's other details can still be corrected
        s.execute(text("UPDATE patient SET phone = '555 0100' WHERE id = :id"), {"id": p.id})


def test_a_photo_and_a_checklist_step_cannot_be_moved_outside_the_program(signed, tmp_path):
    """A follow-up photo moved to another lesion by hand would sit in another
    lesion's progress with no trace; the database refuses it, and a checklist
    step moved to another visit. What the program itself changes still goes."""
    from photo_fixtures import camera_jpeg
    from tracker.services.guidance.checklist import session_checklist, set_item_done
    from tracker.services.photo_import import ImportItem, import_photos
    from tracker.services.photo_void import void_photo
    from tracker.services.photos import get_photo, update_view_settings

    clinic, p, lesion, view = signed
    other = clinic.lesion(p.id, label="Right temple patch")
    (result,) = import_photos(clinic.db, clinic.doctor.id, p.id,
                              [ImportItem(camera_jpeg(tmp_path / "a.jpg"), lesion_id=lesion.id)]).results
    for sql in ("UPDATE photo SET lesion_id = :other WHERE id = :id", "UPDATE photo SET taken_at = NULL WHERE id = :id",
                "UPDATE photo SET sha256 = 'x' WHERE id = :id"):
        with pytest.raises(Exception, match="a photo keeps its patient, lesion, visit, file and date"):
            with clinic.db.write() as s:
                s.execute(text(sql), {"id": result.photo_id, "other": other.id})
    update_view_settings(clinic.db, clinic.doctor.id, result.photo_id, {"rotation": 90})
    assert get_photo(clinic.db, result.photo_id).lesion_id == lesion.id
    second = clinic.record(p.id, [clinic.injection(lesion.id, conc="5")], day=date(2026, 8, 1))
    step = next(i for i in session_checklist(clinic.db, view.id).items if i.phase == "follow_up")
    with pytest.raises(Exception, match="a checklist step stays with its session and rule"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE checklist_item SET session_id = :to WHERE id = :id"), {"to": second.id, "id": step.id})
    assert set_item_done(clinic.db, clinic.doctor.id, step.id).done  # ticked at the follow-up
    assert void_photo(clinic.db, clinic.doctor.id, result.photo_id, "wrong patient").photo.voided
