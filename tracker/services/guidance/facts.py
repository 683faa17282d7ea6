"""What the rules look at: a session's injections, lesions, patient and history.

Built from the database inside the caller's unit of work; the engine itself
works on these frozen objects only.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from tracker.models import Injection, Sex, TreatmentSession
from tracker.services.body_sites import site_by_code
from tracker.services.check_inputs import LOOKBACK_DAYS
from tracker.services.errors import NotFoundError
from tracker.services.patients import CHILD_AGE_YEARS, age_on
from tracker.services.sign_context import CountedInjection, SignContext, load_context


@dataclass(frozen=True)
class LesionFacts:
    id: int
    label: str
    condition: str
    site_code: str
    site_name: str
    region: str
    laterality: str
    atrophic: bool
    #: earlier visits (that count) which injected this lesion, any agent
    prior_injections: int
    #: the same, per agent code
    prior_by_agent: tuple[tuple[str, int], ...]
    #: the first counted visit that injected it, before this one (None: this is the first)
    first_injected_on: date | None
    #: the next counted visit that injected it, after this one (records entered late)
    next_visit_on: date | None = None

    def prior_with(self, agent_code: str) -> int:
        return dict(self.prior_by_agent).get(agent_code, 0)


@dataclass(frozen=True)
class InjectionFacts:
    lesion_id: int
    agent_code: str
    agent_name: str
    agent_class: str
    plain_name: str
    dose: Decimal
    dose_unit: str
    usual_interval_days: int | None
    observation_minutes: int | None
    #: the patient's earlier visits with this agent, into any lesion, in the past year (a course's count, as the dose check's)
    earlier_visits_same_agent: int = 0


@dataclass(frozen=True)
class SessionFacts:
    session_id: int
    root_id: int
    version_no: int
    patient_id: int
    clinic_date: date
    flags: frozenset[str]
    lesions: tuple[LesionFacts, ...]
    injections: tuple[InjectionFacts, ...]

    def lesion(self, lesion_id: int) -> LesionFacts:
        return self._lesions_by_id[lesion_id]

    @cached_property
    def _lesions_by_id(self) -> dict[int, LesionFacts]:  # the rules ask dozens of times per session
        return {item.id: item for item in self.lesions}


def patient_flags(patient, day: date) -> frozenset[str]:
    flags = {name for name in ("diabetes", "pregnant", "immunosuppressed") if getattr(patient, name)}
    if patient.sex == Sex.MALE:  # advice about periods is for everyone else
        flags.add("male")
    if age_on(patient.date_of_birth, day) < CHILD_AGE_YEARS:
        flags.add("child")
    return frozenset(flags)


def _lesion_facts(lesion, history: tuple[CountedInjection, ...], day: date) -> LesionFacts:  # noqa: ANN001
    """``lesion``: a lesion row; ``history``: the counted injections (other visits) of the session's lesions."""
    visits: dict[int, date] = {}
    by_agent: dict[str, set[int]] = {}
    later: date | None = None
    for c in history:
        if c.lesion_id != lesion.id:
            continue
        if c.clinic_date > day:
            later = c.clinic_date if later is None else min(later, c.clinic_date)
            continue
        visits[c.root_id] = c.clinic_date
        by_agent.setdefault(c.agent_code, set()).add(c.root_id)
    site = site_by_code(lesion.site_code)
    return LesionFacts(
        id=lesion.id, label=lesion.label, condition=lesion.condition.value, site_code=lesion.site_code,
        site_name=site.name if site else lesion.site_code, region=site.region if site else "",
        laterality=lesion.laterality.value, atrophic=lesion.atrophic, prior_injections=len(visits),
        prior_by_agent=tuple(sorted((code, len(roots)) for code, roots in by_agent.items())),
        first_injected_on=min(visits.values()) if visits else None, next_visit_on=later,
    )


def facts_from(ctx: SignContext, *, session_id: int, root_id: int, version_no: int, clinic_date: date,
               injections: Iterable) -> SessionFacts:  # noqa: ANN001
    """The facts for one session version from its context rows and its live
    injections (anything with lesion_id, agent_id, dose and dose_unit)."""
    lesions: dict[int, LesionFacts] = {}
    planned = []
    visits: dict[str, set[int]] = {}
    for c in ctx.recent:
        if c.clinic_date < clinic_date:
            visits.setdefault(c.agent_code, set()).add(c.root_id)
    for inj in injections:
        lesion, agent = ctx.lesions[inj.lesion_id], ctx.agents[inj.agent_id]
        if inj.lesion_id not in lesions:
            lesions[inj.lesion_id] = _lesion_facts(lesion, ctx.lesion_history, clinic_date)
        indication = ctx.indication(agent.id, lesion.condition)
        planned.append(InjectionFacts(
            lesion_id=inj.lesion_id, agent_code=agent.code, agent_name=agent.name,
            agent_class=agent.agent_class.value, plain_name=agent.plain_name, dose=inj.dose,
            dose_unit=inj.dose_unit, usual_interval_days=indication.usual_interval_days if indication else None,
            observation_minutes=agent.observation_minutes, earlier_visits_same_agent=len(visits.get(agent.code, ())),
        ))
    return SessionFacts(
        session_id=session_id, root_id=root_id, version_no=version_no, patient_id=ctx.patient.id,
        clinic_date=clinic_date, flags=patient_flags(ctx.patient, clinic_date),
        lesions=tuple(lesions.values()), injections=tuple(planned),
    )


@lru_cache(maxsize=1)
def _session_statements():  # noqa: ANN202
    return (select(TreatmentSession.__table__).where(TreatmentSession.id == bindparam("id")),
            select(Injection.__table__).where(Injection.session_id == bindparam("id"), Injection.voided_at.is_(None))
            .order_by(Injection.id))


def session_facts(s: Session, session_id: int) -> SessionFacts:
    """The facts for one session version (draft or signed), read with ``s``."""
    conn = s.connection()
    row_query, injections_query = _session_statements()
    row = conn.execute(row_query, {"id": session_id}).first()
    if row is None:
        raise NotFoundError(f"no treatment session with id {session_id}")
    live = conn.execute(injections_query, {"id": session_id}).all()
    root = row.root_id or row.id
    ctx = load_context(conn, row.patient_id, (i.lesion_id for i in live), (i.agent_id for i in live),
                       exclude_root=root, since=row.clinic_date - timedelta(days=LOOKBACK_DAYS), until=row.clinic_date)
    return facts_from(ctx, session_id=row.id, root_id=root, version_no=row.version_no, clinic_date=row.clinic_date,
                      injections=live)
