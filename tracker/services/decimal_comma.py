"""A decimal comma ("0,5", as typed in many countries) is read as a point,
unless the comma could as well be a thousands separator: "1,000" is one in
Paris and a thousand in London, and reading it either way could make a dose
a thousand times wrong, so it is refused with the two ways to type it."""
from __future__ import annotations

import re

_AMBIGUOUS = re.compile(r"[1-9]\d{0,2},\d{3}")


def ambiguous_comma(text: str) -> str | None:
    """A message when the comma in ``text`` could group thousands, else None."""
    text = text.strip()
    if not _AMBIGUOUS.fullmatch(text):
        return None
    whole, part = text.split(",")
    return (f"'{text}' could mean {whole}.{part} or {whole}{part}: type it without the comma "
            f"({whole}{part}) or with a point ({whole}.{part})")
