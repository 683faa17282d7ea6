"""The chart's History tab, used as a person would: the patient's events with
who, what and why, the changed fields of the one selected, the kind and word
filters, keyboard only; read only once the tab is shown, again after a change."""
from __future__ import annotations

from dataclasses import replace

from gui_helpers import open_window, screenshot, search_and_open
from history_story import AMEND_REASON, VOID_REASON, tell
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget
from sqlalchemy import event

from tracker.services.patients import get_patient, update_patient
from tracker.ui.history_panel import HistoryPanel


def _history_tab(chart):  # noqa: ANN001, ANN202
    tabs = chart.findChild(QTabWidget)
    index = next(i for i in range(tabs.count()) if tabs.tabText(i).replace("&", "") == "History")
    return tabs, index, tabs.widget(index)


def _whats(panel) -> list[str]:  # noqa: ANN001
    return [panel.rows.row_at(r).what for r in range(panel.rows.rowCount())]


def _audit_reads(db):  # noqa: ANN001, ANN202
    seen = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]) if "audit_event" in a[2] else None)
    return seen


def test_the_history_tab_shows_who_did_what_and_the_changed_fields(qtbot, db, clinic, artifacts):
    story = tell(clinic)
    reads = _audit_reads(db)
    window = open_window(qtbot, db, clinic.doctor)
    window.resize(1200, 800)
    chart = search_and_open(qtbot, window, "H-100")
    tabs, index, panel = _history_tab(chart)
    assert isinstance(panel, HistoryPanel) and index == tabs.count() - 1  # the last tab
    qtbot.wait(100)
    assert reads == [] and panel.rows.rowCount() == 0  # opening the patient did not read the hidden tab

    tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: panel.rows.rowCount() > 0)
    assert reads  # read once shown, in the background
    whats = _whats(panel)
    assert whats[0] == "Aftercare sheet for the visit of 12 Mar 2026 printed"
    assert whats[-1] == "Patient details registered"
    assert "Session of 20 Mar 2026 voided" in whats and not any("Olga" in w for w in whats)
    cells = {panel.rows.index(r, 2).data(): (panel.rows.index(r, 1).data(), panel.rows.index(r, 3).data())
             for r in range(panel.rows.rowCount())}
    assert cells["Session of 20 Mar 2026 voided"] == ("Nurse Test", VOID_REASON)
    assert cells["Session of 12 Mar 2026 (version 2) amended (correction opened)"] == ("Dr Test", AMEND_REASON)

    # keyboard: into the table, Ctrl+End goes to the oldest rows, Up to the patient edit
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert panel.table.currentIndex().row() == len(whats) - 1
    target = whats.index("Patient details edited")
    while panel.table.currentIndex().row() > target:
        qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    html = panel.detail.toPlainText()
    assert "Patient details edited" in html and "Nurse Test" in html
    assert "Phone" in html and "555 0101" in html and "Allergies" in html and "None known" in html and "Latex" in html
    screenshot(window, artifacts / "history_tab.png")

    # the kind filter
    panel.kind.setFocus()
    panel.kind.setCurrentIndex(panel.kind.findData("lesions"))
    qtbot.waitUntil(lambda: _whats(panel) == ["Lesion 'Left earlobe keloid (upper)' edited", "Lesion 'Left earlobe keloid' added"])
    panel.table.selectRow(0)
    edited = panel.detail.toPlainText()
    assert "Name" in edited and "Left earlobe keloid" in edited and "Left earlobe keloid (upper)" in edited
    panel.kind.setCurrentIndex(panel.kind.findData("all"))
    # the word filter, typed
    qtbot.keyClicks(panel.filter, "nurse voided")
    qtbot.waitUntil(lambda: _whats(panel) and all("voided" in w for w in _whats(panel)))
    assert "Session of 20 Mar 2026 voided" in _whats(panel)
    panel.filter.clear()
    qtbot.waitUntil(lambda: len(_whats(panel)) == len(whats))

    # a change made elsewhere (as the patient dialog does it) shows at once
    patient = get_patient(db, story.patient_id)
    update_patient(db, clinic.nurse.id, patient.id, replace(patient, email="chloe@example.org"),
                   expected_version=patient.row_version)
    window.ctx.notify("patient", patient.id)
    qtbot.waitUntil(lambda: _whats(panel)[0] == "Patient details edited")
    panel.table.selectRow(0)
    assert "chloe@example.org" in panel.detail.toPlainText()


def test_older_events_come_a_page_at_a_time(qtbot, db, clinic):
    from tracker.services import record_history

    story = tell(clinic)
    window = open_window(qtbot, db, clinic.doctor)
    chart = search_and_open(qtbot, window, "H-100")
    tabs, index, panel = _history_tab(chart)
    panel.page_size = 5  # a page as it would hold for a patient with hundreds of visits
    tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: panel.rows.rowCount() == 5)
    assert panel.older.isEnabled()
    everything = [e.what for e in record_history.whole_history(db, story.patient_id)]
    while panel.older.isEnabled():
        count = panel.rows.rowCount()
        qtbot.mouseClick(panel.older, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.rows.rowCount() > count or not panel.older.isEnabled())
        qtbot.waitUntil(lambda: panel.status.text() != "Reading the history\u2026")
    assert _whats(panel) == everything


def test_the_history_tab_in_the_demo_clinic(qtbot, tmp_path, artifacts):
    from tracker.config import resolve_location
    from tracker.services.clinic import open_clinic
    from tracker.services.demo import build_demo
    from tracker.services.staff import default_staff

    db = open_clinic(resolve_location(data_dir=tmp_path))
    try:
        build_demo(db, patients_count=4)
        window = open_window(qtbot, db, default_staff(db))
        window.resize(1100, 760)
        chart = search_and_open(qtbot, window, "RDC-1001")
        tabs, index, panel = _history_tab(chart)
        tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: panel.rows.rowCount() > 0)
        assert _whats(panel)[-1] == "Patient details registered"
        assert any(w.endswith("signed") for w in _whats(panel))
        screenshot(window, artifacts / "history_tab_demo.png")
    finally:
        db.dispose()
