"""The main window opens on demo data and lists the patients."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tracker.services.demo import build_demo
from tracker.services.staff import default_staff
from tracker.ui.main_window import MainWindow


def test_main_window_opens_on_demo_data(qtbot, db, artifacts):
    build_demo(db, patients_count=12)
    window = MainWindow(db, default_staff(db))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    patients = window.page("patients")
    qtbot.waitUntil(lambda: patients.patients.rowCount() == 12)
    assert "Dr Ama Mensah" in window.user_label.text()
    assert str(db.location.sqlite_path) in window.db_label.text()
    # Type-ahead narrows the list as a person types.
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    assert patients.search.hasFocus()
    qtbot.keyClicks(patients.search, "RDC-1003")
    qtbot.waitUntil(lambda: patients.patients.rowCount() == 1 and patients.patients.text == "RDC-1003")
    assert patients.patients.patient_at(0).chart_number == "RDC-1003"
    window.grab().save(str(artifacts / "main_window.png"))
