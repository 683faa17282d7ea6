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

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text


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
    start = conn.execute(select(func.coalesce(func.max(pk), 0))).scalar_one() + 1
    return list(range(start, start + count))


def _processed(values: list[Any], processor) -> list[Any]:  # noqa: ANN001
    if processor is None:
        return values
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


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (dicts with the same keys) with one driver executemany."""
    if not rows:
        return
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=keys)
    processors = {key: table.c[key].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for key in keys}
    columns = {key: _processed([row[key] for row in rows], processors[key]) for key in keys}
    if compiled.positional:
        order = [compiled.binds[name].key for name in compiled.positiontup]
        params: list = list(zip(*(columns[k] for k in order), strict=True))
    else:
        names = [name for name in compiled.binds if compiled.binds[name].key in columns]
        params = [dict(zip(names, values, strict=True))
                  for values in zip(*(columns[compiled.binds[n].key] for n in names), strict=True)]
    conn.exec_driver_sql(compiled.string, params)
