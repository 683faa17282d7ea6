"""Measure type-ahead patient search on a large clinic (a developer's check,
not a test: it prints times, it asserts nothing).

    PYTHONPATH=. python scripts/measure_patient_search.py /tmp/search-100k [--patients 100000]

Builds the patients once (through the real add_patient, in one transaction),
then times each query shape against the same query written as raw SQL on the
same connection file, and the keyset paging through everything.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from datetime import date
from pathlib import Path

from tracker.config import resolve_location
from tracker.services import patient_search
from tracker.services.clinic import open_clinic
from tracker.services.patients import PatientInput, add_patient, count_patients

FAMILY = ["Okafor", "Nguyen", "Schmidt", "Haddad", "Kowalski", "Fernandes", "Lindqvist", "Murphy", "Tanaka", "Osei",
          "Rossi", "Dubois", "Novak", "Khan", "Petrov", "Garcia", "Brown", "Mensah", "Yilmaz", "Costa"]
GIVEN = ["Amara", "Linh", "Sofia", "Leila", "Marta", "Ines", "Freja", "Yuki", "Chidi", "Minh", "Jonas", "Karim"]
QUERIES = ["", "o", "ok", "okafor", "ng", "nguyen minh", "c0123", "C05", "1975-03-04", "1975-03", "zz", "a", "m"]
RAW = ("SELECT * FROM patient WHERE family_key >= ? AND family_key < ? AND voided_at IS NULL "
       "ORDER BY family_key, given_key, id LIMIT 100")


def build(db, n: int) -> None:  # noqa: ANN001
    rng = random.Random(1)
    started = time.perf_counter()
    with db.write() as s:
        for i in range(n):
            family = rng.choice(FAMILY) + ("" if rng.random() < 0.5 else rng.choice(["son", "berg", "ova", "ez"]) + str(rng.randrange(200)))
            add_patient(s, None, PatientInput(
                chart_number=f"C{i:06d}", family_name=family, given_names=rng.choice(GIVEN),
                date_of_birth=date(rng.randrange(1930, 2024), rng.randrange(1, 13), rng.randrange(1, 28))))
            if i % 5000 == 4999:
                s.flush()
                s.expunge_all()
    print(f"built {n} patients in {time.perf_counter() - started:.0f} s")


def timed(fn, runs: int = 30) -> tuple[float, float]:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--patients", type=int, default=100_000)
    args = parser.parse_args()
    db = open_clinic(resolve_location(data_dir=args.folder))
    have = count_patients(db)
    if have < args.patients:
        build(db, args.patients - have)
    raw = sqlite3.connect(db.location.sqlite_path)
    for text in QUERIES:
        first = patient_search.search_page(db, text)
        page = timed(lambda t=text: patient_search.search_page(db, t))
        more = timed(lambda t=text, c=first.cursor: patient_search.search_page(db, t, after=c)) if first.cursor else None
        count = timed(lambda t=text: patient_search.count_matches(db, t), 10)
        print(f"{text!r:15} first page med {page[0]:5.1f} p95 {page[1]:5.1f} ms | next page "
              + (f"med {more[0]:5.1f} p95 {more[1]:5.1f} ms" if more else "-" * 21)
              + f" | count med {count[0]:5.1f} ms")
    key = "ok"
    baseline = timed(lambda: raw.execute(RAW, (key, key + "\uffff")).fetchall())
    service = timed(lambda: patient_search.search_page(db, key))
    print(f"raw SQLite family-prefix page med {baseline[0]:.2f} p95 {baseline[1]:.2f} ms; "
          f"service page 'ok' med {service[0]:.2f} p95 {service[1]:.2f} ms (p95 ratio {service[1] / baseline[1]:.1f}x)")
    started, rows, cursor = time.perf_counter(), 0, None
    while True:
        page = patient_search.search_page(db, "", after=cursor, limit=200)
        rows += len(page.rows)
        cursor = page.cursor
        if cursor is None:
            break
    print(f"keyset-paged through all {rows} patients in {time.perf_counter() - started:.1f} s (200 a page)")
    db.dispose()


if __name__ == "__main__":
    main()
