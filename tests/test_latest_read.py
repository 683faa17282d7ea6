"""LatestRead: of reads started one after another, only the latest one's answer is used."""
from __future__ import annotations

import threading
from types import SimpleNamespace

from PySide6.QtCore import QObject

from tracker.ui.latest_read import LatestRead
from tracker.ui.tasks import TaskRunner


def test_an_older_answer_or_failure_is_dropped_and_the_latest_one_is_used(qtbot):
    owner = QObject()
    tasks = TaskRunner(owner)
    read = LatestRead(SimpleNamespace(tasks=tasks), owner)
    release = threading.Event()
    answers: list[str] = []
    failures: list[str] = []

    def slow(value: str) -> str:
        release.wait(10)
        return value

    def broken() -> str:
        release.wait(10)
        raise OSError("disk unreadable")

    read.start(slow, "old patient", on_done=answers.append, on_error=lambda e: failures.append(str(e)))
    read.start(broken, on_done=answers.append, on_error=lambda e: failures.append(str(e)))
    read.start(slow, "new patient", on_done=answers.append, on_error=lambda e: failures.append(str(e)))
    assert read.pending
    release.set()
    qtbot.waitUntil(lambda: not read.pending, timeout=5000)
    qtbot.wait(100)  # the older reads have answered by now too
    assert answers == ["new patient"] and failures == []

    read.start(broken, on_done=answers.append, on_error=lambda e: failures.append(str(e)))
    qtbot.waitUntil(lambda: not read.pending, timeout=5000)
    assert failures == ["disk unreadable"]

    release.clear()
    read.start(slow, "not wanted", on_done=answers.append, on_error=lambda e: failures.append(str(e)))
    read.forget()
    assert not read.pending
    release.set()
    assert tasks.wait(5000)
    qtbot.wait(100)
    assert answers == ["new patient"]
