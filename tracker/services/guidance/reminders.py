"""Reminders across all patients: what is due, and marking them done, snoozed
or dismissed (each audited, dismissing with a reason).

A reminder of a voided visit or a voided patient is left out everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.models import Lesion, Patient, Reminder, ReminderStatus, Staff, TreatmentSession
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.guidance.persist import OPEN_STATES, close_reminder
from tracker.services.guidance.rules import KIND_TITLES
from tracker.services.settings import clinic_date, clinic_zone
from tracker.services.snapshot import row_values

HORIZON_DAYS = 7


@dataclass(frozen=True)
class ReminderView:
    id: int
    uid: str
    patient_id: int
    patient_name: str
    chart_number: str
    phone: str | None
    lesion_id: int | None
    lesion_label: str | None
    session_id: int | None
    session_date: date | None
    rule_id: str
    kind: str
    title: str
    detail: str | None
    source: str
    due_on: date
    status: str
    snoozed_until: date | None
    closed_at: datetime | None
    closed_by_name: str | None
    close_reason: str | None
    row_version: int
    updated_at: datetime

    @property
    def when(self) -> date:
        """The day it is due: the snooze date when snoozed."""
        return self.snoozed_until if self.status == ReminderStatus.SNOOZED.value and self.snoozed_until else self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in (ReminderStatus.OPEN.value, ReminderStatus.SNOOZED.value)

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)


@dataclass(frozen=True)
class TodayView:
    today: date
    overdue: tuple[ReminderView, ...]
    due_today: tuple[ReminderView, ...]
    coming: tuple[ReminderView, ...]

    @property
    def due_count(self) -> int:
        return len(self.overdue) + len(self.due_today)


def effective_due():  # noqa: ANN201
    """SQL: the snooze date for a snoozed reminder, else its due date."""
    return func.coalesce(Reminder.snoozed_until, Reminder.due_on)


def _query():  # noqa: ANN202
    visit = aliased(TreatmentSession)
    closer = aliased(Staff)
    return (
        select(Reminder, Patient, Lesion.label, visit.clinic_date, closer.display_name)
        .join(Patient, Reminder.patient_id == Patient.id)
        .outerjoin(Lesion, Reminder.lesion_id == Lesion.id)
        .outerjoin(visit, Reminder.session_id == visit.id)
        .outerjoin(closer, Reminder.closed_by_id == closer.id)
        .where(Patient.voided_at.is_(None), or_(Reminder.session_id.is_(None), visit.voided_at.is_(None)))
    )


def _view(rem: Reminder, patient: Patient, lesion_label: str | None, session_date: date | None, closer: str | None) -> ReminderView:
    return ReminderView(
        id=rem.id, uid=rem.uid, patient_id=patient.id, patient_name=patient.display_name,
        chart_number=patient.chart_number, phone=patient.phone, lesion_id=rem.lesion_id, lesion_label=lesion_label,
        session_id=rem.session_id, session_date=session_date, rule_id=rem.rule_id, kind=rem.kind, title=rem.title,
        detail=rem.detail, source=rem.source, due_on=rem.due_on, status=rem.status.value, snoozed_until=rem.snoozed_until,
        closed_at=rem.closed_at, closed_by_name=closer, close_reason=rem.close_reason, row_version=rem.row_version,
        updated_at=rem.updated_at,
    )


def _rows(s: Session, query) -> list[ReminderView]:  # noqa: ANN001
    return [_view(*row) for row in s.execute(query).all()]


def clinic_today(db) -> date:  # noqa: ANN001
    return clinic_date(utcnow(), clinic_zone(db))


def today_view(db, today: date | None = None, horizon_days: int = HORIZON_DAYS) -> TodayView:  # noqa: ANN001
    """Open reminders across all patients: overdue, due today, and the coming days."""
    today = today or clinic_today(db)
    end = today + timedelta(days=horizon_days)
    query = (_query().where(Reminder.status.in_(OPEN_STATES), effective_due() <= end)
             .order_by(effective_due(), Patient.family_key, Reminder.id))
    with db.read() as s:
        rows = _rows(s, query)
    return TodayView(
        today=today,
        overdue=tuple(r for r in rows if r.when < today),
        due_today=tuple(r for r in rows if r.when == today),
        coming=tuple(r for r in rows if r.when > today),
    )


def due_reminder_ids(db, today: date | None = None) -> list[int]:  # noqa: ANN001
    """Ids of open reminders due today or overdue (for notifications)."""
    view = today_view(db, today, horizon_days=0)
    return [r.id for r in view.overdue + view.due_today]


def patient_reminders(db, patient_id: int, *, include_closed: bool = True) -> list[ReminderView]:  # noqa: ANN001
    query = _query().where(Reminder.patient_id == patient_id)
    if not include_closed:
        query = query.where(Reminder.status.in_(OPEN_STATES))
    with db.read() as s:
        rows = _rows(s, query.order_by(effective_due(), Reminder.id))
    return sorted(rows, key=lambda r: (not r.is_open, r.when, r.id))


def calendar_reminders(db, *, closed_since: date | None = None) -> list[ReminderView]:  # noqa: ANN001
    """Open reminders, and those closed since a date (so a calendar drops them)."""
    query = _query()
    if closed_since is not None:
        since = datetime(closed_since.year, closed_since.month, closed_since.day, tzinfo=utcnow().tzinfo)
        query = query.where(or_(Reminder.status.in_(OPEN_STATES), and_(Reminder.closed_at.is_not(None), Reminder.closed_at >= since)))
    else:
        query = query.where(Reminder.status.in_(OPEN_STATES))
    with db.read() as s:
        return _rows(s, query.order_by(effective_due(), Reminder.id))


def get_reminder(db, reminder_id: int) -> ReminderView:  # noqa: ANN001
    with db.read() as s:
        rows = _rows(s, _query().where(Reminder.id == reminder_id))
    if not rows:
        raise NotFoundError(f"no reminder with id {reminder_id}")
    return rows[0]


def _open_reminder(s: Session, reminder_id: int) -> Reminder:
    rem = s.get(Reminder, reminder_id)
    if rem is None:
        raise NotFoundError(f"no reminder with id {reminder_id}")
    if rem.status not in OPEN_STATES:
        raise ValidationError({"reminder": f"this reminder is already {rem.status.value}"})
    return rem


def complete_reminder(db, actor_id: int | None, reminder_id: int, note: str | None = None) -> ReminderView:  # noqa: ANN001
    with db.write() as s:
        close_reminder(s, actor_id, _open_reminder(s, reminder_id), ReminderStatus.DONE, (note or "").strip() or None)
    return get_reminder(db, reminder_id)


def snooze_reminder(db, actor_id: int | None, reminder_id: int, until: date, reason: str | None = None, *,  # noqa: ANN001
                    today: date | None = None) -> ReminderView:
    today = today or clinic_today(db)
    if until <= today:
        raise ValidationError({"until": "snooze to a day after today"})
    with db.write() as s:
        rem = _open_reminder(s, reminder_id)
        before = row_values(rem)
        rem.status, rem.snoozed_until = ReminderStatus.SNOOZED, until
        audit.record_row(s, actor_id, "snooze", rem, before=before, reason=(reason or "").strip() or None)
    return get_reminder(db, reminder_id)


def dismiss_reminder(db, actor_id: int | None, reminder_id: int, reason: str) -> ReminderView:  # noqa: ANN001
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "say why this reminder is dismissed"})
    with db.write() as s:
        close_reminder(s, actor_id, _open_reminder(s, reminder_id), ReminderStatus.DISMISSED, reason)
    return get_reminder(db, reminder_id)


@dataclass(frozen=True)
class CallListEntry:
    """One patient to contact today, with everything due for them."""

    patient_id: int
    patient_name: str
    chart_number: str
    phone: str | None
    items: tuple[ReminderView, ...]

    @property
    def overdue_since(self) -> date:
        return min(r.when for r in self.items)


def call_list(db, today: date | None = None) -> tuple[date, list[CallListEntry]]:  # noqa: ANN001
    """Patients with open reminders due today or overdue, check-in calls first."""
    view = today_view(db, today, horizon_days=0)
    by_patient: dict[int, list[ReminderView]] = {}
    for rem in view.overdue + view.due_today:
        by_patient.setdefault(rem.patient_id, []).append(rem)
    entries = [CallListEntry(items[0].patient_id, items[0].patient_name, items[0].chart_number, items[0].phone, tuple(items))
               for items in by_patient.values()]
    entries.sort(key=lambda e: (not any(r.kind == "call" for r in e.items), e.patient_name))
    return view.today, entries
