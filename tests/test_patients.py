"""Registering and finding patients: validation next to each field, unique
chart numbers, type-ahead search, optimistic locking."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from gui_helpers import answers, open_window, replace_text, screenshot  # noqa: F401 (answers is a fixture)
from tracker.ui.widgets.reason_dialog import ReasonDialog

from tracker.models import Sex
from tracker.services.errors import ConflictError, ValidationError
from tracker.services.patients import (
    PatientInput, count_patients, get_patient, register_patient, search_patients, update_patient, void_patient,
)


def good(**kw) -> PatientInput:  # noqa: ANN003
    base = PatientInput(chart_number="A-1", family_name="Ngozi", given_names="Ada", date_of_birth=date(1990, 4, 2), sex=Sex.FEMALE)
    return replace(base, **kw)


@pytest.mark.parametrize("changes, field, words", [
    ({"chart_number": "  "}, "chart_number", "enter the chart number"),
    ({"family_name": ""}, "family_name", "family name"),
    ({"date_of_birth": date.today() + timedelta(days=1)}, "date_of_birth", "in the future"),
    ({"date_of_birth": None}, "date_of_birth", "enter the date of birth"),
    ({"fitzpatrick": 7}, "fitzpatrick", "I to VI"),
    ({"email": "not-an-address"}, "email", "not an e-mail"),
    ({"phone": "call after 5"}, "phone", "not a phone number"),
    ({"phone": "0612abc"}, "phone", "'ext 12' for an extension"),
    ({"pregnant": True, "sex": Sex.MALE}, "pregnant", "recorded as male"),
])
def test_bad_input_is_named_per_field_and_nothing_is_written(clinic, changes, field, words):
    with pytest.raises(ValidationError) as err:
        register_patient(clinic.db, clinic.doctor.id, good(**changes))
    assert words in err.value.errors[field]
    assert count_patients(clinic.db) == 0


def test_phone_numbers_as_staff_write_them_are_kept(clinic):
    written = ("+1 555 0101", "(01) 234-5678", "0612 34 56 78 ext 12", "555.0101", "+44 20 7946 0958 x123",
               "555\u00a00101", "555\u20130101", "0612 345 678 or 0698 765 432", "555 0101, 555 0102", "5550101 ext. 12")
    for n, phone in enumerate(written):
        register_patient(clinic.db, clinic.doctor.id, good(chart_number=f"PH-{n}", phone=phone))
    assert sorted(p.phone for p in search_patients(clinic.db, "ph-", limit=10)) == sorted(written)


def test_a_phone_stored_before_the_check_does_not_block_other_edits(clinic):
    from sqlalchemy import text

    p = register_patient(clinic.db, clinic.doctor.id, good())
    with clinic.db.write() as s:  # as an older build stored it
        s.execute(text("UPDATE patient SET phone = '06 12 34 56 78 (mum)' WHERE id = :id"), {"id": p.id})
    p = get_patient(clinic.db, p.id)
    edited = update_patient(clinic.db, clinic.doctor.id, p.id, replace(p, allergies="Latex"), p.row_version)
    assert edited.allergies == "Latex" and edited.phone == "06 12 34 56 78 (mum)"
    with pytest.raises(ValidationError) as err:
        update_patient(clinic.db, clinic.doctor.id, p.id, replace(edited, phone="06 12 (dad)"), edited.row_version)
    assert "not a phone number" in err.value.errors["phone"]


def test_duplicate_chart_number_is_refused(clinic):
    register_patient(clinic.db, clinic.doctor.id, good())
    with pytest.raises(ValidationError) as err:
        register_patient(clinic.db, clinic.doctor.id, good(family_name="Other"))
    assert "already in use" in err.value.errors["chart_number"]


def test_search_by_name_prefix_chart_and_birth_date(clinic):
    register_patient(clinic.db, clinic.doctor.id, good())
    register_patient(clinic.db, clinic.doctor.id, good(chart_number="B-7", family_name="Müller", given_names="Jörg", date_of_birth=date(1961, 12, 30)))
    register_patient(clinic.db, clinic.doctor.id, good(chart_number="C-9", family_name="Mullins", given_names="Ann"))
    names = lambda text: [p.family_name for p in search_patients(clinic.db, text)]  # noqa: E731
    assert names("mul") == ["Müller", "Mullins"]  # accent-insensitive prefix
    assert names("MUL jo") == ["Müller"]
    assert names("B-7") == ["Müller"]
    assert names("1961-12-30") == ["Müller"]
    assert names("30.12.1961") == ["Müller"]
    assert names("zzz") == []
    assert count_patients(clinic.db, "mul") == 2


def test_update_with_stale_version_is_a_conflict(clinic):
    p = register_patient(clinic.db, clinic.doctor.id, good())
    update_patient(clinic.db, clinic.doctor.id, p.id, good(phone="1"), p.row_version)
    with pytest.raises(ConflictError, match="another workstation"):
        update_patient(clinic.db, clinic.doctor.id, p.id, good(phone="2"), p.row_version)


def test_care_flags_include_child_and_allergies(clinic):
    p = register_patient(clinic.db, clinic.doctor.id, good(date_of_birth=date.today().replace(year=date.today().year - 9), allergies="Lidocaine", diabetes=True))
    assert p.flags == ("Allergies: Lidocaine", "Diabetes", "Child")


def test_a_chart_number_differing_only_in_case_is_in_use(db, clinic):
    clinic.patient(chart_number="RDC-9000", family_name="Existing")
    other = clinic.patient(chart_number="RDC-9001", family_name="Other")
    data = PatientInput(chart_number="rdc-9000", family_name="New", given_names="Pat", date_of_birth=date(1990, 1, 2))
    with pytest.raises(ValidationError) as caught:
        register_patient(db, clinic.doctor.id, data)
    assert caught.value.errors == {"chart_number": "chart number rdc-9000 is already in use (as RDC-9000)"}
    with pytest.raises(ValidationError):
        update_patient(db, clinic.doctor.id, other.id, data, expected_version=other.row_version)
    renamed = update_patient(db, clinic.doctor.id, other.id, replace(data, chart_number="rdc-9001"), other.row_version)
    assert renamed.chart_number == "rdc-9001"  # its own number in another case is not "in use"


@pytest.mark.usefixtures("answers")
def test_new_patient_like_a_registered_one_is_saved_only_when_confirmed(qtbot, clinic, artifacts):
    from PySide6.QtCore import Qt

    from tracker.ui.patients.patient_dialog import PatientDialog

    clinic.patient(chart_number="RDC-2001", family_name="Dubois", given_names="Chloé", born=date(1985, 4, 2))
    twin = clinic.patient(chart_number="RDC-2002", family_name="Dubois", given_names="Chloé", born=date(1985, 4, 2))
    void_patient(clinic.db, clinic.doctor.id, twin.id, "registered twice")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(PatientDialog)
    qtbot.keyClicks(dialog.chart_number, "RDC-3999")
    qtbot.keyClicks(dialog.family_name, "DUBOIS")
    qtbot.keyClicks(dialog.given_names, "Chloe")
    qtbot.keyClicks(dialog.date_of_birth, "1985-04-02")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    warning = dialog.general.message
    assert "RDC-2001" in warning and "same name and date of birth" in warning and "RDC-2002" not in warning
    assert dialog.general.kind == "warning" and dialog.isVisible()
    assert dialog.save_button.text().replace("&", "") == "Register anyway"
    assert count_patients(clinic.db) == 1  # nothing written yet
    screenshot(dialog, artifacts / "new_patient_likely_registered.png")

    # Another birth date: no longer the same person, the warning goes.
    replace_text(qtbot, dialog.date_of_birth, "1985-04-03")
    assert dialog.general.message == "" and dialog.save_button.text() == "Register patient"
    # Back to the same one: warned again, then saved on the explicit second press.
    replace_text(qtbot, dialog.date_of_birth, "2/4/1985")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "RDC-2001" in dialog.general.message and count_patients(clinic.db) == 1
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert count_patients(clinic.db) == 2


def test_a_chart_registered_twice_is_voided_from_its_edit_dialog(qtbot, clinic, artifacts):
    """Edit patient… > Void record…: refused, with what to do first, while the
    chart holds a session in use; once that session is voided, the chart is
    voided with the reason, leaves the search and takes no new session."""
    from PySide6.QtCore import Qt

    from gui_helpers import search_and_open
    from tracker.services.patients import get_patient
    from tracker.services.sessions import void_session
    from tracker.ui.patients.patient_dialog import PatientDialog

    clinic.patient(chart_number="RDC-2001", family_name="Dubois", given_names="Chloé", born=date(1985, 4, 2))
    twin = clinic.patient(chart_number="RDC-3999", family_name="DUBOIS", given_names="Chloe", born=date(1985, 4, 2))
    lesion = clinic.lesion(twin.id)
    visit = clinic.record(twin.id, [clinic.injection(lesion.id)])
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-3999")

    def void_from_dialog():  # noqa: ANN202
        qtbot.mouseClick(chart.edit_button, Qt.MouseButton.LeftButton)
        dialog = window.findChild(PatientDialog)
        qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)
        asked = dialog.findChild(ReasonDialog)
        qtbot.waitUntil(asked.isVisible)
        qtbot.keyClicks(asked.reason, "registered twice")
        qtbot.mouseClick(asked.ok, Qt.MouseButton.LeftButton)
        return dialog, asked

    dialog, asked = void_from_dialog()
    assert "RDC-3999" in asked.prompt.text() and "registered twice or by mistake" in asked.prompt.text()
    assert "This chart still holds 1 session in use; first void each session" in asked.message.text()
    assert "patient:" not in asked.message.text()
    assert asked.isVisible() and not get_patient(clinic.db, twin.id).voided
    screenshot(asked, artifacts / "void_patient_refused.png")
    asked.reject()
    dialog.reject()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: window.findChild(PatientDialog) is None)

    void_session(clinic.db, clinic.doctor.id, visit.id, "entered on the duplicate chart")
    dialog, _asked = void_from_dialog()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    gone = get_patient(clinic.db, twin.id)
    assert gone.voided and gone.void_reason == "registered twice"
    assert [p.chart_number for p in search_patients(clinic.db, "dubois")] == ["RDC-2001"]
    qtbot.waitUntil(lambda: "(record voided)" in chart.header.name.text())
    assert not chart.session_button.isEnabled()
