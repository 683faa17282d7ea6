"""Writing a session's guidance: checklist rows and reminders, with audit events.

Runs inside the caller's write transaction (signing a session, or preparing a
draft's checklist). Regenerating never duplicates: checklist steps are matched
by (rule id, item key) and reminders by a stable uid, so an amendment updates
what it changes, carries ticks over, and dismisses what no longer applies.
"""
from __future__ import annotations

import hashlib
import logging
import secrets

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from tracker.db.driver import Statements, binds, driver_of, spread
from tracker.models import ChecklistItem, ChecklistPhase, Reminder, ReminderStatus, Setting, TreatmentSession
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.guidance.engine import Guidance, PlannedItem, PlannedReminder, evaluate
from tracker.services.guidance.facts import SessionFacts, session_facts
from tracker.services.guidance.loader import ruleset_for
from tracker.services.guidance.rules import CLOSED_BY_NEXT_VISIT
from tracker.services.snapshot import row_values
from tracker.services.voiding import void_row

log = logging.getLogger(__name__)

INSTALLATION_KEY = "installation_id"
UID_DOMAIN = "injection-tracker"
OPEN_STATES = (ReminderStatus.OPEN, ReminderStatus.SNOOZED)
#: audit entity for events about a whole session's checklist (entity_id = session id)
CHECKLIST_ENTITY = "checklist"
NOT_DONE_PHASES = (ChecklistPhase.BEFORE, ChecklistPhase.AFTER)


def installation_id(s: Session, actor_id: int | None) -> str:
    """A random id for this clinic database, so reminder uids never collide
    with another clinic's in a shared calendar. Made once, on first use."""
    row = s.get(Setting, INSTALLATION_KEY)
    if row is None:
        row = Setting(key=INSTALLATION_KEY, value=secrets.token_hex(8))
        s.add(row)
        audit.record(s, actor_id, "create", "setting", None, after={"key": INSTALLATION_KEY, "value": row.value})
    return row.value


