"""Writing the editor's recovery file while the person types.

The file is written once typing pauses for IDLE_MS, and at least every
MAX_DELAY_MS while typing goes on, so a crash loses only a few seconds. The
write (with its fsync) runs in the task pool on a copy of the fields; writes
never overlap, and the newest snapshot always wins.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from tracker.ui.session_editor.recovery import remove, write_atomic

log = logging.getLogger(__name__)

IDLE_MS = 2000
MAX_DELAY_MS = 5000


class _Ticket:
    """Cancelled when the work is saved or discarded while a write is in flight."""

    cancelled = False


def _write(ticket: _Ticket, path: Path, payload: dict) -> Path | None:
    if ticket.cancelled:
        return None
    write_atomic(path, payload)
    if ticket.cancelled:  # dropped while this write ran
        remove(path)
        return None
    return path


class Autosaver(QObject):
    written = Signal(str)

    def __init__(self, ctx, path: Path, snapshot: Callable[[], dict], parent: QObject | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.path, self._snapshot = ctx, path, snapshot
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._deadline = QTimer(self, singleShot=True, interval=MAX_DELAY_MS)
        self._idle.timeout.connect(self.flush)
        self._deadline.timeout.connect(self.flush)
        self._writing = False
        self._again = False
        self._enabled = True
        self._ticket = _Ticket()

    def touched(self) -> None:
        """Something changed: write soon."""
        if not self._enabled:
            return
        self._idle.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> None:
        self._idle.stop()
        self._deadline.stop()
        if not self._enabled:
            return
        if self._writing:
            self._again = True
            return
        self._writing = True
        payload = self._snapshot()
        self.ctx.tasks.run(_write, self._ticket, self.path, payload, on_done=self._done, on_error=self._failed, owner=self)

    def _done(self, path: Path | None) -> None:
        self._writing = False
        if path is not None:
            self.written.emit(str(path))
        if self._again:
            self._again = False
            self.flush()

    def _failed(self, exc: Exception) -> None:
        self._writing = False
        log.error("recovery file %s not written: %s", self.path, exc)
        self.ctx.banner.emit(f"Could not write the recovery copy of this session ({exc}). Save the draft.", "warning")

    def drop(self) -> None:
        """The work was saved or discarded: no recovery copy is needed."""
        self._idle.stop()
        self._deadline.stop()
        self._again = False
        self._ticket.cancelled = True
        self._ticket = _Ticket()
        remove(self.path)

    def pause(self, paused: bool) -> None:
        self._enabled = not paused
        if paused:
            self.drop()
