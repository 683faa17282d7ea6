"""Writing thousands of rows in one executemany, inside a write transaction.

SQLAlchemy's executemany (insertmanyvalues with RETURNING included) runs
every parameter of every row through its type's bind processor: for a
10,000-patient import that alone took three times as long as SQLite needs
for the whole insert. Here each column's processor is applied once per
distinct value (a creation time shared by all rows is converted once) and the
driver gets plain tuples. Ids are reserved up front, so no RETURNING is
needed: on SQLite the write transaction holds the writer lock (BEGIN
IMMEDIATE), so the ids after the current maximum are ours; on PostgreSQL they
come from the table's sequence.
"""
from __future__ import annotations

import gc
from functools import lru_cache
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from tracker.db.driver import Prepared, driver_of, run_many


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a bulk write makes tens of thousands
    of short-lived dicts and tuples (none of them in cycles): the collector
    would otherwise walk them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new primary-key values for ``table`` (call inside a write transaction)."""
    if count <= 0:
        return []
    pk = table.primary_key.columns.values()[0]
    if conn.dialect.name == "postgresql":
        rows = conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, :c)) FROM generate_series(1, :n)"),
                            {"t": table.name, "c": pk.name, "n": count})
        return [r[0] for r in rows]
    if conn.dialect.name != "sqlite":
        raise NotImplementedError(f"reserving ids on {conn.dialect.name}")
    start = _max_id(table, conn.dialect).scalar(driver_of(conn)) + 1
    return list(range(start, start + count))


@lru_cache(maxsize=64)
def _max_id(table: Table, dialect) -> Prepared:  # noqa: ANN001
    return Prepared(select(func.coalesce(func.max(table.primary_key.columns.values()[0]), 0)), dialect)


@lru_cache(maxsize=16)
def _max_ids(tables: tuple[Table, ...], dialect) -> Prepared:  # noqa: ANN001
    return Prepared(select(*(select(func.coalesce(func.max(t.primary_key.columns.values()[0]), 0)).scalar_subquery()
                             for t in tables)), dialect)


class IdBook:
    """New primary keys for several tables of one write transaction. On SQLite
    the current maximum of every table is read with one statement (the
    transaction holds the writer lock, so the ids after them are ours, as in
    reserve_ids); elsewhere each table reserves its own (reserve_ids)."""

    def __init__(self, conn: Connection, tables: Sequence[Table]) -> None:
        self._conn = conn
        self._next: dict[str, int] = {}
        if conn.dialect.name == "sqlite" and tables:
            row = _max_ids(tuple(tables), conn.dialect).first(driver_of(conn))
            self._next = {t.name: top + 1 for t, top in zip(tables, row, strict=True)}

    def take(self, table: Table, count: int) -> list[int]:
        """``count`` new ids of ``table`` (call before anything else inserts into it)."""
        start = self._next.get(table.name)
        if start is None:
            return reserve_ids(self._conn, table, count)
        self._next[table.name] = start + count
        return list(range(start, start + count))


@lru_cache(maxsize=256)
def _compiled_insert(table: Table, keys: tuple[str, ...], dialect):  # noqa: ANN001, ANN202
    """An INSERT of ``keys`` compiled once per table, column set and dialect
    (compiling costs more than running it for a handful of rows)."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    processors = {key: table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in keys}
    names = compiled.positiontup if compiled.positional else [n for n in compiled.binds if compiled.binds[n].key in processors]
    return compiled.string, compiled.positional, [(name, compiled.binds[name].key) for name in names], processors


def converted(values: list[Any], processor) -> list[Any]:  # noqa: ANN001
    """``values`` through a bind processor, each distinct value converted once."""
    if processor is None:
        return values
    if len(values) < 4:  # too few to share conversions
        return [processor(v) for v in values]
    memo: dict = {}
    out = []
    for value in values:
        try:
            if value not in memo:
                memo[value] = processor(value)
            out.append(memo[value])
        except TypeError:  # unhashable (JSON): convert each
            out.append(processor(value))
    return out


def insert_columns(conn: Connection, table: Table, columns: dict[str, Sequence[Any]],
                   constants: dict[str, Any] | None = None) -> None:
    """INSERT ``len(next(iter(columns.values())))`` rows with one driver
    executemany: ``columns`` maps a column to its value in every row,
    ``constants`` a column to the one value all rows share (converted once)."""
    constants = constants or {}
    count = len(next(iter(columns.values())))
    if count == 0:
        return
    sql, positional, order, processors = _compiled_insert(table, (*columns, *constants), conn.dialect)
    ready = {key: converted(list(values), processors[key]) for key, values in columns.items()}
    for key, value in constants.items():
        convert = processors[key]
        ready[key] = repeat(convert(value) if convert is not None and value is not None else value, count)
    rows = zip(*(ready[key] for _, key in order))
    params: list = list(rows) if positional else [dict(zip([name for name, _ in order], r)) for r in rows]
    run_many(conn, sql, params)
