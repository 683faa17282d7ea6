"""Service messages as the screens show them: the services write lower-case
phrases ("enter the given names") that the screens set as sentences."""
from __future__ import annotations

from collections.abc import Iterable


def capitalised(text: str) -> str:
    """The phrase with its first letter in upper case ("enter a date" -> "Enter a date")."""
    return text[:1].upper() + text[1:]


def joined(phrases: Iterable[str]) -> str:
    """Several phrases as one message, each capitalised, separated by semicolons."""
    return "; ".join(capitalised(p) for p in phrases)
