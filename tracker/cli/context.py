"""Shared pieces of the subcommands: where the data is, who is acting."""
from __future__ import annotations

import argparse

from tracker.config import Location, resolve_location
from tracker.db import Database
from tracker.db.errors import DatabaseError
from tracker.services import staff
from tracker.services.clinic import open_clinic


def location(args: argparse.Namespace) -> Location:
    return resolve_location(args.db, args.data_dir)


def existing_clinic(args: argparse.Namespace) -> Database:
    """Open a clinic database that must already exist (scripts never create one by accident)."""
    loc = location(args)
    path = loc.sqlite_path
    if path is not None and not path.exists():
        raise DatabaseError(f"no database at {path}; create one with 'tracker demo' or by opening the app")
    return open_clinic(loc)


def acting_staff_id(db: Database, args: argparse.Namespace) -> int | None:
    if args.user:
        return staff.acting_staff(db, args.user).id
    person = staff.default_staff(db)
    return person.id if person else None
