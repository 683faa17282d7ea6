"""Alt+letter keys: Alt+O ticks consent in the session editor, the snooze
dialog's labels lead to their fields, and no letter is offered twice in the
main window (Qt would cycle between the two instead of acting)."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar

from gui_helpers import answers, open_window, patient_with_history, search_and_open, start_session  # noqa: F401 (answers is a fixture)

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


def alt_letters(window) -> dict[str, list[str]]:  # noqa: ANN001
    """Each Alt letter on screen, with the texts offering it."""
    found = defaultdict(list)

    def add(text: str) -> None:
        if m := re.search(r"&([^&])", text or ""):
            found[m.group(1).lower()].append(text)

    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.isEnabled():
            add(button.text())
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            add(label.text())
    for box in window.findChildren(QGroupBox):
        if box.isVisible():
            add(box.title())
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            for n in range(bar.count()):
                add(bar.tabText(n))
    for bar in window.findChildren(QMenuBar):
        for action in bar.actions():
            add(action.text())
    return found


def test_no_alt_letter_is_offered_twice_on_the_chart_or_in_the_editor(qtbot, db, clinic):
    _patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, db, clinic.doctor)
    search_and_open(qtbot, window, "RDC-2001")
    chart_letters = alt_letters(window)
    assert {k: v for k, v in chart_letters.items() if len(v) > 1} == {}
    assert chart_letters["f"] == ["&File"]
    _chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    editor_letters = alt_letters(window)
    assert {k: v for k, v in editor_letters.items() if len(v) > 1} == {}
    assert {"o", "s", "c"} <= set(editor_letters)  # consent, Save draft, Clinician
