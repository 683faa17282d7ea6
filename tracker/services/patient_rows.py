"""The lines of the patient list as plain data, with no database layer.

``PatientRow`` (one line), ``SearchCursor`` / ``SearchPage`` (a page of
lines and where the next one starts) and the care flags are shared by the
indexed search (``patient_search``, SQLAlchemy) and the first look at
start-up (``patient_first_look``, the sqlite3 module), so this module imports
neither: the patient list can be built before SQLAlchemy is loaded.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tracker.models import Patient
    from tracker.services.patients import PatientInput

CHILD_AGE_YEARS = 18

#: The patient columns a list line is made from, in the order ``list_rows`` reads them.
LIST_COLUMNS = ("id", "chart_number", "family_name", "given_names", "date_of_birth", "allergies", "diabetes",
                "pregnant", "immunosuppressed", "voided_at", "family_key", "given_key")
#: The display order of the whole list (the first search branch): names, then id.
NAME_ORDER = ("family_key", "given_key", "id")


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def care_flags(p: Patient | PatientInput, on: date | None = None) -> tuple[str, ...]:
    flags = []
    if p.allergies and p.allergies.strip():
        flags.append(f"Allergies: {p.allergies.strip()}")
    if p.diabetes:
        flags.append("Diabetes")
    if p.pregnant:
        flags.append("Pregnant")
    if p.immunosuppressed:
        flags.append("Immunosuppressed")
    if p.date_of_birth and age_on(p.date_of_birth, on or date.today()) < CHILD_AGE_YEARS:
        flags.append("Child")
    return tuple(flags)


class PatientRow(NamedTuple):
    """One line of the patient list: what a search shows (lighter than PatientView,
    so a page costs little more than the raw query)."""

    id: int
    chart_number: str
    family_name: str
    given_names: str
    date_of_birth: date
    flags: tuple[str, ...]
    voided: bool

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_names}"

    def age(self, on: date | None = None) -> int:
        return age_on(self.date_of_birth, on or date.today())


@dataclass(frozen=True)
class SearchCursor:
    """Where the next page starts: a branch and the sort key of the last row shown."""

    branch: int
    after: tuple


@dataclass(frozen=True)
class SearchPage:
    rows: tuple[PatientRow, ...]
    cursor: SearchCursor | None  # None when there is nothing more


_WIDTH = len(LIST_COLUMNS)


def list_rows(found: Iterable) -> list[PatientRow]:
    """List lines from result rows (named tuples in ``LIST_COLUMNS`` order, the
    birth date a ``date``, maybe more columns after them); flags only worked
    out where there are any."""
    today = date.today()
    out = []
    for r in found:
        pid, chart, family, given, born, allergies, diabetes, pregnant, immuno, voided_at, _fk, _gk = r[:_WIDTH]
        flagged = allergies or diabetes or pregnant or immuno or age_on(born, today) < CHILD_AGE_YEARS
        out.append(PatientRow(pid, chart, family, given, born, care_flags(r, today) if flagged else (), voided_at is not None))
    return out
