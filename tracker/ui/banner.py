"""An in-window message banner: the fallback for notifications where the
desktop has no system tray (offscreen, bare Xvfb), and the place for errors.
Its colours follow the light or dark palette (tracker/ui/theme.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton

from tracker.ui.widgets.toned_frame import TonedFrame


class Banner(TonedFrame):
    def __init__(self) -> None:
        super().__init__("banner")
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
        self.set_tone(level)
        self.label.setText(text)
        self.show()

    def replace_message(self, old: str, new: str) -> None:
        """``old``, if it is what the banner shows, becomes ``new`` (or goes, when ``new`` is empty)."""
        if self.isHidden() or self.label.text() != old:
            return
        if new:
            self.label.setText(new)
        else:
            self.hide()
