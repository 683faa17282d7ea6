"""What checking and signing a session read, as plain rows.

The safety check (check_inputs), the guidance facts (guidance/facts) and the
one-step save (session_record) all look at the same things: the patient, the
lesions and agents named by the injections, and the injections that count in
the patient's history. They are read here with a handful of statements prepared
once and run on the driver (db/driver.py; no ORM objects), so saving a session stays close to the cost of
the rows it writes. Rows answer by attribute, like the mapped classes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import Connection, bindparam, select

from tracker.db.driver import Statements, binds, driver_of, spread
from tracker.models import Agent, AgentIndication, Injection, Lesion, Patient, Staff, TreatmentSession
from tracker.services.history import given_injections_query

NO_ROOT = -1  # an id no session has: "exclude nothing"


@dataclass(frozen=True)
class CountedInjection:
    """One injection of the patient's record that counts (history.py's rule)."""
    lesion_id: int
    root_id: int
    clinic_date: date
    agent_code: str
    dose: Any
    lesion_label: str = ""


@dataclass(frozen=True)
class SignContext:
    patient: Any  # Row of patient, or None
    lesions: dict[int, Any]
    agents: dict[int, Any]
    indications: dict[int, tuple[Any, ...]]  # agent id -> its indication rows
    #: counted injections of the patient, every lesion, within the check's look-back and look-ahead days
    recent: tuple[CountedInjection, ...]
    #: counted injections of this session's lesions, any date
    lesion_history: tuple[CountedInjection, ...]
    #: counted injections of the signed version an amendment replaces (within the same days as ``recent``)
    replaced: tuple[CountedInjection, ...] = ()
    #: the session's clinician (display_name, role, active), or None when not asked for or not found
    clinician: Any = None

    def indication(self, agent_id: int, condition) -> Any:  # noqa: ANN001
        return next((i for i in self.indications.get(agent_id, ()) if i.condition == condition), None)


def _counted_query():  # noqa: ANN202
    return (given_injections_query(bindparam("patient_id"))
            .with_only_columns(Injection.lesion_id, TreatmentSession.root_id, TreatmentSession.id,
                               TreatmentSession.clinic_date, Agent.code, Injection.dose, Lesion.label)
            .join(Agent, Injection.agent_id == Agent.id)
            .join(Lesion, Injection.lesion_id == Lesion.id)
            .where(TreatmentSession.root_id != bindparam("exclude_root")))


# Who made or last changed a row, and a patient's contact details, are not
# part of any check: left out, the rows convert a third fewer values.
_NOT_CHECKED = frozenset({"created_at", "updated_at", "row_version", "created_by_id", "voided_by_id", "void_reason",
                          "phone", "email", "address", "notes"})


def _checked_columns(model) -> list:  # noqa: ANN001
    return [c for c in model.__table__.columns if c.key not in _NOT_CHECKED]


# Prepared once (per IN-list length): building and running a Core statement
# costs more than SQLite needs to answer these.
_STATEMENTS = Statements(
    patient=lambda: select(*_checked_columns(Patient)).where(Patient.id == bindparam("id")),
    clinician=lambda: select(Staff.display_name, Staff.role, Staff.active).where(Staff.id == bindparam("id")),
    lesions=lambda n: select(*_checked_columns(Lesion)).where(Lesion.id.in_(binds("ids", n))),
    agents=lambda n: select(*_checked_columns(Agent)).where(Agent.id.in_(binds("ids", n))),
    indications=lambda n: select(*_checked_columns(AgentIndication))
                          .where(AgentIndication.agent_id.in_(binds("ids", n))).order_by(AgentIndication.id),
    recent=lambda: _counted_query().where(TreatmentSession.clinic_date >= bindparam("since"),
                                          TreatmentSession.clinic_date <= bindparam("until"))
                                   .order_by(TreatmentSession.clinic_date),
    lesion_history=lambda n: _counted_query().where(Injection.lesion_id.in_(binds("ids", n)))
                                             .order_by(TreatmentSession.clinic_date),
)


def _counted(rows: Iterable) -> tuple[CountedInjection, ...]:
    return tuple(CountedInjection(lesion_id, root_id or session_id, day, code, dose, label)
                 for lesion_id, root_id, session_id, day, code, dose, label in rows)


def load_context(conn: Connection, patient_id: int, lesion_ids: Iterable[int], agent_ids: Iterable[int], *,
                 exclude_root: int | None, since: date | None, until: date,
                 clinician_id: int | None = None) -> SignContext:
    """Everything the check and the guidance need for one planned session of
    ``patient_id``; ``exclude_root`` leaves out the session's own versions.
    ``since`` None: the recent doses (the check's) are not needed.
    ``clinician_id``: the staff member named as clinician is read too."""
    lesion_ids, agent_ids = sorted(set(lesion_ids)), sorted(set(agent_ids))
    exclude = NO_ROOT if exclude_root is None else exclude_root
    driver, dialect = driver_of(conn), conn.dialect
    q = partial(_STATEMENTS.get, dialect)
    patient = q("patient").first(driver, {"id": patient_id})
    lesions = {r.id: r for r in q("lesions", len(lesion_ids)).rows(driver, spread("ids", lesion_ids))} if lesion_ids else {}
    agents = {r.id: r for r in q("agents", len(agent_ids)).rows(driver, spread("ids", agent_ids))} if agent_ids else {}
    indications: dict[int, tuple] = {}
    for r in q("indications", len(agent_ids)).rows(driver, spread("ids", agent_ids)) if agent_ids else ():
        indications[r.agent_id] = (*indications.get(r.agent_id, ()), r)
    # The session's own signed version (an amendment replaces it) is read too, kept apart.
    counted = () if since is None else _counted(q("recent").rows(
        driver, {"patient_id": patient_id, "exclude_root": NO_ROOT, "since": since, "until": until}))
    recent = tuple(c for c in counted if c.root_id != exclude)
    replaced = tuple(c for c in counted if c.root_id == exclude)
    history = _counted(q("lesion_history", len(lesion_ids)).rows(
        driver, {"patient_id": patient_id, "exclude_root": exclude, **spread("ids", lesion_ids)})) if lesion_ids else ()
    clinician = q("clinician").first(driver, {"id": clinician_id}) if clinician_id is not None else None
    return SignContext(patient, lesions, agents, indications, recent, history, replaced, clinician)
