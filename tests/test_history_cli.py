"""`tracker history --chart CHART [--csv FILE]`, run as a script would: the
same history as the chart's History tab, as lines or CSV with a header row."""
from __future__ import annotations

import csv

from history_story import AMEND_REASON, PHOTO_REASON, VOID_REASON, tell

from tracker.services.record_history import whole_history


def test_the_command_prints_the_patients_history_newest_first(db, clinic, cli, location):
    story = tell(clinic)
    expected = list(whole_history(db, story.patient_id))
    result = cli("--data-dir", str(location.data_dir), "history", "--chart", "h-100")  # chart case aside
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "H-100 DUBOIS, Chloe"
    events = [line for line in lines[1:] if not line.startswith("    ")]
    assert len(events) == len(expected)
    assert [line.split(": ", 1)[1].split(" \u2014 reason: ")[0] for line in events] == [e.what for e in expected]
    assert f"Nurse Test: Session of 20 Mar 2026 voided \u2014 reason: {VOID_REASON}" in result.stdout
    assert f"Dr Test: Session of 12 Mar 2026 (version 2) amended (correction opened) \u2014 reason: {AMEND_REASON}" in result.stdout
    assert "Nurse Test: Aftercare sheet for the visit of 12 Mar 2026 printed" in result.stdout
    edit = lines.index(next(line for line in lines if line.endswith("Nurse Test: Patient details edited")))
    assert lines[edit + 1:edit + 3] == ["    Phone: \u2014 \u2192 555 0101", "    Allergies: None known \u2192 Latex"]
    assert "Olga" not in result.stdout


def test_the_command_writes_csv_with_a_header_and_filters(db, clinic, cli, location, tmp_path):
    story = tell(clinic)
    out = tmp_path / "history.csv"
    result = cli("--data-dir", str(location.data_dir), "history", "--chart", "H-100", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["when", "who", "kind", "what", "reason", "changes"]
    expected = list(whole_history(db, story.patient_id))
    assert [r["what"] for r in rows] == [e.what for e in expected]
    assert f"saved {out} ({len(rows)} events)" in result.stdout
    photo = next(r for r in rows if r["kind"] == "photos" and r["what"].endswith("voided"))
    assert photo["who"] == "Nurse Test" and photo["reason"] == PHOTO_REASON
    lesion = next(r for r in rows if r["what"] == "Lesion 'Left earlobe keloid (upper)' edited")
    assert lesion["changes"] == "Name: Left earlobe keloid \u2192 Left earlobe keloid (upper); Site detail: \u2014 \u2192 upper rim"
    assert all(r["when"].endswith("+13:00") or r["when"].endswith("+12:00") for r in rows)  # the clinic's zone (Auckland)

    only = cli("--data-dir", str(location.data_dir), "history", "--chart", "H-100", "--kind", "documents")
    assert only.stdout.splitlines()[1:] and all("printed" in line for line in only.stdout.splitlines()[1:])


def test_an_unknown_chart_is_one_line_and_exit_2(db, clinic, cli, location, tmp_path):
    tell(clinic)
    result = cli("--data-dir", str(location.data_dir), "history", "--chart", "NOPE-1", "--csv", str(tmp_path / "x.csv"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "tracker: error: no patient with chart number 'NOPE-1'"
    assert not (tmp_path / "x.csv").exists()
    missing = cli("--data-dir", str(tmp_path / "nowhere"), "history", "--chart", "H-100")
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
