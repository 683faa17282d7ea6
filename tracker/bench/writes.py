"""T10 (save one session) and T11 (bulk patient import), each against raw
SQLite writes on the same file system in the same journal mode (WAL,
synchronous=FULL), measured alternately so both see the same machine load."""
from __future__ import annotations

import csv
import shutil
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from tracker.bench.people import patients
from tracker.bench.report import Check
from tracker.bench.rows import Context
from tracker.bench.timing import median, ms, p95
from tracker.config import resolve_location
from tracker.db.engine import SQLITE_PRAGMAS
from tracker.models import Condition
from tracker.services import catalog, lesions
from tracker.services.clinic import open_clinic
from tracker.services.patient_import import import_patients, read_patient_csv
from tracker.services.patient_rows import CHILD_AGE_YEARS, age_on
from tracker.services.session_input import InjectionInput, SessionInput
from tracker.services.sessions import record_session


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the program's pragmas, autocommit off."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        conn.execute(pragma)
    return conn


def _copy_empty(ctx: Context, name: str) -> Path:
    folder = ctx.work / name
    folder.mkdir()
    shutil.copy2(ctx.data.empty / "tracker.sqlite", folder / "tracker.sqlite")
    return folder


# ---- T10 -------------------------------------------------------------------------

def _raw_commit(conn: sqlite3.Connection, n: int) -> float:
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO visit (patient_id, performed_at, notes) VALUES (?, ?, ?)",
                 (n, datetime.now(timezone.utc).isoformat(), f"visit {n}"))
    conn.execute("COMMIT")
    return time.perf_counter() - started


def t10(ctx: Context) -> list[Check]:
    folder = _copy_empty(ctx, "clinic")
    db = open_clinic(resolve_location(data_dir=folder))
    actor = ctx.data["clinician_id"]
    count = ctx.preset.saves
    people = list(patients(2 * count + 2, seed=10, chart_prefix="S"))
    made = import_patients(db, actor, people)
    # A child's steroid session asks for a reason until the clinic sets a children's limit: given, as staff would.
    children = {made.first_id + n for n, p in enumerate(people) if age_on(p.date_of_birth, date.today()) < CHILD_AGE_YEARS}
    tac = catalog.agent_by_code(db, "tac")
    expiry = date.today() + timedelta(days=365)
    inputs = []
    for patient_id in range(made.first_id, made.last_id + 1):
        lesion = lesions.add_lesion(db, actor, lesions.LesionInput(patient_id=patient_id, label="Left earlobe keloid",
                                                                 condition=Condition.KELOID, site_code="2059009"))
        injection = InjectionInput(lesion_id=lesion.id, agent_id=tac.id, concentration=Decimal("10"), points=3,
                                   volume_per_point_ml=Decimal("0.1"), needle_gauge="30G", depth="mid-dermis",
                                   lot_number="KN2401", lot_expiry=expiry)
        inputs.append((SessionInput(patient_id=patient_id, clinician_id=actor, performed_at=datetime.now(timezone.utc),
                                    injections=(injection,), consent_obtained=True, notes="Tolerated well."),
                       "Course agreed with the family" if patient_id in children else None))
    scripted, edited = inputs[:count + 1], inputs[count + 1:]
    raw = raw_connection(folder / "raw-baseline.sqlite")
    raw.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, patient_id INTEGER, performed_at TEXT, notes TEXT)")
    record_session(db, actor, *scripted[0])  # warm-up
    _raw_commit(raw, 0)
    app_times, raw_times = [], []
    for n, (data, reason) in enumerate(scripted[1:], start=1):
        started = time.perf_counter()
        record_session(db, actor, data, reason)
        app_times.append(time.perf_counter() - started)
        raw_times.append(_raw_commit(raw, n))
    ctx.details.update(app_median_ms=round(ms(median(app_times)), 2), raw_median_ms=round(ms(median(raw_times)), 2),
                       saves=len(app_times), journal=raw.execute("PRAGMA journal_mode").fetchone()[0],
                       synchronous=raw.execute("PRAGMA synchronous").fetchone()[0], **_editor_path(db, actor, edited, raw))
    return [Check("save p95 (create and sign)", ms(p95(app_times)), "ms", 3.0, baseline=ms(p95(raw_times)))]


