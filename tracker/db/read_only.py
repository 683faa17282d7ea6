"""A read-only look at an SQLite clinic database with the sqlite3 module alone.

Start-up lists the first patients this way while SQLAlchemy, the models and
the engine load in the background (``services/patient_first_look.py``). It
only answers for a database file that exists and is already at this build's
schema: a new database, one to migrate and one written by a newer build all
get ``None`` and go the full way (``open_database``), which creates,
migrates (with its backup first) or refuses them. Nothing is ever written.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from tracker.config import Location
from tracker.db.revisions import shipped_heads

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0


def connect_current(location: Location) -> sqlite3.Connection | None:
    """A read-only connection to the clinic's SQLite file if its schema is
    this build's, else None (not SQLite, no file yet, another schema)."""
    path = location.sqlite_path
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        log.info("no read-only look at %s: %s", path, exc)
        return None
    try:
        stored = frozenset(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.Error as exc:  # no such table: a database not set up yet
        log.info("no read-only look at %s: %s", path, exc)
        stored = frozenset()
    if not stored or stored != shipped_heads():
        conn.close()
        return None
    return conn
