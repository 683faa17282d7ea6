"""Taking turns between processes that write one SQLite file.

SQLite's busy handler sleeps 1, 2, 5 ... up to 100 ms between tries, so a
process that saves in a loop (an import, a second workstation's window on
the same file) can take the writer lock again microseconds after its commit,
again and again, while the other writer sleeps through every gap until its
busy timeout runs out ("database is locked"). Here writers first take an
exclusive lock on a small file beside the database and hold it until their
transaction ends; a waiter asks again every fraction of a millisecond, so it
gets the next gap. Where file locks are not available the busy handler alone
decides, as before.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

POLL_S = 0.0002


def turn_file(database: Path) -> Path:
    return database.with_name(database.name + "-writer")


@contextmanager
def writer_turn(database: Path | None, timeout_s: float) -> Iterator[None]:
    """Hold the writers' turn for ``database`` (an SQLite file) while the block runs.
    Gives up waiting after ``timeout_s`` and lets SQLite's busy timeout decide."""
    if database is None or fcntl is None:
        yield
        return
    fd = os.open(turn_file(database), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(POLL_S)
        yield
    finally:
        os.close(fd)  # releases the lock
