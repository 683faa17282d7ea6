"""Triamcinolone for alopecia areata: the scalp's range starts at 5 mg/mL

domain.md gives 5-10 mg/mL for the scalp [strong] and 2.5 mg/mL for eyebrows
and the face [single]. The catalog held one range, 2.5-10, for every site, so
2.5 mg/mL on the scalp passed without a finding. The indication's range
becomes 5-10 and its eyebrow and face sites (site_ranges) take 2.5 as their
own lowest strength. A database made before this revision gets the change
where it still holds the shipped 2.5 (a clinic's own lowest strength stays),
with an audit event and its reason.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from tracker.models.types import UTCDateTime, utcnow

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

REASON = "program update (migration 0015): triamcinolone for alopecia areata, 5-10 mg/mL on the scalp, from domain.md"
# Frozen here: resources/catalog/agents.yaml seeds new databases and may change later; this revision must not.
SHIPPED_MIN, SCALP_MIN, FACE_STRENGTH = "2.5", "5", "2.5"

_agent = sa.table("agent", sa.column("id", sa.Integer), sa.column("code", sa.String))
_indication = sa.table(
    "agent_indication", sa.column("id", sa.Integer), sa.column("agent_id", sa.Integer),
    sa.column("condition", sa.String), sa.column("concentration_min", sa.String), sa.column("site_ranges", sa.JSON),
    sa.column("row_version", sa.Integer), sa.column("updated_at", UTCDateTime(timezone=True)))


def _face_ranges(ranges: list) -> list:
    """The site ranges with the face's 2.5 mg/mL as its lowest strength too, where it is its highest."""
    return [{**r, "concentration_min": FACE_STRENGTH}
            if str(r.get("concentration_max")) == FACE_STRENGTH and r.get("concentration_min") is None else r
            for r in ranges]


def upgrade() -> None:
    from tracker.services import audit
    from tracker.services.snapshot import canonical_json

    conn = op.get_bind()
    rows = conn.execute(sa.select(_indication.c.id, _indication.c.concentration_min, _indication.c.site_ranges)
                        .join_from(_indication, _agent, _agent.c.id == _indication.c.agent_id)
                        .where(_agent.c.code == "tac", _indication.c.condition == "alopecia_areata")).all()
    events = []
    for row_id, low, ranges in rows:
        if low is None or Decimal(low) != Decimal(SHIPPED_MIN):
            continue  # the clinic's own lowest strength: left as it is
        before = {"concentration_min": low, "site_ranges": ranges}
        after = {"concentration_min": SCALP_MIN, "site_ranges": _face_ranges(list(ranges or ()))}
        conn.execute(sa.update(_indication).where(_indication.c.id == row_id)
                     .values(**after, row_version=_indication.c.row_version + 1, updated_at=utcnow()))
        events.append(audit.Event("update", "agent_indication", row_id, before=canonical_json(before),
                                  after=canonical_json(after), reason=REASON))
    if events:
        audit.append_events(conn, audit.read_head(conn), None, events)


def downgrade() -> None:
    pass  # the range stays: it is catalog data the clinic may have kept or changed since
