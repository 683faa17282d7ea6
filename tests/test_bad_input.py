"""Bad input gets a clear message next to the field, and nothing is written."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDateTimeEdit

from gui_helpers import answers, open_window, patient_with_history, replace_text, screenshot, sign_past_checklist, start_session  # noqa: F401 (answers is a fixture)
from tracker.services.patients import count_patients
from tracker.services.session_views import patient_sessions
from tracker.ui.patients.patient_dialog import PatientDialog


pytestmark = pytest.mark.usefixtures("answers")


def test_new_patient_dialog_shows_each_problem_under_its_field(qtbot, clinic, artifacts):
    clinic.patient(chart_number="RDC-9000", family_name="Existing")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(PatientDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.chart_number, "RDC-9000")
    qtbot.keyClicks(dialog.family_name, "Nguyen")
    future = (date.today() + timedelta(days=30)).isoformat()
    qtbot.keyClicks(dialog.date_of_birth, future)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    messages = dialog.fields.messages
    assert "already in use" in messages["chart_number"].text()
    assert "future" in messages["date_of_birth"].text()
    assert "given names" in messages["given_names"].text()
    assert messages["family_name"].text() == ""
    screenshot(dialog, artifacts / "new_patient_errors.png")
    assert count_patients(clinic.db) == 1  # nothing written

    replace_text(qtbot, dialog.date_of_birth, "31/02/1990")
    qtbot.keyClicks(dialog.email, "linh@")
    qtbot.keyClicks(dialog.phone, "after 5pm")
    large = QFont(dialog.font())
    large.setPointSizeF(large.pointSizeF() * 1.4)  # a large font: the new messages need more room than there is
    dialog.setFont(large)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # A date that cannot be read is said with every other problem, at once, not one round after another.
    assert "is not a date" in messages["date_of_birth"].text()
    assert "given names" in messages["given_names"].text() and "not an e-mail" in messages["email"].text()
    assert "Not a phone number" in messages["phone"].text()
    screenshot(dialog, artifacts / "new_patient_errors_phone.png")
    shown = [m for m in messages.values() if m.isVisible()]
    assert len(shown) == 4 and all(m.height() >= m.heightForWidth(m.width()) for m in shown)  # the dialog grew

    replace_text(qtbot, dialog.email, "linh@example.org")
    replace_text(qtbot, dialog.phone, "+1 555 0199 ext 4")
    replace_text(qtbot, dialog.date_of_birth, "4/3/1975")
    assert "4 March 1975" in messages["date_of_birth"].text()  # the date understood is said back
    replace_text(qtbot, dialog.chart_number, "RDC-9001")
    qtbot.keyClicks(dialog.given_names, "Linh")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert count_patients(clinic.db) == 2


@pytest.fixture
def editor_form(qtbot, clinic):  # noqa: ANN001, ANN201
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    return clinic, patient, editor, form


def sessions_of(clinic, patient):  # noqa: ANN001, ANN201
    return patient_sessions(clinic.db, patient.id)


def test_text_zero_and_out_of_range_numbers(qtbot, editor_form, artifacts):
    clinic, patient, editor, form = editor_form
    replace_text(qtbot, form.concentration, "five")
    assert "not a concentration" in form.fields.message("concentration").text()
    assert form.dose.text() == "Dose: \u2013"
    replace_text(qtbot, form.concentration, "1,000")  # one, or a thousand?
    assert "could mean 1 or 1000" in form.fields.message("concentration").text()
    screenshot(editor, artifacts / "session_editor_ambiguous_comma.png")
    assert form.dose.text() == "Dose: \u2013"
    replace_text(qtbot, form.concentration, "1.000")  # a thousand where a point groups thousands
    assert "could mean 1 or 1000" in form.fields.message("concentration").text()
    assert form.dose.text() == "Dose: \u2013"
    replace_text(qtbot, form.concentration, "5.125")  # read as a decimal point
    assert form.fields.message("concentration").text() == ""
    replace_text(qtbot, form.concentration, "9" * 24)  # pasted by mistake: a dose could not be stored exactly
    assert "more than 12 digits" in form.fields.message("concentration").text()
    assert form.dose.text() == "Dose: \u2013"
    replace_text(qtbot, form.concentration, "5,0")  # a decimal comma that cannot be read two ways
    assert form.fields.message("concentration").text() == ""
    replace_text(qtbot, form.concentration, "40")
    assert "Outside the catalog's range" in form.fields.message("concentration").text()
    assert "reason" in form.fields.message("concentration").text()
    replace_text(qtbot, form.volume, "0")
    assert "more than zero" in form.fields.message("volume").text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Nothing was saved" in editor.general.text()
    assert len(sessions_of(clinic, patient)) == 1  # only the earlier session

    # Out of range is allowed with a reason, through the findings.
    replace_text(qtbot, form.volume, "0.1")
    qtbot.keyClicks(form.lot.lineEdit(), "KN1")
    qtbot.keyClicks(form.expiry, "2099-01-01")
    editor.fields.consent.setChecked(True)
    qtbot.waitUntil(lambda: any("outside the catalog's range" in t for t in editor.safety.findings_text()), timeout=5000)
    assert not editor.sign_button.isEnabled()
    qtbot.keyClicks(editor.safety.reason, "Thick patch; higher strength agreed")
    sign_past_checklist(qtbot, editor)
    assert editor.read_only


def test_missing_lot_and_consent_are_shown_where_they_belong(qtbot, editor_form):
    clinic, patient, editor, form = editor_form
    qtbot.waitUntil(lambda: editor.safety.report is not None and editor.sign_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    qtbot.wait(500)  # the save reloads the chart: the messages must outlast it
    assert "lot number" in form.fields.message("lot_number").text()
    assert "expiry" in form.fields.message("lot_expiry").text()
    assert "consent" in editor.fields.fields.message("consent_obtained").text()
    assert "Draft saved, not signed: some fields need attention" in editor.general.text()
    assert not editor.read_only
    [earlier, draft] = sorted(sessions_of(clinic, patient), key=lambda v: v.id)
    assert not draft.is_signed  # kept as a draft, not signed
    qtbot.keyClicks(form.lot.lineEdit(), "KN7")  # the message goes once the field is filled
    assert form.fields.message("lot_number").text() == "" and "expiry" in form.fields.message("lot_expiry").text()


def test_an_expired_lot_is_refused(qtbot, editor_form, artifacts):
    clinic, patient, editor, form = editor_form
    qtbot.keyClicks(form.lot.lineEdit(), "OLD7")
    qtbot.keyClicks(form.expiry, (date.today() - timedelta(days=1)).isoformat())
    assert "expired" in form.fields.message("lot_expiry").text()
    qtbot.waitUntil(lambda: any("BLOCKED" in t for t in editor.safety.findings_text()), timeout=5000)
    assert not editor.sign_button.isEnabled() and "Cannot sign" in editor.sign_hint.text()
    qtbot.keyClicks(editor.safety.reason, "no other vial")  # no reason opens a block
    assert not editor.sign_button.isEnabled()
    assert all(v.is_signed for v in sessions_of(clinic, patient))


def test_a_session_before_birth_is_refused_next_to_the_date(qtbot, editor_form):
    clinic, patient, editor, form = editor_form
    when = editor.fields.when
    when.setFocus()
    when.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(when, "1950")
    assert when.date().year() == 1950
    assert "before the patient's birth" in editor.fields.fields.message("performed_at").text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "before the patient's birth" in editor.fields.fields.message("performed_at").text()
    assert len(sessions_of(clinic, patient)) == 1


def test_the_date_message_says_what_the_save_will_do(qtbot, editor_form):
    """Tomorrow: a draft may be saved (signed once held); ten days ahead: the
    message says at once that it cannot be saved, as the save then refuses."""
    clinic, patient, editor, form = editor_form
    tomorrow = date.today() + timedelta(days=1)
    editor.fields.set_performed_at(datetime.combine(tomorrow, time(10, 0)).astimezone())
    assert "can be saved as a draft" in editor.fields.fields.message("performed_at").text()
    editor.fields.set_performed_at(datetime.combine(date.today() + timedelta(days=10), time(10, 0)).astimezone())
    shown = editor.fields.fields.message("performed_at").text()
    assert "cannot be saved" in shown
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "a draft can be dated tomorrow at the latest" in editor.fields.fields.message("performed_at").text()
    assert len(sessions_of(clinic, patient)) == 1


def test_text_longer_than_its_column_is_refused_beside_the_field(qtbot, clinic):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(PatientDialog)
    qtbot.keyClicks(dialog.chart_number, "RDC-7000")
    dialog.family_name.setText("A" * 130)  # pasted, say, from a letter
    qtbot.keyClicks(dialog.given_names, "Linh")
    qtbot.keyClicks(dialog.date_of_birth, "1975-03-04")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "at most 120 characters (this has 130)" in dialog.fields.messages["family_name"].text().lower()
    assert count_patients(clinic.db) == 0 and dialog.isVisible()


def test_a_scanned_lot_code_too_long_is_refused_and_nothing_saved(qtbot, editor_form):
    clinic, patient, editor, form = editor_form
    form.lot.lineEdit().setText("01" + "0" * 14 + "17270101" + "10" + "K" * 50)  # a whole GS1 code scanned
    qtbot.keyClicks(form.expiry, "2099-01-01")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "at most 60 characters (this has 76)" in form.fields.message("lot_number").text().lower()
    assert "Not saved" in editor.general.text()
    assert len(sessions_of(clinic, patient)) == 1  # only the earlier session
