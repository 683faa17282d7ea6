"""A patient's records made and changed through the services by two people,
as a clinic day leaves them: what the record history must tell."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from document_fixtures import add_keloid_size, add_photo

from tracker.models import Condition
from tracker.services.documents_audit import DocumentOutput, record_output
from tracker.services.lesions import LesionInput, get_lesion, update_lesion
from tracker.services.patients import update_patient
from tracker.services.photo_void import void_photo
from tracker.services.sessions import amend_session, void_session
from tracker.services.settings import update_settings

ZONE = "Pacific/Auckland"  # far from UTC, so a time shown in UTC would be noticed
AMEND_REASON = "Lot number written wrongly"
VOID_REASON = "Entered on the wrong patient's day"
PHOTO_REASON = "Blurred, retaken"


@dataclass(frozen=True)
class Story:
    patient_id: int
    other_id: int
    lesion_id: int
    first_visit: int
    amended_visit: int
    voided_visit: int
    photo_id: int
    other_lesion_id: int


def tell(clinic) -> Story:  # noqa: ANN001
    """Dr Test registers the patient and records; Nurse Test edits, prints, voids."""
    db, doctor, nurse = clinic.db, clinic.doctor.id, clinic.nurse.id
    update_settings(db, doctor, {"clinic_timezone": ZONE})
    patient = clinic.patient(family_name="Dubois", given_names="Chloe", chart_number="H-100", allergies="None known")
    update_patient(db, nurse, patient.id, replace(patient, phone="555 0101", allergies="Latex"),
                   expected_version=patient.row_version)
    other = clinic.patient(family_name="Other", given_names="Olga", chart_number="H-200")
    wart = clinic.lesion(other.id, Condition.WART, label="Plantar wart of Olga")
    update_lesion(clinic.db, nurse, wart.id, LesionInput(other.id, "Plantar wart of Olga, left", Condition.WART, wart.site_code))

    keloid = clinic.lesion(patient.id, Condition.KELOID, label="Left earlobe keloid")
    lesion = get_lesion(db, keloid.id)
    update_lesion(db, nurse, keloid.id, LesionInput(patient.id, "Left earlobe keloid (upper)", Condition.KELOID,
                                                    lesion.site_code, site_text="upper rim"),
                  expected_version=lesion.row_version)
    first = clinic.record(patient.id, [clinic.injection(keloid.id, "tac", "10", "0.1", 2)], day=date(2026, 3, 12))
    amended = amend_session(db, doctor, first.id, clinic.session_input(
        patient.id, [clinic.injection(keloid.id, "tac", "10", "0.1", 2, lot_number="LOT-9")], day=date(2026, 3, 12)),
        AMEND_REASON)
    second = clinic.record(patient.id, [clinic.injection(keloid.id, "tac", "10", "0.1", 2)], day=date(2026, 3, 20))
    void_session(db, nurse, second.id, VOID_REASON)
    photo = add_photo(db, nurse, patient.id, keloid.id, date(2026, 3, 12), "#884422")
    void_photo(db, nurse, photo, PHOTO_REASON)
    add_keloid_size(db, nurse, keloid.id, date(2026, 3, 12), "12", "8", "3")
    record_output(db, nurse, DocumentOutput("aftercare", amended.id, "print", "Office printer", 1))
    clinic.record(other.id, [clinic.injection(wart.id, "tac", "10", "0.1", 1)], day=date(2026, 3, 13))
    return Story(patient.id, other.id, keloid.id, first.id, amended.id, second.id, photo, wart.id)
