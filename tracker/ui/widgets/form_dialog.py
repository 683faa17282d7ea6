"""A dialog holding one form: fields with their messages, a general message,
Cancel and a save button; service refusals land next to the fields.

A record changed at another workstation since the dialog was opened
(ConflictError: nothing was saved) is said in a bar above the buttons with
Reload: the fields then show what is stored now, and the bar lists what the
person had typed that differs, to enter again where it should stay."""
from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLayout, QVBoxLayout, QWidget

from tracker.services.errors import ConflictError, ServiceError, ValidationError
from tracker.ui.widgets.conflict_bar import ConflictBar
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.form import FieldSet
from tracker.ui.wording import capitalised

log = logging.getLogger(__name__)


def value_text(value: Any) -> str:
    """A stored or typed value as a person reads it."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", None) or value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> Any:
    """An empty text field and a value never given read the same."""
    return None if value == "" else value


class FormDialog(QDialog):
    """Window-modal; open it with ``open()``. ``saved(id)`` after a successful save.

    An editing dialog supports Reload after a conflict by implementing
    ``collect()`` (the typed input, or None), ``shown_record()`` (the record the
    fields were filled from), ``stored_record()`` (the record as stored now) and
    ``load_record(record)`` (fill the fields, keep its row_version)."""

    saved = Signal(int)

    def __init__(self, ctx, parent: QWidget | None, title: str, save_text: str) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.general = FieldMessage()
        self.conflict = ConflictBar()
        self.fields = FieldSet(self.general)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish(self, body: QLayout | None = None) -> None:
        """Lay out the body (the form by default), the general message, the conflict bar and the buttons."""
        layout = QVBoxLayout(self)
        layout.addLayout(body or self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.conflict)
        layout.addWidget(self.buttons)
        # Enter in a field saves. Made the default only now that the button is inside
        # the dialog: a default set before is lost when the dialog is shown.
        self.save_button.setDefault(True)

    def submit(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def attempt(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any | None:
        """Call a service; on refusal show why (next to the field when it names one) and return None."""
        self.conflict.clear()
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            self.fields.show_errors(exc.errors)  # fitted below
        except ConflictError as exc:
            log.info("%s refused: %s", self.windowTitle(), exc)
            self.show_conflict(str(exc))
        except ServiceError as exc:
            log.info("%s refused: %s", self.windowTitle(), exc)
            self.general.show_message(str(exc), "error")
        self.fit_height()  # the messages take height from nobody: the dialog grows to hold them
        return None

    def show_field_errors(self, errors: dict[str, str]) -> None:
        """Errors the dialog found itself (before asking a service), each under its field."""
        self.fields.show_errors(errors)
        self.fit_height()

    def fit_height(self) -> None:
        """Grow (never shrink) to the height the wrapped messages under the fields need at this width."""
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.resize(self.width(), max(self.height(), needed))

    def saved_as(self, entity: str, entity_id: int) -> None:
        self.ctx.notify(entity, entity_id)
        self.saved.emit(entity_id)
        self.accept()

    # -- changed at another workstation -------------------------------------------
    def shown_record(self) -> Any:  # pragma: no cover - editing dialogs override it
        raise NotImplementedError

    def stored_record(self) -> Any:  # pragma: no cover - editing dialogs override it
        raise NotImplementedError

    def load_record(self, record: Any) -> None:  # pragma: no cover - editing dialogs override it
        raise NotImplementedError

    def collect(self) -> Any | None:  # pragma: no cover - editing dialogs override it
        raise NotImplementedError

    def compared_values(self, data: Any) -> dict[str, Any]:
        """What is compared between typed and stored, by field name (a dialog may join or leave out fields)."""
        return asdict(data)

    def caption(self, name: str) -> str:
        widget = self.fields.widgets.get(name)
        return widget.accessibleName() if widget is not None else name.replace("_", " ").capitalize()

    def shown_value(self, name: str, value: Any) -> str:  # noqa: ARG002 - dialogs name some values
        return value_text(value)

    def show_conflict(self, text: str) -> None:
        self.general.clear_message()
        self.conflict.show_conflict(
            f"{capitalised(text)}. Reload to see what is stored now: what you typed here is then "
            "listed, to enter again what should stay, and Save.", action="&Reload", on_action=self.reload)
        self.fit_height()

    def reload(self) -> None:
        """The record as stored now in the fields; the person's own changes (what they typed
        that differs from what the form was opened with) listed in the bar beside the stored value."""
        typed = self.collect()
        opened = self.compared_values(self.shown_record())
        try:
            record = self.stored_record()
        except ServiceError as exc:
            self.general.show_message(f"Could not reload: {exc}", "error")
            return
        self.load_record(record)
        self.fields.clear()
        stored = self.collect()
        mine = self.compared_values(typed) if typed is not None else {}
        theirs = self.compared_values(stored) if stored is not None else {}
        lines = [f"{self.caption(name)}: you typed {self.shown_value(name, value)} "
                 f"(stored now: {self.shown_value(name, theirs.get(name))})"
                 for name, value in mine.items()
                 if _plain(value) != _plain(opened.get(name)) and _plain(value) != _plain(theirs.get(name))]
        if typed is None:
            lines = ["What you had typed could not all be read (a field held a value it does not accept), "
                     "so it is not listed."]
        text = ("Reloaded: the fields now show what is stored, with the changes made at the other workstation. "
                + ("Your changes were not saved:" if lines else "What you had typed is the same as what is stored."))
        self.conflict.show_conflict(text, details=lines, kind="warning")
        self.fit_height()
