"""What the outcome views need about lesions, loaded in a few queries.

For each lesion: its score series (one per instrument metric, from the
assessments that are not voided, photo measurements included) and the
injection sessions that count (signed, not voided, not superseded) with the
dose given into that lesion. Plain frozen data, no Qt.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import CONDITION_LABELS, Agent, Assessment, Condition, Injection, Lesion, Patient, TreatmentSession
from tracker.services.assessments import evaluate
from tracker.services.history import counts_clause
from tracker.services.instruments import instrument, plain


@dataclass(frozen=True)
class Point:
    day: date
    value: Decimal
    assessment_id: int
    band: str | None = None


@dataclass(frozen=True)
class DoseSession:
    """One visit's injections into one lesion."""

    day: date
    session_id: int
    #: (agent name, dose unit, dose) given into this lesion at this visit
    doses: tuple[tuple[str, str, Decimal], ...]

    @property
    def text(self) -> str:
        return ", ".join(f"{short_agent(name)} {plain(dose)} {unit}" for name, unit, dose in self.doses)


def condition_label(condition: str) -> str:
    try:
        return CONDITION_LABELS[Condition(condition)]
    except ValueError:
        return condition


def short_agent(name: str) -> str:
    """'Triamcinolone acetonide' -> 'Triamcinolone': short enough for a chart label."""
    return name.split()[0] if name else name


@dataclass(frozen=True)
class LesionRef:
    """Which lesion, whose, and what it is."""

    lesion_id: int
    patient_id: int
    chart_number: str
    patient_name: str
    label: str
    condition: str
    status: str


@dataclass(frozen=True)
class LesionFacts(LesionRef):
    site_code: str
    #: "instrument.metric" -> points in date order
    points: dict[str, tuple[Point, ...]]
    sessions: tuple[DoseSession, ...]
    last_assessed: date | None

    def series(self, instrument_code: str, metric: str) -> tuple[Point, ...]:
        return self.points.get(f"{instrument_code}.{metric}", ())

    @property
    def first_injection(self) -> date | None:
        return self.sessions[0].day if self.sessions else None

    @property
    def last_injection(self) -> date | None:
        return self.sessions[-1].day if self.sessions else None

    @property
    def agents(self) -> tuple[str, ...]:
        """The agents given into this lesion, in order of first use."""
        seen: dict[str, None] = {}
        for ses in self.sessions:
            for name, _, _ in ses.doses:
                seen.setdefault(name, None)
        return tuple(seen)


def _scope(query, *, patient_id: int | None, lesion_id: int | None):  # noqa: ANN001, ANN202
    """Limit a query that joins Lesion and Patient to the lesions asked for."""
    if lesion_id is not None:
        return query.where(Lesion.id == lesion_id)
    query = query.where(Lesion.voided_at.is_(None))
    if patient_id is not None:
        return query.where(Lesion.patient_id == patient_id)
    return query.where(Patient.voided_at.is_(None))


def _points(s: Session, ids) -> dict[int, dict[str, list[Point]]]:
    found: dict[int, dict[str, list[Point]]] = defaultdict(lambda: defaultdict(list))
    rows = s.execute(select(Assessment).where(Assessment.lesion_id.in_(ids), Assessment.voided_at.is_(None))
                     .order_by(Assessment.assessed_on, Assessment.id)).scalars()
    for row in rows:
        metrics, score = evaluate(row.instrument, row.items or {}, row.score)
        inst = instrument(row.instrument)
        band = inst.band_for(score) if inst else None
        for key, value in metrics.items():
            is_score = inst is None or key == inst.score
            found[row.lesion_id][f"{row.instrument}.{key}"].append(
                Point(row.assessed_on, value, row.id, band.code if band and is_score else None))
    return found


def _sessions(s: Session, ids) -> dict[int, list[DoseSession]]:
    query = (select(Injection.lesion_id, TreatmentSession.id, TreatmentSession.clinic_date, Agent.name, Injection.dose_unit, Injection.dose)
             .join(TreatmentSession, Injection.session_id == TreatmentSession.id)
             .join(Agent, Injection.agent_id == Agent.id)
             .where(Injection.lesion_id.in_(ids), Injection.voided_at.is_(None), counts_clause())
             .order_by(TreatmentSession.clinic_date, TreatmentSession.id, Injection.id))
    grouped: dict[int, dict[int, tuple[date, dict[tuple[str, str], Decimal]]]] = defaultdict(dict)
    for lesion_id, session_id, day, agent, unit, dose in s.execute(query).all():
        _, totals = grouped[lesion_id].setdefault(session_id, (day, {}))
        totals[(agent, unit)] = totals.get((agent, unit), Decimal(0)) + dose
    return {
        lesion_id: [DoseSession(day, sid, tuple((a, u, d) for (a, u), d in totals.items()))
                    for sid, (day, totals) in sessions.items()]
        for lesion_id, sessions in grouped.items()
    }


def load_facts(s: Session, *, patient_id: int | None = None, lesion_id: int | None = None) -> list[LesionFacts]:
    """Facts for one lesion, one patient's lesions, or every lesion of the clinic
    (voided lesions and patients left out unless one lesion is asked for)."""
    joined = select(Lesion, Patient).join(Patient, Lesion.patient_id == Patient.id)
    rows = s.execute(_scope(joined, patient_id=patient_id, lesion_id=lesion_id).order_by(Lesion.patient_id, Lesion.id)).all()
    if not rows:
        return []
    ids = _scope(select(Lesion.id).join(Patient, Lesion.patient_id == Patient.id), patient_id=patient_id, lesion_id=lesion_id)
    points, sessions = _points(s, ids), _sessions(s, ids)
    out = []
    for lesion, patient in rows:
        series = {key: tuple(values) for key, values in points.get(lesion.id, {}).items()}
        days = [p.day for values in series.values() for p in values]
        out.append(LesionFacts(
            lesion_id=lesion.id, patient_id=patient.id, chart_number=patient.chart_number,
            patient_name=patient.display_name, label=lesion.label, condition=lesion.condition.value,
            status=lesion.status.value, site_code=lesion.site_code, points=series,
            sessions=tuple(sessions.get(lesion.id, ())), last_assessed=max(days) if days else None,
        ))
    return out
