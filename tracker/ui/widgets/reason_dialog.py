"""Asking for a reason (void, discard, atrophy note): the OK button waits for words."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from tracker.ui.widgets.field_message import FieldMessage


class ReasonDialog(QDialog):
    """Window-modal, opened with ``open()``; ``submitted(reason)`` when confirmed."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget, title: str, prompt: str, action: str, *, required: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.required = required
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setTabChangesFocus(True)
        label.setBuddy(self.reason)
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(not required)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text()) or not self.required))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def show_error(self, text: str) -> None:
        self.message.show_message(text, "error")

    def _confirm(self) -> None:
        if self.required and not self.text():
            self.show_error("Say why: the reason is kept with the record.")
            return
        self.submitted.emit(self.text())
