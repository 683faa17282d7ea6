"""Start-up as a person sees it: the window is on screen before the database
layer is loaded; an up-to-date database opens without Alembic; a database
that cannot be opened is still reported in one line."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

from helpers import child_env

from tracker.config import resolve_location
from tracker.db import open_database
from tracker.db.migrate import head_revision
from tracker.db.revisions import shipped_heads


def test_revision_files_name_the_same_head_as_alembic():
    assert shipped_heads() == {head_revision()}


def test_a_current_database_opens_without_loading_alembic(tmp_path):
    open_database(resolve_location(data_dir=tmp_path)).dispose()
    code = ("import sys; from tracker.config import resolve_location; from tracker.db import open_database; "
            f"open_database(resolve_location(data_dir={str(tmp_path)!r})).dispose(); "
            "print('alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def at_first_show(data_dir, expression: str) -> str:  # noqa: ANN001
    """What ``expression`` says in a `tracker` process at the moment its window is shown."""
    code = ("import sys; import tracker.ui.main_window as m\n"
            "def show(self):\n"
            f"    print({expression}, flush=True)\n"
            "    import os; os._exit(0)\n"
            "m.MainWindow.show = show\n"
            f"from tracker.cli import main; main(['--data-dir', {str(data_dir)!r}])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env=child_env({"QT_QPA_PLATFORM": "offscreen"}))
    return result.stdout.strip() or result.stderr


def test_opening_the_app_loads_no_database_code_before_the_window(tmp_path):
    """What `tracker` imports up to the moment its window is shown."""
    assert at_first_show(tmp_path, "sorted(n for n in sys.modules if n.split('.')[0] in ('sqlalchemy', 'alembic'))") == "[]"


def test_the_window_is_shown_before_pysides_qt_namespace_is_set_up(tmp_path):
    """PySide makes the Qt namespace (some 300 enums) the first time it is imported: ~45 ms
    on a slow machine, which the first look of the window does not need."""
    assert at_first_show(tmp_path, "'Qt' in vars(sys.modules['PySide6.QtCore'])") == "False"


def test_a_database_from_a_newer_build_is_reported_by_the_app_in_one_line(tmp_path, cli):
    open_database(resolve_location(data_dir=tmp_path)).dispose()
    with sqlite3.connect(tmp_path / "tracker.sqlite") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    result = cli("--data-dir", str(tmp_path), env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2
    assert "newer version of the program" in result.stderr and "Traceback" not in result.stderr


def test_the_window_says_what_it_is_opening_then_shows_the_workspaces(qtbot, db, clinic, artifacts):
    from PySide6.QtWidgets import QLabel

    from tracker.services.staff import default_staff
    from tracker.ui.main_window import MainWindow

    clinic.patient(chart_number="OPEN-1", family_name="Mensah", given_names="Ama")
    window = MainWindow(opening=str(db.location.sqlite_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    note = window.findChild(QLabel, None)
    assert note.isVisible() and "Opening the clinic database" in note.text() and str(db.location.sqlite_path) in note.text()
    window.grab().save(str(artifacts / "startup_opening.png"))
    window.attach(db, default_staff(db))
    qtbot.waitUntil(lambda: window.page("patients").isVisible())
    patients = window.page("patients").patients
    qtbot.waitUntil(lambda: patients.rowCount() == 1)
    assert not any("Opening the clinic database" in label.text() for label in window.findChildren(QLabel))
    window.grab().save(str(artifacts / "startup_attached.png"))
