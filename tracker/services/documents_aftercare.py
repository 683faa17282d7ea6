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

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Injection, Patient, Reminder, ReminderStatus, Staff, TreatmentSession
from tracker.services.documents import AftercareDocument, MapMark, TreatedSite, clinic_header, describe_site, quantity
from tracker.services.errors import NotFoundError, ServiceError
from tracker.services.history import counts_clause

log = logging.getLogger(__name__)

#: Reminder kinds that are an appointment the patient should know about.
APPOINTMENT_KINDS = ("next_injection", "review")


def _current_version(s: Session, row: TreatmentSession) -> TreatmentSession:
    """The version of the visit that is the record: an amended visit prints as amended."""
    if row.is_voided:
        reason = f" ({row.void_reason})" if row.void_reason else ""
        raise ServiceError(f"visit {row.id} was voided{reason}; there is no aftercare sheet for it")
    root = row.root_id or row.id
    current = s.execute(
        select(TreatmentSession).where(TreatmentSession.root_id == root, counts_clause())
        .order_by(TreatmentSession.version_no.desc())
    ).scalars().first()
    if current is not None and current.id != row.id:
        log.info("visit %s was amended; printing its current version %s", row.id, current.id)
        return current
    return row


def _load(s: Session, session_id: int) -> TreatmentSession:
    row = s.get(TreatmentSession, session_id)
    if row is None:
        raise NotFoundError(f"no treatment session with id {session_id}")
    current = _current_version(s, row)
    return s.execute(
        select(TreatmentSession).where(TreatmentSession.id == current.id)
        .options(selectinload(TreatmentSession.injections).selectinload(Injection.agent),
                 selectinload(TreatmentSession.injections).selectinload(Injection.lesion))
        .execution_options(populate_existing=True)
    ).scalars().one()


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
        row = _load(s, session_id)
        injections = [i for i in row.injections if not i.is_voided]
        if not injections:
            raise ServiceError(f"visit {row.id} records no injections, so there is no aftercare to print")
        patient = s.get(Patient, row.patient_id)
        clinician = s.get(Staff, row.clinician_id)
        treated, marks = _treated(injections)
        next_day, next_text = next_appointment(s, row.patient_id, row.clinic_date)
        return AftercareDocument(
            clinic=clinic, session_id=row.id, patient_id=patient.id,
            patient_name=f"{patient.given_names} {patient.family_name}", chart_number=patient.chart_number,
            visit_date=row.clinic_date, clinician=clinician.display_name if clinician else "",
            treated=treated, marks=marks, medicines=_plain_medicines(injections), sections=(),
            next_visit=next_day, next_visit_text=next_text,
        )
