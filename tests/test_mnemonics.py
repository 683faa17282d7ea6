"""Alt+letter keys: every chart tab has one, and no letter is offered twice in
the main window with a chart and the session editor open, whichever chart tab
or editor page is shown."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_helpers import answers, open_window, patient_with_history, start_session  # noqa: F401 (answers is a fixture)
from mnemonics import clashes, missing

pytestmark = pytest.mark.usefixtures("answers")


@pytest.mark.xfail(strict=True, reason="not done yet: letters still offered twice (f: Find patient / File menu; "
                   "s: New session / Sessions / Save draft; l: Clinician / Lot number / Lesions; d: Date / Depth; "
                   "t: Lesions treated / Technique; p: Edit patient / Points) and tabs Photos..History have none")
def test_no_alt_letter_is_offered_twice_with_the_chart_and_the_editor_open(qtbot, db, clinic):
    _patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, db, clinic.doctor)
    chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    assert missing(chart.tabs.tabBar()) == [chart.tabs.tabText(chart.tabs.indexOf(editor))]  # its title changes
    seen = {}
    for index in range(chart.tabs.count()):
        chart.tabs.setCurrentIndex(index)
        qtbot.wait(100)  # the tab loads its rows in the background
        pages = editor.pages if chart.tabs.currentWidget() is editor else None
        for page in range(pages.count() if pages else 1):
            if pages:
                pages.setCurrentIndex(page)
            seen[chart.tabs.tabText(index), page] = clashes(window)
    assert {where: found for where, found in seen.items() if found} == {}


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
