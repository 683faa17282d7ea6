"""Interferon alfa-2b: the dose of one visit is checked

domain.md gives interferon alfa-2b for basal cell carcinoma as "1.5 million IU
three times a week for 3 weeks [strong]", but the catalog shipped no limit, so
any dose passed without a finding. New databases get a per-session limit of
1.5 MIU from the seed file; a database made before this revision gets it too,
unless the clinic has already set a limit of its own. The change is an audit
event with its reason.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from tracker.db.catalog_updates import agent_table, update_agents
from tracker.models.types import ExactDecimal

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

REASON = "program update (migration 0014): interferon alfa-2b's dose per visit, from domain.md"
# Frozen here: resources/catalog/agents.yaml seeds new databases and may change later; this revision must not.
LIMIT = "1.5"
SOURCE = "domain.md, Interferon alfa-2b for basal cell carcinoma: 1.5 million IU three times a week for 3 weeks [strong]"

_agent = agent_table(sa.column("session_limit", ExactDecimal), sa.column("sources", sa.JSON))


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(_agent.c.id, _agent.c.row_version, _agent.c.sources)
                        .where(_agent.c.code == "ifn_a2b", _agent.c.session_limit.is_(None))).all()
    update_agents(conn, _agent, [
        (agent_id, version, {"session_limit": Decimal(LIMIT), "sources": {**(sources or {}), "session_limit": SOURCE}},
         {"session_limit": None, "sources": sources or {}})
        for agent_id, version, sources in rows], REASON)


def downgrade() -> None:
    pass  # the limit stays: it is catalog data the clinic may have kept or changed since
