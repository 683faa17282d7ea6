"""Gathering a progress report: one lesion, or every lesion of a patient.

The treatment history counts only what was really given (signed, not voided,
not superseded: see ``history.py``), with a running total per agent. Outcome
scores, the response in plain words and the chart data come from the outcomes
feature (``services/progress.py``); photos from the photos feature (``services/photos.py``).
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy.orm import Session, object_session

from tracker.models import Injection, Lesion, Patient, TreatmentSession
from tracker.services.assessments import clinic_today
from tracker.services.capture_standards import capture_standards
from tracker.services.documents import DoseRow, LesionReport, ProgressDocument, ReportPhoto, clinic_header
from tracker.services.body_sites import describe_site
from tracker.services.dosing import quantity
from tracker.services.errors import NotFoundError
from tracker.services.history import given_injections_query
from tracker.services.photos import PhotoView, lesion_photos
from tracker.services.outcome_data import load_facts
from tracker.services.progress import progress_from_facts


def _rows(s: Session, lesion: Lesion) -> tuple[tuple[DoseRow, ...], tuple[str, ...]]:
    query = (given_injections_query(lesion.patient_id).where(Injection.lesion_id == lesion.id)
             .order_by(TreatmentSession.clinic_date, TreatmentSession.id, Injection.id))
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    rows: list[DoseRow] = []
    noted: set[int] = set()
    for inj, ses in s.execute(query).all():
        key = (inj.agent.name, inj.dose_unit)
        totals[key] += inj.dose
        note = ses.notes if ses.notes and ses.id not in noted else None
        noted.add(ses.id)
        rows.append(DoseRow(
            session_id=ses.id, day=ses.clinic_date, agent=inj.agent.name,
            concentration=quantity(inj.concentration, inj.concentration_unit), volume=quantity(inj.volume_ml, "mL"),
            points=inj.points, dose=quantity(inj.dose, inj.dose_unit), cumulative=quantity(totals[key], inj.dose_unit),
            note=note,
        ))
    cumulative = tuple(f"{quantity(v, unit)} {name}" for (name, unit), v in totals.items())
    return tuple(rows), cumulative


def _first_and_latest(db, lesion_id: int) -> tuple[ReportPhoto | None, ReportPhoto | None]:  # noqa: ANN001
    """The lesion's first and latest dated photos (undated ones only when none has a date),
    turned and framed as the photo viewer keeps them."""
    found = lesion_photos(db, lesion_id)
    pool = [p for p in found if p.taken_on is not None] or found
    if not pool:
        return None, None
    standards = capture_standards()

    def ref(photo: PhotoView) -> ReportPhoto:
        return ReportPhoto(photo_id=photo.id, path=str(photo.file_path(db.location)), taken=photo.taken_on,
                           label=standards.view_text(photo.view_label) or None, rotation=photo.rotation, crop=photo.crop,
                           width=photo.width, height=photo.height)

    return ref(pool[0]), (ref(pool[-1]) if len(pool) > 1 else None)


def _document(db, patient: Patient, scope: str, lesions: list[Lesion]) -> ProgressDocument:  # noqa: ANN001
    """The report's data; ``patient`` and ``lesions`` are rows of a session still open."""
    s = object_session(patient)
    ids = [lesion.id for lesion in lesions]
    facts = load_facts(s, lesion_id=ids[0]) if scope == "lesion" else load_facts(s, patient_id=patient.id)
    outcomes = {f.lesion_id: progress_from_facts(f) for f in facts}
    reports = []
    for lesion in lesions:
        rows, cumulative = _rows(s, lesion)
        first, latest = _first_and_latest(db, lesion.id)
        reports.append(LesionReport(
            lesion_id=lesion.id, label=lesion.label, condition=lesion.condition.label,
            site=describe_site(lesion.site_code, lesion.laterality, lesion.site_text), status=lesion.status.value,
            onset=lesion.onset_date, notes=lesion.notes, rows=rows, cumulative=cumulative,
            outcome=outcomes.get(lesion.id), first_photo=first, latest_photo=latest,
        ))
    return ProgressDocument(
        clinic=clinic_header(db), patient_id=patient.id, patient_name=f"{patient.given_names} {patient.family_name}",
        chart_number=patient.chart_number, date_of_birth=patient.date_of_birth, prepared_on=clinic_today(db),
        scope=scope, lesions=tuple(reports),
    )


def lesion_progress_document(db, lesion_id: int) -> ProgressDocument:  # noqa: ANN001
    with db.read() as s:
        lesion = s.get(Lesion, lesion_id)
        if lesion is None:
            raise NotFoundError(f"no lesion with id {lesion_id}")
        return _document(db, lesion.patient, "lesion", [lesion])


def patient_progress_document(db, patient_id: int) -> ProgressDocument:  # noqa: ANN001
    with db.read() as s:
        patient = s.get(Patient, patient_id)
        if patient is None:
            raise NotFoundError(f"no patient with id {patient_id}")
        lesions = [lesion for lesion in patient.lesions if not lesion.is_voided]
        return _document(db, patient, "patient", lesions)
