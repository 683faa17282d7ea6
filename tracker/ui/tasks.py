"""Running long work off the GUI thread and getting the result back on it.

``runner.run(fn, *args, on_done=..., on_error=..., on_progress=...)`` runs
``fn`` in a thread pool. If ``fn`` accepts a ``progress`` keyword, it gets a
callable ``progress(done, total, text)`` that returns False once the task was
cancelled, so the work can stop cleanly. Callbacks run on the GUI thread.
Hand the worker plain data (ids, paths, frozen dataclasses), never widgets or
ORM objects.

Lifetimes: the pool is handed a plain callable, which it lets go of once run
(QRunnable subclasses made in Python were kept by PySide's pool after they
had run, with everything they held, for the life of the app). Workers report
through one relay object that lives as long as the process, so no worker ever
signals through an object the GUI thread may be deleting; the callbacks of a
task are kept, on the GUI thread, only until its answer has been handed over.
"""
from __future__ import annotations

import inspect
import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal

log = logging.getLogger(__name__)


@dataclass
class _Callbacks:
    finished: Callable[[Any], None]
    failed: Callable[[Exception, str], None]
    progress: Callable[[int, int, str], None] | None


class _Relay(QObject):
    """Carries answers from worker threads to the GUI thread, by task number."""

    done = Signal(int, object)
    failed = Signal(int, object, str)
    progress = Signal(int, int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[int, _Callbacks] = {}  # touched on the GUI thread only
        self.done.connect(self._done)
        self.failed.connect(self._failed)
        self.progress.connect(self._progress)

    def _done(self, number: int, result: Any) -> None:
        callbacks = self.waiting.pop(number, None)
        if callbacks is not None:
            callbacks.finished(result)

    def _failed(self, number: int, exc: Exception, trace: str) -> None:
        callbacks = self.waiting.pop(number, None)
        if callbacks is not None:
            callbacks.failed(exc, trace)

    def _progress(self, number: int, done: int, total: int, text: str) -> None:
        callbacks = self.waiting.get(number)
        if callbacks is not None and callbacks.progress is not None:
            callbacks.progress(done, total, text)


_relay: _Relay | None = None
_numbers = itertools.count(1)


def _the_relay() -> _Relay:
    """The process's relay, made on the GUI thread the first time a task starts and
    kept until the process ends (the application owns it)."""
    global _relay  # noqa: PLW0603 - one per process by design
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = _Relay()
        app = QCoreApplication.instance()
        if app is not None:
            _relay.moveToThread(app.thread())
    return _relay


class Task:
    """One piece of work; ``cancel()`` asks a progress-reporting task to stop."""

    def __init__(self, number: int, fn: Callable[..., Any], args: tuple, kwargs: dict, relay: _Relay) -> None:
        self.number, self.fn, self.args, self.kwargs = number, fn, args, kwargs
        self._relay = relay
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _progress(self, done: int, total: int, text: str = "") -> bool:
        self._relay.progress.emit(self.number, done, total, text)
        return not self._cancelled.is_set()

    def run(self) -> None:  # runs in a worker thread
        kwargs = dict(self.kwargs)
        try:
            if "progress" in inspect.signature(self.fn).parameters:
                kwargs["progress"] = self._progress
        except (TypeError, ValueError):
            pass
        try:
            result = self.fn(*self.args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread
            log.debug("task failed", exc_info=True)
            self._relay.failed.emit(self.number, exc, traceback.format_exc())
        else:
            self._relay.done.emit(self.number, result)


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they report back."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._live: set[int] = set()

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None, owner: QObject | None = None,
            **kwargs: Any) -> Task:
        """Run ``fn`` in the pool. With ``owner`` (the widget that asked), the callbacks
        are skipped once that widget is gone (a window closed while the work ran)."""
        relay = _the_relay()
        task = Task(next(_numbers), fn, args, kwargs, relay)
        self._live.add(task.number)

        def gone() -> bool:  # the window that asked, or the runner's own, was closed meanwhile
            return not shiboken6.isValid(self) or (owner is not None and not shiboken6.isValid(owner))

        def finished(result: Any) -> None:
            self._live.discard(task.number)
            if on_done is not None and not gone():
                on_done(result)

        def failed(exc: Exception, trace: str) -> None:
            self._live.discard(task.number)
            if gone():
                log.debug("task failed after its owner was closed: %s", exc)
            elif on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed: %s\n%s", exc, trace)

        def progressed(done: int, total: int, text: str) -> None:
            if not gone():
                on_progress(done, total, text)

        relay.waiting[task.number] = _Callbacks(finished, failed, progressed if on_progress is not None else None)
        self.pool.start(task.run)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
