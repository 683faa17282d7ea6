"""New rows written without ORM objects, with the snapshots their audit events carry.

For a save that must cost little more than the rows it writes (a session
recorded and signed in one step): ids are reserved, every column gets its
value or its declared default, the rows go in with one executemany of an
INSERT compiled once per table, and the caller gets each row's full column
values (canonical_json of them is what ``row_values`` of the same row read
back gives).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable

from sqlalchemy import Connection, Table, TypeDecorator, insert
from sqlalchemy.engine import Dialect

from tracker.db.bulk import IdBook, converted, reserve_ids
from tracker.db.driver import run_many

_STAMPS = ("created_at", "updated_at")


@dataclass(frozen=True)
class _Plan:
    """How one table's new rows are made and written on one dialect."""
    fixed: dict[str, Any]  # columns with a fixed default (or none: None)
    made: tuple[tuple[str, Callable], ...]  # columns whose default is made per row (a new list)
    stamps: tuple[str, ...]  # creation and update times: the save's time
    decorated: tuple[tuple[str, TypeDecorator], ...]  # types that convert values (exact decimals, UTC times, enums)
    sql: str
    positional: bool
    params: tuple[tuple[str, str, Callable | None], ...]  # (parameter name, column key, bind processor) in order


@lru_cache(maxsize=64)
def _plan(table: Table, dialect: Dialect) -> _Plan:
    fixed: dict[str, Any] = {}
    made = []
    for column in table.columns:
        default = column.default
        if default is not None and default.is_callable and column.key not in _STAMPS:  # stamps: the save's time
            made.append((column.key, default.arg))
        else:
            fixed[column.key] = default.arg if default is not None and default.is_scalar else None
    keys = [c.key for c in table.columns]
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    names = compiled.positiontup if compiled.positional else list(compiled.binds)
    params = tuple((name, compiled.binds[name].key,
                    table.c[compiled.binds[name].key].type.dialect_impl(dialect).bind_processor(dialect))
                   for name in names)
    return _Plan(fixed, tuple(made), tuple(k for k in _STAMPS if k in keys),
                 tuple((c.key, c.type) for c in table.columns if isinstance(c.type, TypeDecorator)),
                 compiled.string, compiled.positional, params)


def _as_stored(plan: _Plan, values: dict[str, Any], dialect: Dialect, memo: dict) -> None:
    """Each value as reading the row back gives it (3.0 is stored and read as 3);
    ``memo`` keeps the conversions already made (rows share their time stamps)."""
    for key, kind in plan.decorated:
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
               own_id: tuple[str, ...] = (), ids: IdBook | None = None) -> list[dict[str, Any]]:
    """Insert ``rows`` (column -> value; the rest take their defaults) into
    ``table`` inside the caller's write transaction; returns their complete
    values, ids included, in order. Columns named in ``own_id`` get the row's
    own id (a version chain's root). ``ids``: the transaction's id book, if
    it has one (else the ids are reserved here)."""
    if not rows:
        return []
    plan = _plan(table, conn.dialect)
    memo: dict = {}
    full = []
    new_ids = ids.take(table, len(rows)) if ids is not None else reserve_ids(conn, table, len(rows))
    for new_id, given in zip(new_ids, rows, strict=True):
        values = dict(plan.fixed)
        for key, make in plan.made:
            if key not in given:
                values[key] = make(None)
        for key in plan.stamps:
            values[key] = now
        values.update(given)
        values["id"] = new_id
        for key in own_id:
            values[key] = new_id
        _as_stored(plan, values, conn.dialect, memo)
        full.append(values)
    columns = [converted([v[key] for v in full], bind) for _, key, bind in plan.params]
    if plan.positional:
        params: list = list(zip(*columns))
    else:
        names = [name for name, _, _ in plan.params]
        params = [dict(zip(names, row)) for row in zip(*columns)]
    run_many(conn, plan.sql, params)
    return full
