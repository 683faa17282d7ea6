"""Opening a benchmark clinic the way the program does, and its windows."""
from __future__ import annotations

from pathlib import Path

from tracker.bench.datasets import working_copy
from tracker.bench.rows import Context
from tracker.config import resolve_location
from tracker.services import staff
from tracker.services.clinic import open_clinic


def open_copy(ctx: Context, source: Path | None = None, name: str = "clinic"):  # noqa: ANN201
    """A working copy of a data set's clinic (the main one by default), opened."""
    folder = working_copy(source or ctx.data.main, ctx.work / name)
    db = open_clinic(resolve_location(data_dir=folder))
    return db, staff.get_staff(db, ctx.data["clinician_id"])


def main_window(db, actor):  # noqa: ANN001, ANN201
    """The program's main window, shown at its usual size."""
    from tracker.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    window.show()
    return window


def app_context(db, actor, parent=None):  # noqa: ANN001, ANN201
    from tracker.ui.context import AppContext

    return AppContext(db, actor, parent=parent)
