"""A dialog holding one form: fields with their messages, a general message,
Cancel and a save button; service refusals land next to the fields."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLayout, QVBoxLayout, QWidget

from tracker.services.errors import ServiceError, ValidationError
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.form import FieldSet

log = logging.getLogger(__name__)


class FormDialog(QDialog):
    """Window-modal; open it with ``open()``. ``saved(id)`` after a successful save."""

    saved = Signal(int)

    def __init__(self, ctx, parent: QWidget | None, title: str, save_text: str) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.general = FieldMessage()
        self.fields = FieldSet(self.general)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish(self, body: QLayout | None = None) -> None:
        """Lay out the body (the form by default), the general message and the buttons."""
        layout = QVBoxLayout(self)
        layout.addLayout(body or self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

    def submit(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def attempt(self, fn: Callable[..., Any], *args: Any) -> Any | None:
        """Call a service; on refusal show why (next to the field when it names one) and return None."""
        try:
            return fn(*args)
        except ValidationError as exc:
            self.fields.show_errors(exc.errors)
        except ServiceError as exc:
            log.info("%s refused: %s", self.windowTitle(), exc)
            self.general.show_message(str(exc), "error")
        return None

    def saved_as(self, entity: str, entity_id: int) -> None:
        self.ctx.notify(entity, entity_id)
        self.saved.emit(entity_id)
        self.accept()
