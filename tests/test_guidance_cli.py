"""The calendar file parses with the icalendar library and a re-export keeps
its UIDs; `tracker reminders`, `tracker rules` and `tracker check` report as a
script would see them."""
from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from tracker.models import Condition
from tracker.services.guidance.calendar_export import build_calendar
from tracker.services.guidance.loader import shipped_rules
from tracker.services.guidance.reminders import clinic_today, complete_reminder, patient_reminders
from tracker.services.sessions import amend_session

DAY = date(2026, 6, 1)


def events(data: bytes) -> dict[str, dict]:
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and "Injection Tracker" in str(cal["PRODID"])
    return {str(e["UID"]): {"start": e.decoded("DTSTART"), "status": str(e["STATUS"]), "summary": str(e["SUMMARY"]),
                            "sequence": int(e["SEQUENCE"])} for e in cal.walk("VEVENT")}


def test_calendar_parses_and_a_re_export_updates_instead_of_duplicating(clinic):
    p = clinic.patient(family_name="Okafor", given_names="Amara")
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="61719002", label="Vertex patch")
    first = clinic.record(p.id, [clinic.injection(patch.id, "tac", conc="5", points=4)], day=DAY)
    today = DAY + timedelta(days=10)
    before = events(build_calendar(clinic.db, today=today))
    assert len(before) == 3 and all(e["status"] == "CONFIRMED" for e in before.values())
    review = next(e for e in before.values() if e["summary"].startswith("Review with photos"))
    assert review["start"] == DAY + timedelta(days=28) and "OKAFOR, Amara (T0001)" in review["summary"]

    # The visit is corrected to a week later and one reminder is dealt with: same UIDs, new dates and states.
    data = clinic.session_input(p.id, [clinic.injection(patch.id, "tac", conc="5", points=4)], day=DAY + timedelta(days=7))
    amend_session(clinic.db, clinic.doctor.id, first.id, data, reason="date entered wrongly")
    reassess = next(r for r in patient_reminders(clinic.db, p.id) if r.kind == "reassess")
    complete_reminder(clinic.db, clinic.nurse.id, reassess.id)
    after = events(build_calendar(clinic.db, today=today))
    assert set(after) == set(before)
    moved = next(e for e in after.values() if e["summary"].startswith("Review with photos"))
    assert moved["start"] == DAY + timedelta(days=35) and moved["sequence"] > review["sequence"]
    assert after[reassess.uid]["status"] == "CANCELLED"
    assert "Okafor" not in build_calendar(clinic.db, today=today, with_names=False).decode().lower()


def test_cli_lists_due_reminders_and_writes_the_calendar(cli, clinic, location, tmp_path):
    today = clinic_today(clinic.db)
    p = clinic.patient(family_name="Nguyen", given_names="Linh")
    wart = clinic.lesion(p.id, Condition.WART, site="local:hand", label="Hand wart")
    clinic.record(p.id, [clinic.injection(wart.id, "candida", conc="1", per_point="0.1", points=2)], day=today - timedelta(days=2))
    clinic.db.dispose()
    args = ("--data-dir", str(location.data_dir))
    listed = cli(*args, "reminders")
    assert listed.returncode == 0, listed.stderr
    assert "Due today (1):" in listed.stdout and "NGUYEN, Linh" in listed.stdout and "Check-in call" in listed.stdout
    assert "Next 7 days (0):" in listed.stdout
    later = cli(*args, "reminders", "--date", (today + timedelta(days=19)).isoformat())
    assert "Overdue (1):" in later.stdout and "Due today (1):" in later.stdout and "Next Candida antigen injection due: Hand wart" in later.stdout

    ics = tmp_path / "out" / "reminders.ics"
    mistyped = cli(*args, "reminders", "--ics", str(ics))  # a folder that is not there is not made
    assert mistyped.returncode == 2 and f"the folder {ics.parent} does not exist" in mistyped.stderr
    assert not ics.parent.exists()
    ics.parent.mkdir()
    folder = cli(*args, "reminders", "--ics", str(ics.parent))
    assert folder.returncode == 2 and "is a folder; give a file name in it" in folder.stderr
    too_far = cli(*args, "reminders", "--days", "100000000")
    assert too_far.returncode == 2 and "give 0 to 3660 (ten years)" in too_far.stderr
    first = cli(*args, "reminders", "--ics", str(ics))
    assert first.returncode == 0 and first.stdout.strip() == f"wrote 2 reminder event(s) to {ics}"
    uids = set(events(ics.read_bytes()))
    assert cli(*args, "reminders", "--ics", str(ics)).returncode == 0
    assert set(events(ics.read_bytes())) == uids


def test_cli_rules_and_check_report_a_broken_clinic_rules_file(cli, clinic, location):
    clinic.db.dispose()
    args = ("--data-dir", str(location.data_dir))
    ok = cli(*args, "rules", "--list")
    assert ok.returncode == 0 and "all rules ok" in ok.stdout and "general.consent" in ok.stdout
    location.rules_file.write_text("rules:\n  - id: ours\n    title: Ours\n    when:\n      region: elbow\n", encoding="utf-8")
    bad = cli(*args, "rules")
    assert bad.returncode == 1
    assert f"{location.rules_file}, line 5: rule 'ours': when.region: unknown 'elbow'" in bad.stdout
    shipped = len(shipped_rules()[0])
    assert f"guidance rules: {shipped} in force" in bad.stdout  # the shipped rules still load
    check = cli(*args, "check")
    assert check.returncode == 1
    assert f"guidance rules: FAILED ({shipped} rules in force)" in check.stdout and "line 5: rule 'ours'" in check.stdout
