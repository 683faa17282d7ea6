"""A decimal comma ("0,5", as typed in many countries) is read as a point,
unless the separator could as well group thousands: "1,000" is one in Paris
and a thousand in London, and "1.000" a thousand in Berlin. Reading either
way could make a dose a thousand times wrong, so such a number is refused,
with the two ways to type it.

A point is taken as a decimal point unless its three digits end in a zero
("1.000", "2.500"): a decimal is rarely written with a trailing zero, while
thousands mostly are round. "1.125" stays one and an eighth."""
from __future__ import annotations

import re
from decimal import Decimal

_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}([,.])\d{3}")


def ambiguous_separator(text: str) -> str | None:
    """A message when the comma or point in ``text`` could group thousands, else None."""
    text = text.strip()
    found = _AMBIGUOUS.fullmatch(text)
    if not found:
        return None
    whole, part = text.split(found.group(1))
    if found.group(1) == "." and not part.endswith("0"):
        return None
    small = format(Decimal(f"{whole}.{part}").normalize(), "f")
    return f"'{text}' could mean {small} or {whole}{part}: type it as {small} or as {whole}{part}"
