"""Recording, voiding and listing assessments: one audited transaction each,
refused whole when an item is missing or wrong."""
from __future__ import annotations

from decimal import Decimal

import pytest
from outcome_story import days_ago, keloid_items, salt_items, score, treat
from sqlalchemy import func, select

from tracker.models import Assessment, AuditEvent, Condition, Photo
from tracker.services import audit
from tracker.services.assessments import (
    AssessmentInput, lesion_assessments, patient_assessments, record_assessment, session_assessments, void_assessment,
)
from tracker.services.errors import ValidationError
from tracker.services.progress import lesion_progress


def count(db, model) -> int:  # noqa: ANN001
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_recording_an_assessment_stores_exact_items_and_an_audit_event(db, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA)
    events = count(db, AuditEvent)
    view = score(db, clinic.nurse.id, lesion.id, "salt", days_ago(db, 1), {"vertex": "60", "back": "50", "left": "12.5", "right": "0"})
    # 38.25 exactly, recorded at SALT's one decimal: stored, shown and banded as 38.3
    assert view.score == Decimal("38.3") and view.band_code == "S2" and view.score_text == "38.3"
    assert view.version == "olsen-2004" and view.assessor_name == "Nurse Test"
    assert view.result_text == "SALT 38.3 (S2)"
    with db.read() as s:
        row = s.get(Assessment, view.id)
        assert row.items == {"vertex": "60", "back": "50", "left": "12.5", "right": "0"}
        assert row.score == Decimal("38.3")
        event = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc())).scalars().first()
        assert (event.action, event.entity, event.entity_id) == ("create", "assessment", view.id)
        assert audit.verify_chain(s) == []
    assert count(db, AuditEvent) == events + 1


def test_a_missing_item_refuses_the_whole_assessment(db, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.KELOID, site="2059009")
    before = count(db, Assessment), count(db, AuditEvent)
    with pytest.raises(ValidationError) as caught:
        score(db, clinic.doctor.id, lesion.id, "vss", days_ago(db, 0), {"vascularity": "2", "pigmentation": "4", "pliability": "3"})
    assert caught.value.errors == {
        "items.pigmentation": "out of range: enter a whole number from 0 to 2",
        "items.height": "required: enter a whole number from 0 to 3",
    }
    assert (count(db, Assessment), count(db, AuditEvent)) == before


def test_dates_versions_and_links_are_checked(db, clinic):
    patient, other = clinic.patient(), clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.KELOID, site="2059009")
    other_lesion = clinic.lesion(other.id, Condition.KELOID, site="2059009")
    foreign = treat(clinic, other.id, other_lesion.id, [days_ago(db, 3)], conc="40")[0]
    base = dict(lesion_id=lesion.id, instrument="keloid_size", items=keloid_items(20, 10, 5))
    with pytest.raises(ValidationError) as caught:
        record_assessment(db, clinic.doctor.id, AssessmentInput(**base, assessed_on=days_ago(db, -2)))
    assert caught.value.errors == {"assessed_on": "the date is in the future"}
    with pytest.raises(ValidationError) as caught:
        record_assessment(db, clinic.doctor.id, AssessmentInput(**base, assessed_on=days_ago(db, 0), version="v9"))
    assert "version" in caught.value.errors
    with pytest.raises(ValidationError) as caught:
        record_assessment(db, clinic.doctor.id, AssessmentInput(**base, assessed_on=days_ago(db, 0), session_id=foreign.id))
    assert caught.value.errors == {"session_id": "this session is not one of the patient's"}
    with pytest.raises(ValidationError) as caught:
        record_assessment(db, clinic.doctor.id, AssessmentInput(**{**base, "instrument": "dlqi"}, assessed_on=days_ago(db, 0)))
    assert caught.value.errors == {"instrument": "unknown instrument 'dlqi'"}


def test_void_needs_a_reason_and_keeps_the_record_readable(db, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA)
    kept = score(db, clinic.doctor.id, lesion.id, "salt", days_ago(db, 10), salt_items(40))
    wrong = score(db, clinic.doctor.id, lesion.id, "salt", days_ago(db, 5), salt_items(4))
    with pytest.raises(ValidationError):
        void_assessment(db, clinic.doctor.id, wrong.id, "  ")
    voided = void_assessment(db, clinic.doctor.id, wrong.id, "Typed into the wrong patient's chart")
    assert voided.voided and voided.void_reason == "Typed into the wrong patient's chart"
    with pytest.raises(ValidationError, match="already voided"):
        void_assessment(db, clinic.doctor.id, wrong.id, "again")
    assert [a.id for a in lesion_assessments(db, lesion.id)] == [kept.id]
    assert [a.id for a in lesion_assessments(db, lesion.id, include_voided=True)] == [kept.id, wrong.id]
    assert [a.id for a in patient_assessments(db, patient.id)] == [kept.id]
    # The voided score no longer counts in the chart.
    assert [p.value for p in lesion_progress(db, lesion.id).series_for("salt.salt").points] == [Decimal(40)]


def test_assessments_linked_to_a_session_are_listed_with_it(db, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA)
    visit = treat(clinic, patient.id, lesion.id, [days_ago(db, 2)])[0]
    linked = score(db, clinic.doctor.id, lesion.id, "patch_regrowth", days_ago(db, 2), {"regrowth": "30"}, session_id=visit.id)
    score(db, clinic.doctor.id, lesion.id, "patch_regrowth", days_ago(db, 1), {"regrowth": "35"})
    assert [a.id for a in session_assessments(db, visit.id)] == [linked.id]


def test_photo_measurements_appear_as_assessments_and_in_the_chart(db, clinic):
    """A calibrated-photo measurement is written by the photo tool with its own
    items; its stored score is what the lists and charts show."""
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.KELOID, site="2059009")
    with db.write() as s:
        photo = Photo(patient_id=patient.id, lesion_id=lesion.id, sha256="a" * 64, stored_path="aa/a.jpg",
                      media_type="image/jpeg", byte_size=10)
        s.add(photo)
        s.flush()
        for n, (length, day) in enumerate(((Decimal("24.6"), days_ago(db, 60)), (Decimal("18.2"), days_ago(db, 1)))):
            row = Assessment(lesion_id=lesion.id, photo_id=photo.id, assessed_on=day, instrument="photo_length",
                             items={"points": [[10, 10], [200, 40 + n]], "mm_per_px": "0.12"}, score=length)
            s.add(row)
            audit.record_row(s, clinic.doctor.id, "create", row)
    listed = lesion_assessments(db, lesion.id)
    assert [(a.short_name, a.score_text) for a in listed] == [("Photo length", "24.6 mm"), ("Photo length", "18.2 mm")]
    data = lesion_progress(db, lesion.id)
    assert data.default_key == "photo_length.length_mm"
    assert [p.value for p in data.series_for(None).points] == [Decimal("24.6"), Decimal("18.2")]
    assert "Length on photo 24.6 mm → 18.2 mm, 26% improvement over 8 weeks." in data.summary
    # Typed through the service, with the instrument's own item, it works the same.
    view = score(db, clinic.doctor.id, lesion.id, "photo_area", days_ago(db, 1), {"area_mm2": "120.5"}, photo_id=photo.id)
    assert view.score == Decimal("120.5") and view.photo_id == photo.id
