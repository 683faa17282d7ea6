"""Input fields that accept what a person types and say what is wrong with it.

The validators mark unfinished or wrong text as Intermediate instead of
refusing keystrokes, so typing is never silently swallowed; the form shows
the parse error next to the field and nothing is saved until it is fixed.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from tracker.services.decimal_comma import ambiguous_separator
from tracker.services.session_input import MAX_DIGITS
from tracker.services.patient_search import parse_date

MAX_LENGTH = 24


class ParseError(ValueError):
    """Text that is not what the field needs; the message is for the person."""


def parse_decimal(text: str, *, what: str = "a number") -> Decimal | None:
    """'0,1' or '0.1' -> Decimal('0.1'); '' -> None; anything else -> ParseError."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    ambiguous = ambiguous_separator(text)
    if ambiguous:
        raise ParseError(ambiguous)
    if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", cleaned):
        raise ParseError(f"'{text.strip()}' is not {what}: type digits, e.g. 0.1")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ParseError(f"'{text.strip()}' is not {what}") from None
    if len(value.normalize().as_tuple().digits) > MAX_DIGITS:
        raise ParseError(f"'{text.strip()}' has more than {MAX_DIGITS} digits: no {what} needs so many")
    return value


def parse_day(text: str) -> date | None:
    """'2026-06-01' or '1/6/2026' -> date; '' -> None; anything else -> ParseError."""
    if not text.strip():
        return None
    day = parse_date(text)
    if day is None:
        raise ParseError(f"'{text.strip()}' is not a date: type it as 2026-06-01 (or 1/6/2026, day first)")
    return day


class _LenientValidator(QValidator):
    def __init__(self, parse, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._parse = parse

    def validate(self, text: str, pos: int):  # noqa: ANN201
        if len(text) > MAX_LENGTH:
            return QValidator.State.Invalid, text, pos
        try:
            self._parse(text)
        except ParseError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


class DecimalField(QLineEdit):
    def __init__(self, parent: QWidget | None = None, *, what: str = "a number") -> None:
        super().__init__(parent)
        self._what = what
        self.setValidator(_LenientValidator(lambda t: parse_decimal(t, what=what), self))
        self.setMaxLength(MAX_LENGTH)

    def value(self) -> Decimal | None:
        """The number typed, None when empty; raises ParseError for other text."""
        return parse_decimal(self.text(), what=self._what)

    def set_value(self, value: Decimal | None) -> None:
        self.setText("" if value is None else format(value.normalize(), "f"))


class DateField(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setValidator(_LenientValidator(parse_day, self))
        self.setMaxLength(MAX_LENGTH)

    def value(self) -> date | None:
        return parse_day(self.text())

    def set_value(self, value: date | None) -> None:
        self.setText("" if value is None else value.isoformat())


def long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"
