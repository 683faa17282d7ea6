"""A migration's change to a shipped agent of a clinic's catalog, audited:
the row is updated and an audit event written with the reason, its ``after``
a whole row (the agent's last audited values with the change), so `tracker
check` finds the row matching its last event."""
from __future__ import annotations

import json

import sqlalchemy as sa

from tracker.models.types import UTCDateTime, utcnow

_event = sa.table("audit_event", sa.column("seq", sa.Integer), sa.column("entity", sa.String),
                  sa.column("entity_id", sa.Integer), sa.column("after", sa.Text))


def agent_table(*columns: sa.ColumnClause) -> sa.TableClause:
    """The agent table as a migration sees it: id, code, row_version, updated_at and ``columns``."""
    return sa.table("agent", sa.column("id", sa.Integer), sa.column("code", sa.String),
                    sa.column("row_version", sa.Integer), sa.column("updated_at", UTCDateTime(timezone=True)), *columns)


def _last_snapshot(conn: sa.Connection, agent_id: int) -> dict:
    """The agent's last audited values (a whole row), so the new event is a whole row too."""
    after = conn.execute(sa.select(_event.c.after).where(_event.c.entity == "agent", _event.c.entity_id == agent_id,
                                                         _event.c.after.is_not(None))
                         .order_by(_event.c.seq.desc()).limit(1)).scalar()
    snapshot = json.loads(after) if after else {}
    return snapshot if snapshot.get("id") == agent_id else {"id": agent_id}


def update_agents(conn: sa.Connection, agent: sa.TableClause, changes: list[tuple[int, int, dict, dict]],
                  reason: str) -> None:
    """``changes``: (agent id, its row_version, the new values, the values they replace), one audit event each."""
    from tracker.services import audit
    from tracker.services.snapshot import canonical_json

    events = []
    for agent_id, version, new, old in changes:
        changed = {**new, "row_version": version + 1, "updated_at": utcnow()}
        conn.execute(sa.update(agent).where(agent.c.id == agent_id).values(**changed))
        after = {**_last_snapshot(conn, agent_id), **changed, "updated_at": changed["updated_at"].isoformat()}
        events.append(audit.Event("update", "agent", agent_id, reason=reason, after=canonical_json(after),
                                  before=canonical_json({**old, "row_version": version})))
    if events:
        audit.append_events(conn, audit.read_head(conn), None, events)
