"""A message shown right under a field: an error, a warning or a hint."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from tracker.ui import theme

SYMBOLS = {"error": "\u2716 ", "warning": "\u26a0 ", "info": "", "ok": "\u2714 "}


class FieldMessage(QLabel):
    """Hidden until there is something to say. The words carry the meaning;
    colour (from the palette-aware theme) only reinforces it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.kind = ""
        #: the field belongs to a read-only record: there is nothing to correct, so errors are not shown
        self.quiet = False
        self.hide()

    def set_quiet(self, quiet: bool) -> None:
        self.quiet = quiet
        if quiet and self.kind == "error":
            self.clear_message()

    def show_message(self, text: str, kind: str = "error") -> None:
        if not text or (kind == "error" and self.quiet):
            self.clear_message()
            return
        self.kind = kind
        self.setText(SYMBOLS.get(kind, "") + text)
        self.setAccessibleName(f"{kind}: {text}")
        self._restyle()
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()

    @property
    def message(self) -> str:
        """The text shown (with its symbol), or '' when there is nothing to say."""
        return self.text() if self.kind else ""

    def _restyle(self) -> None:
        self.setStyleSheet(theme.text_style(self.kind))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ApplicationPaletteChange and self.kind:
            self._restyle()
        super().changeEvent(event)
