"""``tracker check``: verify the database, the audit chain and the photo files."""
from __future__ import annotations

import argparse

from tracker.cli.context import existing_clinic
from tracker.services.health import run_checks


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("check", help="verify integrity, foreign keys, the audit chain and photo files; non-zero exit on any problem")
    p.add_argument("--quick", action="store_true", help="quick_check instead of the full integrity_check")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = existing_clinic(args)
    results = run_checks(db, quick=args.quick)
    failed = 0
    for result in results:
        status = "ok" if result.ok else "FAILED"
        detail = f" ({result.detail})" if result.detail else ""
        print(f"{result.name}: {status}{detail}")
        for problem in result.problems:
            print(f"  - {problem}")
        failed += 0 if result.ok else 1
    print("all checks passed" if not failed else f"{failed} check(s) failed")
    return 1 if failed else 0
