"""Recording, voiding and listing outcome assessments.

An assessment is one instrument scored for one lesion on one day, typed in
the assessment form (with or without an injection session) or measured on a
calibrated photo. Items are stored as exact decimal strings; the score column
holds the instrument's headline metric. Every write is one transaction with
its audit event; an assessment is voided with a reason, never deleted.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Assessment, Lesion, Patient, Photo, Staff, TreatmentSession
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.instruments import Instrument, instrument, plain, score_items
from tracker.services.instruments.definitions import round_to
from tracker.services.settings import clinic_zone
from tracker.services.voiding import clean_reason, void_row

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AssessmentInput:
    lesion_id: int
    instrument: str
    assessed_on: date
    items: Mapping[str, object] = field(default_factory=dict)
    version: str | None = None
    session_id: int | None = None
    photo_id: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class AssessmentView:
    id: int
    lesion_id: int
    patient_id: int
    session_id: int | None
    photo_id: int | None
    assessor_name: str
    assessed_on: date
    instrument: str
    instrument_name: str
    short_name: str
    version: str | None
    version_label: str
    items: tuple[tuple[str, str], ...]
    metrics: tuple[tuple[str, Decimal], ...]
    score: Decimal | None
    score_text: str
    band_code: str | None
    band_label: str | None
    notes: str | None
    voided: bool
    void_reason: str | None
    created_at: datetime

    def metric(self, key: str) -> Decimal | None:
        return dict(self.metrics).get(key)

    @property
    def result_text(self) -> str:
        """'SALT 41.6% (S2)' style: the headline score and its band."""
        band = f" ({self.band_code})" if self.band_code else ""
        return f"{self.short_name} {self.score_text}{band}"


def evaluate(code: str, items: Mapping[str, object], stored_score: Decimal | None) -> tuple[dict[str, Decimal], Decimal | None]:
    """Metrics and score of a stored assessment.

    Rows written by other tools (photo measurements) may carry items this
    program does not know; their stored score is then used as the headline.
    """
    inst = instrument(code)
    if inst is None:
        return ({"score": stored_score} if stored_score is not None else {}), stored_score
    known = {k: v for k, v in items.items() if k in {i.key for i in inst.items}}
    result = score_items(inst, known)
    metrics = dict(result.metrics)
    if inst.score not in metrics and stored_score is not None:
        metrics[inst.score] = round_to(stored_score, inst.score_metric.decimals)
    return metrics, metrics.get(inst.score)


def _view(row: Assessment, patient_id: int, names: dict[int, str]) -> AssessmentView:
    inst = instrument(row.instrument)
    metrics, score = evaluate(row.instrument, row.items or {}, row.score)
    band = inst.band_for(score) if inst else None
    score_text = inst.score_metric.format(score) if inst else ("—" if score is None else plain(score))
    return AssessmentView(
        id=row.id, lesion_id=row.lesion_id, patient_id=patient_id, session_id=row.session_id, photo_id=row.photo_id,
        assessor_name=names.get(row.assessor_id, "") if row.assessor_id else "", assessed_on=row.assessed_on,
        instrument=row.instrument, instrument_name=inst.name if inst else row.instrument,
        short_name=inst.short_name if inst else row.instrument, version=row.instrument_version,
        version_label=inst.version_label(row.instrument_version) if inst else (row.instrument_version or ""),
        items=tuple((str(k), str(v)) for k, v in (row.items or {}).items()), metrics=tuple(metrics.items()),
        score=score, score_text=score_text, band_code=band.code if band else None, band_label=band.label if band else None,
        notes=row.notes, voided=row.is_voided, void_reason=row.void_reason, created_at=row.created_at,
    )


def _names(s: Session) -> dict[int, str]:
    return dict(s.execute(select(Staff.id, Staff.display_name)).all())


def clinic_today(db) -> date:  # noqa: ANN001
    """Today's date in the clinic's time zone."""
    return utcnow().astimezone(clinic_zone(db)).date()


def check_input(inst: Instrument | None, data: AssessmentInput) -> tuple[dict[str, str], dict[str, str]]:
    """(field errors, item values to store). Field keys: instrument, version, items.<key>, assessed_on, notes."""
    errors: dict[str, str] = {}
    if inst is None:
        return {"instrument": f"unknown instrument {data.instrument!r}"}, {}
    if data.version is not None and data.version not in {v.code for v in inst.versions}:
        errors["version"] = f"choose one of the versions of {inst.short_name}"
    result = score_items(inst, data.items)
    for key, message in result.item_messages(inst).items():
        errors[f"items.{key}"] = message
    if data.assessed_on is None:
        errors["assessed_on"] = "enter the date of the assessment"
    if data.notes and len(data.notes) > 4000:
        errors["notes"] = "keep the note under 4,000 characters"
    stored = {key: format(value, "f") for key, value in result.values.items()}
    return errors, stored


def _check_links(s: Session, data: AssessmentInput, errors: dict[str, str], today: date) -> Lesion:
    lesion = s.get(Lesion, data.lesion_id)
    if lesion is None:
        raise NotFoundError(f"no lesion with id {data.lesion_id}")
    if lesion.is_voided:
        errors["lesion_id"] = "this lesion's record is voided"
    patient = s.get(Patient, lesion.patient_id)
    if data.assessed_on is not None:
        if data.assessed_on > today:
            errors["assessed_on"] = "the date is in the future"
        elif data.assessed_on < patient.date_of_birth:
            errors["assessed_on"] = "the date is before the patient's birth"
    if data.session_id is not None:
        ses = s.get(TreatmentSession, data.session_id)
        if ses is None or ses.patient_id != lesion.patient_id:
            errors["session_id"] = "this session is not one of the patient's"
        elif ses.is_voided:
            errors["session_id"] = "this session is voided"
    if data.photo_id is not None:
        photo = s.get(Photo, data.photo_id)
        if photo is None or photo.patient_id != lesion.patient_id:
            errors["photo_id"] = "this photo is not one of the patient's"
    return lesion


def _insert(s: Session, actor_id: int | None, data: AssessmentInput, today: date, names: dict[int, str]) -> AssessmentView:
    inst = instrument(data.instrument)
    errors, stored = check_input(inst, data)
    lesion = _check_links(s, data, errors, today)
    if errors:
        raise ValidationError(errors)
    _, score = evaluate(inst.code, stored, None)
    row = Assessment(
        lesion_id=lesion.id, session_id=data.session_id, photo_id=data.photo_id, assessor_id=actor_id,
        assessed_on=data.assessed_on, instrument=inst.code, instrument_version=data.version or inst.default_version,
        items=stored, score=score, notes=(data.notes or "").strip() or None, created_by_id=actor_id,
    )
    s.add(row)
    audit.record_row(s, actor_id, "create", row)
    log.info("recorded %s for lesion %s: %s", inst.code, lesion.id, score)
    return _view(row, lesion.patient_id, names)


def record_assessment(db, actor_id: int | None, data: AssessmentInput) -> AssessmentView:  # noqa: ANN001
    """Check and store one assessment (refused whole if any item is missing or wrong)."""
    today = clinic_today(db)
    with db.write() as s:
        return _insert(s, actor_id, data, today, _names(s))


def record_assessments(db, actor_id: int | None, items: list[AssessmentInput]) -> list[AssessmentView]:  # noqa: ANN001
    """Store several assessments in one transaction: all of them, or none if one is refused."""
    today = clinic_today(db)
    with db.write() as s:
        names = _names(s)
        return [_insert(s, actor_id, data, today, names) for data in items]


def void_assessment(db, actor_id: int, assessment_id: int, reason: str) -> AssessmentView:  # noqa: ANN001
    reason = clean_reason(reason, "assessment")
    with db.write() as s:
        row = s.get(Assessment, assessment_id)
        if row is None:
            raise NotFoundError(f"no assessment with id {assessment_id}")
        void_row(s, actor_id, row, reason, "assessment")
        lesion = s.get(Lesion, row.lesion_id)
        return _view(row, lesion.patient_id, _names(s))


def _list(s: Session, query, include_voided: bool) -> list[AssessmentView]:  # noqa: ANN001
    if not include_voided:
        query = query.where(Assessment.voided_at.is_(None))
    query = query.order_by(Assessment.assessed_on, Assessment.id)
    names = _names(s)
    return [_view(row, patient_id, names) for row, patient_id in s.execute(query).all()]


def _base():  # noqa: ANN202
    return select(Assessment, Lesion.patient_id).join(Lesion, Assessment.lesion_id == Lesion.id)


def get_assessment(db, assessment_id: int) -> AssessmentView:  # noqa: ANN001
    with db.read() as s:
        found = _list(s, _base().where(Assessment.id == assessment_id), include_voided=True)
        if not found:
            raise NotFoundError(f"no assessment with id {assessment_id}")
        return found[0]


def lesion_assessments(db, lesion_id: int, *, include_voided: bool = False) -> list[AssessmentView]:  # noqa: ANN001
    """The lesion's assessments (typed and photo measurements), oldest first."""
    with db.read() as s:
        return _list(s, _base().where(Assessment.lesion_id == lesion_id), include_voided)


def patient_assessments(db, patient_id: int, *, include_voided: bool = False) -> list[AssessmentView]:  # noqa: ANN001
    with db.read() as s:
        return _list(s, _base().where(Lesion.patient_id == patient_id), include_voided)


def session_assessments(db, session_id: int, *, include_voided: bool = False) -> list[AssessmentView]:  # noqa: ANN001
    """Assessments recorded with one visit (for the session editor and printed notes)."""
    with db.read() as s:
        return _list(s, _base().where(Assessment.session_id == session_id), include_voided)
