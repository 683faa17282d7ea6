"""``tracker reminders``: what is due across all patients, or a calendar file.

    tracker reminders                 overdue, due today and the coming week
    tracker reminders --ics FILE      write an RFC 5545 calendar (stable UIDs:
                                      importing a newer file updates events)
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from tracker.cli.arg_types import days_ahead
from tracker.cli.context import existing_clinic
from tracker.services.guidance.calendar_export import write_calendar
from tracker.services.guidance.reminders import HORIZON_DAYS, ReminderView, today_view


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("reminders", help="list due reminders, or write them as a calendar (.ics)")
    p.add_argument("--ics", metavar="FILE", help="write an RFC 5545 calendar file that calendar programs import")
    p.add_argument("--no-names", action="store_true", help="calendar: chart numbers only, no patient names or phones")
    p.add_argument("--days", type=days_ahead, default=HORIZON_DAYS, help=f"how many days ahead to list (default {HORIZON_DAYS})")
    p.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="take this day as today")
    p.set_defaults(handler=run)


def _line(rem: ReminderView) -> str:
    snoozed = " (snoozed)" if rem.status == "snoozed" else ""
    return f"  {rem.when.isoformat()}  {rem.chart_number:<10} {rem.patient_name:<28} {rem.title}{snoozed}"


def run(args: argparse.Namespace) -> int:
    db = existing_clinic(args)
    if args.ics:
        count = write_calendar(db, Path(args.ics), with_names=not args.no_names, today=args.date)
        print(f"wrote {count} reminder event(s) to {args.ics}")
        return 0
    view = today_view(db, args.date, horizon_days=args.days)
    print(f"Reminders on {view.today.isoformat()}")
    for title, rows in (("Overdue", view.overdue), ("Due today", view.due_today), (f"Next {args.days} days", view.coming)):
        print(f"{title} ({len(rows)}):")
        for rem in rows:
            print(_line(rem))
    return 0
