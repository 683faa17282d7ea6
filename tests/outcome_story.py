"""Test set-up for outcome tests: a lesion treated on given days with scores
recorded through the real services (as the session editor and the
assessment form would)."""
from __future__ import annotations

from datetime import date, timedelta

from tracker.models import Condition
from tracker.services.assessments import AssessmentInput, clinic_today, record_assessment


def days_ago(db, n: int) -> date:  # noqa: ANN001
    return clinic_today(db) - timedelta(days=n)


def treat(clinic, patient_id: int, lesion_id: int, days: list[date], code: str = "tac", conc: str = "5"):  # noqa: ANN001, ANN201
    """Signed sessions injecting the lesion on each day; returns their views."""
    return [clinic.record(patient_id, [clinic.injection(lesion_id, code=code, conc=conc)], day=day,
                          reason="test course") for day in days]


def score(db, actor_id: int, lesion_id: int, instrument: str, day: date, items: dict, **kw):  # noqa: ANN001, ANN003, ANN201
    return record_assessment(db, actor_id, AssessmentInput(lesion_id=lesion_id, instrument=instrument, assessed_on=day,
                                                           items=items, **kw))


def salt_items(total: float) -> dict:
    """Four views all at ``total`` percent: SALT equals ``total``."""
    return {view: str(total) for view in ("vertex", "back", "left", "right")}


def keloid_items(length: float, width: float, height: float, **extra) -> dict:  # noqa: ANN003
    return {"length": str(length), "width": str(width), "height": str(height), **{k: str(v) for k, v in extra.items()}}


def alopecia_course(clinic, salts: list[float], *, every: int = 42, first_days_ago: int | None = None):  # noqa: ANN001, ANN201
    """A patient with one scalp patch, injected and scored with SALT on the same days."""
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, label="Vertex patch")
    start = first_days_ago if first_days_ago is not None else every * (len(salts) - 1) + 5
    days = [days_ago(clinic.db, start - every * i) for i in range(len(salts))]
    sessions = treat(clinic, patient.id, lesion.id, days)
    for day, value, ses in zip(days, salts, sessions):
        score(clinic.db, clinic.doctor.id, lesion.id, "salt", day, salt_items(value), session_id=ses.id)
    return patient, lesion, days
