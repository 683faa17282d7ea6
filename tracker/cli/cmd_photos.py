"""``tracker import-photos``: store photos (files or whole folders) for a patient, from a script."""
from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.arg_types import MAX_ID, record_id
from tracker.cli.context import acting_staff_id, existing_clinic
from tracker.services.capture_standards import view_codes
from tracker.services.errors import NotFoundError
from tracker.services.patients import get_patient, search_patients
from tracker.services.photo_import import ImportItem, Outcome, import_photos
from tracker.services.photo_scan import expand_paths


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("import-photos", help="import photo files or folders (JPEG, PNG, TIFF) into a patient's chart")
    p.add_argument("paths", nargs="+", type=Path, help="photo files and/or folders (searched recursively)")
    p.add_argument("--patient", required=True, help="the patient's chart number (or #ID for the database id)")
    p.add_argument("--lesion-id", type=record_id, help="attach the photos to this lesion")
    p.add_argument("--session-id", type=record_id, help="attach the photos to this session (default: the visit on the day taken)")
    p.add_argument("--view", choices=view_codes(), help="view label for every photo")
    p.set_defaults(handler=run)


def _patient_id(db, text: str) -> int:  # noqa: ANN001
    if text.startswith("#") and text[1:].isdigit():
        if int(text[1:]) > MAX_ID:
            raise NotFoundError(f"no patient with id {text[1:]}")
        return get_patient(db, int(text[1:])).id
    match = [p for p in search_patients(db, text, limit=20, include_voided=True) if p.chart_number == text]
    if not match:
        raise NotFoundError(f"no patient with chart number {text!r}")
    return match[0].id


def run(args: argparse.Namespace) -> int:
    db = existing_clinic(args)
    patient_id = _patient_id(db, args.patient)
    scan = expand_paths(args.paths)
    for _path, message in scan.problems:
        print(f"  - {message}")
    items = [ImportItem(path=f, lesion_id=args.lesion_id, session_id=args.session_id, view_label=args.view) for f in scan.files]
    report = import_photos(db, acting_staff_id(db, args), patient_id, items)
    for result in report.results:
        if result.outcome != Outcome.IMPORTED or result.note:
            print(f"  - {result.message}")
    print(report.summary())
    db.dispose()
    return 1 if report.failed or scan.problems else 0
