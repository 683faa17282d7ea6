"""Gathering what a patient's aftercare sheet says about one visit.

What was treated, where the injections went and which medicine was used come
from the session; the advice (what to expect, care of the site, warning signs,
emergencies) and the next review come from the guidance rules. Nothing here is
written per agent.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from tracker.models import Injection, Patient, Reminder, ReminderStatus, Staff, TreatmentSession
from tracker.services.documents import AftercareDocument, MapMark, TreatedSite, clinic_header, describe_site, quantity
from tracker.services.errors import NotFoundError, ServiceError

log = logging.getLogger(__name__)

#: Reminder kinds that are an appointment the patient should know about.
APPOINTMENT_KINDS = ("next_injection", "review")


def current_version(versions: list[TreatmentSession], requested: TreatmentSession) -> TreatmentSession:
    """The version of a visit that is the record (as ``history.counts_clause`` decides): an amended
    visit prints as amended. ``versions`` is the whole chain."""
    if requested.is_voided:
        reason = f" ({requested.void_reason})" if requested.void_reason else ""
        raise ServiceError(f"visit {requested.id} was voided{reason}; there is no aftercare sheet for it")
    superseded = {v.amends_id for v in versions if v.is_signed and not v.is_voided and v.amends_id is not None}
    counting = [v for v in versions if v.is_signed and not v.is_voided and v.id not in superseded]
    current = max(counting, key=lambda v: v.version_no, default=requested)
    if current.id != requested.id:
        log.info("visit %s was amended; printing its current version %s", requested.id, current.id)
    return current


def _load(s: Session, session_id: int) -> tuple[TreatmentSession, list[Injection]]:
    """The visit's current version with its injections, agents and lesions (two statements)."""
    root = select(func.coalesce(TreatmentSession.root_id, TreatmentSession.id)).where(
        TreatmentSession.id == session_id).scalar_subquery()
    versions = list(s.execute(select(TreatmentSession).where(
        (TreatmentSession.root_id == root) | (TreatmentSession.id == session_id))).scalars())
    requested = next((v for v in versions if v.id == session_id), None)
    if requested is None:
        raise NotFoundError(f"no treatment session with id {session_id}")
    current = current_version(versions, requested)
    injections = s.execute(
        select(Injection).where(Injection.session_id == current.id, Injection.voided_at.is_(None))
        .options(joinedload(Injection.agent), joinedload(Injection.lesion)).order_by(Injection.id)
    ).scalars().all()
    return current, list(injections)


def _treated(injections: list[Injection]) -> tuple[tuple[TreatedSite, ...], tuple[MapMark, ...]]:
    by_lesion: OrderedDict[int, list[Injection]] = OrderedDict()
    for inj in injections:
        by_lesion.setdefault(inj.lesion_id, []).append(inj)
    sites: list[TreatedSite] = []
    marks: list[MapMark] = []
    for number, (lesion_id, items) in enumerate(by_lesion.items(), start=1):
        lesion = items[0].lesion
        medicines = tuple(f"{i.agent.name} {quantity(i.volume_ml, 'mL')}" for i in items)
        sites.append(TreatedSite(number=number, lesion_id=lesion_id, label=lesion.label,
                                 condition=lesion.condition.label, site=describe_site(lesion.site_code, lesion.laterality, lesion.site_text), medicines=medicines))
        points = [p for i in items for p in (i.map_points or ()) if p.get("view")]
        if points:
            marks += [MapMark(view=str(p["view"]), x=float(p["x"]), y=float(p["y"]), number=number) for p in points]
        elif lesion.map_view and lesion.map_x is not None and lesion.map_y is not None:
            marks.append(MapMark(view=lesion.map_view, x=lesion.map_x, y=lesion.map_y, number=number))
    return tuple(sites), tuple(marks)


def _plain_medicines(injections: list[Injection]) -> tuple[str, ...]:
    seen: OrderedDict[int, str] = OrderedDict()
    for inj in injections:
        words = (inj.agent.plain_name or inj.agent.name).strip()
        seen.setdefault(inj.agent_id, f"{inj.agent.name}: {words}.")
    return tuple(seen.values())


def next_appointment(s: Session, patient_id: int, after: date) -> tuple[date | None, str | None]:
    """The patient's next open review or injection reminder on or after a day."""
    row = s.execute(
        select(Reminder).where(Reminder.patient_id == patient_id, Reminder.status == ReminderStatus.OPEN,
                               Reminder.kind.in_(APPOINTMENT_KINDS), Reminder.due_on > after)
        .order_by(Reminder.due_on, Reminder.id)
    ).scalars().first()
    return (row.due_on, row.title) if row else (None, None)


def aftercare_document(db, session_id: int) -> AftercareDocument:  # noqa: ANN001
    """Everything the aftercare sheet for one visit says, as plain data."""
    clinic = clinic_header(db)
    with db.read() as s:
        row, injections = _load(s, session_id)
        if not injections:
            raise ServiceError(f"visit {row.id} records no injections, so there is no aftercare to print")
        patient = s.get(Patient, row.patient_id)
        clinician = s.get(Staff, row.clinician_id)
        treated, marks = _treated(injections)
        next_day, next_text = next_appointment(s, row.patient_id, row.clinic_date)
        return AftercareDocument(
            clinic=clinic, session_id=row.id, patient_id=patient.id,
            patient_name=f"{patient.given_names} {patient.family_name}", chart_number=patient.chart_number,
            visit_date=row.clinic_date, clinician=clinician.display_name if clinician else "", signed=row.is_signed,
            treated=treated, marks=marks, medicines=_plain_medicines(injections), sections=(),
            next_visit=next_day, next_visit_text=next_text,
        )
