"""An error nobody foresaw, in the desktop program: logged to the workstation's
log file with its traceback, and told to the person once, in words, naming
that file; an error in a worker thread is logged."""
from __future__ import annotations

import logging
import sys
import threading

import pytest

from tracker.ui import error_report


@pytest.fixture
def hooks(monkeypatch, tmp_path):  # noqa: ANN001, ANN201
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    before = list(root.handlers)
    path = tmp_path / "logs" / "tracker.log"
    told: list[str] = []
    error_report.start_log_file(path)
    error_report.install(path, tell=told.append)
    yield path, told
    for handler in root.handlers[len(before):]:
        handler.close()
        root.removeHandler(handler)


def test_an_uncaught_error_is_logged_and_told_once(hooks):
    path, told = hooks
    try:
        {}["lot_number"]
    except KeyError:
        sys.excepthook(*sys.exc_info())
    [message] = told
    assert "KeyError: 'lot_number'" in message and str(path) in message and "saved nothing" in message
    written = path.read_text(encoding="utf-8")
    assert "ERROR tracker: unexpected error" in written and "Traceback" in written and "{}[\"lot_number\"]" in written


def test_an_error_in_a_worker_thread_is_logged_without_a_message_box(hooks):
    path, told = hooks

    def work() -> None:
        raise RuntimeError("disk went away")

    worker = threading.Thread(target=work, name="photo-import")
    worker.start()
    worker.join()
    assert told == []
    assert "unexpected error in thread photo-import" in path.read_text(encoding="utf-8")
    assert "RuntimeError: disk went away" in path.read_text(encoding="utf-8")
