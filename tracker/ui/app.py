"""Starting the GUI: checks, QApplication, the main window.

The window is on screen before the database layer is even imported: it
opens with a short "opening the clinic" note. Once that has painted, a worker
takes a first look at the patient list with the sqlite3 module alone
(services/patient_first_look.py) and the Patients page shows it, with the
search field ready; once that has painted, a worker opens the clinic
database (SQLAlchemy, the models; migrated if needed) and the rest of the
window is built when it is ready. A database the first look cannot read (a
new one, one to migrate or refuse, not SQLite) skips the look. A failure to
open is reported like any command-line error.
"""
from __future__ import annotations

import logging
import sys

from tracker.config import Location
from tracker.ui.environment import display_problem, ensure_runtime_dir

log = logging.getLogger(__name__)

LIST_PAINT_WAIT_MS = 500


def open_clinic_as(location: Location, user: str | None):  # noqa: ANN201
    """(database, acting staff member): runs in a worker thread. The modules
    of the rest of the window are imported here too (code only, no widget is
    made), so building it blocks the GUI thread for less time."""
    from tracker.services import staff
    from tracker.services.clinic import open_clinic

    db = open_clinic(location)
    actor = staff.acting_staff(db, user) if user else staff.default_staff(db)
    preload_window_modules()
    return db, actor


def preload_window_modules() -> None:
    import tracker.ui.chart.chart  # noqa: F401 - the Patients page's chart
    from tracker.ui.registry import load_features

    load_features()


def look_first(location: Location, recent_ids: list[int]):  # noqa: ANN201
    """The patient list's first look (or None): runs in a worker thread."""
    from tracker.services.patient_first_look import first_look
    from tracker.ui.patient_list_model import BATCH, COUNT_CAP

    return first_look(location, recent_ids, limit=BATCH, count_cap=COUNT_CAP)


def run_app(location: Location, *, user: str | None = None) -> int:
    problem = display_problem()
    if problem:
        print(f"tracker: {problem}", file=sys.stderr)
        return 1
    ensure_runtime_dir()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tracker.ui.main_window import MainWindow, when_painted
    from tracker.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Injection Tracker")
    app.setOrganizationName("injection-tracker")
    from tracker.ui import error_report

    log_file = error_report.default_log_file()
    error_report.start_log_file(log_file)
    error_report.install(log_file)
    window = MainWindow(opening=str(location.sqlite_path or location.url.split("@")[-1]))
    window.show()
    failure: list[Exception] = []

    def failed(exc: Exception) -> None:
        failure.append(exc)
        window.close()
        app.exit(2)

    runner = TaskRunner(window)
    opening: list = []  # the task opening the database, once started

    def open_clinic_now() -> None:
        if not opening:
            opening.append(runner.run(open_clinic_as, location, user, on_done=lambda opened: window.attach(*opened),
                                      on_error=failed))

    def looked(look) -> None:  # noqa: ANN001
        if look is None:
            open_clinic_now()
            return
        window.show_first_look(location, look)
        # The database layer loads once the list has painted, so it does not delay it
        # (or after a moment, should the list not paint: a window minimised at once).
        when_painted(window.page("patients").finder.table.viewport(), open_clinic_now)
        QTimer.singleShot(LIST_PAINT_WAIT_MS, open_clinic_now)

    def take_first_look() -> None:
        from tracker.ui.patients.recent import RecentPatients

        recent = RecentPatients(location.describe()).ids()
        runner.run(look_first, location, recent, on_done=looked, on_error=lambda _exc: open_clinic_now())

    # Everything waits for the window's first paint, so no work delays it.
    when_painted(window, take_first_look)
    status = app.exec()
    if failure:
        raise failure[0]
    return status
