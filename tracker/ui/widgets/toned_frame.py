"""A frame coloured by one of the theme's tones (info, warning, error…), its
labels in the tone's text colour; restyled when the palette turns light or
dark (tracker/ui/theme.py). The base of the in-window bars: the message
banner, the changed-elsewhere bar and the recovered-work bar."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QWidget

from tracker.ui import theme


class TonedFrame(QFrame):
    def __init__(self, name: str, tone: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)  # the style sheet's selector: only this frame and its labels
        self.tone = tone
        self._restyle()

    def set_tone(self, tone: str) -> None:
        self.tone = tone if tone in theme.TONES else "info"
        self._restyle()

    def _restyle(self) -> None:
        fg, bg = theme.tone(self.tone)
        name = self.objectName()
        self.setStyleSheet(f"#{name} {{ background-color: {bg.name()}; border-radius: 4px; }}"
                           f" #{name} QLabel {{ color: {fg.name()}; }}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle()
        super().changeEvent(event)
