"""A lesion's photos in date order, each beside its visit (agent, dose) and
the outcome scores recorded for the lesion that day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from tracker.models import Assessment
from tracker.services.photo_visits import patient_visits, treatment_text, visit_status
from tracker.services.photos import PhotoView, lesion_patient_id, patient_photos


@dataclass(frozen=True)
class Score:
    instrument: str
    score: Decimal | None
    photo_id: int | None

    @property
    def text(self) -> str:
        value = "-" if self.score is None else format(self.score.normalize(), "f")
        return f"{self.instrument} {value}"


@dataclass(frozen=True)
class TimelineEntry:
    photo: PhotoView
    session_id: int | None
    session_date: date | None
    session_status: str
    treatment: str  # agent, concentration, volume and dose for this lesion; "" without a visit
    scores: tuple[Score, ...]

    @property
    def scores_text(self) -> str:
        return "; ".join(s.text for s in self.scores)


def lesion_scores(db, lesion_id: int) -> dict[date, tuple[Score, ...]]:  # noqa: ANN001
    """Outcome scores of the lesion by day (voided assessments left out)."""
    query = (select(Assessment).where(Assessment.lesion_id == lesion_id, Assessment.voided_at.is_(None))
             .order_by(Assessment.assessed_on, Assessment.id))
    out: dict[date, list[Score]] = {}
    with db.read() as s:
        for row in s.execute(query).scalars():
            out.setdefault(row.assessed_on, []).append(Score(row.instrument, row.score, row.photo_id))
    return {day: tuple(scores) for day, scores in out.items()}


def lesion_timeline(db, lesion_id: int, *, include_voided: bool = False) -> list[TimelineEntry]:  # noqa: ANN001
    patient_id = lesion_patient_id(db, lesion_id)
    photos = patient_photos(db, patient_id, lesion_id=lesion_id, include_voided=include_voided)
    visits = patient_visits(db, patient_id)
    scores = lesion_scores(db, lesion_id)
    entries = []
    for photo in photos:
        visit = visits.by_id(photo.session_id) or visits.on_day(photo.taken_on, lesion_id)
        entries.append(TimelineEntry(
            photo=photo, session_id=visit.id if visit else None, session_date=visit.clinic_date if visit else None,
            session_status=visit_status(visit) if visit else "",
            treatment=treatment_text(visit, lesion_id) if visit else "",
            scores=scores.get(photo.taken_on, ()) if photo.taken_on else (),
        ))
    return entries
