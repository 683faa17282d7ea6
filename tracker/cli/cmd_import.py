"""``tracker import patients FILE.csv``: register many patients at once.

The file is checked whole first; every bad row is listed (row number as a
spreadsheet shows it, field, problem) and nothing is written unless every row
is good. After an import, the rows that look like a patient already registered
(or like an earlier row) are listed with that chart (or row).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tracker.cli.context import acting_staff_id, existing_clinic
from tracker.services.patient_import import COLUMNS, REQUIRED_COLUMNS, ImportRejected, import_patient_csv


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("import", help="import patients from a CSV file (all rows or none)",
                       description="Columns (header row, UTF-8): " + ", ".join(COLUMNS)
                       + ". Required: " + ", ".join(REQUIRED_COLUMNS)
                       + ". Dates as YYYY-MM-DD; flags as yes/no.")
    p.add_argument("what", choices=["patients"])
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = existing_clinic(args)
    actor = acting_staff_id(db, args)
    started = time.monotonic()
    try:
        result = import_patient_csv(db, actor, args.file)
    except ImportRejected as exc:
        print(f"tracker: nothing was imported from {args.file}: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"imported {result.created} patients from {args.file} in {time.monotonic() - started:.1f} s")
    if result.likely_duplicates:
        print(f"{len(result.likely_duplicates)} of them may be registered twice (same name and date of birth); "
              "check each one, and void a chart registered twice (Edit patient, Void record):")
        for duplicate in result.likely_duplicates:
            print(f"  {duplicate}")
    return 0
