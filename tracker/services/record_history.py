"""The record history of one patient: every audit event about the patient's
row and the records that belong to the patient (lesions, sessions and their
versions, injections, photos, outcome scores, checklist steps, reminders, and
the documents printed or saved), newest first, in words.

The events are found through the index on ``audit_event.entity_id``: the ids
of the patient's records are gathered first (each through its own table's
patient, lesion or session index), then their events are looked up one id at
a time; the audit table is never read through (tests/test_record_history.py
checks the query plan). A page holds ``limit`` events; the next page starts
below the last event's sequence number.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tracker.models import Agent, AuditEvent, Lesion, Setting, Staff, TreatmentSession
from tracker.services.documents_audit import ACTIONS as DOCUMENT_ACTIONS
from tracker.services.guidance.persist import CHECKLIST_ENTITY
from tracker.services.history_words import FieldChange, changed_fields, describe
from tracker.services.record_fields import Names, moment_text
from tracker.services.settings import zone_of

PAGE = 200
#: events read at a time while a text filter looks for matches
TEXT_BATCH = 1000

#: audited entity -> the ids of one patient's rows of it (":patient" is the patient's id)
_OWNED = {
    "patient": "SELECT CAST(:patient AS INTEGER)",
    "lesion": "SELECT id FROM lesion WHERE patient_id = :patient",
    "treatment_session": "SELECT id FROM treatment_session WHERE patient_id = :patient",
    CHECKLIST_ENTITY: "SELECT id FROM treatment_session WHERE patient_id = :patient",
    "injection": ("SELECT i.id FROM treatment_session t JOIN injection i ON i.session_id = t.id"
                  " WHERE t.patient_id = :patient"),
    "photo": "SELECT id FROM photo WHERE patient_id = :patient",
    "assessment": "SELECT a.id FROM lesion l JOIN assessment a ON a.lesion_id = l.id WHERE l.patient_id = :patient",
    "checklist_item": ("SELECT c.id FROM treatment_session t JOIN checklist_item c ON c.session_id = t.id"
                       " WHERE t.patient_id = :patient"),
    "reminder": "SELECT id FROM reminder WHERE patient_id = :patient",
}


@dataclass(frozen=True)
class Kind:
    """A kind of record to filter the history by."""

    key: str
    title: str
    entities: tuple[str, ...]
    documents: bool | None = None  # True: only print/export events; False: none; None: both


KINDS = (
    Kind("all", "All records", tuple(_OWNED)),
    Kind("patient", "Patient details", ("patient",), documents=False),
    Kind("lesions", "Lesions", ("lesion",), documents=False),
    Kind("sessions", "Sessions", ("treatment_session", "injection"), documents=False),
    Kind("photos", "Photos", ("photo",)),
    Kind("outcomes", "Outcome scores", ("assessment",)),
    Kind("guidance", "Checklist and reminders", (CHECKLIST_ENTITY, "checklist_item", "reminder")),
    Kind("documents", "Documents", ("patient", "lesion", "treatment_session"), documents=True),
)
KIND_KEYS = tuple(k.key for k in KINDS)


def kind_of(entity: str, action: str) -> str:
    """The filter kind an event falls under."""
    if action in DOCUMENT_ACTIONS:
        return "documents"
    return next(k.key for k in KINDS[1:] if entity in k.entities)


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    when: datetime  # in the clinic's time zone
    who: str
    kind: str
    what: str
    reason: str | None
    changes: tuple[FieldChange, ...]
    when_text: str

    def matches(self, words: str) -> bool:
        """Every word typed appears in the line, the person, the reason or a changed field."""
        haystack = " ".join([self.when_text, self.who, self.what, self.reason or "",
                             *(f"{c.label} {c.before} {c.after}" for c in self.changes)]).casefold()
        return all(word in haystack for word in words.casefold().split())


@dataclass(frozen=True)
class HistoryPage:
    patient_id: int
    kind: str
    text: str
    entries: tuple[HistoryEntry, ...]
    more: bool  # older events match too: ask again with before=next_before

    @property
    def next_before(self) -> int | None:
        return self.entries[-1].seq if self.entries else None


_COLUMNS = ("seq", "occurred_at", "staff_id", "action", "entity", "entity_id", "before", "after", "reason")


@lru_cache(maxsize=len(KINDS))
def history_statement(kind: str):  # noqa: ANN201
    """One statement per kind: the patient's records' ids, then their events by
    the entity_id index (CROSS JOIN keeps SQLite from walking the audit table
    in sequence order instead), newest first."""
    spec = next((k for k in KINDS if k.key == kind), None)
    if spec is None:
        raise ValueError(f"unknown kind of record {kind!r} (one of: {', '.join(KIND_KEYS)})")
    owned = " UNION ALL ".join(_owned_part(entity) for entity in spec.entities)
    actions = ""
    if spec.documents is not None:
        listed = ", ".join(f"'{a}'" for a in DOCUMENT_ACTIONS)
        actions = f" AND e.action {'IN' if spec.documents else 'NOT IN'} ({listed})"
    columns = ", ".join(f"e.{c}" for c in _COLUMNS)
    sql = (f"WITH owned(entity, id) AS ({owned}) SELECT {columns} FROM owned CROSS JOIN audit_event e"
           f" WHERE e.entity_id = owned.id AND e.entity = owned.entity AND e.seq < :before{actions}"
           f" ORDER BY e.seq DESC LIMIT :limit")
    table = AuditEvent.__table__
    return text(sql).columns(*(table.c[c] for c in _COLUMNS))


def _owned_part(entity: str) -> str:
    """``SELECT 'entity', id FROM ...``: the ids of the patient's rows of ``entity``."""
    query = _OWNED[entity]
    return query.replace("SELECT ", f"SELECT '{entity}', ", 1)


