"""``tracker demo``: build a ready demo clinic (and optionally open it)."""
from __future__ import annotations

import argparse
import time

from tracker.cli.context import location
from tracker.db.errors import DatabaseError
from tracker.services.clinic import open_clinic
from tracker.services.demo import build_demo
from tracker.services.patients import count_patients


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("demo", help="build a demo clinic with about 30 patients and months of sessions")
    p.add_argument("--patients", type=int, default=30, help="how many patients (default 30)")
    p.add_argument("--open", action="store_true", help="open the app on it afterwards")
    p.add_argument("--if-missing", action="store_true", help="keep an existing demo clinic instead of refusing")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    loc = location(args)
    if args.patients < 1:
        raise ValueError("--patients must be at least 1")
    started = time.monotonic()
    db = open_clinic(loc)
    existing = count_patients(db, include_voided=True)
    if existing and not args.if_missing:
        raise DatabaseError(f"{db.describe()} already holds {existing} patients; the demo is built only into an empty database (choose another --data-dir)")
    if not existing:
        summary = build_demo(db, patients_count=args.patients)
        people, visits = len(summary.patient_ids), len(summary.session_ids)
        print(f"demo clinic ready in {db.describe()}: {people} patient{'s' if people != 1 else ''}, "
              f"{visits} session{'s' if visits != 1 else ''} ({summary.amended} amended, {summary.voided} voided) "
              f"in {time.monotonic() - started:.1f} s")
    else:
        print(f"demo clinic already present in {db.describe()} ({existing} patients)")
    db.dispose()
    if args.open:
        from tracker.ui.app import run_app

        return run_app(loc, user=args.user)
    return 0
