"""The open session editor follows catalog edits at once: when an agent's
numbers change (the Catalog window, another workstation's edit announced
through ``ctx.changed``), the editor reads the catalog again, its injection
forms show the new ranges, and the safety check runs again (it reads the
limits from the database, so its findings use the new values)."""
from __future__ import annotations

import logging
from dataclasses import replace

from tracker.services.catalog import AgentView, list_agents

log = logging.getLogger(__name__)

#: ``ctx.changed`` entities that mean the catalog changed
CATALOG_ENTITIES = frozenset({"agent", "catalog"})


class CatalogFollowMixin:
    """For SessionEditor: call ``follow_catalog()`` once its parts are built."""

    def follow_catalog(self) -> None:
        self.ctx.changed.connect(self._catalog_changed)

    def _catalog_changed(self, entity: str, _entity_id: int) -> None:
        if entity in CATALOG_ENTITIES:
            self.ctx.tasks.run(list_agents, self.ctx.db, on_done=self._catalog_read, owner=self,
                               on_error=lambda exc: log.warning("catalog not read again: %s", exc))

    def _catalog_read(self, agents: list[AgentView]) -> None:
        fresh = tuple(agents)
        self.data = replace(self.data, reference=replace(self.data.reference, agents=fresh))
        for group in [*self.groups.values(), *self._unticked.values()]:
            group.agents = fresh
            for form in group.forms:
                form.set_agents(fresh)
        if not self.read_only and self.forms():
            self.check.run_now()
