"""Agent indications: stricter strengths for some body sites, and a dosing course

``site_ranges`` holds strengths or volumes that apply to some body sites only
(triamcinolone for alopecia areata: 2.5 mg/mL on eyebrows and the face, against
5-10 mg/mL on the scalp; for nail psoriasis at most 0.4 mL). ``course`` holds a regimen whose first doses differ
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

OLD_TVEC_DEFAULT = "100000000"  # what builds before this revision seeded (with no source of its own)
REASON = "program update (migration 0006): catalog values shipped with the program"

# The values this revision ships, frozen here (resources/catalog/agents.yaml
# seeds new databases and may change later; this revision must not).
SHIPPED = {
    ("tac", "alopecia_areata"): {"site_ranges": [{
        "sites": ["367577003", "local:eyelid", "73897004", "local:forehead", "local:nose"],
        "concentration_max": "2.5",
        "source": "domain.md, Triamcinolone: eyebrows, face 2.5 mg/mL [single]",
    }, {
        "sites": ["36141000", "23747009", "local:lip"],
        "concentration_max": "2.5",
        "beard_area": True,
        "source": "domain.md, Triamcinolone: face 2.5 mg/mL [single]; beard 5-10 mg/mL [single] (adult men)",
    }]},
    ("tac", "psoriasis"): {"site_ranges": [{
        "sites": ["770809003"],
        "volume_max_ml": "0.4",
        "source": "domain.md, Triamcinolone: nail psoriasis (matrix) 2.5 mg/mL, up to 0.4 mL [single]",
    }]},
    ("tvec", "melanoma"): {"course": {
        "first_dose_concentration_max": "1000000",
        "second_dose_min_interval_days": 21,
        "later_dose_concentration_min": "100000000",
        "sources": {
            "first_dose_concentration_max": "domain.md, Talimogene laherparepvec label: first dose at 10^6 PFU/mL [strong]",
            "second_dose_min_interval_days": "domain.md, Talimogene laherparepvec label: 3 weeks later 10^8 PFU/mL [strong]",
            "later_dose_concentration_min": "domain.md, Talimogene laherparepvec label: 3 weeks later 10^8 PFU/mL, "
                                            "then every 2 weeks [strong]",
        },
    }},
}
TVEC_DEFAULT = ("1000000", "domain.md: first dose at 10^6 PFU/mL [strong] (the strength offered before any dose is recorded)")


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
    events = []
    for row_id, code, condition, default, sources in rows:
        before, after = {}, {}
        for field, value in SHIPPED.get((code, condition), {}).items():
            before[field], after[field] = None, value
        sources = sources or {}
        if (code, condition) == ("tvec", "melanoma") and default == OLD_TVEC_DEFAULT \
                and "concentration_default" not in sources:  # still the old seed, not a clinic's choice
            before["concentration_default"], after["concentration_default"] = default, TVEC_DEFAULT[0]
            before["sources"], after["sources"] = sources, {**sources, "concentration_default": TVEC_DEFAULT[1]}
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
