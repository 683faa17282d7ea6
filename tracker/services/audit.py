"""Writing and verifying the hash-chained audit trail.

Events are written inside the caller's write transaction, so the change and
its audit event commit or roll back together. On SQLite the transaction holds
the writer lock (BEGIN IMMEDIATE); on PostgreSQL the head row is locked
``FOR UPDATE``; either way the chain is extended by one writer at a time.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from tracker.db.bulk import insert_columns
from tracker.db.driver import Statements, driver_of
from tracker.models import AuditEvent, AuditHead
from tracker.models.types import utcnow
from tracker.services.snapshot import canonical_json, row_values

GENESIS = "0" * 64


def _digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def _hash_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "staff_id": event.staff_id,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
    }


_HEAD_KEY = "tracker.audit.head"


@dataclass
class Head:
    """The chain's last sequence number and hash, as this transaction sees them."""
    seq: int
    hash: str


_HEAD = Statements(
    read=lambda: select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update(),
    move=lambda: update(AuditHead).where(AuditHead.id == 1).values(seq=bindparam("seq"), hash=bindparam("hash")),
)


def read_head(conn: Connection) -> Head:
    """The chain's head row, locked for this transaction (FOR UPDATE on
    PostgreSQL; SQLite's write transaction holds the writer lock); made if
    the chain has none yet."""
    row = _HEAD.get(conn.dialect, "read").first(driver_of(conn))
    if row is None:
        conn.execute(insert(AuditHead.__table__).values(id=1, seq=0, hash=GENESIS))
        return Head(0, GENESIS)
    return Head(row.seq, row.hash)


def locked_head(session: Session) -> Head:
    """read_head once per transaction of an ORM session: its later events
    reuse what it holds, which saves a query per event. A rollback (of a
    savepoint too) forgets it, so the next event reads it again."""
    transaction = session.get_transaction()
    cached = session.info.get(_HEAD_KEY)
    if cached is not None and cached[0] is transaction:
        return cached[1]
    head = read_head(session.connection())
    session.info[_HEAD_KEY] = (transaction, head)
    return head


def _advance(conn: Connection, head: Head, seq: int, digest: str) -> None:
    """Move the head to the event just written (in the database at once)."""
    head.seq, head.hash = seq, digest
    _HEAD.get(conn.dialect, "move").execute(driver_of(conn), {"seq": seq, "hash": digest})


def _forget_head(session: Session, _previous) -> None:  # noqa: ANN001
    session.info.pop(_HEAD_KEY, None)


# For every session at once (listening per session cost more than the read it saves).
sa_event.listen(Session, "after_soft_rollback", _forget_head)


