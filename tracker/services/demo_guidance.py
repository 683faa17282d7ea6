"""Demo checklists and reminders, made the way staff make them.

``record_with_checklist`` records a demo visit through the everyday path: a
draft, its checklist worked through (ticked at the time of the visit, now and
then a step skipped with a reason), then signed, which generates the
reminders. ``settle_demo_reminders`` then closes what staff would long since
have dealt with, so the Today page shows a believable mix of overdue, due
today and coming reminders.
"""
from __future__ import annotations

import logging
import random
from datetime import date, timedelta

from tracker.services.errors import FindingsNeedReasonError
from tracker.services.guidance.checklist import record_paper_checklist
from tracker.services.guidance.reminders import (
    complete_reminder, dismiss_reminder, snooze_reminder, today_view,
)
from tracker.services.session_input import SessionInput
from tracker.services.session_views import SessionView
from tracker.services.sessions import create_draft, sign_session

log = logging.getLogger(__name__)

SKIPPED = {"general.photo": "Camera battery flat; photos taken at the next visit",
           "general.aftercare-sheet": "Sheet printer out of paper; sheet e-mailed to the patient"}
DONE_NOTES = ["Called, no problems reported.", "Seen in clinic.", "Left a voicemail, patient called back: all well.", None]


def record_with_checklist(db, actor_id: int, data: SessionInput, *, findings_reason: str) -> SessionView:  # noqa: ANN001
    """Draft, tick the checklist at the visit's time, sign (with ``findings_reason`` if a dose finding needs one).

    Uses its own random numbers (seeded by the draft's id), so the rest of the
    demo stays the same as without it."""
    draft = create_draft(db, actor_id, data)
    rng = random.Random(draft.id)
    skip = rng.choice(sorted(SKIPPED)) if rng.random() < 0.06 else None
    record_paper_checklist(db, actor_id, draft.id, done_at=data.performed_at + timedelta(minutes=rng.randrange(2, 25)),
                           skipped=(skip,) if skip else ())
    reason = SKIPPED.get(skip)
    try:
        return sign_session(db, actor_id, draft.id, checklist_reason=reason)
    except FindingsNeedReasonError as exc:
        log.debug("demo session needed a reason: %s", exc)
        return sign_session(db, actor_id, draft.id, findings_reason, checklist_reason=reason)


def settle_demo_reminders(db, actor_id: int, today: date) -> None:  # noqa: ANN001
    """Close reminders that fell due more than three days ago (staff dealt with
    them), keep the recent ones open, snooze one and dismiss one."""
    rng = random.Random(today.toordinal())
    view = today_view(db, today, horizon_days=0)
    old = [r for r in view.overdue if r.when < today - timedelta(days=3)]
    for rem in old:
        complete_reminder(db, actor_id, rem.id, rng.choice(DONE_NOTES))
    recent = [r for r in view.overdue if r not in old]
    if len(recent) > 2:
        snooze_reminder(db, actor_id, recent[0].id, today + timedelta(days=2), "Patient asked to be called after the weekend", today=today)
        dismiss_reminder(db, actor_id, recent[1].id, "Patient moved away; care transferred to another clinic")