def _editor_path(db, actor: int, inputs: list, raw: sqlite3.Connection) -> dict:  # noqa: ANN001
    """Not judged, reported: the session editor's way, a draft saved and then
    signed (services/sessions.py, through the ORM), against raw commits taken
    alternately."""
    from tracker.services.sessions import create_draft, sign_session

    sign_session(db, actor, create_draft(db, actor, inputs[0][0]).id, findings_reason=inputs[0][1])  # warm-up
    drafts, signs, raws = [], [], []
    for n, (data, reason) in enumerate(inputs[1:], start=1):
        started = time.perf_counter()
        draft = create_draft(db, actor, data)
        drafts.append(time.perf_counter() - started)
        raws.append(_raw_commit(raw, 100_000 + n))
        started = time.perf_counter()
        sign_session(db, actor, draft.id, findings_reason=reason)
        signs.append(time.perf_counter() - started)
    base = p95(raws)
    return {"editor_draft_save_p95_ms": round(ms(p95(drafts)), 2), "editor_sign_p95_ms": round(ms(p95(signs)), 2),
            "editor_raw_p95_ms": round(ms(base), 3), "editor_draft_save_ratio": round(p95(drafts) / base, 2),
            "editor_sign_ratio": round(p95(signs) / base, 2)}


# ---- T11 -------------------------------------------------------------------------

def _raw_rows(csv_path: Path, actor: int) -> tuple[list[str], list[tuple]]:
    """The CSV's rows as the patient table stores them, ready for executemany."""
    from tracker.services.patients import name_key

    now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    flag = lambda v: 1 if v == "yes" else 0  # noqa: E731
    columns = ["chart_number", "family_name", "given_names", "family_key", "given_key", "date_of_birth", "sex",
               "phone", "email", "address", "fitzpatrick", "allergies", "diabetes", "pregnant", "immunosuppressed",
               "notes", "created_at", "updated_at", "row_version", "created_by_id"]
    rows = []
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["chart_number"], r["family_name"], r["given_names"], name_key(r["family_name"]),
                         name_key(r["given_names"]), r["date_of_birth"], r["sex"], r["phone"] or None,
                         r["email"] or None, r["address"] or None, int(r["fitzpatrick"]) if r["fitzpatrick"] else None,
                         r["allergies"] or None, flag(r["diabetes"]), flag(r["pregnant"]), flag(r["immunosuppressed"]),
                         r["notes"] or None, now, now, 1, actor))
    return columns, rows


def _raw_import(path: Path, columns: list[str], rows: list[tuple]) -> float:
    conn = raw_connection(path)
    sql = f"INSERT INTO patient ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def t11(ctx: Context) -> list[Check]:
    """Both sides start from records in memory: the raw side from tuples, the
    program from the CSV's rows as read (reading the file is timed apart)."""
    actor = ctx.data["clinician_id"]
    columns, rows = _raw_rows(ctx.data.import_csv, actor)
    app_times, raw_times, read_times = [], [], []
    for n in range(5):
        raw_times.append(_raw_import(_copy_empty(ctx, f"raw-{n}") / "tracker.sqlite", columns, rows))
        db = open_clinic(resolve_location(data_dir=_copy_empty(ctx, f"app-{n}")))
        started = time.perf_counter()
        records = read_patient_csv(ctx.data.import_csv)
        read_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = import_patients(db, actor, records)
        app_times.append(time.perf_counter() - started)
        db.dispose()
        if result.created != len(rows):
            raise RuntimeError(f"imported {result.created} of {len(rows)} patients")
    app_rate, raw_rate = len(rows) / median(app_times), len(rows) / median(raw_times)
    ctx.details.update(rows=len(rows), app_s=[round(t, 3) for t in app_times], raw_s=[round(t, 3) for t in raw_times],
                       csv_read_s=[round(t, 3) for t in read_times])
    return [Check("patients per second", app_rate, "rows/s", 0.15, baseline=raw_rate, at_least=True)]
