"""Every input on the main screens has an accessible name (screen readers say
what it is) and the forms can be walked with Tab alone."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QHeaderView, QLineEdit, QPlainTextEdit, QWidget,
)

from gui_helpers import answers, open_window, patient_with_history, start_session  # noqa: F401 (answers is a fixture)
from tracker.ui.patients.patient_dialog import PatientDialog

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def unnamed_inputs(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, (QComboBox, QAbstractSpinBox)) or isinstance(widget, QHeaderView):
            continue  # parts of a combo, spin box or table, named through their owner
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName() or widget.placeholderText() if hasattr(widget, 'placeholderText') else ''}")
    buttons = [b for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root) and not (b.text() or b.accessibleName())]
    return missing + [f"button in {type(b.parentWidget()).__name__} {b.objectName()}" for b in buttons]


pytestmark = pytest.mark.usefixtures("answers")


def test_editor_chart_and_dialog_inputs_are_named(qtbot, clinic):
    _patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    assert unnamed_inputs(window) == []
    # The editor's other pages: the checklist (the draft is saved on opening it) and an unfolded outcome score.
    editor.pages.setCurrentWidget(editor.checklist_page)
    qtbot.waitUntil(lambda: bool(editor.checklist_page.panel.rows))
    assert unnamed_inputs(window) == []
    editor.pages.setCurrentWidget(editor.outcomes)
    qtbot.mouseClick(editor.outcomes.section(patch.id).toggle, Qt.MouseButton.LeftButton)
    assert unnamed_inputs(window) == []
    for tab in (chart.lesions, chart.sessions):
        chart.tabs.setCurrentWidget(tab)
        assert unnamed_inputs(window) == []
    dialog = window.page("patients").new_patient()
    assert unnamed_inputs(dialog) == []
    # Tab alone walks the new-patient form in reading order.
    dialog.chart_number.setFocus()
    order = []
    for _ in range(4):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    assert order == [dialog.family_name, dialog.given_names, dialog.date_of_birth, dialog.sex]
    assert isinstance(dialog, PatientDialog)
