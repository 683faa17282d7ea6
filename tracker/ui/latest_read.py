"""A read in the background of which only the latest answer counts.

A view that reads again (another patient, a change elsewhere) while its last
read is still under way must not show that older answer when it arrives:
``start`` drops every answer (or failure) of the reads asked for before it,
and ``forget`` drops them without asking for another. ``pending`` says the
latest read has not answered yet."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject


class LatestRead:
    def __init__(self, ctx, owner: QObject) -> None:  # noqa: ANN001
        self._ctx, self._owner = ctx, owner
        self._number = 0
        self.pending = False

    def start(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
              on_error: Callable[[Exception], None], **kwargs: Any) -> None:
        """Run ``fn`` with ``ctx.tasks``; its answer goes to ``on_done`` (its
        failure to ``on_error``) on the GUI thread, unless another read was
        started or forgotten meanwhile (or the owner closed)."""
        self.forget()
        number = self._number
        self.pending = True
        self._ctx.tasks.run(fn, *args, on_done=lambda result: self._answer(number, on_done, result),
                            on_error=lambda exc: self._answer(number, on_error, exc), owner=self._owner, **kwargs)

    def forget(self) -> None:
        """The answer of a read under way is no longer wanted."""
        self._number += 1
        self.pending = False

    def _answer(self, number: int, callback: Callable[[Any], None], value: Any) -> None:
        if number == self._number:
            self.pending = False
            callback(value)
