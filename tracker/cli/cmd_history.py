"""``tracker history --chart CHART [--csv FILE]``: who created, changed, signed,
amended, voided, printed or saved what in one patient's records, and when,
newest first (the chart's History tab, for scripts and audits)."""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

from tracker.cli.context import existing_clinic
from tracker.services.errors import NotFoundError
from tracker.services.patients import patient_by_chart
from tracker.services.record_history import KIND_KEYS, HistoryEntry, whole_history

CSV_HEADER = ("when", "who", "kind", "what", "reason", "changes")


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("history", help="a patient's record history: who changed what, when and why")
    p.add_argument("--chart", required=True, metavar="CHART", help="the patient's chart number")
    p.add_argument("--csv", metavar="FILE", type=Path, help="write the history as CSV (with a header row) instead")
    p.add_argument("--kind", choices=KIND_KEYS, default="all", help="only one kind of record")
    p.add_argument("--search", default="", metavar="TEXT", help="only events whose words hold every word of TEXT")
    p.set_defaults(handler=run)


def changes_text(entry: HistoryEntry) -> str:
    return "; ".join(f"{c.label}: {c.before} \u2192 {c.after}" for c in entry.changes)


def _print(entries, chart: str, name: str) -> int:  # noqa: ANN001
    count = 0
    print(f"{chart} {name}")
    for entry in entries:
        count += 1
        reason = f" \u2014 reason: {entry.reason}" if entry.reason else ""
        print(f"{entry.when_text}  {entry.who}: {entry.what}{reason}")
        for change in entry.changes:
            print(f"    {change.label}: {change.before} \u2192 {change.after}")
    return count


def _write_csv(entries, path: Path) -> int:  # noqa: ANN001
    count = 0
    path = path.expanduser()
    part = path.with_name(path.name + ".part")
    with part.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(CSV_HEADER)
        for entry in entries:
            count += 1
            out.writerow((entry.when.isoformat(timespec="seconds"), entry.who, entry.kind, entry.what,
                          entry.reason or "", changes_text(entry)))
    part.replace(path)
    return count


def run(args: argparse.Namespace) -> int:
    db = existing_clinic(args)
    try:
        patient = patient_by_chart(db, args.chart)
        if patient is None:
            raise NotFoundError(f"no patient with chart number {args.chart!r}")
        entries = whole_history(db, patient.id, kind=args.kind, text=args.search)
        if args.csv is None:
            _print(entries, patient.chart_number, patient.display_name)
        else:
            count = _write_csv(entries, args.csv)
            print(f"saved {args.csv} ({count} event{'s' if count != 1 else ''})")
    finally:
        db.dispose()
    return 0
