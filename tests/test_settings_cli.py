"""`tracker settings show|set KEY VALUE` as a script uses it: a new clinic sets
its name, phone, address and time zone, and its aftercare sheet then carries them."""
from __future__ import annotations

from datetime import date

from pdf_tools import pdf_text
from sqlalchemy import text


def _visit(clinic):  # noqa: ANN001, ANN202
    p = clinic.patient(family_name="Keys", given_names="Kim")
    lesion = clinic.lesion(p.id)
    return clinic.record(p.id, [clinic.injection(lesion.id, conc="5")], day=date(2026, 6, 1))


def test_a_new_clinic_sets_its_details_and_the_sheet_prints_them(clinic, location, cli, tmp_path):
    visit = _visit(clinic)
    where = ("--data-dir", str(location.data_dir), "--user", "doc")
    for key, value in (("clinic_name", "Harbour Skin Clinic"), ("clinic_phone", "+44 20 7946 0011"),
                       ("clinic_address", "4 Quay Road, Leith"), ("clinic_timezone", "Europe/London")):
        result = cli(*where, "settings", "set", key, value)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{key}: ") and value in result.stdout
    assert "stored times stay in UTC" in result.stdout  # the time zone says what it affects

    shown = cli(*where, "settings", "show")
    assert shown.returncode == 0, shown.stderr
    lines = {line.split()[0]: line.split(None, 1)[1:] and line.split(None, 1)[1] for line in shown.stdout.splitlines()
             if not line.startswith("(")}
    assert lines["clinic_name"] == "Harbour Skin Clinic" and lines["clinic_timezone"] == "Europe/London"
    assert "(clinic time)" in shown.stdout and ("GMT" in shown.stdout or "BST" in shown.stdout)

    pdf = tmp_path / "sheet.pdf"
    printed = cli(*where, "print", "aftercare", str(visit.id), "--pdf", str(pdf))
    assert printed.returncode == 0, printed.stderr
    sheet = pdf_text(pdf)
    assert "Harbour Skin Clinic" in sheet and "4 Quay Road, Leith" in sheet and "+44 20 7946 0011" in sheet

    with clinic.db.read() as s:
        events = s.execute(text("SELECT staff_id, after FROM audit_event WHERE entity = 'setting' AND after LIKE '%clinic_%' ORDER BY seq")).all()
    assert [e.staff_id for e in events] == [clinic.doctor.id] * 4
    assert '"Europe/London"' in events[-1].after


def test_values_it_does_not_accept_are_one_line_and_store_nothing(clinic, location, cli):
    where = ("--data-dir", str(location.data_dir))
    cases = ((("clinic_timezone", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
             (("clinic_phone", "call the desk"), "a phone number holds digits"),
             (("colour", "red"), "colour: not a clinic setting"))
    for (key, value), words in cases:
        result = cli(*where, "settings", "set", key, value)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("tracker: error:") and words in result.stderr
    again = cli(*where, "settings", "set", "clinic_timezone", "UTC")  # the default: nothing to write
    assert again.returncode == 0 and "nothing changed" in again.stdout
    with clinic.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM setting")).scalar() == 0
        assert s.execute(text("SELECT count(*) FROM audit_event WHERE entity = 'setting'")).scalar() == 0
