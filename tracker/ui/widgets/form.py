"""Forms whose fields each have a message line under them.

``FieldSet`` maps a field name (as services name them in
``ValidationError.errors``) to its widget and message, shows a dict of errors
in place, and puts the cursor on the first field that needs attention.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.wording import capitalised, joined


class FieldSet:
    def __init__(self, general: FieldMessage | None = None) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, FieldMessage] = {}
        self.general = general

    def add_row(self, form: QFormLayout, label: str, name: str, widget: QWidget, *, accessible: str | None = None,
                focus: QWidget | None = None) -> FieldMessage:
        """Add 'label: widget' with a message line under the widget; label may carry a &mnemonic.
        ``focus`` is the input inside ``widget`` (when widget is a row of several) that the
        label's mnemonic and the error focus go to."""
        focus = focus or widget
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = FieldMessage()
        column.addWidget(message)
        caption = QLabel(label)
        caption.setBuddy(focus)
        form.addRow(caption, box)
        focus.setAccessibleName(accessible or label.replace("&", "").rstrip(":"))
        self.register(name, focus, message)
        return message

    def register(self, name: str, widget: QWidget, message: FieldMessage) -> None:
        self.widgets[name] = widget
        self.messages[name] = message

    def message(self, name: str) -> FieldMessage:
        return self.messages[name]

    def clear_when_changed(self, name: str, signal) -> None:  # noqa: ANN001
        """A message under ``name`` was about what it held: ``signal`` (the field's own edit signal) clears it.
        Connect this before anything that shows a new message on the same signal."""
        signal.connect(lambda *_args: self.messages[name].clear_message())

    def set_read_only(self, read_only: bool) -> None:
        """A read-only record shows no errors under its fields (nothing can be corrected there)."""
        for message in self.messages.values():
            message.set_quiet(read_only)

    def clear(self) -> None:
        for message in self.messages.values():
            message.clear_message()
        if self.general is not None:
            self.general.clear_message()

    def show_errors(self, errors: dict[str, str], *, focus: bool = True) -> dict[str, str]:
        """Show each error next to its field; returns the errors no field here took."""
        unplaced = {}
        first = None
        for name, text in errors.items():
            if name in self.messages:
                self.messages[name].show_message(capitalised(text), "error")
                first = first or self.widgets[name]
            else:
                unplaced[name] = text
        if unplaced and self.general is not None:
            self.general.show_message(joined(unplaced.values()), "error")
        if focus and first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced
