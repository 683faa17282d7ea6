"""New rows written without ORM objects, with the snapshots their audit events carry.

For a save that must cost little more than the rows it writes (a session
recorded and signed in one step): ids are reserved, every column gets its
value or its declared default, the rows go in with one executemany, and the
caller gets each row's full column values (canonical_json of them is what
``row_values`` of the same row read back gives).
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, TypeDecorator
from sqlalchemy.orm import Session

from tracker.db.bulk import insert_columns, reserve_ids

_STAMPS = ("created_at", "updated_at")


def _default(column) -> Any:  # noqa: ANN001
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg(None)
    return None


@lru_cache(maxsize=64)
def _decorated(table: Table) -> tuple:
    """Columns whose type converts values (exact decimals, UTC times, enums)."""
    return tuple((c.key, c.type) for c in table.columns if isinstance(c.type, TypeDecorator))


def _as_stored(table: Table, values: dict[str, Any], dialect) -> None:  # noqa: ANN001
    """Each value as reading the row back gives it (3.0 is stored and read as 3)."""
    for key, kind in _decorated(table):
        value = values[key]
        if value is not None:
            values[key] = kind.process_result_value(kind.process_bind_param(value, dialect), dialect)


def insert_new(s: Session, table: Table, rows: list[dict[str, Any]], now: datetime, *,
               own_id: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Insert ``rows`` (column -> value; the rest take their defaults) into
    ``table`` inside the caller's write transaction; returns their complete
    values, ids included, in order. Columns named in ``own_id`` get the row's
    own id (a version chain's root)."""
    if not rows:
        return []
    conn = s.connection()
    full = []
    for new_id, given in zip(reserve_ids(conn, table, len(rows)), rows, strict=True):
        values = {c.key: _default(c) for c in table.columns}
        values.update({k: now for k in _STAMPS if k in values})
        values.update(given)
        values["id"] = new_id
        values.update({k: new_id for k in own_id})
        _as_stored(table, values, conn.dialect)
        full.append(values)
    insert_columns(conn, table, {key: [v[key] for v in full] for key in full[0]})
    return full
