"""What the rules look at: a session's injections, lesions, patient and history.

Built from the database inside the caller's unit of work; the engine itself
works on these frozen objects only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from functools import lru_cache

from sqlalchemy import bindparam
from sqlalchemy.orm import Session, selectinload

from tracker.models import Agent, AgentIndication, Injection, Lesion, Patient, TreatmentSession
from tracker.services.body_sites import site_by_code
from tracker.services.errors import NotFoundError
from tracker.services.history import given_injections_query
from tracker.services.patients import CHILD_AGE_YEARS, age_on


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
        return next(item for item in self.lesions if item.id == lesion_id)


@lru_cache(maxsize=1)
def _history_query():  # noqa: ANN202
    """Injections that count (history.py's rule), before a visit, for one patient.
    Built once with bound parameters: building the statement costs more than running it."""
    return (given_injections_query(bindparam("patient_id"))
            .with_only_columns(Injection.lesion_id, TreatmentSession.root_id, TreatmentSession.id,
                               TreatmentSession.clinic_date, Agent.code)  # plain rows: a long history stays cheap
            .join(Agent, Injection.agent_id == Agent.id)
            .where(TreatmentSession.root_id != bindparam("exclude_root"), TreatmentSession.clinic_date <= bindparam("until"))
            .order_by(TreatmentSession.clinic_date))


@lru_cache(maxsize=1)
def _later_query():  # noqa: ANN202
    return (given_injections_query(bindparam("patient_id"))
            .with_only_columns(Injection.lesion_id, TreatmentSession.clinic_date)
            .where(TreatmentSession.root_id != bindparam("exclude_root"), TreatmentSession.clinic_date > bindparam("after")))


def patient_flags(patient: Patient, day: date) -> frozenset[str]:
    flags = {name for name in ("diabetes", "pregnant", "immunosuppressed") if getattr(patient, name)}
    if age_on(patient.date_of_birth, day) < CHILD_AGE_YEARS:
        flags.add("child")
    return frozenset(flags)


def _lesion_facts(lesion: Lesion, history: list[tuple], later: dict[int, date]) -> LesionFacts:
    """``history``: (lesion id, root id, session id, clinic date, agent code) of the injections that count."""
    visits: dict[int, date] = {}
    by_agent: dict[str, set[int]] = {}
    for lesion_id, root_id, session_id, day, agent_code in history:
        if lesion_id != lesion.id:
            continue
        root = root_id or session_id
        visits[root] = day
        by_agent.setdefault(agent_code, set()).add(root)
    site = site_by_code(lesion.site_code)
    return LesionFacts(
        id=lesion.id, label=lesion.label, condition=lesion.condition.value, site_code=lesion.site_code,
        site_name=site.name if site else lesion.site_code, region=site.region if site else "",
        laterality=lesion.laterality.value, atrophic=lesion.atrophic, prior_injections=len(visits),
        prior_by_agent=tuple(sorted((code, len(roots)) for code, roots in by_agent.items())),
        first_injected_on=min(visits.values()) if visits else None, next_visit_on=later.get(lesion.id),
    )


def session_facts(s: Session, session_id: int) -> SessionFacts:
    """The facts for one session version (draft or signed), read with ``s``."""
    row = s.get(TreatmentSession, session_id, options=[
        selectinload(TreatmentSession.injections).selectinload(Injection.agent).selectinload(Agent.indications),
        selectinload(TreatmentSession.injections).selectinload(Injection.lesion),
    ])
    if row is None:
        raise NotFoundError(f"no treatment session with id {session_id}")
    patient = s.get(Patient, row.patient_id)
    root = row.root_id or row.id
    history = [tuple(r) for r in s.execute(
        _history_query(), {"patient_id": row.patient_id, "exclude_root": root, "until": row.clinic_date}).all()]
    later: dict[int, date] = {}
    for lesion_id, day in s.execute(_later_query(), {"patient_id": row.patient_id, "exclude_root": root, "after": row.clinic_date}).all():
        later[lesion_id] = min(later.get(lesion_id, day), day)
    live = [i for i in row.injections if not i.is_voided]
    lesions: dict[int, LesionFacts] = {}
    injections = []
    for inj in live:
        if inj.lesion_id not in lesions:
            lesions[inj.lesion_id] = _lesion_facts(inj.lesion, history, later)
        indication: AgentIndication | None = inj.agent.indication_for(inj.lesion.condition)
        injections.append(InjectionFacts(
            lesion_id=inj.lesion_id, agent_code=inj.agent.code, agent_name=inj.agent.name,
            agent_class=inj.agent.agent_class.value, plain_name=inj.agent.plain_name, dose=inj.dose,
            dose_unit=inj.dose_unit, usual_interval_days=indication.usual_interval_days if indication else None,
            observation_minutes=inj.agent.observation_minutes,
        ))
    return SessionFacts(
        session_id=row.id, root_id=root, version_no=row.version_no, patient_id=row.patient_id,
        clinic_date=row.clinic_date, flags=patient_flags(patient, row.clinic_date),
        lesions=tuple(lesions.values()), injections=tuple(injections),
    )

