"""The words a patient is found by, beyond the start of the name keys.

The name keys (``patients.name_key``: lower case, accents off) are searched
by prefix, which finds "de la Cruz" by "de" and "O'Brien" by "o'b", but not by
"cruz" or "obrien". The other ways in are stored as words (table
``patient_name_word``, one row per patient and word, indexed for prefix
search): each word of the family and given names, and each name written
without its spaces, hyphens and apostrophes ("delacruz", "obrien",
"marieclaire"). Only the words a key's own prefix does not already reach are
stored, so a one-word name ("Dubois") needs none.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"[^\W_]+")  # letters and digits; spaces, hyphens, apostrophes and the like separate words


def words_of(key: str) -> list[str]:
    """The words of a name key, in order ("martin-levy" -> ["martin", "levy"])."""
    return WORD.findall(key)


def compact(key: str) -> str:
    """A name key without what separates its words ("o'brien" -> "obrien")."""
    return "".join(words_of(key))


def search_words(keys: Iterable[str]) -> frozenset[str]:
    """The words to store for a patient whose name keys are ``keys`` (family, given)."""
    out: set[str] = set()
    for key in keys:
        words = words_of(key)
        out.update(w for w in (*words, "".join(words)) if w and not key.startswith(w))
    return frozenset(out)


def store_words(conn, patient_id: int, keys: Iterable[str]) -> None:  # noqa: ANN001
    """Rewrite one patient's words (inside the write transaction that sets the names)."""
    from sqlalchemy import delete, insert

    from tracker.models import PatientNameWord

    table = PatientNameWord.__table__
    conn.execute(delete(table).where(table.c.patient_id == patient_id))
    words = sorted(search_words(keys))
    if words:
        conn.execute(insert(table), [{"patient_id": patient_id, "word": w} for w in words])


def insert_words(conn, ids: list[int], family_keys: list[str], given_keys: list[str]) -> None:  # noqa: ANN001
    """The words of many new patients, in one executemany (bulk imports)."""
    from tracker.db.bulk import insert_columns
    from tracker.models import PatientNameWord

    pairs = [(pid, w) for pid, family, given in zip(ids, family_keys, given_keys) for w in search_words((family, given))]
    if pairs:
        insert_columns(conn, PatientNameWord.__table__, {"patient_id": [p for p, _ in pairs], "word": [w for _, w in pairs]})
