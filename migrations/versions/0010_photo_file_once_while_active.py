"""A photo file is stored once among the photos in use, not once for ever

A photo put on the wrong chart or lesion is voided and imported again onto the
right one (migration 0008 fixes where a photo belongs). Until now the same
file could never be recorded again, because even a voided photo kept its
SHA-256 to itself: the uniqueness now holds among photos not voided (a
partial unique index), so the voided record stays as it was and the file
gets its new, right record.

SQLite cannot drop a table's UNIQUE constraint, so the photo table is
rebuilt inside the migration's transaction: its rows are held in a temporary
table, the table is dropped (foreign keys deferred: measurements point at its
rows meanwhile) and made anew, the rows go back with their ids, and its
indexes and guard triggers are made again from their stored definitions.
PostgreSQL drops the constraint.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""
from __future__ import annotations

import re

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ACTIVE_INDEX = "CREATE UNIQUE INDEX uq_photo_sha256_active ON photo (sha256) WHERE voided_at IS NULL"
OLD_CONSTRAINT = re.compile(r",\s*CONSTRAINT uq_photo_sha256 UNIQUE \(sha256\)")


def _rebuild_sqlite(table_sql: str) -> None:
    bind = op.get_bind()
    others = [sql for (sql,) in bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'photo' AND type IN ('index', 'trigger') AND sql IS NOT NULL "
        "ORDER BY type, name")]
    # Checked at commit: every assessment's photo is back by then.
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute("CREATE TEMP TABLE photo_before_0010 AS SELECT * FROM photo")
    op.execute("DROP TABLE photo")  # its indexes and triggers go with it; DROP fires no trigger
    op.execute(table_sql)
    op.execute("INSERT INTO photo SELECT * FROM photo_before_0010")
    op.execute("DROP TABLE photo_before_0010")
    for sql in others:
        op.execute(sql)


def _table_sql() -> str:
    (sql,) = op.get_bind().exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'photo'").one()
    return sql


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE photo DROP CONSTRAINT uq_photo_sha256")
    else:
        table_sql = _table_sql()
        if not OLD_CONSTRAINT.search(table_sql):
            raise RuntimeError("the photo table is not as migration 0001 made it; not rebuilt")
        _rebuild_sqlite(OLD_CONSTRAINT.sub("", table_sql))
    op.execute(ACTIVE_INDEX)


def downgrade() -> None:
    op.execute("DROP INDEX uq_photo_sha256_active")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE photo ADD CONSTRAINT uq_photo_sha256 UNIQUE (sha256)")
    else:
        table_sql = _table_sql()
        _rebuild_sqlite(re.sub(r"\)\s*$", ",\n\tCONSTRAINT uq_photo_sha256 UNIQUE (sha256)\n)", table_sql))
