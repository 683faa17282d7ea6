"""An in-window message banner: the fallback for notifications where the
desktop has no system tray (offscreen, bare Xvfb), and the place for errors."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton

COLOURS = {"info": ("#e7f1ff", "#0b3d91"), "warning": ("#fff4d6", "#6b4b00"), "error": ("#fde2e1", "#8a1c13")}


class Banner(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Message")
        close = QToolButton(text="✕")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, level: str = "info") -> None:
        bg, fg = COLOURS.get(level, COLOURS["info"])
        self.setStyleSheet(f"#banner {{ background: {bg}; border-radius: 4px; }} #banner QLabel {{ color: {fg}; }}")
        self.label.setText(text)
        self.show()
