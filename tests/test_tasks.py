"""The background task runner: answers come back on the GUI thread, and a
finished task keeps nothing alive (tasks handed to the thread pool as QRunnable
subclasses were kept by PySide after they had run, with their relays and the
callbacks and screens those held, for the life of the app)."""
from __future__ import annotations

import gc
import threading
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject

from tracker.ui.tasks import Task, TaskRunner


def _settle() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def test_answers_arrive_on_the_gui_thread_and_failures_reach_on_error(qtbot):
    runner = TaskRunner()
    answers, errors, threads = [], [], []

    def work(n: int) -> int:
        threads.append(threading.get_ident())
        if n == 3:
            raise ValueError("three is not allowed")
        return n * n

    for n in range(6):
        runner.run(work, n, on_done=lambda r: answers.append((r, threading.get_ident())),
                   on_error=lambda exc: errors.append(str(exc)))
    qtbot.waitUntil(lambda: len(answers) + len(errors) == 6, timeout=5000)
    assert sorted(r for r, _ in answers) == [0, 1, 4, 16, 25]
    assert errors == ["three is not allowed"]
    gui = threading.get_ident()
    assert {t for _, t in answers} == {gui}
    assert gui not in threads
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


class _Holder:
    """Stands for a screen whose method is a task's callback."""

    def took(self, _result: object) -> None:
        self.seen = True


def test_finished_tasks_and_their_callbacks_are_freed(qtbot):
    runner = TaskRunner()
    holders = [_Holder() for _ in range(200)]
    tasks = [runner.run(lambda n: n, n, on_done=h.took) for n, h in enumerate(holders)]
    qtbot.waitUntil(lambda: all(getattr(h, "seen", False) for h in holders), timeout=5000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    runner.pool.waitForDone(5000)
    task_refs = [weakref.ref(t) for t in tasks]
    holder_refs = [weakref.ref(h) for h in holders]
    waiting, numbers = tasks[0]._relay.waiting, {t.number for t in tasks}
    del tasks, holders
    _settle()
    assert numbers.isdisjoint(waiting), "callbacks kept after their task answered"
    assert sum(r() is not None for r in task_refs) == 0, "finished tasks are still held"
    assert sum(r() is not None for r in holder_refs) == 0, "a finished task kept its callback's object alive"


def test_a_task_that_answers_after_its_runner_is_gone_does_no_harm(qtbot):
    owner = QObject()
    runner = TaskRunner(owner)
    release, answered = threading.Event(), []
    task = runner.run(lambda: release.wait(5) and "late", on_done=answered.append)
    assert isinstance(task, Task)
    shiboken6.delete(owner)  # the window closed while the work ran
    release.set()
    assert runner.pool.waitForDone(5000)
    QCoreApplication.processEvents()
    _settle()
    assert answered == []


def test_progress_arrives_in_order_and_a_cancelled_task_is_told_to_stop(qtbot):
    runner = TaskRunner()
    steps, answers, started = [], [], threading.Event()
    go_on = threading.Event()

    def work(progress) -> str:  # noqa: ANN001
        for n in range(1, 4):
            if not progress(n, 10, f"step {n}"):
                return f"stopped after {n}"
            started.set()
            go_on.wait(5)
        return "all done"

    task = runner.run(work, on_done=answers.append, on_progress=lambda d, t, text: steps.append((d, t, text)))
    assert started.wait(5)
    task.cancel()
    go_on.set()
    qtbot.waitUntil(lambda: answers == ["stopped after 2"], timeout=5000)
    assert steps == [(1, 10, "step 1"), (2, 10, "step 2")]
    assert task.cancelled
