"""At start-up: work a crash interrupted is offered back (restore or discard),
in a bar inside the window rather than a dialog in the way."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from tracker.ui.session_editor.recovery import Recovered, remove
from tracker.ui.widgets.toned_frame import TonedFrame


class RecoveryBar(TonedFrame):
    """``restorer(recovered) -> bool`` reopens the work; False keeps it offered."""

    def __init__(self, restorer: Callable[[Recovered], bool], parent: QWidget | None = None) -> None:
        super().__init__("recoveryBar", "warning", parent)
        self.restorer = restorer
        self.setAccessibleName("Recovered work")
        self.items: list[Recovered] = []
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.restore_button = QPushButton("&Restore")
        self.discard_button = QPushButton("D&iscard it")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.hide()

    def offer(self, items: list[Recovered]) -> None:
        self.items = list(items)
        self._next()

    def _next(self) -> None:
        if not self.items:
            self.hide()
            return
        first = self.items[0]
        more = f" ({len(self.items) - 1} more after this one)" if len(self.items) > 1 else ""
        self.label.setText(f"The program stopped with unsaved work: {first.description}.{more} Restore it?")
        self.show()

    def _restore(self) -> None:
        if self.items and self.restorer(self.items[0]):
            self.items.pop(0)
        self._next()

    def _discard(self) -> None:
        if self.items:
            remove(self.items.pop(0).path)
        self._next()
