"""Bulk import of patients (a practice-management export, a clinic moving in).

All or nothing: every row is validated first and each problem is reported
with its row number, field and what is wrong; when any row is bad nothing is
written. Good files go in as one transaction: the patients with one executemany
(tracker.db.bulk: ids reserved under the write lock, each column's type
conversion done once per distinct value), then one "create" audit event per
patient in the hash chain, also in one executemany. Per-row ORM flushes cost
about twenty times as much for a 10,000-row file, and SQLAlchemy's own
executemany (insertmanyvalues with RETURNING) three times as much as SQLite
needs for the whole insert.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from tracker.db.bulk import insert_columns, paused_gc, reserve_ids
from tracker.models import Patient, Sex
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.errors import ServiceError
from tracker.services.name_words import insert_words
from tracker.services.patient_duplicates import same_person_among
from tracker.services.patients import (
    INPUT_FIELDS, PatientInput, chart_fold, clean_input, name_key, taken_message, validate,
)
from tracker.services.snapshot import json_safe

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("chart_number", "family_name", "given_names", "date_of_birth")
COLUMNS = INPUT_FIELDS
FIRST_ROW = 2  # row numbers as a spreadsheet shows them (the header is row 1)
_TRUE = {"1", "y", "yes", "true", "x"}
_FALSE = {"", "0", "n", "no", "false"}
_CHUNK = 900  # chart numbers per duplicate-check query (under SQLite's variable limit)


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1, the first patient row 2
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.message}"


class ImportRejected(ServiceError):
    """The file has bad rows; nothing was imported."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = list(problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"nothing was imported: {len(self.problems)} problem(s): {shown}{more}")


@dataclass(frozen=True)
class LikelyDuplicate:
    """A row that looks like a patient already registered, or like an earlier
    row of the file: the same name and date of birth (imported all the same)."""

    row: int
    chart_number: str
    same_as: str  # "chart RDC-2001", "row 3" (several separated by commas)

    def __str__(self) -> str:
        return f"row {self.row}: {self.chart_number} has the same name and date of birth as {self.same_as}"


@dataclass(frozen=True)
class ImportResult:
    created: int
    first_id: int | None
    last_id: int | None
    likely_duplicates: tuple[LikelyDuplicate, ...] = ()


# ---- reading ------------------------------------------------------------------

def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("write yes or no")


_TEXT = ("chart_number", "family_name", "given_names")
_OPTIONAL = ("phone", "email", "address", "allergies", "notes")
_FLAGS = ("diabetes", "pregnant", "immunosuppressed")


def _parse(raw: Mapping[str, str | None]) -> tuple[PatientInput | None, dict[str, str]]:
    """One CSV record as PatientInput, or the field errors that stop it."""
    v = {name: (value or "").strip() for name, value in raw.items()}
    errors: dict[str, str] = {}
    born = None
    if v.get("date_of_birth"):
        try:
            born = date.fromisoformat(v["date_of_birth"])
        except ValueError:
            errors["date_of_birth"] = f"{v['date_of_birth']!r} is not a date (write YYYY-MM-DD)"
    sex = Sex.UNKNOWN
    if v.get("sex"):
        try:
            sex = Sex(v["sex"].lower())
        except ValueError:
            errors["sex"] = "write female, male, other or unknown"
    fitzpatrick = None
    if v.get("fitzpatrick"):
        try:
            fitzpatrick = int(v["fitzpatrick"])
        except ValueError:
            errors["fitzpatrick"] = f"{v['fitzpatrick']!r} is not a number (1-6)"
    flags = {}
    for name in _FLAGS:
        try:
            flags[name] = _flag(v.get(name, ""))
        except ValueError as exc:
            errors[name] = f"{v[name]!r}: {exc}"
    data = PatientInput(
        date_of_birth=born, sex=sex, fitzpatrick=fitzpatrick, **flags,
        **{name: v.get(name, "") for name in _TEXT}, **{name: v.get(name) or None for name in _OPTIONAL},
    )
    if errors:  # the row's other problems too, so that one pass lists them all
        return None, {**errors, **{k: m for k, m in validate(clean_input(data)).items() if k not in errors}}
    return data, {}


Numbered = list[tuple[int, PatientInput]]  # (row number, record)


