"""More of the chart: mixtures and recent lots in the editor, editing the
patient, recent patients across restarts, extension tabs, batch loading."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel

from gui_helpers import answers, open_window, replace_text, search_and_open, sign_past_checklist, tick  # noqa: F401 (answers is a fixture)
from tracker.models import Condition
from tracker.services.patients import PatientInput, add_patient
from tracker.services.session_views import patient_sessions
from tracker.ui import extensions, unsaved
from tracker.ui.patients.patient_dialog import PatientDialog


pytestmark = pytest.mark.usefixtures("answers")


def test_a_keloid_mixture_with_a_recent_lot(qtbot, clinic):
    p = clinic.patient(chart_number="K-1", family_name="Osei")
    keloid = clinic.lesion(p.id, Condition.KELOID, site="244107007", label="Presternal keloid")
    clinic.record(p.id, [clinic.injection(keloid.id, "5fu", conc="50", per_point="0.9", points=1, lot_number="FU77",
                                          lot_expiry=date(2099, 3, 1))], day=date.today() - timedelta(days=40))
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "K-1")
    qtbot.mouseClick(chart.session_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    tick(qtbot, editor.picker, 0)
    group = editor.groups[keloid.id]
    first = group.forms[0]
    first.agent.setFocus()
    qtbot.keyClicks(first.agent, "5-F")
    qtbot.waitUntil(lambda: first.lot.count() == 1)  # the lot used last time is offered
    first.lot.setFocus()
    qtbot.keyClick(first.lot, Qt.Key.Key_Down)  # a person picks it from the list
    assert first.lot.currentText() == "FU77" and first.expiry.text() == "2099-03-01"
    replace_text(qtbot, first.volume, "0.9")
    qtbot.mouseClick(group.mix_button, Qt.MouseButton.LeftButton)
    second = group.forms[1]
    qtbot.keyClicks(second.agent, "Triam")
    assert second.concentration.text() == "40"  # the keloid default
    second.volume_mode.setCurrentIndex(1)
    replace_text(qtbot, second.volume, "0.1")
    qtbot.keyClicks(second.lot.lineEdit(), "KN9")
    qtbot.keyClicks(second.expiry, "2099-01-01")
    assert first.dose.text().startswith("Dose: 45 mg") and second.dose.text().startswith("Dose: 4 mg")
    assert "Mixture of 2 components" in group.notice.text()
    editor.fields.consent.setChecked(True)
    qtbot.waitUntil(lambda: editor.safety.report is not None and editor.sign_button.isEnabled(), timeout=5000)
    sign_past_checklist(qtbot, editor)
    assert editor.read_only
    newest = patient_sessions(clinic.db, p.id)[0]
    given = [i for i in newest.injections if not i.voided]
    assert [(i.agent_code, i.mix_group, i.dose) for i in given] == [("5fu", 1, 45), ("tac", 1, 4)]


def test_edit_the_patient_and_recent_patients_survive_a_restart(qtbot, clinic):
    p = clinic.patient(chart_number="E-1", family_name="Haddad", given_names="Leila")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "E-1")
    qtbot.keyClick(chart.lesions.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(PatientDialog)
    assert dialog.family_name.text() == "Haddad"
    dialog.pregnant.setFocus()
    qtbot.keyClick(dialog.pregnant, Qt.Key.Key_Space)
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "PREGNANT" in chart.header.flag_texts()
    window.close()

    again = open_window(qtbot, clinic.db, clinic.doctor)
    finder = again.page("patients").finder
    assert finder.recent.isVisibleTo(again) and "HADDAD, Leila" in finder.recent.item(0).text()
    with qtbot.waitSignal(again.page("patients").chart.loaded, timeout=5000):
        finder.recent.setFocus()
        finder.recent.setCurrentRow(0)
        qtbot.keyClick(finder.recent, Qt.Key.Key_Return)
    assert again.page("patients").chart.patient_id == p.id


class NotesPanel(QLabel):
    made: list[int] = []

    def __init__(self, ctx, patient_id: int) -> None:  # noqa: ANN001
        super().__init__(f"notes for {patient_id}")
        NotesPanel.made.append(patient_id)
        self.patient_id, self.dirty = patient_id, False

    def set_patient(self, patient_id: int) -> None:
        self.patient_id = patient_id
        self.setText(f"notes for {patient_id}")

    def has_unsaved_changes(self) -> bool:
        return self.dirty


def test_extension_tabs_are_created_reused_and_asked_before_a_switch(qtbot, clinic, monkeypatch, answers):
    NotesPanel.made = []
    monkeypatch.setitem(extensions.CHART_PANELS, "notes", extensions.ChartPanel("notes", "Notes", NotesPanel, order=50))
    one, two = clinic.patient(chart_number="X-1"), clinic.patient(chart_number="X-2")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    page = window.page("patients")
    chart = search_and_open(qtbot, window, "X-1")
    panel = chart.panels["notes"]
    assert chart.tabs.tabText(chart.tabs.indexOf(panel)) == "Notes" and panel.patient_id == one.id
    panel.dirty = True
    answers.answer = unsaved.Choice.CANCEL
    assert not page.open_patient(two.id) and chart.patient_id == one.id
    assert answers.asked[-1][1] == "open another patient"
    panel.dirty = False
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        assert page.open_patient(two.id)
    assert chart.panels["notes"] is panel and panel.patient_id == two.id and NotesPanel.made == [one.id]


def test_the_patient_list_loads_in_batches_as_it_scrolls(qtbot, clinic):
    with clinic.db.write() as s:
        for n in range(230):
            add_patient(s, None, PatientInput(chart_number=f"B{n:04d}", family_name=f"Batch{n:04d}", given_names="Test",
                                              date_of_birth=date(1970, 1, 1)))
    window = open_window(qtbot, clinic.db, clinic.doctor)
    finder = window.page("patients").finder
    qtbot.waitUntil(lambda: finder.patients.rowCount() == 100)
    assert finder.patients.canFetchMore()
    for expected in (200, 230):
        finder.table.scrollToBottom()
        qtbot.waitUntil(lambda n=expected: finder.patients.rowCount() == n, timeout=5000)
    assert not finder.patients.canFetchMore()
    assert finder.patients.patient_at(229).family_name == "Batch0229"
    qtbot.waitUntil(lambda: finder.status.text() == "230 patients")


def test_window_and_splitter_layout_are_remembered(qtbot, clinic):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    split = window.page("patients").split
    before = split.sizes()[0]
    handle = split.handle(1)
    start = handle.rect().center()
    end = start + QPoint(80, 0)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    # A drag: a move with the left button held (QTest's mouseMove carries no buttons).
    drag = QMouseEvent(QEvent.Type.MouseMove, QPointF(end), QPointF(handle.mapToGlobal(end)), Qt.MouseButton.NoButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(handle, drag)
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=end)
    moved = split.sizes()[0]
    assert moved == before + 80
    window.resize(760, 560)  # within the offscreen screen, which restoreGeometry respects
    window.close()
    again = open_window(qtbot, clinic.db, clinic.doctor)
    assert (again.width(), again.height()) == (760, 560)
    again.resize(1200, 780)
    qtbot.waitUntil(lambda: again.page("patients").split.sizes()[0] == moved)


def test_status_change_and_an_open_request_from_elsewhere(qtbot, clinic):
    p = clinic.patient(chart_number="S-1")
    clinic.lesion(p.id, label="Old wart", condition=Condition.WART, site="local:hand")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = window.page("patients").chart
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        window.ctx.open_patient_requested.emit(p.id)  # e.g. from a Today dashboard
    chart.lesions.table.selectRow(0)
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        chart.lesions.status_button.menu().actions()[1].trigger()  # Resolved
    assert chart.lesions.model.data(chart.lesions.model.index(0, 3)) == "Resolved"


def test_ctrl_tab_moves_between_chart_tabs(qtbot, clinic):
    clinic.patient(chart_number="T-1")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "T-1")
    assert chart.lesions.table.hasFocus()
    qtbot.keyClick(chart.lesions.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert chart.tabs.currentWidget() is chart.sessions
