"""A lesion's photos in date order, each beside its visit (agent, dose) and
the outcome scores recorded for the lesion that day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tracker.services.assessments import lesion_assessments
from tracker.services.instruments import instrument, plain
from tracker.services.photo_visits import patient_visits, treatment_text, visit_status
from tracker.services.photos import PhotoView, lesion_patient_id, patient_photos


@dataclass(frozen=True)
class Score:
    instrument: str
    score: Decimal | None
    photo_id: int | None
    band: str | None = None

    @property
    def text(self) -> str:
        """'Keloid volume 1200 mm³', 'SALT score 25 (S2)': named and formatted as the instrument says."""
        inst = instrument(self.instrument)
        if inst is None:
            text = f"{self.instrument} {'—' if self.score is None else plain(self.score)}"
        else:
            text = inst.score_metric.labelled(self.score)
        return text + (f" ({self.band})" if self.band else "")


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
    out: dict[date, list[Score]] = {}
    for view in lesion_assessments(db, lesion_id):
        out.setdefault(view.assessed_on, []).append(Score(view.instrument, view.score, view.photo_id, view.band_code))
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
