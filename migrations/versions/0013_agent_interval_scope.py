"""Agents: does the minimum interval count per lesion or per patient?

Until this revision the check counted an agent's minimum interval between
injections of one lesion only. That is right for triamcinolone and 5-FU (each
keloid or patch on its own schedule), but bleomycin, Candida antigen, MMR,
T-VEC, interferon and methotrexate are given as per-visit regimens to the whole
patient: a second dose a few days later into another lesion must be counted
too. ``interval_scope`` says which ("lesion" or "patient").

A database made before this revision gets the shipped scope and its source for
the shipped agents (found by code); any other agent keeps "lesion", as before.
Each change is an audit event with its reason.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.db.catalog_updates import agent_table, update_agents

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

REASON = "program update (migration 0013): whether an agent's minimum interval counts per lesion or per patient"

# The values this revision ships, frozen here (resources/catalog/agents.yaml
# seeds new databases and may change later; this revision must not).
SHIPPED = {
    "tac": ("lesion", "domain.md, Triamcinolone interval: per lesion (alopecia areata every 4-6 weeks, keloid about "
                      "every 4 weeks) [strong]"),
    "5fu": ("lesion", "domain.md, 5-fluorouracil for keloids: weekly to every 4 weeks [single] (each keloid on its own "
                      "schedule)"),
    "bleomycin": ("patient", "domain.md, Bleomycin: every 3 weeks, up to 3 times [strong]; at most 2 U per session "
                             "[single] (a per-session regimen: any wart counts)"),
    "candida": ("patient", "domain.md, Candida antigen: 0.1-0.3 mL every 2-4 weeks, 3-6 sessions [single] (a "
                           "per-session regimen: any wart counts)"),
    "mmr": ("patient", "domain.md, MMR vaccine: 0.1-0.5 mL every 2-4 weeks [strong] (given with Candida antigen's "
                       "per-session regimen: any wart counts)"),
    "methotrexate": ("patient", "domain.md, Methotrexate: 0.3-2.0 mL per session, about 2 injections 2-3 weeks apart "
                                "[single] (per session: any lesion counts)"),
    "ifn_a2b": ("patient", "domain.md, Interferon alfa-2b: 1.5 million IU three times a week for 3 weeks [strong] "
                           "(a schedule for the patient: any lesion counts)"),
    "tvec": ("patient", "domain.md, Talimogene laherparepvec label: then every 2 weeks; at most 4 mL per visit "
                        "[strong] (per visit: any lesion counts)"),
}

_agent = agent_table(sa.column("interval_scope", sa.String), sa.column("sources", sa.JSON))


def _fill_existing(conn: sa.Connection) -> None:
    rows = conn.execute(sa.select(_agent.c.id, _agent.c.code, _agent.c.sources, _agent.c.row_version)
                        .where(_agent.c.code.in_(SHIPPED)).order_by(_agent.c.id)).all()
    changes = []
    for agent_id, code, sources, version in rows:
        scope, source = SHIPPED[code]
        sources = sources or {}
        changes.append((agent_id, version, {"interval_scope": scope, "sources": {**sources, "interval_scope": source}},
                        {"interval_scope": "lesion", "sources": sources}))
    update_agents(conn, _agent, changes, REASON)


def upgrade() -> None:
    op.add_column("agent", sa.Column("interval_scope", sa.Enum("lesion", "patient", name="intervalscope",
                                                               native_enum=False, length=10),
                                     server_default="lesion", nullable=False))
    _fill_existing(op.get_bind())


def downgrade() -> None:
    # SQLite drops a column in place (a batch copy would drop the table other tables' foreign keys point at)
    op.drop_column("agent", "interval_scope")
