"""Core statements compiled once and run straight on the database driver.

For the hot paths of a save (a session recorded and signed in one step runs
about twenty-five statements): SQLAlchemy's work per execution (the compiled
cache lookup, building the parameters, expanding IN lists, the result object)
costs some 12 microseconds a statement, more than SQLite needs to run most of
them. A Prepared statement is compiled once per dialect; values go through
the same type processors SQLAlchemy applies, rows come back as named tuples
converted by the column types, and driver errors are raised as SQLAlchemy's
exceptions (IntegrityError ...) like Connection.execute raises them. It runs
inside the caller's transaction, on that connection's own driver connection.

IN lists are compiled per length (``in_(binds("ids", n))``).
"""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Connection, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable


def binds(name: str, count: int) -> list[BindParameter]:
    """``count`` bound parameters ``name_0`` ... for an IN list of that length."""
    return [bindparam(f"{name}_{i}") for i in range(count)]


def spread(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """The parameters of ``binds(name, len(values))`` for ``values``."""
    return {f"{name}_{i}": v for i, v in enumerate(values)}


class Prepared:
    """One statement compiled for one dialect, ready to run on a driver cursor."""

    def __init__(self, statement: Executable, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        # Literal IN lists become one parameter each; the statement's own
        # parameters stay parameters (None until given).
        state = compiled.construct_expanded_state(compiled.construct_params(_check=False))
        self.sql = state.statement
        self._defaults = dict(state.parameters)
        names = state.positiontup if compiled.positional else list(state.parameters)
        processors = {name: bind.type._cached_bind_processor(dialect)  # noqa: SLF001
                      for name, bind in compiled.binds.items()} | state.processors
        self._binds = tuple((name, processors.get(name)) for name in names)
        self._positional = compiled.positional
        self._error = dialect.loaded_dbapi.Error
        columns = list(getattr(statement, "selected_columns", ()))
        self._types = tuple(c.type for c in columns)
        self._dialect = dialect
        self._results: tuple | None = None  # made on the first run: some drivers' converters depend on the column's type code
        self._row = namedtuple("Row", [c.key for c in columns], rename=True) if columns else None  # noqa: PYI024

    def parameters(self, given: dict[str, Any]) -> Any:  # noqa: ANN401 - a tuple or a dict, as the driver takes them
        values = self._defaults | given if given else self._defaults
        if self._positional:
            return tuple(values[n] if p is None else p(values[n]) for n, p in self._binds)
        return {n: values[n] if p is None else p(values[n]) for n, p in self._binds}

    def execute(self, driver: Any, given: dict[str, Any] | None = None) -> Any:  # noqa: ANN401
        """Run once on ``driver`` (a DBAPI connection); returns the cursor."""
        params = self.parameters(given or {})
        cursor = driver.cursor()
        try:
            cursor.execute(self.sql, params)
        except self._error as err:
            raise DBAPIError.instance(self.sql, params, err, self._error) from err
        return cursor

    def rows(self, driver: Any, given: dict[str, Any] | None = None) -> list[Any]:  # noqa: ANN401
        """All rows, each a named tuple of converted values."""
        cursor = self.execute(driver, given)
        raw = cursor.fetchall()
        results = self._results
        if results is None:
            results = self._results = self._processors(cursor.description)
        make = self._row._make
        if not any(results):
            return [make(r) for r in raw]
        return [make([v if p is None else p(v) for p, v in zip(results, r)]) for r in raw]

    def _processors(self, description: Sequence) -> tuple:
        codes = [d[1] for d in description] if description else [None] * len(self._types)
        return tuple(kind._cached_result_processor(self._dialect, code)  # noqa: SLF001
                     for kind, code in zip(self._types, codes, strict=True))

    def first(self, driver: Any, given: dict[str, Any] | None = None) -> Any:  # noqa: ANN401
        found = self.rows(driver, given)
        return found[0] if found else None

    def scalar(self, driver: Any, given: dict[str, Any] | None = None) -> Any:  # noqa: ANN401
        row = self.first(driver, given)
        return None if row is None else row[0]


def run_many(conn: Connection, sql: str, params: list) -> None:
    """``sql`` once per parameter set, on ``conn``'s driver connection."""
    error = conn.dialect.loaded_dbapi.Error
    try:
        driver_of(conn).cursor().executemany(sql, params)
    except error as err:
        raise DBAPIError.instance(sql, params, err, error) from err


def driver_of(conn: Connection) -> Any:  # noqa: ANN401
    """The DBAPI connection under ``conn`` (in its current transaction)."""
    return conn.connection.dbapi_connection


class Statements:
    """Prepared statements made on first use, per name, IN-list lengths and dialect."""

    def __init__(self, **makers: Any) -> None:  # noqa: ANN401
        self._makers = makers
        self._made: dict[tuple, Prepared] = {}

    def get(self, dialect: Dialect, name: str, *sizes: int) -> Prepared:
        key = (dialect.name, name, sizes)
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = Prepared(self._makers[name](*sizes), dialect)
        return found