def record(
    session: Session,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Append one event to the chain within the current transaction."""
    head = locked_head(session)
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=utcnow(),
        staff_id=actor_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=None if before is None else canonical_json(before),
        after=None if after is None else canonical_json(after),
        reason=reason,
        prev_hash=head.hash,
    )
    event.hash = _digest(_hash_fields(event))
    session.add(event)
    _advance(session.connection(), head, event.seq, event.hash)
    return event


def record_row(session: Session, actor_id: int | None, action: str, obj: Any, *, before: dict | None = None, reason: str | None = None) -> AuditEvent:
    """Audit a change to a mapped row, taking its current values as 'after'."""
    session.flush()
    return record(session, actor_id, action, obj.__tablename__, obj.id, before=before, after=row_values(obj), reason=reason)


@dataclass(frozen=True)
class Event:
    """One event for record_many: ``before``/``after`` already canonical JSON."""
    action: str
    entity: str
    entity_id: int | None
    before: str | None = None
    after: str | None = None
    reason: str | None = None


def record_many(session: Session, actor_id: int | None, events: Sequence[Event]) -> None:
    """Append ``events`` in order with one executemany: the same chain as
    record() called once per event, at a fraction of the cost."""
    if events:
        append_events(session.connection(), locked_head(session), actor_id, events)


def append_events(conn: Connection, head: Head, actor_id: int | None, events: Sequence[Event]) -> None:
    """record_many on a connection whose transaction holds ``head`` (read_head),
    for writes made without an ORM session; ``head`` moves to the last event."""
    if not events:
        return
    when = utcnow()
    at = when.isoformat()
    seq, prev = head.seq, head.hash
    columns: dict[str, list] = {k: [] for k in ("seq", "action", "entity", "entity_id", "before", "after", "reason",
                                                "prev_hash", "hash")}
    for ev in events:
        seq += 1
        fields = {"seq": seq, "occurred_at": at, "staff_id": actor_id, "action": ev.action, "entity": ev.entity,
                  "entity_id": ev.entity_id, "before": ev.before, "after": ev.after, "reason": ev.reason,
                  "prev_hash": prev}
        digest = _digest(fields)
        for key in ("seq", "action", "entity", "entity_id", "before", "after", "reason"):
            columns[key].append(fields[key])
        columns["prev_hash"].append(prev)
        columns["hash"].append(digest)
        prev = digest
    insert_columns(conn, AuditEvent.__table__, columns, {"occurred_at": when, "staff_id": actor_id})
    _advance(conn, head, seq, prev)


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    event_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"audit event #{self.seq} (id {self.event_id})" if self.seq is not None else "audit trail"
        return f"{where}: {self.message}"


def verify_chain(session: Session) -> list[ChainProblem]:
    """Recompute the chain; name every event that was edited, removed or moved."""
    problems: list[ChainProblem] = []
    prev_hash, expected_seq = GENESIS, 1
    last: AuditEvent | None = None
    events = session.execute(select(AuditEvent).order_by(AuditEvent.seq, AuditEvent.id)).scalars()
    for event in events:
        if event.seq != expected_seq:
            problems.append(ChainProblem(event.seq, event.id, f"expected event #{expected_seq} here: events were removed or reordered"))
        if event.prev_hash != prev_hash:
            problems.append(ChainProblem(event.seq, event.id, "does not follow the event before it (an event before it was removed, edited or moved)"))
        if _digest(_hash_fields(event)) != event.hash:
            problems.append(ChainProblem(event.seq, event.id, f"its content was changed after it was written ({event.action} {event.entity} {event.entity_id})"))
        prev_hash, expected_seq, last = event.hash, event.seq + 1, event
    head = session.get(AuditHead, 1)
    if head is not None:
        if last is None or head.seq != last.seq or head.hash != last.hash:
            problems.append(ChainProblem(head.seq, None, "the last recorded event is missing or was changed (the chain head does not match)"))
    elif last is not None:
        problems.append(ChainProblem(None, None, "the chain head is missing"))
    return problems


def record_created(session: Session, actor_id: int | None, entity: str, ids: Sequence[int], afters: Sequence[str]) -> int:
    """Append one "create" event per new row of a bulk insert, in order, with
    one executemany (tracker.db.bulk). ``afters`` are the rows' snapshots as
    canonical JSON (see canonical_json). Returns the last sequence number."""
    head = locked_head(session)
    if not ids:
        return head.seq
    now = utcnow()
    # The hashed text is canonical_json(_hash_fields(event)), keys in sorted
    # order; built here from pieces, as every field but four is the same for
    # all rows (verify_chain recomputes it the slow way).
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    fixed = {k: dumps(v).replace("%", "%%") for k, v in (("entity", entity), ("at", now.isoformat()), ("staff", actor_id))}
    template = (f'{{"action":"create","after":%s,"before":null,"entity":{fixed["entity"]},"entity_id":%d,'
                f'"occurred_at":{fixed["at"]},"prev_hash":"%s","reason":null,"seq":%d,"staff_id":{fixed["staff"]}}}')
    seqs = range(head.seq + 1, head.seq + 1 + len(ids))
    prev, prevs, hashes = head.hash, [], []
    for entity_id, after, seq in zip(ids, afters, seqs, strict=True):
        prevs.append(prev)
        prev = hashlib.sha256((template % (dumps(after), entity_id, prev, seq)).encode("utf-8")).hexdigest()
        hashes.append(prev)
    insert_columns(session.connection(), AuditEvent.__table__,
                   {"seq": seqs, "entity_id": ids, "after": afters, "prev_hash": prevs, "hash": hashes},
                   {"occurred_at": now, "staff_id": actor_id, "action": "create", "entity": entity, "before": None,
                    "reason": None})
    _advance(session.connection(), head, seqs[-1], prev)
    return head.seq
