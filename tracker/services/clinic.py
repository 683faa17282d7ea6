"""Opening a clinic database ready for work: migrated, catalog seeded."""
from __future__ import annotations

from sqlalchemy import select

from tracker.config import Location
from tracker.db import Database, open_database
from tracker.models import Agent


def open_clinic(location: Location) -> Database:
    """Open (creating or migrating as needed) and make sure the agent catalog is there."""
    db = open_database(location)
    with db.read() as s:
        has_agents = s.execute(select(Agent.id).limit(1)).first() is not None
    if not has_agents:
        from tracker.services.catalog import seed_catalog  # reads YAML: only for a new database

        with db.write() as s:
            seed_catalog(s, None)
    return db
