"""The patient list's first page at start-up, read before SQLAlchemy is loaded.

Importing SQLAlchemy and the models takes several times longer than Qt
needs to show the window, so ``tracker`` first reads what the Patients page
shows when it opens (the first page of the whole list in display order, how
many patients there are, the recently opened ones) straight from the SQLite
file with the sqlite3 module, read-only; the full database opens meanwhile.
The rows are exactly those ``patient_search.search_page(db, "")`` returns
(tests/test_patient_first_look.py compares them), with the same cursor, so
the list pages on through the usual search once the database is open.
"""
from __future__ import annotations

import logging
import sqlite3
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.config import Location
from tracker.db.read_only import connect_current
from tracker.services.patient_rows import LIST_COLUMNS, NAME_ORDER, PatientRow, SearchCursor, SearchPage, list_rows

log = logging.getLogger(__name__)

_Line = namedtuple("_Line", LIST_COLUMNS)
_SELECT = f"SELECT {', '.join(LIST_COLUMNS)} FROM patient"


@dataclass(frozen=True)
class FirstLook:
    #: the list's first page for an empty search (``search_page(db, "", limit=...)``)
    page: SearchPage
    #: how many patients the list holds, as ``count_matches(db, "", cap=...)`` says it
    count: tuple[int, bool]
    #: the recently opened patients asked for that still exist, in the order asked
    recent: tuple[PatientRow, ...]


def first_look(location: Location, recent_ids: Sequence[int] = (), *, limit: int = 100,
               count_cap: int = 1000) -> FirstLook | None:
    """What the Patients page shows first, or None when this quick way cannot
    answer (not an SQLite file at this build's schema, or a read error): then
    the page waits for the database to open."""
    conn = connect_current(location)
    if conn is None:
        return None
    try:
        found = _lines(conn, f"{_SELECT} WHERE voided_at IS NULL ORDER BY {', '.join(NAME_ORDER)} LIMIT ?", (limit,))
        (n,) = conn.execute("SELECT count(*) FROM (SELECT 1 FROM patient WHERE voided_at IS NULL LIMIT ?)",
                            (count_cap + 1,)).fetchone()
        ids = list(dict.fromkeys(recent_ids))
        by_id = {line.id: line for line in _lines(conn, f"{_SELECT} WHERE id IN ({', '.join('?' * len(ids))})", ids)} if ids else {}
    except (sqlite3.Error, ValueError) as exc:
        log.warning("could not read the first patients from %s: %s", location.sqlite_path, exc)
        return None
    finally:
        conn.close()
    cursor = SearchCursor(0, tuple(getattr(found[-1], c) for c in NAME_ORDER)) if found and len(found) == limit else None
    return FirstLook(SearchPage(tuple(list_rows(found)), cursor), (min(n, count_cap), n > count_cap),
                     tuple(list_rows(by_id[i] for i in ids if i in by_id)))


def _lines(conn: sqlite3.Connection, sql: str, params: Sequence) -> list:
    """Result rows as ``LIST_COLUMNS`` named tuples with the birth date as a date."""
    return [_Line(*r[:4], date.fromisoformat(r[4]), *r[5:]) for r in conn.execute(sql, params)]
