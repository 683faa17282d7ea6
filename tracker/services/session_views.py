"""Read models for treatment sessions: plain frozen data for the GUI and scripts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, exists, select
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
        lot_expiry=m["lot_expiry"], technique=m["technique"], map_points=tuple(m["map_points"] or ()),
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
        amendment_reason=m["amendment_reason"], findings=tuple(m["findings"] or ()), findings_reason=m["findings_reason"],
        voided=m["voided_at"] is not None, void_reason=m["void_reason"], superseded=bool(m["superseded"]),
        row_version=m["row_version"], injections=injections,
    )


#: What a view shows of a session and of each injection, read as plain rows whose
#: values are taken by name from a dict (a chart of 500 visits loads in a fraction
#: of the time mapped objects, or a row's attributes, take).
_SESSION_COLUMNS = tuple(c for c in TreatmentSession.__table__.columns
                         if c.key not in ("created_at", "updated_at", "created_by_id", "voided_by_id"))
_INJECTION_COLUMNS = (*(c for c in Injection.__table__.columns
                        if c.key not in ("created_at", "updated_at", "created_by_id", "voided_by_id", "row_version")),
                      Lesion.label.label("lesion_label"), Agent.code.label("agent_code"), Agent.name.label("agent_name"))


def _by_name(result) -> list[dict]:  # noqa: ANN001
    keys = tuple(result.keys())
    return [dict(zip(keys, row)) for row in result]


def get_session(db, session_id: int) -> SessionView:  # noqa: ANN001
    with db.read() as s:
        found = _views(s, select(TreatmentSession).where(TreatmentSession.id == session_id))
        if not found:
            raise NotFoundError(f"no treatment session with id {session_id}")
        return found[0]


def _views(s: Session, query, *, limited: bool = False) -> list[SessionView]:  # noqa: ANN001
    """Views of the sessions ``query`` (a select of TreatmentSession) finds, in
    its order: three statements whatever their number. ``limited``: the query
    has a LIMIT, so which sessions it finds depends on its order."""
    conn = s.connection()
    rows = _by_name(conn.execute(query.with_only_columns(*_SESSION_COLUMNS, superseded_clause().label("superseded"))))
    found = query.with_only_columns(TreatmentSession.id)
    if not limited:
        found = found.order_by(None)
    injections: dict[int, list[InjectionView]] = {}
    for m in _by_name(conn.execute(select(*_INJECTION_COLUMNS).select_from(Injection)
                                   .join(Lesion, Lesion.id == Injection.lesion_id).join(Agent, Agent.id == Injection.agent_id)
                                   .where(Injection.session_id.in_(found)).order_by(Injection.id))):
        injections.setdefault(m["session_id"], []).append(_injection_view(m))
    names = dict(conn.execute(select(Staff.id, Staff.display_name)).all())
    return [_session_view(m, names, tuple(injections.get(m["id"], ()))) for m in rows]


def session_versions(db, session_id: int) -> list[SessionView]:  # noqa: ANN001
    """Every version of a session's chain, oldest first."""
    with db.read() as s:
        row = s.get(TreatmentSession, session_id)
        if row is None:
            raise NotFoundError(f"no treatment session with id {session_id}")
        root = row.root_id or row.id
        query = select(TreatmentSession).where(TreatmentSession.root_id == root).order_by(TreatmentSession.version_no)
        return _views(s, query)


def patient_sessions(db, patient_id: int, *, include_voided: bool = True) -> list[SessionView]:  # noqa: ANN001
    """The latest version of each of the patient's sessions, newest first."""
    with db.read() as s:
        newer = aliased(TreatmentSession)
        latest = ~exists().where(and_(newer.root_id == TreatmentSession.root_id, newer.version_no > TreatmentSession.version_no,
                                      ~discarded_clause(newer)))
        query = select(TreatmentSession).where(TreatmentSession.patient_id == patient_id, latest,
                                               ~discarded_clause())
        if not include_voided:
            query = query.where(TreatmentSession.voided_at.is_(None))
        query = query.order_by(TreatmentSession.performed_at.desc(), TreatmentSession.id.desc())
        return _views(s, query)


def list_sessions(db, *, limit: int | None = None) -> list[SessionView]:  # noqa: ANN001
    with db.read() as s:
        query = select(TreatmentSession).order_by(TreatmentSession.performed_at.desc(), TreatmentSession.id.desc())
        if limit:
            query = query.limit(limit)
        return _views(s, query, limited=bool(limit))
