"""``tracker outcomes``: the clinic's outcome numbers, or one patient's lesions
(trend, course, flags, response), optionally with each lesion's progress chart
written as a PNG (drawn offscreen, no window)."""
from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.context import existing_clinic
from tracker.services.errors import NotFoundError
from tracker.services.outcome_clinic import clinic_outcomes
from tracker.services.outcome_overview import patient_overview
from tracker.services.patients import search_patients
from tracker.services.progress import lesion_progress


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("outcomes", help="outcome numbers for the clinic, or one patient's progress")
    p.add_argument("--patient", metavar="CHART", help="a patient's chart number: show each lesion's progress")
    p.add_argument("--charts", metavar="DIR", type=Path, help="with --patient: write each lesion's progress chart here as PNG")
    p.set_defaults(handler=run)


def _clinic(db) -> None:  # noqa: ANN001
    result = clinic_outcomes(db)
    months = " ".join(f"{m:>2}-month response" for m in result.response_months)
    print(f"Outcomes as of {result.as_of:%d %b %Y}")
    print(f"{'condition':<24} {'agents':<42} {'lesions':>7} {'improving':>9} {'stable':>6} {'worse':>5}  {months}")
    for row in result.rows:
        responses = " ".join(f"{r.text:>17}" for r in row.responses)
        print(f"{row.condition_label:<24} {row.agents:<42} {row.lesions:>7} {row.improving:>9} {row.stable:>6} {row.worse:>5}  {responses}")
    print(f"\nFlagged lesions: {len(result.flagged)}")
    for outcome in result.flagged:
        for flag in outcome.flags:
            print(f"  {outcome.chart_number} {outcome.patient_name}, {outcome.label}: {flag.text}")
    print(f"\nOverdue outcome reviews: {len(result.overdue)}")
    for review in result.overdue:
        last = f"{review.last_assessed:%d %b %Y}" if review.last_assessed else "never"
        print(f"  {review.chart_number} {review.patient_name}, {review.lesion_label}: last assessed {last}, "
              f"{review.days_overdue} days overdue")


def _patient(db, chart: str, charts: Path | None) -> None:  # noqa: ANN001
    found = [p for p in search_patients(db, chart, limit=20, include_voided=True) if p.chart_number == chart]
    if not found:
        raise NotFoundError(f"no patient with chart number {chart}")
    patient = found[0]
    print(f"{patient.chart_number} {patient.display_name}")
    if charts is not None:
        from tracker.charts.progress_chart import render_progress_chart  # Qt only when asked for

        charts.mkdir(parents=True, exist_ok=True)
    for outcome in patient_overview(db, patient.id):
        print(f"\n{outcome.label} ({outcome.condition_label}, {outcome.status}): {outcome.trend.label}")
        for flag in outcome.flags:
            print(f"  FLAG: {flag.text}")
        data = lesion_progress(db, outcome.lesion_id)
        for line in data.summary:
            print(f"  {line}")
        if charts is not None:
            path = charts / f"lesion-{outcome.lesion_id}.png"
            if not render_progress_chart(data, 1200, 620).save(str(path)):
                raise OSError(f"could not write {path}")
            print(f"  chart: {path}")


def run(args: argparse.Namespace) -> int:
    if args.charts is not None and not args.patient:
        raise ValueError("--charts needs --patient")
    db = existing_clinic(args)
    try:
        if args.patient:
            _patient(db, args.patient, args.charts)
        else:
            _clinic(db)
    finally:
        db.dispose()
    return 0
