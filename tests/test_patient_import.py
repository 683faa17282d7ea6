"""Bulk patient import: all rows or none, each problem named by row and
field, one audit event per patient in the hash chain; and the command line."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from sqlalchemy import select

from tracker.models import AuditEvent, Patient
from tracker.services.audit import verify_chain
from tracker.services.patient_import import ImportRejected, import_patient_csv
from tracker.services.patients import count_patients, search_patients, void_patient
from tracker.services.snapshot import canonical_json, row_values

HEADER = "chart_number,family_name,given_names,date_of_birth,sex,phone,allergies,diabetes,pregnant\n"
GOOD = (HEADER
        + "A-001,Okafor,Amara,1980-05-17,female,+1 555 0101,,no,no\n"
        + "A-002,  Müller ,Jonas,1975-01-02,male,,Lidocaine,yes,\n"
        + "A-003,Nguyen,Linh,2015-09-30,,,,,\n")


def write(tmp_path: Path, text: str, name: str = "patients.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def audit_seq(db) -> int:  # noqa: ANN001
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM audit_event").scalar_one()


def test_good_file_imports_every_patient_with_an_audit_event_each(db, clinic, tmp_path):
    before = audit_seq(db)
    result = import_patient_csv(db, clinic.doctor.id, write(tmp_path, GOOD))
    assert result.created == 3
    mueller = search_patients(db, "muller")[0]
    assert (mueller.chart_number, mueller.family_name, mueller.allergies, mueller.diabetes) == ("A-002", "Müller", "Lidocaine", True)
    assert "Child" in search_patients(db, "A-003")[0].flags
    assert audit_seq(db) == before + 3
    with db.read() as s:
        assert verify_chain(s) == []
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT entity, action, staff_id FROM audit_event WHERE entity = 'patient'").all()
    assert rows == [("patient", "create", clinic.doctor.id)] * 3
    # Each event holds the row as stored, exactly as a single registration's event would.
    with db.read() as s:
        patient = s.get(Patient, mueller.id)
        event = s.execute(select(AuditEvent).where(AuditEvent.entity == "patient", AuditEvent.entity_id == mueller.id)).scalar_one()
        assert event.after == canonical_json(row_values(patient))


def test_later_writes_continue_the_chain(db, clinic, tmp_path):
    import_patient_csv(db, clinic.doctor.id, write(tmp_path, GOOD))
    clinic.patient(chart_number="B-1")  # a single registration after the bulk one
    with db.read() as s:
        assert verify_chain(s) == []
    assert count_patients(db) == 4


def test_bad_rows_are_all_named_and_nothing_is_written(db, clinic, tmp_path):
    clinic.patient(chart_number="TAKEN-1")
    before = (count_patients(db), audit_seq(db))
    text = (HEADER
            + "A-001,Okafor,Amara,1980-05-17,female,,,no,no\n"
            + "A-002,,Jonas,17/05/1980,male,,,maybe,\n"       # row 3: no family name, bad date, bad flag
            + "A-001,Nguyen,Linh,2099-01-01,,,,,\n"           # row 4: chart repeats row 2, future birth
            + "TAKEN-1,Haddad,Leila,1990-02-03,robot,,,,\n")  # row 5: bad sex
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, write(tmp_path, text))
    messages = {(p.row, p.field): p.message for p in caught.value.problems}
    assert set(messages) == {(3, "date_of_birth"), (3, "diabetes"), (3, "family_name"), (4, "chart_number"), (4, "date_of_birth"), (5, "sex")}
    assert "17/05/1980" in messages[(3, "date_of_birth")] and "YYYY-MM-DD" in messages[(3, "date_of_birth")]
    assert "also on row 2" in messages[(4, "chart_number")]
    assert messages[(4, "date_of_birth")] == "the date of birth is in the future"
    assert [p.row for p in caught.value.problems] == sorted(p.row for p in caught.value.problems)
    assert "nothing was imported" in str(caught.value)
    assert (count_patients(db), audit_seq(db)) == before
    text = HEADER + "A-001,Okafor,Amara,1980-05-17,,,,,\n" + "A-002,,Jonas,1980-05-17,,,,,\n"
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, write(tmp_path, text))
    assert [(p.row, p.field, p.message) for p in caught.value.problems] == [(3, "family_name", "enter the family name")]
    assert (count_patients(db), audit_seq(db)) == before
    # A chart number already in the clinic is found inside the write transaction.
    text = HEADER + "A-001,Okafor,Amara,1980-05-17,,,,,\n" + "TAKEN-1,Haddad,Leila,1990-02-03,,,,,\n"
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, write(tmp_path, text))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "chart_number")]
    assert (count_patients(db), audit_seq(db)) == before


def test_header_problems_are_reported_before_any_row(db, clinic, tmp_path):
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, write(tmp_path, "chart_number,surname,given_names\nA,B,C\n"))
    fields = {p.field for p in caught.value.problems}
    assert {"family_name", "date_of_birth", "surname"} <= fields
    assert all(p.row == 1 for p in caught.value.problems)


def test_command_imports_or_lists_each_problem(cli, tmp_path):
    data = tmp_path / "clinic"
    assert cli("--data-dir", str(data), "demo", "--patients", "2").returncode == 0
    good = cli("--data-dir", str(data), "import", "patients", str(write(tmp_path, GOOD)))
    assert good.returncode == 0, good.stderr
    assert "imported 3 patients" in good.stdout
    listed = cli("--data-dir", str(data), "list", "patients", "--search", "A-00")
    assert listed.stdout.count("\n") == 3
    bad = cli("--data-dir", str(data), "import", "patients",
              str(write(tmp_path, HEADER + "C-1,Osei,Kwame,1970-13-01,,,,,\nA-001,Dup,Licate,1970-01-01,,,,,\n", "bad.csv")))
    assert bad.returncode == 2
    assert "nothing was imported" in bad.stderr
    assert "row 2: date_of_birth: '1970-13-01' is not a date" in bad.stderr
    assert "Traceback" not in bad.stderr
    with sqlite3.connect(data / "tracker.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM patient").fetchone() == (5,)
    assert cli("--data-dir", str(data), "check").returncode == 0
    missing = cli("--data-dir", str(data), "import", "patients", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "nope.csv" in missing.stderr


def test_a_file_in_an_older_encoding_is_refused_saying_how_to_save_it(db, clinic, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "A-001,M\u00fcller,Jonas,1975-01-02,male,,,no,no\n").encode("latin-1"))
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, path)
    assert str(caught.value.problems[0]) == ("row 2: -: this is not UTF-8 text (byte 0xfc, an older encoding's letter): "
                                             "save the file from the spreadsheet as \u201cCSV UTF-8\u201d and import it again")
    assert count_patients(db) == 0


def test_a_utf16_file_with_its_mark_imports(db, clinic, tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes(GOOD.encode("utf-16"))  # Python writes the byte-order mark first
    assert import_patient_csv(db, clinic.doctor.id, path).created == 3
    assert search_patients(db, "muller")[0].family_name == "M\u00fcller"


def test_chart_numbers_differing_only_in_case_are_refused(db, clinic, tmp_path):
    clinic.patient(chart_number="RDC-9000", family_name="Existing")
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, write(tmp_path, HEADER + "b-1,Okafor,Amara,1980-05-17,,,,,\nB-1,Okafor,Ama,1980-05-17,,,,,\n"))
    assert [str(p) for p in caught.value.problems] == ["row 3: chart_number: chart number B-1 is also on row 2"]
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, write(tmp_path, HEADER + "A-1,Okafor,Amara,1980-05-17,,,,,\nrdc-9000,Muller,Jonas,1975-01-02,,,,,\n"))
    assert [str(p) for p in caught.value.problems] == ["row 3: chart_number: chart number rdc-9000 is already in use (as RDC-9000)"]
    assert count_patients(db) == 1


def test_a_row_that_cannot_be_read_lists_its_other_problems_too(db, clinic, tmp_path):
    path = write(tmp_path, "chart_number,family_name,given_names,date_of_birth,email,fitzpatrick\n"
                           "A-1,,Amara,17/05/1980,bad@,9\n")
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, path)
    assert sorted(str(p) for p in caught.value.problems) == [
        "row 2: date_of_birth: '17/05/1980' is not a date (write YYYY-MM-DD)",
        "row 2: email: this is not an e-mail address",
        "row 2: family_name: enter the family name",
        "row 2: fitzpatrick: Fitzpatrick skin type is I to VI (1-6)",
    ]


def test_rows_are_numbered_as_a_spreadsheet_shows_them_after_blank_lines_and_line_breaks(db, clinic, tmp_path):
    text = ("chart_number,family_name,given_names,date_of_birth,address\n"   # row 1
            "A-1,Okafor,Amara,1980-05-17,\n"                                   # row 2
            "\n"                                                               # row 3: blank
            'A-2,Haddad,Leila,1990-02-03,"12 Rue Haute\nBruxelles"\n'         # row 4: an address on two lines
            "A-3,Nguyen,Linh,1990-13-01,\n")                                  # row 5: the bad date
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, write(tmp_path, text))
    assert [(p.row, p.field) for p in caught.value.problems] == [(5, "date_of_birth")]
    assert count_patients(db) == 0


def test_a_semicolon_separated_file_imports(db, clinic, tmp_path):
    """What a spreadsheet in many European locales writes as "CSV"."""
    path = tmp_path / "export.csv"
    path.write_text("chart_number;family_name;given_names;date_of_birth;address\n"
                    "A-1;Dubois;Chlo\u00e9;1985-04-02;\"4, rue Haute\"\n"
                    "A-2;Martin;Ana;1990-01-13;\n", encoding="utf-8-sig")
    assert import_patient_csv(db, clinic.doctor.id, path).created == 2
    chloe = search_patients(db, "dubois")[0]
    assert (chloe.chart_number, chloe.given_names, chloe.address) == ("A-1", "Chlo\u00e9", "4, rue Haute")
    # A bad row of such a file is named like any other.
    path.write_text("chart_number;family_name;given_names;date_of_birth\nA-3;Osei;Kwame;1970-13-01\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "date_of_birth")]


def test_rows_like_a_registered_patient_are_imported_and_listed_with_its_chart(db, clinic, tmp_path, cli):
    clinic.patient(chart_number="RDC-2001", family_name="Dubois", given_names="Chlo\u00e9", born=date(1985, 4, 2))
    gone = clinic.patient(chart_number="RDC-2002", family_name="Martin", given_names="Ana", born=date(1990, 1, 13))
    void_patient(db, clinic.doctor.id, gone.id, "registered twice")
    text = (HEADER
            + "NEW-1,DUBOIS,Chloe,1985-04-02,,,,,\n"      # row 2: the same person as RDC-2001, written otherwise
            + "NEW-2,Dubois,Chlo\u00e9,1985-04-03,,,,,\n"  # row 3: another birthday
            + "NEW-3,Martin,Ana,1990-01-13,,,,,\n"        # row 4: like a voided chart only
            + "NEW-4,Okafor,Amara,1980-05-17,,,,,\n"
            + "NEW-5,okafor,AMARA,1980-05-17,,,,,\n")     # row 6: like row 5 of the same file
    result = import_patient_csv(db, clinic.doctor.id, write(tmp_path, text))
    assert result.created == 5  # a warning, not a refusal: twins and namesakes exist
    assert [str(d) for d in result.likely_duplicates] == [
        "row 2: NEW-1 has the same name and date of birth as chart RDC-2001",
        "row 6: NEW-5 has the same name and date of birth as row 5",
    ]
    # The command says so after importing.
    data = tmp_path / "clinic"
    assert cli("--data-dir", str(data), "demo", "--patients", "2").returncode == 0
    assert cli("--data-dir", str(data), "import", "patients", str(write(tmp_path, text, "first.csv"))).returncode == 0
    again = cli("--data-dir", str(data), "import", "patients", str(write(tmp_path, text.replace("NEW-", "AGAIN-"), "again.csv")))
    assert again.returncode == 0, again.stderr
    assert "imported 5 patients" in again.stdout
    assert "row 2: AGAIN-1 has the same name and date of birth as chart NEW-1" in again.stdout
    assert "row 6: AGAIN-5 has the same name and date of birth as chart NEW-4, chart NEW-5, row 5" in again.stdout
