"""The longest text a typed field may hold: its column's declared length.

PostgreSQL refuses longer text at the INSERT (the whole save fails); SQLite
would store it and the printed sheets would run it across the page. So the
checks of each input name the fields over their column's length, beside the
field, before anything is written."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Table


def limit_of(table: Table, column: str) -> int | None:
    """The declared length of a text column (None: no limit)."""
    return getattr(table.c[column].type, "length", None)


def too_long(table: Table, values: Mapping[str, str | None], columns: Iterable[str], prefix: str = "") -> dict[str, str]:
    """Field errors (keyed ``prefix + column``) for the ``columns`` of
    ``values`` longer than ``table`` stores."""
    errors = {}
    for column in columns:
        value = values.get(column)
        length = limit_of(table, column)
        if value and length is not None and len(value) > length:
            errors[prefix + column] = f"at most {length} characters (this has {len(value)})"
    return errors
