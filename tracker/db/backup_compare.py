"""What a restore would set aside: the live database's audited changes that
the backup does not hold.

Both files carry the same hash-chained audit trail (services/audit.py). If
the live chain passes through the backup's last event, the live database is
the backup plus its later changes; if not, the two went separate ways (a
copy of another clinic, or a restore already made over newer work). Read
with plain sqlite3, read-only.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SetAside:
    """Changes in the live database that restoring the backup would replace."""
    count: int           # audit events in the live database after the last one the two share
    last_at: str | None  # when the latest of them was made (UTC, as stored)
    diverged: bool       # the backup is not an earlier state of the live database

    def describe(self) -> str:
        when = f" (the latest at {self.last_at[:16]} UTC)" if self.last_at else ""
        if self.diverged:
            return (f"the live database is not a later state of this backup: their audit trails differ, and the live "
                    f"one holds {self.count} change(s) the backup does not have{when}")
        return f"the live database holds {self.count} change(s) made after this backup{when}"


def _head(conn: sqlite3.Connection) -> tuple[int, str | None]:
    row = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else (0, None)


def _hash_at(conn: sqlite3.Connection, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_event WHERE seq = ?", (seq,)).fetchone()
    return row[0] if row else None


def _shared(back: sqlite3.Connection, here: sqlite3.Connection, upto: int) -> int:
    """The last sequence number at which both chains hold the same event. Each
    hash covers every event before it, so the chains agree up to some point
    and not after it: found by halving."""
    low, high = 0, upto
    while low < high:
        mid = (low + high + 1) // 2
        if _hash_at(back, mid) == _hash_at(here, mid) is not None:
            low = mid
        else:
            high = mid - 1
    return low


def _open(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


def _has_trail(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                        "AND name IN ('audit_head', 'audit_event')").fetchone()[0] == 2


def set_aside_by_restore(backup: Path, live: Path) -> SetAside | None:
    """None when restoring ``backup`` over ``live`` loses no audited change
    (no live database, an empty one, the same as the backup or an earlier
    state of it). Raises sqlite3.DatabaseError when ``live`` is not a
    database at all."""
    if not Path(live).exists() or Path(live).stat().st_size == 0:
        return None
    back, here = _open(Path(backup)), _open(Path(live))
    try:
        if not _has_trail(here):
            return None  # a database file with no records in it
        back_seq, _ = _head(back)
        live_seq, live_hash = _head(here)
        if live_seq <= back_seq and (live_seq == 0 or _hash_at(back, live_seq) == live_hash):
            return None  # the backup holds everything the live database has
        shared = _shared(back, here, min(back_seq, live_seq))
        newer = here.execute("SELECT count(*), max(occurred_at) FROM audit_event WHERE seq > ?", (shared,)).fetchone()
        return SetAside(newer[0], str(newer[1]) if newer[1] else None, diverged=shared != back_seq)
    finally:
        back.close()
        here.close()
