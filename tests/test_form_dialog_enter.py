"""Enter in a form dialog's one-line field saves, as the highlighted button
says; in a notes box it starts a new line. Nothing is saved twice."""
from __future__ import annotations

from PySide6.QtCore import Qt

from gui_helpers import closed, open_window, opened, replace_text, search_and_open
from tracker.models import Condition
from tracker.services.lesions import get_lesion
from tracker.services.patients import count_patients, search_patients
from tracker.ui.chart.lesion_dialog import LesionDialog
from tracker.ui.patients.patient_dialog import PatientDialog


def test_enter_registers_a_patient_once_and_shows_what_is_missing_first(qtbot, clinic):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = opened(qtbot, window, PatientDialog)
    assert dialog.save_button.isDefault()  # drawn as the button Enter presses
    qtbot.keyClicks(dialog.family_name, "Nguyen")
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Return)
    messages = dialog.fields.messages
    assert "Enter the given names" in messages["given_names"].text() and dialog.isVisible()
    assert count_patients(clinic.db) == 0
    qtbot.keyClicks(dialog.chart_number, "RDC-7001")
    qtbot.keyClicks(dialog.given_names, "Lan")
    qtbot.keyClicks(dialog.date_of_birth, "1984-03-09")
    qtbot.keyClick(dialog.date_of_birth, Qt.Key.Key_Enter)  # the keypad's Enter too
    qtbot.waitUntil(lambda: closed(dialog))
    assert [p.chart_number for p in search_patients(clinic.db, "Nguyen")] == ["RDC-7001"]
    assert count_patients(clinic.db) == 1


def test_enter_saves_a_lesion_from_its_name_but_makes_a_new_line_in_its_notes(qtbot, clinic):
    p = clinic.patient(chart_number="K-100", family_name="Nguyen", given_names="Lan")
    lesion = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="Left earlobe keloid")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "K-100")
    chart.lesions.table.selectRow(0)
    qtbot.mouseClick(chart.lesions.edit_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, chart, LesionDialog)
    qtbot.keyClicks(dialog.notes, "Firm")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.notes, "pruritic")
    assert dialog.isVisible() and dialog.notes.toPlainText() == "Firm\npruritic"
    replace_text(qtbot, dialog.label, "Left earlobe keloid (posterior)")
    qtbot.keyClick(dialog.label, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    stored = get_lesion(clinic.db, lesion.id)
    assert (stored.label, stored.notes, stored.row_version) == ("Left earlobe keloid (posterior)", "Firm\npruritic",
                                                                lesion.row_version + 1)
