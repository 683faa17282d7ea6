"""Column types for exact decimals and UTC timestamps, the same on every database."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation

from sqlalchemy import DateTime, Enum, String
from sqlalchemy.types import TypeDecorator


class ExactDecimal(TypeDecorator):
    """A decimal stored as its exact text, so 0.1 + 0.2 stays 0.3.

    SQLite has no exact numeric type (NUMERIC is stored as a float), so the
    canonical string form is stored everywhere; arithmetic happens in Python
    with ``decimal.Decimal``.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not exact: pass a Decimal or a string")
        try:
            number = Decimal(value)
        except (InvalidOperation, TypeError) as exc:
            raise TypeError(f"not a decimal number: {value!r}") from exc
        if not number.is_finite():
            raise TypeError(f"not a finite number: {value!r}")
        return format(number.normalize(), "f") if number != 0 else "0"

    def process_result_value(self, value, dialect):  # noqa: ANN001
        return None if value is None else Decimal(value)


class UTCDateTime(TypeDecorator):
    """A moment in time, stored in UTC and returned timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def enum_type(enum_cls, length: int = 30) -> Enum:  # noqa: ANN001
    """A portable enum column that stores the members' values ("signed", not "SIGNED")."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
