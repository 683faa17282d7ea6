"""Starting the GUI: checks, QApplication, the main window.

The window is on screen before the database layer is even imported: it
opens with a short "opening the clinic" note, the clinic database is opened
(and migrated if needed) by a worker thread, and the workspaces are built
when it is ready. A failure to open is reported like any command-line error.
"""
from __future__ import annotations

import logging
import sys

from tracker.config import Location
from tracker.ui.environment import display_problem, ensure_runtime_dir

log = logging.getLogger(__name__)


def open_clinic_as(location: Location, user: str | None):  # noqa: ANN201
    """(database, acting staff member): runs in a worker thread."""
    from tracker.services import staff
    from tracker.services.clinic import open_clinic

    db = open_clinic(location)
    actor = staff.find_staff(db, user) if user else staff.default_staff(db)
    return db, actor


def run_app(location: Location, *, user: str | None = None) -> int:
    problem = display_problem()
    if problem:
        print(f"tracker: {problem}", file=sys.stderr)
        return 1
    ensure_runtime_dir()
    from PySide6.QtWidgets import QApplication

    from tracker.ui.main_window import MainWindow, when_painted
    from tracker.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Injection Tracker")
    app.setOrganizationName("injection-tracker")
    window = MainWindow(opening=str(location.sqlite_path or location.url.split("@")[-1]))
    window.show()
    failure: list[Exception] = []

    def failed(exc: Exception) -> None:
        failure.append(exc)
        window.close()
        app.exit(2)

    def open_clinic_now() -> None:
        TaskRunner(window).run(open_clinic_as, location, user, on_done=lambda opened: window.attach(*opened),
                               on_error=failed)

    # Opened once the window has painted, so the work does not delay the first paint.
    when_painted(window, open_clinic_now)
    status = app.exec()
    if failure:
        raise failure[0]
    return status
