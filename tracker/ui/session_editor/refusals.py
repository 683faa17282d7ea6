"""Putting a service's refusal where the person is looking: each
``injections[i].field`` error under that field of the i-th injection form,
session fields under theirs, the rest in the general message."""
from __future__ import annotations

from collections.abc import Sequence

from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.form import FieldSet


def place_errors(errors: dict[str, str], forms: Sequence, fields: FieldSet, lesions_message: FieldMessage,
                 general: FieldMessage, refused: str = "Not saved") -> None:
    """``forms[i]`` is the form that produced ``injections[i]`` of the data that was refused."""
    rest: dict[str, str] = {}
    for name, text in errors.items():
        if name.startswith("injections[") and "]." in name:
            index, field = int(name[len("injections["):name.index("]")]), name.split("].", 1)[1]
            if 0 <= index < len(forms):
                forms[index].show_errors({field: text})
                continue
        if name == "injections":
            lesions_message.show_message(text.capitalize(), "error")
            continue
        rest[name] = text
    leftover = fields.show_errors(rest)
    general.show_message(f"{refused}: " + "; ".join(leftover.values()) if leftover else
                         f"{refused}: some fields need attention (see the messages under them).", "error")
