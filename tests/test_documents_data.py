"""What the printed documents say, gathered as plain data (no Qt)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from document_fixtures import add_keloid_size, add_photo, treated_visit

from tracker.models import Condition, Laterality
from tracker.services import sessions, settings
from tracker.services.body_map import resolve_site
from tracker.services.documents_aftercare import aftercare_document
from tracker.services.documents_audit import DocumentOutput, record_output
from tracker.services.documents_index import patient_documents
from tracker.services.documents_progress import lesion_progress_document, patient_progress_document
from tracker.services.errors import NotFoundError, ServiceError
from tracker.services.guidance.aftercare import aftercare_for_session
from tracker.services.guidance.rules import SECTION_TITLES


def test_aftercare_names_what_was_treated_where_and_with_what(clinic, db):
    settings.update_settings(db, None, {"clinic_name": "Riverside Dermatology", "clinic_phone": "+1 555 0100",
                                        "paper_size": "Letter"})
    visit = treated_visit(clinic)
    doc = aftercare_document(db, visit.session_id)
    assert doc.patient_name == "Amara Okafor" and doc.chart_number == "RDC-2001"
    assert doc.visit_date == date(2026, 6, 1) and doc.clinician == "Dr Test" and doc.signed
    assert doc.clinic.name == "Riverside Dermatology" and doc.clinic.phone == "+1 555 0100"
    assert doc.clinic.paper_size == "Letter"
    assert [(t.number, t.label, t.site) for t in doc.treated] == [
        (1, "Vertex patch", "Vertex of scalp"), (2, "Left earlobe keloid", "left ear lobule")]
    assert doc.treated[0].condition == "Alopecia areata patch"
    assert doc.treated[0].medicines == ("Triamcinolone acetonide 0.3 mL",)
    # The scalp's three injection points, and the keloid's position on the map (no points recorded for it),
    # each on the body site of its lesion.
    assert [(m.view, m.number) for m in doc.marks] == [("scalp_top", 1)] * 3 + [("face", 2)]
    assert [resolve_site(m.view, m.x, m.y).site_code for m in doc.marks] == ["61719002"] * 3 + ["2059009"]
    assert resolve_site(doc.marks[-1].view, doc.marks[-1].x, doc.marks[-1].y).laterality == "left"
    assert doc.areas == ()


def test_the_advice_comes_from_the_guidance_rules(clinic, db):
    visit = treated_visit(clinic)
    doc = aftercare_document(db, visit.session_id)
    sheet = aftercare_for_session(db, visit.session_id)
    assert [s.key for s in doc.sections] == ["medicine", "what_to_expect", "care", "warning_signs", "emergency"]
    assert [s.title for s in doc.sections] == [SECTION_TITLES[s.key] for s in doc.sections]
    # The medicine in plain words (from the catalog, through the guidance sheet), then the rules' own lines.
    medicine = doc.section("medicine").lines
    assert medicine[0] == ("Triamcinolone acetonide: a corticosteroid (steroid) medicine, triamcinolone. "
                           "Given into Vertex patch, Left earlobe keloid (11 mg).")
    assert medicine[1:] == tuple(line.text for line in sheet.medicine_notes)
    for key in ("what_to_expect", "care", "warning_signs", "emergency"):
        assert doc.section(key).lines == tuple(line.text for line in getattr(sheet, key)) != ()
    assert (doc.next_visit, doc.next_visit_text) == (sheet.next_review, sheet.next_review_label)
    assert doc.next_visit > doc.visit_date
    # Each source document named once.
    seeds, domain = doc.sources
    assert seeds.startswith("seed documents ") and "000_516ba4fb64f27f14.txt" in seeds
    assert domain.startswith("domain.md: ") and "Side effects and their timing" in domain
    assert len(set(domain.split("; "))) == len(domain.split("; "))


def test_a_lesion_with_no_point_on_the_map_is_shown_by_its_site(clinic, db):
    patient = clinic.patient(family_name="Osei", given_names="Abena")
    wart = clinic.lesion(patient.id, Condition.WART, "local:hand", label="Right hand wart", laterality=Laterality.RIGHT)
    visit = clinic.record(patient.id, [clinic.injection(wart.id, "candida", "1", "0.1", 1)])
    doc = aftercare_document(db, visit.id)
    (area,) = doc.areas
    assert (area.view, area.number) == ("body_front", 1) and area.polygons
    # The shaded outline is the right hand's on the drawing.
    x = sum(p[0] for p in area.polygons[0]) / len(area.polygons[0])
    y = sum(p[1] for p in area.polygons[0]) / len(area.polygons[0])
    hit = resolve_site(area.view, x, y)
    assert (hit.site_code, hit.laterality) == ("local:hand", "right")


def test_an_amended_visit_prints_as_amended_and_a_voided_one_not_at_all(clinic, db):
    visit = treated_visit(clinic)
    original = sessions.get_session(db, visit.session_id)
    fixed = clinic.session_input(visit.patient_id, [clinic.injection(visit.scalp_lesion, "tac", "5", "0.1", 4)],
                                 day=original.clinic_date)
    amended = sessions.amend_session(db, clinic.doctor.id, visit.session_id, fixed, "wrong strength typed")
    doc = aftercare_document(db, visit.session_id)
    assert doc.session_id == amended.id
    assert [t.medicines for t in doc.treated] == [("Triamcinolone acetonide 0.4 mL",)]
    sessions.void_session(db, clinic.doctor.id, amended.id, "wrong patient")
    with pytest.raises(ServiceError, match="was voided"):
        aftercare_document(db, visit.session_id)
    with pytest.raises(NotFoundError, match="no treatment session with id 999"):
        aftercare_document(db, 999)


def test_lesion_progress_counts_only_what_was_given_with_running_totals(clinic, db):
    visit = treated_visit(clinic, day=date(2026, 5, 4))
    clinic.record(visit.patient_id, [clinic.injection(visit.ear_lesion, "tac", "40", "0.1", 3)], day=date(2026, 6, 1),
                  notes="Some blanching.")
    draft = sessions.create_draft(db, clinic.doctor.id, clinic.session_input(
        visit.patient_id, [clinic.injection(visit.ear_lesion, "tac", "40", "0.1", 5)], day=date(2026, 7, 1)))
    add_keloid_size(db, clinic.nurse.id, visit.ear_lesion, date(2026, 5, 4), "12", "8", "6")
    add_keloid_size(db, clinic.nurse.id, visit.ear_lesion, date(2026, 7, 1), "10", "7", "3.5")
    doc = lesion_progress_document(db, visit.ear_lesion)
    assert doc.scope == "lesion" and doc.patient_name == "Amara Okafor"
    (report,) = doc.lesions
    assert report.label == "Left earlobe keloid" and report.condition == "Keloid"
    # The draft is not part of the record.
    assert [(r.day, r.dose, r.cumulative) for r in report.rows] == [
        (date(2026, 5, 4), "8 mg", "8 mg"), (date(2026, 6, 1), "12 mg", "20 mg")]
    assert report.rows[0].concentration == "40 mg/mL" and report.rows[1].volume == "0.3 mL"
    assert [r.note for r in report.rows] == ["Tolerated well.", "Some blanching."]
    assert report.cumulative == ("20 mg Triamcinolone acetonide",)
    assert report.injection_days == (date(2026, 5, 4), date(2026, 6, 1))
    # The outcome, as the outcomes feature describes it.
    height = report.outcome.series_for("keloid_size.height")
    assert [(p.day, p.value) for p in height.points] == [(date(2026, 5, 4), Decimal("6")), (date(2026, 7, 1), Decimal("3.5"))]
    assert report.summary and "Keloid height 6 mm → 3.5 mm" in " ".join(report.summary)
    assert draft.id not in {r.session_id for r in report.rows}


def test_progress_photos_are_the_first_and_the_latest(clinic, db):
    visit = treated_visit(clinic)
    assert lesion_progress_document(db, visit.scalp_lesion).lesions[0].first_photo is None
    first = add_photo(db, clinic.nurse.id, visit.patient_id, visit.scalp_lesion, date(2026, 6, 1), "red")
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.scalp_lesion, date(2026, 7, 1), "green")
    latest = add_photo(db, clinic.nurse.id, visit.patient_id, visit.scalp_lesion, date(2026, 8, 1), "blue", rotation=90)
    report = lesion_progress_document(db, visit.scalp_lesion).lesions[0]
    assert report.first_photo.photo_id == first and report.first_photo.taken == date(2026, 6, 1)
    assert report.latest_photo.photo_id == latest and report.latest_photo.rotation == 90
    assert report.latest_photo.path.startswith(str(db.location.photos_dir))


def test_patient_progress_covers_every_lesion(clinic, db):
    visit = treated_visit(clinic)
    doc = patient_progress_document(db, visit.patient_id)
    assert doc.scope == "patient"
    assert [r.label for r in doc.lesions] == ["Vertex patch", "Left earlobe keloid"]
    with pytest.raises(NotFoundError):
        patient_progress_document(db, 999)
    with pytest.raises(NotFoundError):
        lesion_progress_document(db, 999)


def test_the_documents_a_patient_can_have(clinic, db):
    visit = treated_visit(clinic)
    later = clinic.record(visit.patient_id, [clinic.injection(visit.ear_lesion, "tac", "40", "0.1", 2)], day=date(2026, 7, 6))
    voided = clinic.record(visit.patient_id, [clinic.injection(visit.ear_lesion, "tac", "40", "0.1", 2)], day=date(2026, 8, 3))
    sessions.void_session(db, clinic.doctor.id, voided.id, "entered twice")
    docs = patient_documents(db, visit.patient_id)
    assert [v.session_id for v in docs.visits] == [later.id, visit.session_id]
    assert docs.visits[1].treated == "Vertex patch, Left earlobe keloid"
    assert docs.visits[1].medicines == "Triamcinolone acetonide"
    assert [(lesion.label, lesion.detail) for lesion in docs.lesions] == [
        ("Vertex patch", "Alopecia areata patch, Vertex of scalp · 1 visit"),
        ("Left earlobe keloid", "Keloid, left ear lobule · 2 visits")]


def test_printing_is_recorded_in_the_audit_trail(clinic, db):
    from sqlalchemy import select

    from tracker.models import AuditEvent
    from tracker.services.audit import verify_chain

    visit = treated_visit(clinic)
    record_output(db, clinic.nurse.id, DocumentOutput("aftercare", visit.session_id, "print", "Front desk printer", 1))
    record_output(db, clinic.nurse.id, DocumentOutput("patient_progress", visit.patient_id, "export", "/tmp/x.pdf", 2))
    with db.read() as s:
        events = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(2)).scalars().all()
        assert verify_chain(s) == []
    assert [(e.action, e.entity, e.entity_id, e.staff_id) for e in events] == [
        ("export", "patient", visit.patient_id, clinic.nurse.id), ("print", "treatment_session", visit.session_id, clinic.nurse.id)]
    assert '"destination":"Front desk printer"' in events[1].after and '"pages":1' in events[1].after
    with pytest.raises(ValueError):
        DocumentOutput("aftercare", 1, "fax", "x", 1)


def test_only_a_sheet_for_someone_who_may_have_periods_mentions_them(clinic, db):
    from tracker.models import Sex

    said = {}
    for sex in (Sex.MALE, Sex.FEMALE, Sex.UNKNOWN):
        patient = clinic.patient(sex=sex)
        patch = clinic.lesion(patient.id, Condition.KELOID, "2059009", label="Earlobe keloid")
        visit = clinic.record(patient.id, [clinic.injection(patch.id, "tac", "10", "0.1", 2)])
        text = " ".join(line for section in aftercare_document(db, visit.id).sections for line in section.lines)
        said[sex] = ("periods" in text, "weight gain" in text)
    assert said == {Sex.MALE: (False, True), Sex.FEMALE: (True, True), Sex.UNKNOWN: (True, True)}
