"""What the safety check needs, read from the database for one planned session.

Shared by signing (services/sessions.py) and the live safety panel
(services/safety.py), so both look at exactly the same doses and limits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session, selectinload

from tracker.models import Agent, AgentClass, Lesion, Patient
from tracker.services.dosing import AgentLimits, PlannedInjection, PriorDose, compute_dose
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.history import given_doses
from tracker.services.patients import CHILD_AGE_YEARS, age_on
from tracker.services.session_input import SessionInput

# Prior doses older than this cannot matter to any interval or window.
LOOKBACK_DAYS = 366


@dataclass(frozen=True)
class CheckInputs:
    day: date
    planned: tuple[PlannedInjection, ...]
    agents: dict[str, AgentLimits]
    prior: tuple[PriorDose, ...]
    patient_is_child: bool


def live_patient(s: Session, patient_id: int) -> Patient:
    p = s.get(Patient, patient_id)
    if p is None:
        raise NotFoundError(f"no patient with id {patient_id}")
    if p.is_voided:
        raise ValidationError({"patient_id": "this patient's record is voided"})
    return p


def agent_limits(agent: Agent) -> AgentLimits:
    return AgentLimits(
        code=agent.code, name=agent.name, dose_unit=agent.dose_unit, session_limit=agent.session_limit,
        rolling_30d_limit=agent.rolling_30d_limit, lesion_limit=agent.lesion_limit,
        session_volume_limit_ml=agent.session_volume_limit_ml, min_interval_days=agent.min_interval_days,
        is_corticosteroid=agent.agent_class == AgentClass.CORTICOSTEROID, sources=dict(agent.sources or {}),
        indications={
            i.condition.value: (i.concentration_min, i.concentration_max, i.min_interval_days, dict(i.sources or {}))
            for i in agent.indications
        },
    )


def gather(s: Session, data: SessionInput, day: date, exclude_root: int | None) -> CheckInputs:
    """Planned injections (incomplete ones left out), the catalog limits and prior doses."""
    patient = live_patient(s, data.patient_id)
    agents: dict[str, AgentLimits] = {}
    planned: list[PlannedInjection] = []
    for inj in data.injections:
        agent = s.get(Agent, inj.agent_id, options=[selectinload(Agent.indications)])
        lesion = s.get(Lesion, inj.lesion_id)
        volume = inj.total_volume_ml
        if agent is None or lesion is None or volume is None or inj.concentration is None:
            continue
        agents[agent.code] = agent_limits(agent)
        planned.append(PlannedInjection(
            lesion_id=lesion.id, lesion_label=lesion.label, lesion_atrophic=lesion.atrophic,
            condition=lesion.condition.value, agent_code=agent.code, agent_name=agent.name,
            dose=compute_dose(inj.concentration, volume), dose_unit=agent.dose_unit, volume_ml=volume,
            concentration=inj.concentration, lot_expiry=inj.lot_expiry,
        ))
    prior = tuple(
        PriorDose(ses.clinic_date, inj.agent.code, inj.lesion_id, inj.dose)
        for inj, ses in given_doses(s, patient.id, exclude_root=exclude_root,
                                    since=day - timedelta(days=LOOKBACK_DAYS), until=day)
    )
    child = age_on(patient.date_of_birth, day) < CHILD_AGE_YEARS
    return CheckInputs(day, tuple(planned), agents, prior, child)
