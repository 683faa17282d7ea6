"""What a catalog edit must respect before it is written: numbers are positive
(a limit may be left empty: no published limit), an indication's strengths keep
min <= default <= max, a child's 30-day limit is not above the adults', units
never change (recorded doses count in them), texts fit their columns, a choice
(an interval counts per lesion or per patient) is one of its words.

Pure functions over plain values; ``catalog.update_agent`` and
``catalog.update_indication`` call them inside their write."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from tracker.services.dosing import fmt

INTEGER_FIELDS = frozenset({"min_interval_days", "observation_minutes", "usual_interval_days"})
UNIT_FIELDS = frozenset({"dose_unit", "concentration_unit"})
TEXT_LIMITS = {"name": 120, "plain_name": 200, "needle_gauge": 20}
#: fields that take one of a few words (never empty): field -> the words
CHOICE_FIELDS = {"interval_scope": ("lesion", "patient")}


def parse_number(field: str, raw: Any, decimal_fields: frozenset[str] | set[str]) -> Any:
    """A typed or stored value as the column holds it (None for empty); ValueError with words when it is not."""
    if field in CHOICE_FIELDS:
        words = CHOICE_FIELDS[field]
        word = str(getattr(raw, "value", raw) or "").strip()
        if word not in words:
            raise ValueError(f"choose one of: {', '.join(words)}")
        return word
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if field in INTEGER_FIELDS:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"a whole number of {'minutes' if field == 'observation_minutes' else 'days'}") from None
        if value <= 0:
            raise ValueError("must be more than 0 (leave it empty for none)")
        return value
    if field in decimal_fields:
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValueError(f"{str(raw).strip()!r} is not a number") from None
        if not value.is_finite() or value <= 0:
            raise ValueError("must be more than 0 (leave it empty for no limit)")
        return value
    text = str(raw).strip()
    limit = TEXT_LIMITS.get(field)
    if limit is not None and len(text) > limit:
        raise ValueError(f"at most {limit} characters (this has {len(text)})")
    return text


def parse_changes(changes: dict, stored: dict, decimal_fields: frozenset[str] | set[str]) -> tuple[dict, dict[str, str]]:
    """The changes as column values, and what is wrong with them, by field."""
    values, errors = {}, {}
    for field, raw in changes.items():
        if field in UNIT_FIELDS:
            if str(raw).strip() != stored.get(field):
                errors[field] = (f"the unit stays {stored.get(field)}: doses already recorded count in it "
                                 "(add a new agent for another unit)")
            continue
        try:
            values[field] = parse_number(field, raw, decimal_fields)
        except ValueError as exc:
            errors[field] = str(exc)
        if field in ("name", "plain_name") and field not in errors and not values[field]:
            errors[field] = "cannot be empty"
    return values, errors


def order_errors(merged: dict) -> dict[str, str]:
    """Cross-field rules over the values as they would be stored."""
    errors = {}
    low, usual, high = (merged.get(f) for f in ("concentration_min", "concentration_default", "concentration_max"))
    if low is not None and high is not None and low > high:
        errors["concentration_min"] = f"the lowest strength ({fmt(low)}) is above the highest ({fmt(high)})"
    if usual is not None and low is not None and usual < low:
        errors["concentration_default"] = f"the usual strength ({fmt(usual)}) is below the lowest ({fmt(low)})"
    elif usual is not None and high is not None and usual > high:
        errors["concentration_default"] = f"the usual strength ({fmt(usual)}) is above the highest ({fmt(high)})"
    child, adult = merged.get("child_rolling_30d_limit"), merged.get("rolling_30d_limit")
    if child is not None and adult is not None and child > adult:
        errors["child_rolling_30d_limit"] = (f"the children's 30-day limit ({fmt(child)}) is above the adults' "
                                             f"({fmt(adult)}): it is meant to be stricter")
    return errors
