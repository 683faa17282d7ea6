"""Read models for treatment sessions: plain frozen data for the GUI and scripts."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import JSON, Select, String, and_, bindparam, exists, select, type_coerce
from sqlalchemy.orm import Session, aliased

from tracker.models import Agent, Injection, Lesion, SessionState, Staff, TreatmentSession
from tracker.services.errors import NotFoundError
from tracker.services.history import discarded_clause, given_injections_query, superseded_clause


@dataclass(frozen=True)
class InjectionView:
    id: int
    lesion_id: int
    lesion_label: str
    agent_id: int
    agent_code: str
    agent_name: str
    concentration: Decimal
    concentration_unit: str
    volume_ml: Decimal
    points: int
    dose: Decimal
    dose_unit: str
    needle_gauge: str | None
    depth: str | None
    lot_number: str | None
    lot_expiry: date | None
    technique: str | None
    map_points: tuple
    mix_group: int | None
    voided: bool
    void_reason: str | None = None

    @property
    def volume_per_point_ml(self) -> Decimal:
        return self.volume_ml / self.points


@dataclass(frozen=True)
class SessionView:
    id: int
    root_id: int
    version_no: int
    amends_id: int | None
    patient_id: int
    clinician_id: int
    clinician_name: str
    performed_at: datetime
    clinic_date: date
    consent_obtained: bool
    consent_note: str | None
    notes: str | None
    state: SessionState
    signed_at: datetime | None
    signed_by_name: str | None
    amendment_reason: str | None
    findings: tuple
    findings_reason: str | None
    voided: bool
    void_reason: str | None
    superseded: bool
    row_version: int
    injections: tuple[InjectionView, ...]

    @property
    def is_signed(self) -> bool:
        return self.state == SessionState.SIGNED

    @property
    def is_discarded_draft(self) -> bool:
        """A draft given up (``sessions.discard_draft``): voided before it was ever signed. A signed
        session is voided (``void_session``), never discarded."""
        return self.voided and not self.is_signed

    def discarded_injections(self) -> tuple[InjectionView, ...]:
        """A discarded draft's injections as it held them when discarded (voided with it, for its
        reason), not those replaced while it was edited; none for any other version."""
        if not self.is_discarded_draft:
            return ()
        return tuple(i for i in self.injections if i.voided and i.void_reason == self.void_reason)

    def totals(self) -> dict[tuple[str, str], Decimal]:
        """Dose per (agent name, unit) in this version, voided injections left out."""
        return dose_totals(inj for inj in self.injections if not inj.voided)


def dose_totals(injections) -> dict[tuple[str, str], Decimal]:  # noqa: ANN001
    """Dose per (agent name, unit) of these injections."""
    out: dict[tuple[str, str], Decimal] = {}
    for inj in injections:
        key = (inj.agent_name, inj.dose_unit)
        out[key] = out.get(key, Decimal(0)) + inj.dose
    return out


@dataclass(frozen=True)
class CountedDose:
    """A dose that counts in the patient's record (history.py's rule), as the chart keeps it."""
    agent_id: int
    day: date
    root_id: int


def counted_doses(db, patient_id: int) -> tuple[CountedDose, ...]:  # noqa: ANN001
    """Which agents went in on which days, counted as the safety check counts them."""
    with db.read() as s:
        rows = s.execute(given_injections_query(patient_id)
                         .with_only_columns(Injection.agent_id, TreatmentSession.clinic_date, TreatmentSession.root_id,
                                            TreatmentSession.id).distinct())
        return tuple(CountedDose(agent_id, day, root_id or session_id) for agent_id, day, root_id, session_id in rows)


def lesions_voided_since(injections, live_lesion_ids) -> tuple[str, ...]:  # noqa: ANN001
    """The labels of the lesions ``injections`` went into that are no longer among
    ``live_lesion_ids`` (voided since), in the order the injections name them."""
    return tuple(dict.fromkeys(i.lesion_label for i in injections if i.lesion_id not in live_lesion_ids))


def given_before(doses, agent_id: int, day: date, *, since: date | None = None,  # noqa: ANN001
                 exclude_root: int | None = None) -> bool:
    """Whether ``doses`` (counted_doses) hold this agent before ``day`` (and on
    or after ``since``), the visit ``exclude_root`` being corrected left out."""
    return any(d.agent_id == agent_id and d.root_id != exclude_root and d.day < day
               and (since is None or d.day >= since) for d in doses)


def _injection_view(m: dict) -> InjectionView:
    """``m``: an injection's columns with its lesion's label and agent's code and name, by name."""
    return InjectionView(
        id=m["id"], lesion_id=m["lesion_id"], lesion_label=m["lesion_label"], agent_id=m["agent_id"],
        agent_code=m["agent_code"], agent_name=m["agent_name"], concentration=m["concentration"],
        concentration_unit=m["concentration_unit"], volume_ml=m["volume_ml"], points=m["points"], dose=m["dose"],
        dose_unit=m["dose_unit"], needle_gauge=m["needle_gauge"], depth=m["depth"], lot_number=m["lot_number"],
        lot_expiry=m["lot_expiry"], technique=m["technique"], map_points=_json_list(m["map_points"]),
        mix_group=m["mix_group"], voided=m["voided_at"] is not None, void_reason=m["void_reason"],
    )


