"""Starting the GUI: checks, QApplication, the main window."""
from __future__ import annotations

import logging
import sys

from tracker.config import Location
from tracker.ui.environment import display_problem, ensure_runtime_dir

log = logging.getLogger(__name__)


def run_app(location: Location, *, user: str | None = None) -> int:
    problem = display_problem()
    if problem:
        print(f"tracker: {problem}", file=sys.stderr)
        return 1
    ensure_runtime_dir()
    from PySide6.QtWidgets import QApplication

    from tracker.services import staff
    from tracker.services.clinic import open_clinic
    from tracker.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Injection Tracker")
    app.setOrganizationName("injection-tracker")
    db = open_clinic(location)
    actor = staff.find_staff(db, user) if user else staff.default_staff(db)
    window = MainWindow(db, actor)
    window.show()
    return app.exec()
