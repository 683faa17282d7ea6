"""Reminders as an RFC 5545 calendar (.ics) that calendar programs import.

Each reminder is an all-day event whose UID is the reminder's stored uid, so
importing a newer export updates the events instead of adding copies;
SEQUENCE follows the reminder's row version. Reminders closed recently are
written as cancelled, so the calendar drops them too.
"""
from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from tracker import __version__
from tracker.models.types import utcnow
from tracker.services.guidance.reminders import ReminderView, calendar_reminders, clinic_today
from tracker.services.settings import get_settings

PRODID = f"-//Injection Tracker//Reminders {__version__}//EN"
#: closed reminders stay in the export (as cancelled) this long
CLOSED_WINDOW_DAYS = 90


def _event(rem: ReminderView, *, with_names: bool) -> Event:
    who = f"{rem.patient_name} ({rem.chart_number})" if with_names else f"chart {rem.chart_number}"
    event = Event()
    event.add("uid", rem.uid)
    event.add("dtstamp", utcnow())
    event.add("last-modified", rem.updated_at)
    event.add("sequence", rem.row_version)
    event.add("dtstart", rem.when)
    event.add("dtend", rem.when + timedelta(days=1))
    event.add("summary", f"{rem.title} \u2013 {who}")
    lines = [rem.detail or "", f"Patient: {who}" + (f", phone {rem.phone}" if with_names and rem.phone else "")]
    if rem.session_date:
        lines.append(f"From the visit on {rem.session_date.isoformat()}")
    if not rem.is_open:
        lines.append(f"{rem.status.capitalize()}" + (f": {rem.close_reason}" if rem.close_reason else ""))
    lines.append(f"Why: {rem.source.splitlines()[0] if rem.source else rem.rule_id}")
    event.add("description", "\n".join(line for line in lines if line))
    event.add("categories", [rem.kind_title])
    event.add("status", "CONFIRMED" if rem.is_open else "CANCELLED")
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(db, *, with_names: bool = True, today: date | None = None) -> bytes:  # noqa: ANN001
    today = today or clinic_today(db)
    clinic = get_settings(db).get("clinic_name") or "Clinic"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{clinic} reminders")
    for rem in calendar_reminders(db, closed_since=today - timedelta(days=CLOSED_WINDOW_DAYS)):
        cal.add_component(_event(rem, with_names=with_names))
    return cal.to_ical()


def write_calendar(db, path: Path, *, with_names: bool = True, today: date | None = None) -> int:  # noqa: ANN001
    """Write the .ics file safely (temporary file, then rename). Returns the event count."""
    data = build_calendar(db, with_names=with_names, today=today)
    path = Path(path)
    if path.is_dir():
        raise OSError(f"cannot write the calendar: {path} is a folder; give a file name in it, e.g. {path / 'reminders.ics'}")
    if not path.parent.is_dir():  # a mistyped folder is not made silently
        raise OSError(f"cannot write the calendar: the folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".reminders-", suffix=".ics", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return data.count(b"BEGIN:VEVENT")
