"""The Database object: one engine, read and write units of work.

Every write is one transaction (``BEGIN IMMEDIATE`` on SQLite) that commits
or rolls back as a whole; services write their audit events inside it.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Location
from tracker.db.engine import BUSY_TIMEOUT_MS, WRITE_OPTION, make_engine
from tracker.db.writer_turn import writer_turn

log = logging.getLogger(__name__)


@dataclass
class Database:
    location: Location
    engine: Engine

    def __post_init__(self) -> None:
        # Session.info["location"] lets a service inside a unit of work find the
        # clinic's files (e.g. its own guidance rules beside the database).
        self._factory = sessionmaker(bind=self.engine, expire_on_commit=False, autoflush=True,
                                     info={"location": self.location})

    @property
    def url(self) -> str:
        return self.location.url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; closing it rolls back anything it wrote
        (without expiring the rows already loaded)."""
        with self._factory() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commit on success, roll back on any error.
        On SQLite, writers of the same file take turns (writer_turn)."""
        with writer_turn(self.location.sqlite_path, BUSY_TIMEOUT_MS / 1000), self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with self._factory(bind=conn) as session:
                with session.begin():
                    yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """write() without an ORM session, for a save written with plain
        statements (services/session_record.py); ``orm_on`` gives it one
        where it needs mapped objects."""
        with writer_turn(self.location.sqlite_path, BUSY_TIMEOUT_MS / 1000), self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def orm_on(self, conn: Connection) -> Iterator[Session]:
        """An ORM session inside ``conn``'s write transaction, in a savepoint:
        its work is flushed when the block ends, or undone alone if the block
        raises (the exception goes on)."""
        with self._factory(bind=conn, join_transaction_mode="create_savepoint") as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        path = self.location.sqlite_path
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)


def open_database(location: Location, *, migrate: bool = True, echo: bool = False) -> Database:
    """Open (and by default create or migrate) the clinic database."""
    path = location.sqlite_path
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(location, make_engine(location.url, echo=echo))
    if migrate:
        from tracker.db.revisions import up_to_date

        if not up_to_date(db.engine):
            from tracker.db.migrate import upgrade_to_head  # alembic is slow to import: only when needed

            upgrade_to_head(db)
    return db
