"""``tracker staff list|add|deactivate|reactivate``: the clinic's staff, for scripts.

People are never deleted: a deactivated person is no longer offered in the
program but stays named on what they did. The last active clinician cannot be
deactivated. Refusals are one line and exit 2, as every command's errors.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from tracker.cli.context import acting_staff_id, existing_clinic, location
from tracker.models import StaffRole
from tracker.services import staff
from tracker.services.clinic import open_clinic


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("staff", help="list, add, deactivate or reactivate staff members")
    actions = p.add_subparsers(dest="staff_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the active staff (--all: with the deactivated)")
    listing.add_argument("--all", action="store_true", help="include deactivated staff members")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    add = actions.add_parser("add", help="add a staff member")
    add.add_argument("username", metavar="USERNAME", help="the user name (unique, whatever its letter case; no spaces)")
    add.add_argument("--name", required=True, metavar="NAME", help="the name shown on records, e.g. 'Dr Ama Mensah'")
    add.add_argument("--role", choices=[r.value for r in StaffRole], default=StaffRole.CLINICIAN.value,
                     help="clinician (gives injections; the default), nurse (assists) or admin (front desk)")
    for name, text in (("deactivate", "no longer offered in the program (still named on their records)"),
                       ("reactivate", "offered again")):
        action = actions.add_parser(name, help=text)
        action.add_argument("username", metavar="USERNAME")
    p.set_defaults(handler=run)


def _line(person: staff.StaffView) -> str:
    state = "" if person.active else "  (deactivated)"
    return f"{person.username:<16} {person.display_name:<32} {person.role.value}{state}"


def run(args: argparse.Namespace) -> int:
    # Adding someone may be a new clinic's first step: its database is made then, as the app makes it.
    db = open_clinic(location(args)) if args.staff_action == "add" else existing_clinic(args)
    if args.staff_action == "list":
        people = staff.list_staff(db, active_only=not args.all)
        if args.json:
            print(json.dumps([{**asdict(p), "role": p.role.value} for p in people], indent=2, ensure_ascii=False))
        else:
            for person in people:
                print(_line(person))
        return 0
    actor = acting_staff_id(db, args)
    if args.staff_action == "add":
        person = staff.add_staff(db, actor, args.username, args.name, args.role)
        print(f"added {_line(person)}")
        return 0
    change = staff.deactivate_staff if args.staff_action == "deactivate" else staff.reactivate_staff
    person = change(db, actor, staff.find_staff(db, args.username).id)
    print(f"{args.staff_action}d {_line(person)}")
    return 0
