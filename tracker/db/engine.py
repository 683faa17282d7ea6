"""Engines with the connection settings clinical data needs.

SQLite: foreign keys on, WAL journal, synchronous=FULL and a busy timeout on
every connection. pysqlite's own transaction handling is switched off so that
write transactions can start with ``BEGIN IMMEDIATE`` (the writer lock is taken
up front, so two writers queue on the busy timeout instead of failing with
"database is locked" half way through). Reads start with a plain ``BEGIN``.
"""
from __future__ import annotations

import logging

from sqlalchemy import Engine, create_engine, event

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "tracker_write"

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo)
    return create_engine(url, echo=echo, pool_pre_ping=True, future=True)


def _sqlite_engine(url: str, echo: bool) -> Engine:
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        # Take over transaction control from pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine
