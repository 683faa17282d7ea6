"""Do the stored rows still hold what their last audited change wrote?

Every change the program makes to a clinical row leaves an audit event with
the row's values after it ("after"). The chain check (audit.verify_chain)
proves the events were not edited; this check compares each row with its
latest event, so a row edited outside the program (a draft's notes, a
patient's allergies, a reminder's due date: rows no trigger guards) is named,
and so is a row the audit trail never saw. A checklist's steps are audited
together, as one "generate" event listing every step, and then one by one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import (
    Agent, Assessment, AuditEvent, ChecklistItem, Injection, Lesion, Patient, Photo, Reminder, Staff,
    TreatmentSession,
)
from tracker.services.documents_audit import ACTIONS as DOCUMENT_ACTIONS
from tracker.services.guidance.persist import CHECKLIST_ENTITY
from tracker.services.snapshot import row_values

# Rows the program writes only with an audit event.
AUDITED = (Patient, Lesion, TreatmentSession, Injection, Photo, Assessment, ChecklistItem, Reminder, Staff, Agent)
SHOWN = 20  # problems listed one by one; the rest are counted


@dataclass(frozen=True)
class _Snapshot:
    seq: int
    after: dict


def _latest_snapshots(s: Session) -> dict[tuple[str, int], _Snapshot]:
    latest: dict[tuple[str, int], tuple[int, str]] = {}
    rows = s.execute(select(AuditEvent.seq, AuditEvent.entity, AuditEvent.entity_id, AuditEvent.after)
                     .where(AuditEvent.after.is_not(None), AuditEvent.entity_id.is_not(None),
                            AuditEvent.action.not_in(DOCUMENT_ACTIONS))  # what was printed, not the row
                     .order_by(AuditEvent.seq))
    for seq, entity, entity_id, after in rows:
        if entity != CHECKLIST_ENTITY:
            latest[entity, entity_id] = (seq, after)
    out: dict[tuple[str, int], _Snapshot] = {}
    for (entity, entity_id), (seq, after) in latest.items():
        snapshot = json.loads(after)
        if snapshot.get("id") == entity_id:  # a copy of the row (a print or export event is not)
            out[entity, entity_id] = _Snapshot(seq, snapshot)
    # A step's own later event wins over the list it was generated in.
    generated = s.execute(select(AuditEvent.seq, AuditEvent.after)
                          .where(AuditEvent.entity == CHECKLIST_ENTITY, AuditEvent.after.is_not(None)))
    for seq, after in generated:
        for item in json.loads(after).get("items", ()):
            key = (ChecklistItem.__tablename__, item.get("id"))
            if key not in out or out[key].seq < seq:
                out[key] = _Snapshot(seq, item)
    return out


def _same(stored: Any, audited: Any) -> bool:
    """Equal, or the same number or moment written two ways ("16.0" and "16";
    10:00+01:00, as typed in the clinic's zone, and 09:00+00:00, as stored)."""
    if stored == audited:
        return True
    if not (isinstance(stored, str) and isinstance(audited, str)):
        return False
    try:
        return Decimal(stored) == Decimal(audited)
    except InvalidOperation:
        pass
    try:
        a, b = datetime.fromisoformat(stored), datetime.fromisoformat(audited)
    except ValueError:
        return False
    return a.tzinfo is not None and b.tzinfo is not None and a == b


def _compare(entity: str, row: Any, snap: _Snapshot | None) -> str | None:
    label = f"{entity} {row.id}"
    if snap is None:
        return f"{label}: not in the audit trail (added outside the program?)"
    now = row_values(row)
    changed = sorted(k for k, v in snap.after.items() if k in now and not _same(now[k], v))
    if not changed:
        return None
    return (f"{label}: {', '.join(changed)} differ{'s' if len(changed) == 1 else ''} from its last audited change "
            f"(audit event #{snap.seq}): changed outside the program")


def rows_unlike_their_audit(s: Session) -> tuple[list[str], int]:
    """Problems (at most SHOWN, then a count of the rest) and how many rows were compared."""
    snapshots = _latest_snapshots(s)
    problems: list[str] = []
    compared = 0
    for model in AUDITED:
        entity = model.__tablename__
        for row in s.execute(select(model).order_by(model.id).execution_options(yield_per=2000)).scalars():
            compared += 1
            problem = _compare(entity, row, snapshots.get((entity, row.id)))
            if problem:
                problems.append(problem)
        s.expunge_all()
    if len(problems) > SHOWN:
        problems = [*problems[:SHOWN], f"... and {len(problems) - SHOWN} more row(s) like these"]
    return problems, compared
