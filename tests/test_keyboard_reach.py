"""A person who uses only the keyboard reaches every table and leaves it again:
Tab moves on from a table (arrows move inside it), Ctrl+Tab still changes the
chart's tab, and the Outcomes page's patient lists open a chart with Enter."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from gui_helpers import answers, open_window, patient_with_history, search_and_open  # noqa: F401 (answers is a fixture)
from tracker.services.demo import build_demo
from tracker.services.staff import default_staff

pytestmark = pytest.mark.usefixtures("answers")
CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def tab_stops(qtbot, count: int) -> list:  # noqa: ANN001
    """The widgets Tab lands on, pressed ``count`` times from where the focus is."""
    seen = []
    for _ in range(count):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_and_ctrl_tab_leave_the_progress_tabs_lesion_trends(qtbot, db, clinic):
    patient, patch = patient_with_history(clinic)
    clinic.lesion(patient.id, patch.condition, label="Crown patch")
    window = open_window(qtbot, db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-2001")
    tab_texts = [chart.tabs.tabText(i).replace("&", "") for i in range(chart.tabs.count())]
    chart.tabs.setCurrentIndex(tab_texts.index("Progress"))
    trends = chart.tabs.currentWidget().overview.table
    qtbot.waitUntil(lambda: trends.rowCount() == 2)
    trends.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert trends.hasFocus() and trends.currentRow() >= 0  # arrows move inside the table
    press(qtbot, Qt.Key.Key_Tab)
    assert not trends.hasFocus()
    trends.setFocus()
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not trends.hasFocus()
    trends.setFocus()
    press(qtbot, Qt.Key.Key_Tab, CTRL)
    assert chart.tabs.tabText(chart.tabs.currentIndex()).replace("&", "") == tab_texts[tab_texts.index("Progress") + 1]


def test_tab_reaches_every_outcomes_table_and_enter_opens_the_patient(qtbot, db):
    build_demo(db, patients_count=12)
    window = open_window(qtbot, db, default_staff(db))
    outcomes = window.page("outcomes")
    with qtbot.waitSignal(outcomes.loaded, timeout=20000):
        qtbot.keyClick(window, Qt.Key.Key_7, CTRL)
    assert outcomes.flagged.rowCount() and outcomes.overdue.rowCount()
    outcomes.refresh_button.setFocus()
    stops = tab_stops(qtbot, 12)
    for table in (outcomes.groups, outcomes.flagged, outcomes.overdue):
        assert table in stops, table.accessibleName()
    # Tab to the overdue reviews, pick the second row with the arrows, Enter: its patient's chart opens.
    while QApplication.focusWidget() is not outcomes.overdue:
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    wanted = outcomes.overdue.item(outcomes.overdue.currentRow(), 0).data(Qt.ItemDataRole.UserRole)
    patients = window.page("patients")
    with qtbot.waitSignal(patients.chart.loaded, timeout=5000):
        press(qtbot, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is patients and patients.chart.patient_id == wanted


def test_the_session_editor_starts_on_its_first_field_and_tabs_in_reading_order(qtbot, db, clinic):
    _patient, patch = patient_with_history(clinic, days_ago=14)  # too soon again: a finding that needs a reason
    window = open_window(qtbot, db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-2001")
    chart.lesions.table.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    editor = chart.editor
    fields = editor.fields
    assert QApplication.focusWidget() is fields.when
    for _ in range(5):  # Tab steps through the date's parts first, as Qt's date fields do
        if QApplication.focusWidget() is fields.when:
            press(qtbot, Qt.Key.Key_Tab)
    stops = [QApplication.focusWidget(), *tab_stops(qtbot, 4)]
    assert stops == [fields.clinician, fields.consent, fields.consent_note, fields.notes, editor.picker]
    press(qtbot, Qt.Key.Key_Space)  # tick the lesion: its injection form opens on the agent
    form = editor.groups[patch.id].forms[0]
    assert QApplication.focusWidget() is form.agent
    qtbot.keyClicks(form.agent, "Triam")
    qtbot.waitUntil(lambda: editor.safety.reason.isVisible(), timeout=8000)
    form.agent.setFocus()
    stops = tab_stops(qtbot, 12)
    assert stops == [form.concentration, form.points, form.volume, form.volume_mode, form.lot, form.expiry,
                     form.needle, form.depth, form.technique, editor.groups[patch.id].mix_button,
                     editor.safety.reason, editor.save_button]
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is editor.safety.reason


def test_help_lists_every_key_the_today_page_binds(qtbot, db, clinic):
    window = open_window(qtbot, db, clinic.doctor)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    today = window.page("today")
    bound = {action.shortcut().toString() for action in today.actions() if not action.shortcut().isEmpty()}
    assert bound  # the page binds its keys through actions
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    # as Qt spells them ("Delete" is "Del")
    listed = {QKeySequence(dialog.table.item(row, 0).text()).toString() for row in range(dialog.table.rowCount())}
    assert bound <= listed, bound - listed
