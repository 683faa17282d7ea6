"""The record a screen writes to was changed at another workstation: a bar
that says so where the person is looking, lists what the screen holds that
was not saved, and offers the way forward (one button, e.g. Reload)."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tracker.ui.widgets.toned_frame import TonedFrame


class ConflictBar(TonedFrame):
    """Hidden until ``show_conflict``; the button runs ``on_action`` (the bar stays
    until the owner clears it or shows another message)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("conflictBar", "error", parent)
        self.setAccessibleName("Changed at another workstation")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.action = QPushButton()
        self._on_action: Callable[[], None] | None = None
        self.action.clicked.connect(self._act)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.action)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.addWidget(self.label)
        column.addWidget(self.details)
        column.addLayout(buttons)
        self.hide()

    def show_conflict(self, text: str, *, details: Sequence[str] = (), action: str | None = None,
                      on_action: Callable[[], None] | None = None, kind: str = "error") -> None:
        """``details``: lines listed under the text (what was typed and not saved)."""
        self.label.setText(text)
        self.details.setText("\n".join(f"\u2022 {line}" for line in details))
        self.details.setVisible(bool(details))
        self._on_action = on_action
        self.action.setText(action or "")
        self.action.setVisible(bool(action and on_action))
        self.setAccessibleDescription(text)
        self.set_tone(kind)
        self.show()

    def clear(self) -> None:
        self._on_action = None
        self.hide()

    @property
    def text(self) -> str:
        """What the bar says (with its list), or '' while hidden."""
        if self.isHidden():
            return ""
        return "\n".join(t for t in (self.label.text(), self.details.text()) if t)

    def _act(self) -> None:
        if self._on_action is not None:
            self._on_action()
