"""An in-window message banner: the fallback for notifications where the
desktop has no system tray (offscreen, bare Xvfb), and the place for errors.
Its colours follow the light or dark palette (tracker/ui/theme.py)."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton

from tracker.ui import theme


class Banner(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.level = "info"
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Message")
        close = QToolButton(text="\u2715")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, level: str = "info") -> None:
        self.level = level if level in theme.TONES else "info"
        self._restyle()
        self.label.setText(text)
        self.show()

    def _restyle(self) -> None:
        fg, bg = theme.tone(self.level)
        self.setStyleSheet(f"#banner {{ background: {bg.name()}; border-radius: 4px; }} #banner QLabel {{ color: {fg.name()}; }}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle()
        super().changeEvent(event)