def _session_view(m: dict, names: dict[int, str], injections: tuple[InjectionView, ...]) -> SessionView:
    """``m``: a session's columns and whether it is superseded, by name."""
    return SessionView(
        id=m["id"], root_id=m["root_id"] or m["id"], version_no=m["version_no"], amends_id=m["amends_id"],
        patient_id=m["patient_id"], clinician_id=m["clinician_id"], clinician_name=names.get(m["clinician_id"], "?"),
        performed_at=m["performed_at"], clinic_date=m["clinic_date"], consent_obtained=m["consent_obtained"],
        consent_note=m["consent_note"], notes=m["notes"], state=m["state"], signed_at=m["signed_at"],
        signed_by_name=names.get(m["signed_by_id"]) if m["signed_by_id"] else None,
        amendment_reason=m["amendment_reason"], findings=_json_list(m["findings"]), findings_reason=m["findings_reason"],
        voided=m["voided_at"] is not None, void_reason=m["void_reason"], superseded=bool(m["superseded"]),
        row_version=m["row_version"], injections=injections,
    )


def _as_read(column):  # noqa: ANN001, ANN202
    """A JSON column read as its text, parsed by _json_list: most hold an empty list,
    and parsing every one took a third of the time a chart's sessions take to read."""
    return type_coerce(column, String).label(column.key) if isinstance(column.type, JSON) else column


def _json_list(value) -> tuple:  # noqa: ANN001
    """A JSON list column's value as read: text on SQLite, already a list on PostgreSQL."""
    if value is None or value == "[]":
        return ()
    return tuple((json.loads(value) if isinstance(value, str) else value) or ())


#: What a view shows of a session and of each injection, read as plain rows whose
#: values are taken by name from a dict (a chart of 500 visits loads in a fraction
#: of the time mapped objects, or a row's attributes, take).
_SESSION_COLUMNS = tuple(_as_read(c) for c in TreatmentSession.__table__.columns
                         if c.key not in ("created_at", "updated_at", "created_by_id", "voided_by_id"))
_INJECTION_COLUMNS = (*(_as_read(c) for c in Injection.__table__.columns
                        if c.key not in ("created_at", "updated_at", "created_by_id", "voided_by_id", "row_version")),
                      Lesion.label.label("lesion_label"), Agent.code.label("agent_code"), Agent.name.label("agent_name"))


def _by_name(result) -> list[dict]:  # noqa: ANN001
    keys = tuple(result.keys())
    return [dict(zip(keys, row)) for row in result]