def _text_of(path: str | Path) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), or UTF-16
    with its mark (a spreadsheet's "Unicode text"). Anything else is refused
    with the line it fails on and how to save the file instead."""
    raw = Path(path).read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportRejected([RowProblem(line, "-", (
            f"this is not UTF-8 text (byte 0x{raw[exc.start]:02x}, an older encoding's letter): save the file from "
            "the spreadsheet as \u201cCSV UTF-8\u201d and import it again"))]) from None


SEPARATORS = (",", ";", "\t")  # ";": a spreadsheet's "CSV" in many European locales; tab: its "Unicode text"


def _separator(text: str) -> str:
    """The separator the header line is written with: the one that splits it
    into the most known column names (a comma when none does better)."""
    first = text.split("\n", 1)[0]
    known = {sep: sum(name.strip() in COLUMNS for name in first.split(sep)) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: known[sep])  # max keeps the first of equals: the comma


def _read_csv(path: str | Path) -> tuple[Numbered, list[RowProblem]]:
    """The records of a CSV file (UTF-8 or UTF-16, header row, separated by
    commas, semicolons or tabs) that could be read, and the problems of those
    that could not. A bad header stops at once. Rows are numbered as a
    spreadsheet shows them: a blank line is a row, and so is a record whose
    quoted value holds line breaks (one row, however many lines)."""
    text = _text_of(path)
    with io.StringIO(text, newline="") as fh:
        reader = csv.reader(fh, delimiter=_separator(text))
        header = [h.strip() for h in next(reader, [])]
        problems = [RowProblem(1, name, "this column is missing from the header") for name in REQUIRED_COLUMNS if name not in header]
        problems += [RowProblem(1, name, f"unknown column (known: {', '.join(COLUMNS)})") for name in header if name not in COLUMNS]
        if problems:
            raise ImportRejected(problems)
        rows: Numbered = []
        for number, values in enumerate(reader, start=FIRST_ROW):
            if not any(v.strip() for v in values):
                continue  # a blank row (or one of empty cells): it still counts in the numbering
            if len(values) > len(header):
                problems.append(RowProblem(number, "-", "this row has more values than the header has columns"))
                continue
            data, errors = _parse(dict(zip(header, values)))
            problems += [RowProblem(number, name, message) for name, message in errors.items()]
            if data is not None:
                rows.append((number, data))
    return rows, problems


def read_patient_csv(path: str | Path) -> list[PatientInput]:
    """The records of a CSV file; raises ImportRejected listing every row that
    cannot be read, or OSError when the file cannot be opened."""
    rows, problems = _read_csv(path)
    if problems:
        raise ImportRejected(problems)
    return [data for _number, data in rows]


# ---- checking and writing --------------------------------------------------------

def check_rows(rows: Numbered, today: date | None = None) -> tuple[Numbered, list[RowProblem]]:
    """Cleaned rows and every problem found without the database (duplicates in the file included)."""
    today = today or date.today()
    cleaned: Numbered = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, data in rows:
        data = clean_input(data)
        problems += [RowProblem(number, name, message) for name, message in validate(data, today).items()]
        if data.chart_number:
            first = seen.setdefault(data.chart_number.lower(), number)  # letter case aside
            if first != number:
                problems.append(RowProblem(number, "chart_number", f"chart number {data.chart_number} is also on row {first}"))
        cleaned.append((number, data))
    return cleaned, problems


def _taken_charts(s, charts: list[str]) -> set[str]:  # noqa: ANN001
    taken: set[str] = set()
    for start in range(0, len(charts), _CHUNK):
        chunk = charts[start:start + _CHUNK]
        taken.update(s.execute(select(Patient.chart_number).where(Patient.chart_number.in_(chunk))).scalars())
    return taken


_PLAIN = (str, int, float, type(None))
_SNAPSHOT_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _columns(rows: Numbered) -> dict[str, list]:
    """The new rows column by column (bulk inserts take columns)."""
    data = [d for _number, d in rows]
    columns = {name: [getattr(d, name) for d in data] for name in INPUT_FIELDS}
    columns["family_key"] = [name_key(v) for v in columns["family_name"]]
    columns["given_key"] = [name_key(v) for v in columns["given_names"]]
    return columns


def _json_safe_column(values: list) -> list:
    """JSON-safe values (dates, enums converted, each distinct value once)."""
    if all(type(v) in _PLAIN for v in values):
        return values
    seen: dict = {}
    return [seen[v] if v in seen else seen.setdefault(v, json_safe(v)) for v in values]


def _snapshots(ids: list[int], columns: dict[str, list], constants: dict) -> list[str]:
    """Each new row as the audit trail stores it: every column, canonical JSON
    (the keys are put in sorted order once, so the encoder need not sort)."""
    safe = {"id": ids, **{k: _json_safe_column(v) for k, v in columns.items()},
            **{k: repeat(json_safe(v), len(ids)) for k, v in constants.items()}}
    keys = sorted(safe)
    return [_SNAPSHOT_JSON(dict(zip(keys, values))) for values in zip(*(safe[k] for k in keys))]


def _refuse_case_variants(conn, rows: Numbered, ids: list[int]) -> None:  # noqa: ANN001
    """Inside the import's transaction, once its rows are in: a new chart
    number that differs only in letter case from another one (already there)
    stops the import (the exact ones the unique index has refused)."""
    new, other = Patient.__table__.alias("new"), Patient.__table__.alias("other")
    clashes = conn.execute(
        select(new.c.id, other.c.chart_number)
        .join(other, and_(chart_fold(other.c.chart_number) == chart_fold(new.c.chart_number), other.c.id != new.c.id))
        .where(new.c.id.between(min(ids), max(ids))).order_by(new.c.id)).all()
    mine = dict(zip(ids, rows))  # reserved ids need not be consecutive (PostgreSQL)
    problems = [RowProblem(mine[new_id][0], "chart_number", taken_message(mine[new_id][1].chart_number, taken))
                for new_id, taken in clashes if new_id in mine]
    if problems:
        raise ImportRejected(problems)


def _likely_duplicates(conn, rows: Numbered, ids: list[int]) -> tuple[LikelyDuplicate, ...]:  # noqa: ANN001
    """The rows that look like an active patient already there (named by
    chart) or like an earlier row of the file (named by row)."""
    mine = dict(zip(ids, rows))
    found: dict[int, list[str]] = {}
    for same in same_person_among(conn, ids):
        if same.other_id not in mine:
            found.setdefault(same.new_id, []).append(f"chart {same.other_chart}")
        elif same.other_id < same.new_id:
            found.setdefault(same.new_id, []).append(f"row {mine[same.other_id][0]}")
    return tuple(LikelyDuplicate(mine[i][0], mine[i][1].chart_number, ", ".join(found[i])) for i in sorted(found))


def _write(db, actor_id: int | None, rows: Numbered) -> ImportResult:  # noqa: ANN001
    if not rows:
        return ImportResult(0, None, None)
    now = utcnow()
    table = Patient.__table__
    constants = {"created_at": now, "updated_at": now, "row_version": 1, "created_by_id": actor_id,
                 "voided_at": None, "void_reason": None, "voided_by_id": None}
    try:
        with paused_gc(), db.write() as s:
            columns = _columns(rows)
            conn = s.connection()
            ids = reserve_ids(conn, table, len(rows))
            insert_columns(conn, table, {"id": ids, **columns}, constants)
            insert_words(conn, ids, columns["family_key"], columns["given_key"])
            _refuse_case_variants(conn, rows, ids)
            duplicates = _likely_duplicates(conn, rows, ids)
            audit.record_created(s, actor_id, table.name, ids, _snapshots(ids, columns, constants))
    except IntegrityError:
        # Nothing was written. Say which chart numbers are taken (the unique
        # index found them: checking first would cost a query per 900 rows).
        with db.read() as s:
            taken = _taken_charts(s, [data.chart_number for _number, data in rows])
        if not taken:
            raise
        raise ImportRejected([RowProblem(n, "chart_number", taken_message(d.chart_number, d.chart_number))
                              for n, d in rows if d.chart_number in taken]) from None
    log.info("imported %d patients (ids %d-%d)", len(ids), ids[0], ids[-1])
    return ImportResult(len(ids), ids[0], ids[-1], duplicates)


def import_patients(db, actor_id: int | None, rows: Iterable[PatientInput]) -> ImportResult:  # noqa: ANN001
    """Register every patient in ``rows`` in one transaction, or none of them
    (problems are numbered as rows of a file with a header row)."""
    cleaned, problems = check_rows(list(enumerate(rows, start=FIRST_ROW)))
    if problems:
        raise ImportRejected(problems)
    return _write(db, actor_id, cleaned)


def import_patient_csv(db, actor_id: int | None, path: str | Path) -> ImportResult:  # noqa: ANN001
    """Import a CSV file: every problem of every row is reported at once, and
    nothing is written unless there is none."""
    rows, problems = _read_csv(path)
    cleaned, more = check_rows(rows)
    if problems or more:
        raise ImportRejected(sorted(problems + more, key=lambda p: p.row))
    return _write(db, actor_id, cleaned)
