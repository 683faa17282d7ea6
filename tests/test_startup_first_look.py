"""Start-up in two steps as a person sees it: the Patients page on the first
look (read with the sqlite3 module) while the database layer loads, then the
whole window. Work asked for in between is done, not lost; a database the
first look must not read (one to migrate) still opens the full way."""
from __future__ import annotations

import subprocess
import sys

from helpers import child_env, database_at_revision
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tracker.services.patient_first_look import first_look
from tracker.services.staff import default_staff
from tracker.ui.main_window import MainWindow
from tracker.ui.patients.recent import RecentPatients

#: Run the real ``tracker`` and say what was loaded when the list showed, then what the window has once open.
WATCH = """
import os, sys
import tracker.ui.main_window as mw
import tracker.ui.patients_workspace as pw

def loaded():
    qt = {'QtCore', 'QtGui', 'QtWidgets'}
    return sorted({n.split('.')[0] for n in sys.modules if n.split('.')[0] in ('sqlalchemy', 'alembic')}
                  | {n for n in sys.modules if n.startswith('PySide6.Qt') and n.split('.')[1] not in qt})

look = pw.PatientsWorkspace.show_first_look
def show_first_look(self, first):
    look(self, first)
    print('listed', self.patients.rowCount(), self.search.isEnabled(), loaded(), flush=True)
pw.PatientsWorkspace.show_first_look = show_first_look

attach = mw.MainWindow.attach
def attached(self, db, actor):
    attach(self, db, actor)
    print('open', [self.tabs.tabText(i) for i in range(self.tabs.count())], self.user_label.text(), flush=True)
    os._exit(0)
mw.MainWindow.attach = attached

from tracker.cli import main
main(['--data-dir', sys.argv[1]])
"""


def run_tracker(data_dir) -> list[str]:  # noqa: ANN001
    result = subprocess.run([sys.executable, "-c", WATCH, str(data_dir)], capture_output=True, text=True, timeout=120,
                            env=child_env({"QT_QPA_PLATFORM": "offscreen"}))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def first_window(qtbot, db, recent: list[int]):  # noqa: ANN001, ANN201
    window = MainWindow(opening=str(db.location.sqlite_path))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.show_first_look(db.location, first_look(db.location, recent))
    return window


def test_the_list_shows_before_the_database_layer_loads_then_the_whole_window(db, clinic):
    for n in range(60):
        clinic.patient(family_name=f"Family{n:02d}", given_names="Pat")
    db.dispose()
    lines = run_tracker(db.location.data_dir)
    assert lines[0] == "listed 60 True []", lines  # no SQLAlchemy, Alembic or Qt module beyond widgets yet
    assert lines[1] == "open ['Patients', 'Today', 'Outcomes'] User: Dr Test", lines


def test_a_database_to_migrate_skips_the_first_look_and_is_migrated_with_a_backup(tmp_path):
    database_at_revision(tmp_path, "0001")
    lines = run_tracker(tmp_path)
    assert lines == ["open ['Patients', 'Today', 'Outcomes'] User: Dr A"], lines  # never "listed": no first look
    assert len(list((tmp_path / "backups").glob("before-migration-0001-*.sqlite"))) == 1


def test_searching_and_choosing_a_patient_before_the_database_opens_is_done_when_it_does(qtbot, db, clinic, artifacts):
    ama = clinic.patient(family_name="Mensah", given_names="Ama", chart_number="M-1", allergies="latex")
    clinic.patient(family_name="Mensah", given_names="Kofi", chart_number="M-2")
    for n in range(8):
        clinic.patient(family_name=f"Other{n}", given_names="Pat")
    RecentPatients(db.describe()).push(ama.id)
    window = first_window(qtbot, db, RecentPatients(db.describe()).ids())
    page = window.page("patients")
    finder = page.finder
    qtbot.waitUntil(lambda: finder.table.isVisible())
    assert page.patients.rowCount() == 10 and finder.search.isEnabled()
    assert finder.status.text() == "10 patients"
    assert [finder.recent.item(i).text() for i in range(finder.recent.count())] == ["MENSAH, Ama  \u00b7  M-1  \u00b7  Allergies"]
    assert page.chart is None and any("Find a patient" in label.text() for label in page.findChildren(QLabel))
    assert not window.new_patient_action.isEnabled() and window.user_label.text() == "Opening the clinic database\u2026"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Patients"]
    window.grab().save(str(artifacts / "startup_first_look.png"))

    # Typed and chosen before the database is open: the search waits, the choice is kept.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(finder.search, "mensah k")
    qtbot.wait(50)
    assert page.patients.busy and page.patients.rowCount() == 10
    qtbot.keyClick(finder.search, Qt.Key.Key_Return)

    window.attach(db, clinic.doctor)
    qtbot.waitUntil(lambda: page.chart is not None and page.chart.patient_id is not None, timeout=5000)
    assert [p.given_names for p in page.patients.rows] == ["Kofi"]
    qtbot.waitUntil(lambda: page.chart.data is not None and page.chart.data.patient.given_names == "Kofi", timeout=5000)
    assert window.new_patient_action.isEnabled() and window.user_label.text() == "User: Dr Test"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Patients", "Today", "Outcomes"]
    window.grab().save(str(artifacts / "startup_first_look_open.png"))


def test_the_workspaces_added_when_the_database_opens_work_when_clicked(qtbot, db, clinic):
    clinic.patient(family_name="Mensah", given_names="Ama")
    window = first_window(qtbot, db, [])
    window.attach(db, default_staff(db))
    bar = window.tabs.tabBar()
    for index, title in ((1, "Today"), (2, "Outcomes"), (0, "Patients")):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        assert window.tabs.tabText(window.tabs.currentIndex()) == title
        assert window.tabs.currentWidget() is window.page({"Today": "today", "Outcomes": "outcomes", "Patients": "patients"}[title])
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.page("today")
    # New patient (disabled while the database was opening) works now.
    from tracker.ui.patients.patient_dialog import PatientDialog

    window.new_patient_action.trigger()
    dialogs = [d for d in window.findChildren(PatientDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()
