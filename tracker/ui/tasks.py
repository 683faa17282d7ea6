"""Running long work off the GUI thread and getting the result back on it.

``runner.run(fn, *args, on_done=..., on_error=..., on_progress=...)`` runs
``fn`` in a thread pool. If ``fn`` accepts a ``progress`` keyword, it gets a
callable ``progress(done, total, text)`` that returns False once the task was
cancelled, so the work can stop cleanly. Callbacks run on the GUI thread.
Hand the worker plain data (ids, paths, frozen dataclasses), never widgets or
ORM objects.
"""
from __future__ import annotations

import inspect
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int, str)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.relay = _Relay()
        self._cancelled = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _progress(self, done: int, total: int, text: str = "") -> bool:
        self.relay.progress.emit(done, total, text)
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
            self.relay.failed.emit(exc, traceback.format_exc())
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they report back."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._live: set[Task] = set()

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None, owner: QObject | None = None,
            **kwargs: Any) -> Task:
        """Run ``fn`` in the pool. With ``owner`` (the widget that asked), the callbacks
        are skipped once that widget is gone (a window closed while the work ran)."""
        task = Task(fn, args, kwargs)
        self._live.add(task)

        def gone() -> bool:
            return owner is not None and not shiboken6.isValid(owner)

        def finished(result: Any) -> None:
            self._live.discard(task)
            if on_done is not None and not gone():
                on_done(result)

        def failed(exc: Exception, trace: str) -> None:
            self._live.discard(task)
            if gone():
                log.debug("task failed after its owner was closed: %s", exc)
            elif on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed: %s\n%s", exc, trace)

        task.relay.done.connect(finished)
        task.relay.failed.connect(failed)
        if on_progress is not None:
            task.relay.progress.connect(on_progress)
        self.pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
