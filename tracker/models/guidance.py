"""Checklist items and reminders generated from the guidance rules."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Audited, Base, Voidable
from tracker.models.types import UTCDateTime, enum_type


class ChecklistPhase(str, enum.Enum):
    BEFORE = "before"
    AFTER = "after"
    FOLLOW_UP = "follow_up"


class ChecklistItem(Audited, Voidable, Base):
    """One step of a session's checklist, from a guidance rule.

    ``(rule_id, item_key)`` names the step within its session, so a rule whose
    wording changes, or an amendment, keeps the same step and its tick. A step
    that stops applying while the session is a draft is voided, not deleted.
    """

    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(80))
    item_key: Mapped[str | None] = mapped_column(String(80))
    phase: Mapped[ChecklistPhase] = mapped_column(enum_type(ChecklistPhase, 10))
    text: Mapped[str] = mapped_column(Text)
    required: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    not_done_reason: Mapped[str | None] = mapped_column(Text)


class ReminderStatus(str, enum.Enum):
    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


class Reminder(Audited, Base):
    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across re-exports, so a calendar updates instead of duplicating.
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    lesion_id: Mapped[int | None] = mapped_column(ForeignKey("lesion.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[ReminderStatus] = mapped_column(
        enum_type(ReminderStatus, 10), default=ReminderStatus.OPEN, index=True
    )
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    close_reason: Mapped[str | None] = mapped_column(Text)
