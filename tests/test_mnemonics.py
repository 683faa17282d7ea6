"""Alt+letter keys: Alt+O ticks consent in the session editor, and the snooze
dialog's labels lead to their fields."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_helpers import answers, open_window, patient_with_history, start_session  # noqa: F401 (answers is a fixture)

pytestmark = pytest.mark.usefixtures("answers")


def test_alt_o_ticks_consent(qtbot, db, clinic):
    _patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, db, clinic.doctor)
    _chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    editor.fields.notes.setFocus()
    qtbot.keyClick(editor.fields.notes, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(editor.fields.consent.isChecked)  # a button pressed by its letter clicks a moment later


def test_the_snooze_dialogs_labels_take_you_to_their_fields(qtbot):
    from datetime import date

    from tracker.ui.guidance.dialogs import SnoozeDialog

    dialog = SnoozeDialog(None, date(2030, 1, 1), "Review the patch")
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    dialog.until.setFocus()
    qtbot.keyClick(dialog.until, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert dialog.note.hasFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert dialog.until.hasFocus()
