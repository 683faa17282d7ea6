"""Qt helpers for measuring what a person sees: the offscreen platform, an
application object, and waiting until a widget has really repainted."""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tracker.bench.env import prepare_environment


def application() -> QApplication:
    prepare_environment()
    return QApplication.instance() or QApplication(["tracker-bench"])


class PaintWatch(QObject):
    """Counts paint events a widget receives (with ``subtree``, also any of
    its descendants: a window whose children repaint)."""

    def __init__(self, widget: QWidget, *, subtree: bool = False) -> None:
        super().__init__()
        self.widget = widget
        self.subtree = subtree
        self.count = 0
        self.last = 0.0
        self._target = QApplication.instance() if subtree else widget
        self._target.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:  # noqa: ANN001, N802
        if ev.type() == QEvent.Paint and (obj is self.widget or (
                self.subtree and isinstance(obj, QWidget) and self.widget.isAncestorOf(obj))):
            self.count += 1
            self.last = time.perf_counter()
        return False

    def close(self) -> None:
        self._target.removeEventFilter(self)


class ViewWatch(PaintWatch):
    """An item view's repaints and its model's changes: ``settled()`` is true
    once the view was painted after the model last changed."""

    def __init__(self, view) -> None:  # noqa: ANN001
        from tracker.bench.finders import source_model

        super().__init__(view.viewport())
        self.model = source_model(view.model())
        self.changed_at = 0
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.layoutChanged, self.model.dataChanged):
            signal.connect(self._changed)

    def _changed(self, *_args) -> None:  # noqa: ANN002
        self.changed_at = self.count

    def settled(self) -> bool:
        return self.count > self.changed_at


def pump_until(done: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Run an event loop until ``done()`` is true (or the timeout passes).

    The loop sleeps between events like the program's own (a 1 ms timer
    checks the condition), so it takes no processor time from the workers
    being waited for."""
    if done():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    result = [False]

    def check() -> None:
        if done():
            result[0] = True
            loop.quit()
        elif time.perf_counter() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    return result[0] or done()


def pump_for(seconds: float) -> None:
    """Run the event loop for ``seconds``."""
    deadline = time.perf_counter() + seconds
    pump_until(lambda: time.perf_counter() >= deadline, timeout=seconds + 1)


def dispose(*objects) -> None:  # noqa: ANN002
    """Close and delete widgets (and other objects) now, so their deletion is
    not counted in the next measurement."""
    for obj in objects:
        if isinstance(obj, QWidget):
            obj.close()
        obj.deleteLater()
    app = QApplication.instance()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
