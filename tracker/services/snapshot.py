"""Plain, JSON-safe copies of ORM rows for audit events and exports."""
from __future__ import annotations

import enum
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect


def json_safe(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def row_values(obj: Any) -> dict[str, Any]:
    """The column values of a mapped object, JSON-safe."""
    mapper = inspect(obj).mapper
    return {attr.key: json_safe(getattr(obj, attr.key)) for attr in mapper.column_attrs}


# The types rows hold that JSON has no word for, as json_safe writes them.
_PLAIN = {datetime: datetime.isoformat, date: date.isoformat, Decimal: lambda d: format(d, "f")}


def _encode(value: Any) -> Any:
    """json.dumps's fallback: the same text as json_safe first, without walking every value in Python."""
    plain = _PLAIN.get(type(value))
    if plain is not None:
        return plain(value)
    if isinstance(value, (enum.Enum, Decimal, datetime, date)):
        return json_safe(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces: the text an audit hash is taken over."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_encode)
    except TypeError:  # keys that do not sort together (mixed types): the slow, general way
        return json.dumps(json_safe(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
