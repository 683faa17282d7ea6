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

from sqlalchemy import Connection, Table, TypeDecorator

from tracker.db.bulk import insert_columns, reserve_ids

_STAMPS = ("created_at", "updated_at")


@lru_cache(maxsize=64)
def _defaults(table: Table) -> tuple[dict[str, Any], tuple]:
    """Each column's declared default: fixed values, and the callables (a
    new list per row) apart."""
    fixed: dict[str, Any] = {}
    made = []
    for column in table.columns:
        default = column.default
        if default is not None and default.is_callable:
            made.append((column.key, default.arg))
        else:
            fixed[column.key] = default.arg if default is not None and default.is_scalar else None
    return fixed, tuple(made)


@lru_cache(maxsize=64)
def _decorated(table: Table) -> tuple:
    """Columns whose type converts values (exact decimals, UTC times, enums)."""
    return tuple((c.key, c.type) for c in table.columns if isinstance(c.type, TypeDecorator))


def _as_stored(table: Table, values: dict[str, Any], dialect, memo: dict) -> None:  # noqa: ANN001
    """Each value as reading the row back gives it (3.0 is stored and read as 3);
    ``memo`` keeps the conversions already made (rows share their time stamps)."""
    for key, kind in _decorated(table):
        value = values[key]
        if value is None:
            continue
        try:
            values[key] = memo[key, value]
        except KeyError:
            values[key] = memo[key, value] = kind.process_result_value(kind.process_bind_param(value, dialect), dialect)
        except TypeError:  # unhashable (a JSON list)
            values[key] = kind.process_result_value(kind.process_bind_param(value, dialect), dialect)


def insert_new(conn: Connection, table: Table, rows: list[dict[str, Any]], now: datetime, *,
               own_id: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Insert ``rows`` (column -> value; the rest take their defaults) into
    ``table`` inside the caller's write transaction; returns their complete
    values, ids included, in order. Columns named in ``own_id`` get the row's
    own id (a version chain's root)."""
    if not rows:
        return []
    full = []
    memo: dict = {}
    fixed, made = _defaults(table)
    stamps = {k: now for k in _STAMPS if k in fixed or any(k == key for key, _ in made)}
    for new_id, given in zip(reserve_ids(conn, table, len(rows)), rows, strict=True):
        values = dict(fixed)
        values.update({key: make(None) for key, make in made})
        values.update(stamps)
        values.update(given)
        values["id"] = new_id
        values.update({k: new_id for k in own_id})
        _as_stored(table, values, conn.dialect, memo)
        full.append(values)
    insert_columns(conn, table, {key: [v[key] for v in full] for key in full[0]})
    return full
