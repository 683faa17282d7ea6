"""Errors nobody foresaw, in the desktop program: written with their traceback
to a log file on this workstation, and said to the person in a message box,
instead of going to a console nobody sees while the screen just stays put.

Each save is one transaction, so the step that failed wrote nothing; what was
saved before it is untouched."""
from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path

log = logging.getLogger("tracker")

LOG_BYTES, LOG_BACKUPS = 1_000_000, 3


def default_log_file() -> Path:
    """<this user's application data>/logs/tracker.log (needs the application's name set)."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder) / "logs" / "tracker.log"


def start_log_file(path: Path) -> None:
    """Warnings and errors of every module also go to ``path`` (rotated at 1 MB, three kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.WARNING:
        root.setLevel(logging.WARNING)


def message_for(error: BaseException, path: Path) -> str:
    return (f"Something unexpected stopped what you just did:\n\n{type(error).__name__}: {error}\n\n"
            "The step that failed saved nothing; everything saved before it is safe. "
            f"The details are in {path} \u2014 please pass that file on to whoever looks after this program.")


def _tell(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    QMessageBox.critical(QApplication.activeWindow(), "Something went wrong", text)


def install(path: Path, tell: Callable[[str], None] = _tell) -> None:
    """Route uncaught exceptions (of Qt slots too) to the log, and tell the
    person about those of the GUI thread, one message at a time."""
    showing: list[bool] = []

    def hook(kind, error, trace) -> None:  # noqa: ANN001
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.error("unexpected error", exc_info=(kind, error, trace))
        if threading.current_thread() is threading.main_thread() and not showing:
            showing.append(True)
            try:
                tell(message_for(error, path))
            finally:
                showing.clear()

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log.error("unexpected error in thread %s", args.thread.name if args.thread else "?",
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = hook
    threading.excepthook = thread_hook
