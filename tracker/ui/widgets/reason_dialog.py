"""Asking for a reason (void, discard, atrophy note, dismissing a reminder,
signing past unticked checklist steps): the OK button waits for words, and a
refusal from the service is shown inside the dialog, where the person is
looking.

    dialog = ask_reason(parent, "Void lesion", "Why?", "Void lesion",
                        lambda reason: void_lesion(db, actor, lesion_id, reason))

``ask_reason`` opens the dialog window-modal and, on confirm, calls the
action with the reason: a ``ServiceError`` it raises stays in the dialog,
anything else closes it. Tests find the dialog with ``findChild(ReasonDialog)``
and type into ``dialog.reason``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from tracker.services.errors import ConflictError, ServiceError, ValidationError
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.wording import joined

log = logging.getLogger(__name__)

#: The question before a draft is discarded (the chart's Sessions tab and the editor ask it).
DISCARD_PROMPT = "Discard this draft? It stays readable in the version list. Why?"


class ReasonDialog(QDialog):
    """Window-modal, opened with ``open()``; ``submitted(reason)`` when confirmed."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget, title: str, prompt: str, action: str, *, required: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.required = required
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setTabChangesFocus(True)
        lines = self.fontMetrics().lineSpacing()
        self.reason.setMinimumHeight(lines * 4)
        self.reason.setMaximumHeight(lines * 8)
        self.prompt.setBuddy(self.reason)
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(not required)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text()) or not self.required))
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 72, self.sizeHint().height())

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def show_error(self, text: str) -> None:
        self.message.show_message(text, "error")

    def add_choice(self, text: str, tip: str = "") -> QPushButton:
        """Another way out besides Cancel (it closes the dialog as rejected): e.g. "Go back and tick them"."""
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.RejectRole)
        button.setToolTip(tip)
        return button

    def _confirm(self) -> None:
        if self.required and not self.text():
            self.show_error("Say why: the reason is kept with the record.")
            return
        self.submitted.emit(self.text())


def ask_reason(parent: QWidget, title: str, prompt: str, action: str, act: Callable[[str], object], *,
               required: bool = True, on_conflict: Callable[[ConflictError], object] | None = None) -> ReasonDialog:
    """Open a reason dialog; on confirm call ``act(reason)``. A ServiceError it
    raises is shown in the dialog (which stays open); otherwise the dialog closes.
    ``on_conflict``: the record was changed at another workstation: the dialog closes and
    the caller offers its Reload (``on_conflict(exc)``) instead."""
    dialog = ReasonDialog(parent, title, prompt, action, required=required)

    def confirmed(reason: str) -> None:
        try:
            act(reason)
        except ServiceError as exc:
            if on_conflict is not None and isinstance(exc, ConflictError):
                dialog.reject()
                on_conflict(exc)
                return
            log.info("%s refused: %s", title, exc)
            words = exc.errors.values() if isinstance(exc, ValidationError) else [str(exc)]  # no field names shown
            dialog.show_error(joined(words))
            return
        dialog.accept()

    dialog.submitted.connect(confirmed)
    dialog.open()
    return dialog
