"""Helpers for tests that drive the program from outside, as a script would."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child_env(extra: dict | None = None) -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(extra or {})}


def run_cli(*args: str, env: dict | None = None, timeout: float = 120):  # noqa: ANN201
    """Run the real command line in a child process, as a script would."""
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True,
                          env=child_env(env), timeout=timeout, stdin=subprocess.DEVNULL)


def show_widget(qtbot, widget, width: int, height: int):  # noqa: ANN001, ANN201
    """Register a widget with qtbot, size it, show it and wait until it is on screen."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def database_at_revision(folder: Path, revision: str) -> None:
    """A clinic database in ``folder`` at an older schema ``revision``, with one
    clinician (user name ``a``, "Dr A"), closed again."""
    from alembic import command

    from tracker.config import resolve_location
    from tracker.db import open_database
    from tracker.db.migrate import alembic_config

    db = open_database(resolve_location(data_dir=folder), migrate=False)
    cfg = alembic_config(db.url)
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.exec_driver_sql("INSERT INTO staff (username, display_name, role, active) VALUES ('a', 'Dr A', 'clinician', 1)")
        conn.commit()
    db.dispose()
