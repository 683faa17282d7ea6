"""Gathering a progress report: one lesion, or every lesion of a patient.

The treatment history counts only what was really given (signed, not voided,
not superseded: see ``history.py``), with a running total per agent. Outcome
scores come from the Assessment table and photos from the photo store.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Assessment, Injection, Lesion, Patient, Photo, TreatmentSession
from tracker.services.documents import (
    DoseRow, LesionReport, PhotoRef, ProgressDocument, ScorePoint, clinic_header, describe_site, quantity,
)
from tracker.services.errors import NotFoundError
from tracker.services.history import given_injections_query


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


def _scores(s: Session, lesion_id: int) -> tuple[ScorePoint, ...]:
    query = (select(Assessment).where(Assessment.lesion_id == lesion_id, Assessment.voided_at.is_(None))
             .order_by(Assessment.assessed_on, Assessment.id))
    return tuple(ScorePoint(day=a.assessed_on, instrument=a.instrument, score=a.score, notes=a.notes)
                 for a in s.execute(query).scalars())


def _photo_ref(row: Photo, store: Path) -> PhotoRef:
    settings = row.view_settings or {}
    try:
        rotation = int(settings.get("rotation", 0)) % 360
    except (TypeError, ValueError):
        rotation = 0
    moment = row.taken_at or row.created_at
    return PhotoRef(photo_id=row.id, path=str(store / row.stored_path), taken=moment.date() if moment else None,
                    label=row.view_label, rotation=rotation)


def _first_and_latest(s: Session, lesion_id: int, store: Path) -> tuple[PhotoRef | None, PhotoRef | None]:
    moment = func.coalesce(Photo.taken_at, Photo.created_at)
    base = select(Photo).where(Photo.lesion_id == lesion_id, Photo.voided_at.is_(None))
    first = s.execute(base.order_by(moment, Photo.id).limit(1)).scalars().first()
    latest = s.execute(base.order_by(moment.desc(), Photo.id.desc()).limit(1)).scalars().first()
    if first is None:
        return None, None
    return _photo_ref(first, store), (None if latest.id == first.id else _photo_ref(latest, store))


def _lesion_report(s: Session, lesion: Lesion, store: Path) -> LesionReport:
    rows, cumulative = _rows(s, lesion)
    first, latest = _first_and_latest(s, lesion.id, store)
    return LesionReport(
        lesion_id=lesion.id, label=lesion.label, condition=lesion.condition.label, site=describe_site(lesion.site_code, lesion.laterality, lesion.site_text),
        status=lesion.status.value, onset=lesion.onset_date, notes=lesion.notes, rows=rows, cumulative=cumulative,
        scores=_scores(s, lesion.id), first_photo=first, latest_photo=latest,
    )


def _document(db, s: Session, patient: Patient, scope: str, lesions: list[Lesion]) -> ProgressDocument:  # noqa: ANN001
    store = db.location.photos_dir
    return ProgressDocument(
        clinic=clinic_header(db), patient_id=patient.id, patient_name=f"{patient.given_names} {patient.family_name}",
        chart_number=patient.chart_number, date_of_birth=patient.date_of_birth, prepared_on=date.today(),
        scope=scope, lesions=tuple(_lesion_report(s, lesion, store) for lesion in lesions),
    )


def lesion_progress_document(db, lesion_id: int) -> ProgressDocument:  # noqa: ANN001
    with db.read() as s:
        lesion = s.get(Lesion, lesion_id)
        if lesion is None:
            raise NotFoundError(f"no lesion with id {lesion_id}")
        return _document(db, s, lesion.patient, "lesion", [lesion])


def patient_progress_document(db, patient_id: int) -> ProgressDocument:  # noqa: ANN001
    with db.read() as s:
        patient = s.get(Patient, patient_id)
        if patient is None:
            raise NotFoundError(f"no patient with id {patient_id}")
        lesions = [lesion for lesion in patient.lesions if not lesion.is_voided]
        return _document(db, s, patient, "patient", lesions)
