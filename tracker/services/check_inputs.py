"""What the safety check needs, read from the database for one planned session.

Shared by signing (services/sessions.py) and the live safety panel
(services/safety.py), so both look at exactly the same doses and limits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from tracker.models import AgentClass, IntervalScope
from tracker.services.dosing import (
    AgentLimits, PlannedInjection, PriorDose, compute_dose, course_from, site_ranges_from,
)
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.patients import CHILD_AGE_YEARS, age_on, is_adult_man
from tracker.services.session_input import SessionInput, validate_session
from tracker.services.sign_context import SignContext, load_context
from tracker.services.staff import ROLE_LABELS, gives_injections

# Doses further from the session's date than this cannot matter to any
# interval or window (before it; and after it, for a session entered late).
LOOKBACK_DAYS = 366


@dataclass(frozen=True)
class CheckInputs:
    day: date
    planned: tuple[PlannedInjection, ...]
    agents: dict[str, AgentLimits]
    prior: tuple[PriorDose, ...]
    patient_is_child: bool
    replaced: tuple[PriorDose, ...] = ()  # the signed version an amendment replaces
    adult_man: bool = False  # a beard area takes the beard's strength


def require_live_patient(patient, patient_id: int) -> None:  # noqa: ANN001
    """``patient`` is a row read for ``patient_id`` (or None)."""
    if patient is None:
        raise NotFoundError(f"no patient with id {patient_id}")
    if patient.voided_at is not None:
        raise ValidationError({"patient_id": "this patient's record is voided"})


def agent_limits(agent, indications, *, child: bool = False) -> AgentLimits:  # noqa: ANN001
    """The catalog limits of ``agent`` (a row or mapped object) and its indication rows;
    for a ``child``, the clinic's children's 30-day limit where it has set one and it is the stricter."""
    sources = dict(agent.sources or {})
    rolling = agent.rolling_30d_limit
    for_child = child and agent.child_rolling_30d_limit is not None and (
        rolling is None or agent.child_rolling_30d_limit < rolling)
    if for_child:
        rolling = agent.child_rolling_30d_limit
        sources["rolling_30d_limit"] = sources.get("child_rolling_30d_limit") or "the clinic's limit for children"
    return AgentLimits(
        code=agent.code, name=agent.name, dose_unit=agent.dose_unit, session_limit=agent.session_limit,
        rolling_30d_limit=rolling, lesion_limit=agent.lesion_limit, child_limit=for_child,
        session_volume_limit_ml=agent.session_volume_limit_ml, min_interval_days=agent.min_interval_days,
        is_corticosteroid=agent.agent_class == AgentClass.CORTICOSTEROID, sources=sources,
        interval_per_patient=agent.interval_scope == IntervalScope.PATIENT,
        indications={
            i.condition.value: (i.concentration_min, i.concentration_max, i.min_interval_days, dict(i.sources or {}))
            for i in indications
        },
        site_ranges={i.condition.value: site_ranges_from(i.site_ranges) for i in indications if i.site_ranges},
        courses={i.condition.value: course_from(i.course) for i in indications if i.course},
    )


def clinician_error(clinician, clinician_id: int, kept_clinician: int | None = None) -> str | None:  # noqa: ANN001
    """Why ``clinician`` (a staff row: display_name, role, active; or None) cannot be
    named as the session's clinician. ``kept_clinician``: the clinician the session
    (the draft, or the version amended) already names, kept even when they have
    since left or changed role: the record says who gave the injections."""
    if clinician_id == kept_clinician and clinician is not None:
        return None
    if clinician is None:
        return "choose the clinician who gave the injections"
    if not gives_injections(clinician.role):
        role = ROLE_LABELS[clinician.role].split(" (")[0].lower()
        return (f"{clinician.display_name} is {role} staff, not a clinician: choose the clinician who gave the "
                "injections (a nurse who injects is given the clinician role in the Staff window)")
    if not clinician.active:
        return f"{clinician.display_name} is deactivated: choose an active clinician"
    return None


def input_errors(ctx: SignContext, data: SessionInput, today: date, kept_clinician: int | None = None) -> dict[str, str]:
    """Field errors for ``data`` (a draft's rules) against the rows it names;
    a missing or voided patient is raised at once. ``ctx`` must have been read
    with the clinician (``context_for`` does); see ``clinician_error``."""
    require_live_patient(ctx.patient, data.patient_id)
    errors = validate_session(data, born=ctx.patient.date_of_birth, today=today)
    wrong_clinician = clinician_error(ctx.clinician, data.clinician_id, kept_clinician)
    if wrong_clinician:
        errors["clinician_id"] = wrong_clinician
    for i, inj in enumerate(data.injections):
        lesion = ctx.lesions.get(inj.lesion_id)
        if lesion is None or lesion.patient_id != data.patient_id:
            errors[f"injections[{i}].lesion_id"] = "this lesion is not one of the patient's"
        elif lesion.voided_at is not None:
            errors[f"injections[{i}].lesion_id"] = "this lesion's record is voided"
        agent = ctx.agents.get(inj.agent_id)
        if agent is None or not agent.active:
            errors[f"injections[{i}].agent_id"] = "choose an agent from the catalog"
    return errors


def context_for(conn: Connection, data: SessionInput, day: date, exclude_root: int | None, *,
                with_doses: bool = True) -> SignContext:
    """The rows the check (and the guidance) read for ``data`` on ``day``;
    ``with_doses`` False: only the rows named (validating a draft)."""
    return load_context(conn, data.patient_id, (i.lesion_id for i in data.injections),
                        (i.agent_id for i in data.injections), exclude_root=exclude_root,
                        since=day - timedelta(days=LOOKBACK_DAYS) if with_doses else None,
                        until=day + timedelta(days=LOOKBACK_DAYS), clinician_id=data.clinician_id)


def inputs_from(ctx: SignContext, data: SessionInput, day: date) -> CheckInputs:
    """Planned injections (incomplete ones left out), the catalog limits and prior doses."""
    require_live_patient(ctx.patient, data.patient_id)
    child = age_on(ctx.patient.date_of_birth, day) < CHILD_AGE_YEARS
    agents: dict[str, AgentLimits] = {}
    planned: list[PlannedInjection] = []
    for inj in data.injections:
        agent, lesion = ctx.agents.get(inj.agent_id), ctx.lesions.get(inj.lesion_id)
        volume = inj.total_volume_ml
        if agent is None or lesion is None or volume is None or inj.concentration is None:
            continue
        agents[agent.code] = agent_limits(agent, ctx.indications.get(agent.id, ()), child=child)
        planned.append(PlannedInjection(
            lesion_id=lesion.id, lesion_label=lesion.label, lesion_atrophic=lesion.atrophic,
            condition=lesion.condition.value, agent_code=agent.code, agent_name=agent.name,
            dose=compute_dose(inj.concentration, volume), dose_unit=agent.dose_unit, volume_ml=volume,
            concentration=inj.concentration, lot_expiry=inj.lot_expiry, site_code=lesion.site_code,
        ))
    prior = tuple(PriorDose(c.clinic_date, c.agent_code, c.lesion_id, c.dose, c.lesion_label) for c in ctx.recent)
    replaced = tuple(PriorDose(c.clinic_date, c.agent_code, c.lesion_id, c.dose, c.lesion_label) for c in ctx.replaced)
    return CheckInputs(day, tuple(planned), agents, prior, child, replaced,
                       is_adult_man(ctx.patient.sex, ctx.patient.date_of_birth, day))


def gather(s: Session, data: SessionInput, day: date, exclude_root: int | None) -> CheckInputs:
    return inputs_from(context_for(s.connection(), data, day, exclude_root), data, day)
