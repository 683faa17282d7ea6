"""Calling a function on the GUI thread from a worker, and waiting for its result.

Some drawing needs the GUI thread: QtCharts charts live in a QGraphicsScene,
which uses the application's style and fonts. A worker that is laying out a
printed report hands the chart to the GUI thread this way and carries on
with the image it gets back. The GUI thread must not be waiting on that
worker meanwhile (it never is: workers report back through signals).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal


class GuiThreadCall(QObject):
    """``call(*args)`` runs ``fn(*args)`` on the thread this object lives in (create it on the GUI thread)."""

    _requested = Signal(object)

    def __init__(self, fn: Callable[..., Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._requested.connect(self._run, Qt.ConnectionType.BlockingQueuedConnection)

    def __call__(self, *args: Any) -> Any:
        if QThread.currentThread() is self.thread():
            return self._fn(*args)
        box: dict[str, Any] = {"args": args}
        self._requested.emit(box)  # returns once the GUI thread has run it
        if "error" in box:
            raise box["error"]
        if "result" not in box:  # the object went with its window before it could run
            raise RuntimeError("the window that asked for this was closed")
        return box["result"]

    def _run(self, box: dict[str, Any]) -> None:
        try:
            box["result"] = self._fn(*box["args"])
        except Exception as exc:  # noqa: BLE001 - re-raised in the calling thread
            box["error"] = exc