def _names(s: Session, patient_id: int) -> Names:
    setting = s.get(Setting, "clinic_timezone")
    return Names(
        zone=zone_of({"clinic_timezone": setting.value if setting else ""}),
        staff=dict(s.execute(select(Staff.id, Staff.display_name)).all()),
        lesions=dict(s.execute(select(Lesion.id, Lesion.label).where(Lesion.patient_id == patient_id)).all()),
        agents=dict(s.execute(select(Agent.id, Agent.name)).all()),
        session_days=dict(s.execute(select(TreatmentSession.id, TreatmentSession.clinic_date)
                                    .where(TreatmentSession.patient_id == patient_id)).all()),
    )


def _snapshot(raw: str | None) -> dict | None:
    if not raw:
        return None
    value = json.loads(raw)
    return value if isinstance(value, dict) else None


def _entry(row, names: Names) -> HistoryEntry:  # noqa: ANN001
    before, after = _snapshot(row.before), _snapshot(row.after)
    when = row.occurred_at.astimezone(names.zone)
    return HistoryEntry(
        seq=row.seq, when=when, who=names.person(row.staff_id), kind=kind_of(row.entity, row.action),
        what=describe(row.entity, row.action, row.entity_id, before, after, row.reason, names),
        reason=row.reason, changes=changed_fields(row.entity, before, after, names),
        when_text=moment_text(row.occurred_at, names.zone))


def patient_history(db, patient_id: int, *, kind: str = "all", text: str = "",  # noqa: ANN001
                    before: int | None = None, limit: int = PAGE) -> HistoryPage:
    """Up to ``limit`` events of the patient's records, newest first, older
    than sequence number ``before`` when given; ``kind`` one of KIND_KEYS;
    ``text``: only events whose words hold every word typed."""
    statement = history_statement(kind)
    words = text.strip()
    batch = limit + 1 if not words else max(TEXT_BATCH, limit + 1)
    found: list[HistoryEntry] = []
    cursor = before if before is not None else 2**62
    with db.read() as s:
        names = _names(s, patient_id)
        while len(found) <= limit:
            rows = s.execute(statement, {"patient": patient_id, "before": cursor, "limit": batch}).all()
            for row in rows:
                entry = _entry(row, names)
                if not words or entry.matches(words):
                    found.append(entry)
            if len(rows) < batch:
                break
            cursor = rows[-1].seq
    return HistoryPage(patient_id, kind, words, tuple(found[:limit]), more=len(found) > limit)


def whole_history(db, patient_id: int, *, kind: str = "all", text: str = "") -> Iterator[HistoryEntry]:  # noqa: ANN001
    """Every matching event, newest first, a page at a time (for the command line)."""
    before = None
    while True:
        page = patient_history(db, patient_id, kind=kind, text=text, before=before)
        yield from page.entries
        if not page.more:
            return
        before = page.next_before
