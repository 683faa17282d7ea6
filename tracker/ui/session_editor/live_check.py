"""Running the safety check while the session is written: debounced, in the
task pool, and only the newest answer is shown."""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from tracker.services.safety import SafetyReport, safety_report
from tracker.services.session_input import SessionInput

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


class LiveCheck(QObject):
    started = Signal()
    reported = Signal(object)  # SafetyReport
    failed = Signal(str)

    def __init__(self, ctx, collect: Callable[[], tuple[SessionInput | None, int | None]], parent: QObject | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self._collect = ctx, collect
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self._generation = 0
        self.pending = False
        self.last: SafetyReport | None = None

    def schedule(self) -> None:
        self.pending = True
        self._timer.start()

    def run_now(self) -> None:
        self._timer.stop()
        data, session_id = self._collect()
        self._generation += 1
        generation = self._generation
        if data is None or not data.injections:
            self.pending = False
            self.last = None
            self.reported.emit(None)
            return
        self.started.emit()
        self.ctx.tasks.run(safety_report, self.ctx.db, data, session_id=session_id,
                           on_done=lambda report: self._done(generation, report),
                           on_error=lambda exc: self._failed(generation, exc), owner=self)

    def _done(self, generation: int, report: SafetyReport) -> None:
        if generation != self._generation:
            return
        self.pending = False
        self.last = report
        self.reported.emit(report)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self.pending = False
        log.warning("live safety check failed: %s", exc)
        self.failed.emit(str(exc))
