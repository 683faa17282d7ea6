"""Agent indications: stricter strengths for some body sites, and a dosing course

``site_ranges`` holds strengths that apply to some body sites only
(triamcinolone for alopecia areata: 2.5 mg/mL on eyebrows and the face, against
5-10 mg/mL on the scalp). ``course`` holds a regimen whose first doses differ
from the rest (T-VEC: the first dose at 10^6 PFU/mL, the second 3 weeks later).

A database made before this revision gets the shipped values where the clinic
has none, and T-VEC's default strength, seeded as 10^8 PFU/mL by earlier
builds, becomes the first dose's 10^6 when it still holds that seeded value.
Each change is an audit event with its reason.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.models.types import UTCDateTime, utcnow

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_TVEC_DEFAULT = "100000000"  # what builds before this revision seeded
REASON = "program update (migration 0006): catalog values shipped with the program"


def _shipped() -> dict[tuple[str, str], dict]:
    from tracker.services.catalog import load_catalog_file

    return {(agent["code"], ind["condition"]): ind
            for agent in load_catalog_file() for ind in agent.get("indications", [])}


_agent = sa.table("agent", sa.column("id", sa.Integer), sa.column("code", sa.String))
_indication = sa.table(
    "agent_indication", sa.column("id", sa.Integer), sa.column("agent_id", sa.Integer),
    sa.column("condition", sa.String), sa.column("concentration_default", sa.String), sa.column("sources", sa.JSON),
    sa.column("site_ranges", sa.JSON), sa.column("course", sa.JSON), sa.column("row_version", sa.Integer),
    sa.column("updated_at", UTCDateTime(timezone=True)))


def _fill_existing(conn: sa.Connection) -> None:
    from tracker.services import audit
    from tracker.services.snapshot import canonical_json

    rows = conn.execute(sa.select(_indication.c.id, _agent.c.code, _indication.c.condition,
                                  _indication.c.concentration_default, _indication.c.sources)
                        .join_from(_indication, _agent, _agent.c.id == _indication.c.agent_id)).all()
    shipped = _shipped()
    events = []
    for row_id, code, condition, default, sources in rows:
        ind = shipped.get((code, condition))
        if ind is None:
            continue
        before, after = {}, {}
        for field in ("site_ranges", "course"):
            if ind.get(field):
                before[field], after[field] = None, ind[field]
        if code == "tvec" and default == OLD_TVEC_DEFAULT and ind.get("concentration_default"):
            before["concentration_default"] = default
            after["concentration_default"] = str(ind["concentration_default"])
            source = (ind.get("sources") or {}).get("concentration_default")
            if source:
                before["sources"], after["sources"] = sources, {**(sources or {}), "concentration_default": source}
        if not after:
            continue
        conn.execute(sa.update(_indication).where(_indication.c.id == row_id)
                     .values(**after, row_version=_indication.c.row_version + 1, updated_at=utcnow()))
        events.append(audit.Event("update", "agent_indication", row_id, before=canonical_json(before),
                                  after=canonical_json(after), reason=REASON))
    if events:
        audit.append_events(conn, audit.read_head(conn), None, events)


def upgrade() -> None:
    op.add_column("agent_indication", sa.Column("site_ranges", sa.JSON(), nullable=True))
    op.add_column("agent_indication", sa.Column("course", sa.JSON(), nullable=True))
    _fill_existing(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("agent_indication", schema=None) as batch_op:
        batch_op.drop_column("course")
        batch_op.drop_column("site_ranges")
