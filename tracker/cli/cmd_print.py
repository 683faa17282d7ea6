"""``tracker print aftercare SESSION_ID --pdf FILE`` and ``tracker print progress LESION_ID|--patient ID --pdf FILE``.

Works without a display (offscreen Qt); each saved file is recorded in the
audit trail as an export.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.arg_types import record_id
from tracker.cli.context import acting_staff_id, existing_clinic


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("print", help="save an aftercare sheet or a progress report as PDF")
    kinds = p.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    after = kinds.add_parser("aftercare", help="the patient's aftercare sheet for one visit")
    after.add_argument("session_id", type=record_id, metavar="SESSION_ID", help="the visit (treatment session) id")
    after.add_argument("--pdf", required=True, metavar="FILE", help="where to save the PDF")
    after.set_defaults(handler=run)
    prog = kinds.add_parser("progress", help="a progress report for one lesion, or for all of a patient's lesions")
    prog.add_argument("lesion_id", type=record_id, nargs="?", metavar="LESION_ID", help="the lesion id")
    prog.add_argument("--patient", type=record_id, metavar="PATIENT_ID", help="report on every lesion of this patient")
    prog.add_argument("--pdf", required=True, metavar="FILE", help="where to save the PDF")
    prog.set_defaults(handler=run)


def _target(args: argparse.Namespace) -> tuple[str, int]:
    if args.document == "aftercare":
        return "aftercare", args.session_id
    if (args.lesion_id is None) == (args.patient is None):
        raise ValueError("give either a LESION_ID or --patient PATIENT_ID")
    return ("lesion_progress", args.lesion_id) if args.patient is None else ("patient_progress", args.patient)


def run(args: argparse.Namespace) -> int:
    kind, record_id = _target(args)
    from tracker.ui.environment import ensure_runtime_dir  # Qt-free; keeps Qt from warning

    ensure_runtime_dir()
    from tracker.printing.render import export_pdf  # Qt only when a document is wanted

    chart = None
    if kind != "aftercare":
        # The outcome chart is drawn with QtCharts, which needs a full QApplication.
        from tracker.charts.progress_chart import ensure_app, render_progress_chart

        ensure_app()
        chart = render_progress_chart
    db = existing_clinic(args)
    try:
        path = Path(args.pdf).expanduser()
        pages = export_pdf(db, acting_staff_id(db, args), kind, record_id, path, chart=chart)
    finally:
        db.dispose()
    print(f"saved {path} ({pages} page{'s' if pages != 1 else ''})")
    return 0
