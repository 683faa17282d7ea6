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


def canonical_json(value: Any) -> str:
    return json.dumps(json_safe(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
