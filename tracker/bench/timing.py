"""Small measuring tools: percentiles, resident memory, SQL statement counts."""
from __future__ import annotations

import math
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> float:
    return seconds * 1000.0


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (or peak, with VmHWM) in MB from /proc."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"{field} not in /proc/self/status")


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


class StatementLog:
    """SQL statements an engine executes while it is attached (any thread)."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, object]] = []

    def __len__(self) -> int:
        return len(self.statements)

    def clear(self) -> None:
        self.statements.clear()

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, PLR0913
        self.statements.append((statement, parameters))

    @property
    def queries(self) -> list[tuple[str, object]]:
        """Statements other than transaction control (BEGIN, COMMIT, ROLLBACK, PRAGMA)."""
        skip = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")
        return [(s, p) for s, p in self.statements if not s.lstrip().upper().startswith(skip)]


@contextmanager
def statements(engine) -> Iterator[StatementLog]:  # noqa: ANN001
    """Count every statement sent to the database (a before_cursor_execute listener)."""
    log = StatementLog()
    event.listen(engine, "before_cursor_execute", log._on_execute)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", log._on_execute)