def reminder_uid(installation: str, identity: str) -> str:
    digest = hashlib.sha256(f"{installation}|{identity}".encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def plan_for(s: Session, session_id: int, location) -> tuple[SessionFacts, Guidance]:  # noqa: ANN001
    facts = session_facts(s, session_id)
    return facts, evaluate(ruleset_for(location).active, facts)


# ---- checklist -----------------------------------------------------------------

def checklist_values(session_id: int, item: PlannedItem, actor_id: int | None, old: ChecklistItem | None = None) -> dict:
    """A new checklist row's columns; ``old``: the same step of the version amended (its tick carries over)."""
    return dict(session_id=session_id, rule_id=item.rule_id, item_key=item.key, phase=ChecklistPhase(item.phase),
                text=item.text, required=item.required, source=item.why.source_text, created_by_id=actor_id,
                done_at=old.done_at if old else None, done_by_id=old.done_by_id if old else None,
                not_done_reason=old.not_done_reason if old else None)


def _live_items(s: Session, session_id: int) -> dict[tuple[str, str | None], ChecklistItem]:
    rows = s.execute(select(ChecklistItem).where(ChecklistItem.session_id == session_id,
                                                 ChecklistItem.voided_at.is_(None))).scalars()
    return {(r.rule_id, r.item_key): r for r in rows}


def sync_checklist(s: Session, actor_id: int | None, row: TreatmentSession, planned: tuple[PlannedItem, ...]) -> None:
    """Make a draft's checklist rows match the plan; ticks survive, stale steps are voided.

    New steps are written together and audited as one "generate" event on the
    session's checklist (listing every step); changes and voids one by one."""
    existing = _live_items(s, row.id)
    earlier = _live_items(s, row.amends_id) if row.amends_id else {}
    wanted = {(p.rule_id, p.key): p for p in planned}
    added: list[ChecklistItem] = []
    carried = 0
    for key, item in wanted.items():
        current = existing.get(key)
        if current is None:
            old = earlier.get(key)
            carried += old is not None
            added.append(ChecklistItem(**checklist_values(row.id, item, actor_id, old)))
        elif (current.text, current.required, current.source, current.phase.value) != (item.text, item.required, item.why.source_text, item.phase):
            before = row_values(current)
            current.text, current.required, current.source = item.text, item.required, item.why.source_text
            current.phase = ChecklistPhase(item.phase)
            audit.record_row(s, actor_id, "update", current, before=before, reason="guidance rule changed")
    if added:
        s.add_all(added)
        s.flush()
        reason = f"{carried} tick(s) carried over from version {row.version_no - 1}" if carried else None
        audit.record(s, actor_id, "generate", CHECKLIST_ENTITY, row.id,
                     after={"items": [row_values(i) for i in added]}, reason=reason)
    for key, stale in existing.items():
        if key not in wanted:
            void_row(s, actor_id, stale, "no longer applies: the session's injections changed", "checklist step")


def record_not_done(s: Session, actor_id: int | None, session_id: int, reason: str) -> int:
    """Write the reason on every required before/after step left unticked."""
    count = 0
    for item in _live_items(s, session_id).values():
        if item.required and item.done_at is None and item.phase in NOT_DONE_PHASES:
            before = row_values(item)
            item.not_done_reason = reason
            audit.record_row(s, actor_id, "not_done", item, before=before, reason=reason)
            count += 1
    return count


# ---- reminders -----------------------------------------------------------------

def _root_versions(s: Session, root_id: int) -> list[int]:
    return list(s.execute(select(TreatmentSession.id).where(TreatmentSession.root_id == root_id)).scalars())


def reminder_values(uid: str, patient_id: int, session_id: int, p: PlannedReminder, actor_id: int | None) -> dict:
    return dict(uid=uid, patient_id=patient_id, lesion_id=p.lesion_id, session_id=session_id, rule_id=p.rule_id,
                kind=p.kind, title=p.title[:200], detail=p.detail, source=p.why.source_text, due_on=p.due_on,
                status=ReminderStatus.OPEN, created_by_id=actor_id)


def close_reminder(s: Session, actor_id: int | None, rem: Reminder, status: ReminderStatus, reason: str | None) -> None:
    """Close a reminder (done or dismissed), with who, when and why; audited."""
    before = row_values(rem)
    rem.status, rem.closed_at, rem.closed_by_id, rem.close_reason = status, utcnow(), actor_id, reason
    audit.record_row(s, actor_id, status.value, rem, before=before, reason=reason)


def sync_reminders(s: Session, actor_id: int | None, row: TreatmentSession, facts: SessionFacts,
                   planned: tuple[PlannedReminder, ...]) -> None:
    installation = installation_id(s, actor_id)
    versions = _root_versions(s, facts.root_id)
    wanted = {reminder_uid(installation, p.identity): p for p in planned}
    existing = {r.uid: r for r in s.execute(select(Reminder).where(Reminder.uid.in_(list(wanted)))).scalars()} if wanted else {}
    for uid, p in wanted.items():
        rem = existing.get(uid)
        if rem is None:
            rem = Reminder(**reminder_values(uid, facts.patient_id, row.id, p, actor_id))
            s.add(rem)
            audit.record_row(s, actor_id, "create", rem)
            later = facts.lesion(p.lesion_id).next_visit_on if p.lesion_id is not None else None
            if later is not None and p.kind in CLOSED_BY_NEXT_VISIT:
                # A visit entered late: the lesion was already seen again since.
                close_reminder(s, actor_id, rem, ReminderStatus.DONE, f"settled by the visit on {later.isoformat()}")
            continue
        if rem.status not in OPEN_STATES:
            continue
        # A once-per-lesion reminder stays with the visit that made it, unless this is that visit's amendment.
        session_id = row.id if (p.scope != "lesion_once" or rem.session_id in versions) else rem.session_id
        new = (p.title[:200], p.detail, p.why.source_text, p.due_on, session_id, p.kind)
        if (rem.title, rem.detail, rem.source, rem.due_on, rem.session_id, rem.kind) != new:
            before = row_values(rem)
            rem.title, rem.detail, rem.source, rem.due_on, rem.session_id, rem.kind = new
            audit.record_row(s, actor_id, "update", rem, before=before,
                             reason=f"regenerated for version {row.version_no}" if row.version_no > 1 else None)
    stale = s.execute(select(Reminder).where(Reminder.session_id.in_(versions), Reminder.status.in_(OPEN_STATES),
                                             Reminder.uid.not_in(list(wanted) or [""]))).scalars().all()
    for rem in stale:
        close_reminder(s, actor_id, rem, ReminderStatus.DISMISSED,
               f"no longer applies after version {row.version_no} of the session")


def _waiting_query(lesions: int):  # noqa: ANN202
    """Open reminders of other visits (earlier than this one) waiting for the next visit to these lesions."""
    return (select(Reminder.id)
            .join(TreatmentSession, Reminder.session_id == TreatmentSession.id)
            .where(Reminder.lesion_id.in_(binds("lesion", lesions)),
                   Reminder.kind.in_(sorted(CLOSED_BY_NEXT_VISIT)), Reminder.status.in_(OPEN_STATES),
                   TreatmentSession.root_id != bindparam("root_id"), TreatmentSession.clinic_date < bindparam("day"))
            .order_by(Reminder.id))


_WAITING = Statements(waiting=_waiting_query)


def waiting_for_visit(conn: Connection, facts: SessionFacts) -> list[int]:
    """Ids of the open reminders of earlier visits that this visit settles (settle_by_visit)."""
    lesion_ids = [lesion.id for lesion in facts.lesions]
    if not lesion_ids:
        return []
    rows = _WAITING.get(conn.dialect, "waiting", len(lesion_ids)).rows(
        driver_of(conn), {**spread("lesion", lesion_ids), "root_id": facts.root_id, "day": facts.clinic_date})
    return [rem_id for (rem_id,) in rows]


def settle_by_visit(s: Session, actor_id: int | None, facts: SessionFacts, waiting: list[int] | None = None) -> None:
    """A visit that injects a lesion is the review / next injection that earlier
    visits' reminders for that lesion were waiting for (``waiting``: their ids, if read already)."""
    for rem_id in waiting_for_visit(s.connection(), facts) if waiting is None else waiting:
        close_reminder(s, actor_id, s.get(Reminder, rem_id), ReminderStatus.DONE,
                       f"settled by the visit on {facts.clinic_date.isoformat()}")


# ---- the signing hook ------------------------------------------------------------

def apply_on_sign(s: Session, actor_id: int | None, row: TreatmentSession, *, checklist_reason: str | None = None) -> None:
    """Called by sessions._sign inside its transaction: checklist rows, the
    reason for unticked required steps, reminders, and reminders settled by
    this visit. A failure here is logged and leaves the signing itself intact."""
    try:
        with s.begin_nested():
            facts, guidance = plan_for(s, row.id, s.info.get("location"))
            sync_checklist(s, actor_id, row, guidance.checklist)
            if checklist_reason and checklist_reason.strip():
                record_not_done(s, actor_id, row.id, checklist_reason.strip())
            sync_reminders(s, actor_id, row, facts, guidance.reminders)
            settle_by_visit(s, actor_id, facts)
    except Exception:  # noqa: BLE001 - guidance must never stop a session from being signed
        log.exception("could not generate the guidance for session %s", row.id)

