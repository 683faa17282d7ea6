"""``tracker list patients|sessions [--json]`` for scripts."""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from tracker.cli.context import existing_clinic
from tracker.services.patients import search_patients
from tracker.services.session_views import list_sessions
from tracker.services.snapshot import json_safe


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("list", help="list patients or sessions")
    p.add_argument("what", choices=["patients", "sessions"])
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--search", default="", help="patients: type-ahead text (chart number, names, birth date)")
    p.add_argument("--limit", type=int, default=100000)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = existing_clinic(args)
    if args.what == "patients":
        rows = search_patients(db, args.search, limit=args.limit, include_voided=True)
        records = [json_safe({**asdict(p), "display_name": p.display_name}) for p in rows]
        line = "{chart_number:<10} {display_name:<32} {date_of_birth}{void}"
    else:
        rows = list_sessions(db, limit=args.limit)
        records = [json_safe({**asdict(v), "totals": {f"{k[0]} ({k[1]})": str(t) for k, t in v.totals().items()}}) for v in rows]
        line = "{id:>6} v{version_no} {clinic_date} patient {patient_id:<5} {state:<6} {clinician_name}{void}"
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for rec in records:
            print(line.format(**rec, void=" (voided)" if rec.get("voided") else ""))
    return 0