@dataclass(frozen=True)
class _Reads:
    """What a list of views reads: the sessions, then their injections (a chart's are
    built once, with parameters: building and keying them cost more than running them)."""

    sessions: Select
    injections: Select


def _reads(query: Select, *, limited: bool = False) -> _Reads:
    """The reads for the sessions ``query`` (a select of TreatmentSession) finds, in its
    order. ``limited``: it has a LIMIT, so which sessions it finds depends on its order."""
    found = query.with_only_columns(TreatmentSession.id)
    if not limited:
        found = found.order_by(None)
    return _Reads(
        query.with_only_columns(*_SESSION_COLUMNS, superseded_clause().label("superseded")),
        select(*_INJECTION_COLUMNS).select_from(Injection)
        .join(Lesion, Lesion.id == Injection.lesion_id).join(Agent, Agent.id == Injection.agent_id)
        .where(Injection.session_id.in_(found)).order_by(Injection.id),
    )


_STAFF_NAMES = select(Staff.id, Staff.display_name)


def _views(s: Session, reads: _Reads, params: dict | None = None) -> list[SessionView]:
    """The views ``reads`` finds (with ``params``): three statements whatever their number."""
    conn = s.connection()
    rows = _by_name(conn.execute(reads.sessions, params or {}))
    injections: dict[int, list[InjectionView]] = {}
    for m in _by_name(conn.execute(reads.injections, params or {})):
        injections.setdefault(m["session_id"], []).append(_injection_view(m))
    names = dict(conn.execute(_STAFF_NAMES).all())
    return [_session_view(m, names, tuple(injections.get(m["id"], ()))) for m in rows]


@lru_cache(maxsize=1)
def _one_reads() -> _Reads:
    return _reads(select(TreatmentSession).where(TreatmentSession.id == bindparam("session_id")))


@lru_cache(maxsize=1)
def _chain_reads() -> _Reads:
    return _reads(select(TreatmentSession).where(TreatmentSession.root_id == bindparam("root"))
                  .order_by(TreatmentSession.version_no))


@lru_cache(maxsize=2)
def _patient_reads(include_voided: bool) -> _Reads:
    newer = aliased(TreatmentSession)
    latest = ~exists().where(and_(newer.root_id == TreatmentSession.root_id, newer.version_no > TreatmentSession.version_no,
                                  ~discarded_clause(newer)))
    query = select(TreatmentSession).where(TreatmentSession.patient_id == bindparam("patient_id"), latest,
                                           ~discarded_clause())
    if not include_voided:
        query = query.where(TreatmentSession.voided_at.is_(None))
    return _reads(query.order_by(TreatmentSession.performed_at.desc(), TreatmentSession.id.desc()))


def get_session(db, session_id: int) -> SessionView:  # noqa: ANN001
    with db.read() as s:
        found = _views(s, _one_reads(), {"session_id": session_id})
        if not found:
            raise NotFoundError(f"no treatment session with id {session_id}")
        return found[0]


def session_versions(db, session_id: int) -> list[SessionView]:  # noqa: ANN001
    """Every version of a session's chain, oldest first."""
    with db.read() as s:
        row = s.get(TreatmentSession, session_id)
        if row is None:
            raise NotFoundError(f"no treatment session with id {session_id}")
        return _views(s, _chain_reads(), {"root": row.root_id or row.id})


def patient_sessions(db, patient_id: int, *, include_voided: bool = True) -> list[SessionView]:  # noqa: ANN001
    """The latest version of each of the patient's sessions, newest first."""
    with db.read() as s:
        return _views(s, _patient_reads(include_voided), {"patient_id": patient_id})


def list_sessions(db, *, limit: int | None = None) -> list[SessionView]:  # noqa: ANN001
    with db.read() as s:
        query = select(TreatmentSession).order_by(TreatmentSession.performed_at.desc(), TreatmentSession.id.desc())
        if limit:
            query = query.limit(limit)
        return _views(s, _reads(query, limited=bool(limit)))
