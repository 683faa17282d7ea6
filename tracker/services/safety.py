"""The live safety picture of a session being written: findings plus the
numbers behind them, so staff see how close they are to a limit before they
cross it (this session's total, the rolling 30-day total, days since each
lesion was last injected, or the patient's last visit for an agent whose
interval counts per patient, atrophy)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tracker.models import TreatmentSession
from tracker.services.check_inputs import CheckInputs, gather
from tracker.services.dosing import (
    Finding, blocking, check_session, given_into, last_given, min_interval, needs_reason, next_given, rolling_before,
    rolling_peak,
)
from tracker.services.session_input import SessionInput
from tracker.services.settings import clinic_date, clinic_zone


@dataclass(frozen=True)
class AgentTally:
    agent_code: str
    agent_name: str
    unit: str
    session_total: Decimal
    session_limit: Decimal | None
    session_limit_source: str | None
    rolling_before: Decimal
    rolling_limit: Decimal | None
    rolling_source: str | None
    volume_ml: Decimal
    volume_limit_ml: Decimal | None
    #: the fullest 30-day window holding this session where doses recorded on
    #: later dates make one fuller than the window ending on its day (else None)
    rolling_peak: Decimal | None = None
    peak_end: date | None = None

    @property
    def rolling_total(self) -> Decimal:
        return self.rolling_before + self.session_total


@dataclass(frozen=True)
class LesionTally:
    lesion_id: int
    lesion_label: str
    agent_name: str
    last_given: date | None
    days_since: int | None
    min_interval_days: int | None
    interval_source: str | None
    atrophic: bool
    next_given: date | None = None  # a later injection already recorded (a session entered late)
    #: the interval counts per patient: last_given / next_given are the agent's into any lesion
    per_patient: bool = False
    last_into: str = ""  # the lesions last_given went into ('W1, W2'), when per patient


@dataclass(frozen=True)
class SafetyReport:
    day: date
    findings: tuple[Finding, ...]
    agents: tuple[AgentTally, ...]
    lesions: tuple[LesionTally, ...]

    @property
    def needs_reason(self) -> bool:
        return bool(needs_reason(list(self.findings)))

    @property
    def blocked(self) -> bool:
        return bool(blocking(list(self.findings)))


def summarise(inputs: CheckInputs) -> SafetyReport:
    """The report for already-gathered inputs (pure: no database)."""
    day = inputs.day
    findings = check_session(day, list(inputs.planned), inputs.agents, list(inputs.prior),
                             patient_is_child=inputs.patient_is_child, replaced=inputs.replaced,
                             adult_man=inputs.adult_man)
    tallies: list[AgentTally] = []
    for code, agent in inputs.agents.items():
        items = [p for p in inputs.planned if p.agent_code == code]
        session_total = sum((p.dose for p in items), Decimal(0))
        peak, peak_end = rolling_peak(inputs.prior, code, day, session_total)
        tallies.append(AgentTally(
            agent_code=code, agent_name=agent.name, unit=agent.dose_unit,
            session_total=session_total, session_limit=agent.session_limit,
            session_limit_source=agent.sources.get("session_limit"),
            rolling_before=rolling_before(inputs.prior, code, day), rolling_limit=agent.rolling_30d_limit,
            rolling_source=agent.sources.get("rolling_30d_limit"),
            volume_ml=sum((p.volume_ml for p in items), Decimal(0)), volume_limit_ml=agent.session_volume_limit_ml,
            rolling_peak=peak if peak_end > day else None, peak_end=peak_end if peak_end > day else None,
        ))
    lesions: list[LesionTally] = []
    seen: set[tuple[int, str]] = set()
    for p in inputs.planned:
        if (p.lesion_id, p.agent_code) in seen:
            continue
        seen.add((p.lesion_id, p.agent_code))
        agent = inputs.agents[p.agent_code]
        scope = None if agent.interval_per_patient else p.lesion_id  # None: into any of the patient's lesions
        last = last_given(inputs.prior, p.agent_code, scope, day)
        days, source = min_interval(agent, p.condition)
        lesions.append(LesionTally(
            lesion_id=p.lesion_id, lesion_label=p.lesion_label, agent_name=p.agent_name, last_given=last,
            days_since=(day - last).days if last else None, min_interval_days=days, interval_source=source,
            atrophic=p.lesion_atrophic, next_given=next_given(inputs.prior, p.agent_code, scope, day),
            per_patient=agent.interval_per_patient,
            last_into=given_into(inputs.prior, p.agent_code, last) if last and agent.interval_per_patient else "",
        ))
    return SafetyReport(day, tuple(findings), tuple(tallies), tuple(lesions))


def safety_report(db, data: SessionInput, *, session_id: int | None = None) -> SafetyReport:  # noqa: ANN001
    """Findings and tallies for a session being written, without saving anything.

    ``session_id`` is the draft being edited (its own earlier versions are not
    counted as prior doses)."""
    zone = clinic_zone(db)
    with db.read() as s:
        root = None
        if session_id is not None:
            row = s.get(TreatmentSession, session_id)
            root = row.root_id if row is not None else None
        day = clinic_date(data.performed_at, zone)
        return summarise(gather(s, data, day, root))
