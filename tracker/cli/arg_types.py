"""Argument types that refuse, in words, what no record or range could be
(before, an id past SQLite's integer range ended in an OverflowError)."""
from __future__ import annotations

import argparse

MAX_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL's bigint store
MAX_DAYS_AHEAD = 3660  # ten years


def _whole(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what} (a whole number)") from None


def record_id(text: str) -> int:
    value = _whole(text, "an id")
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"no record has the id {text} (ids are whole numbers from 1 up)")
    return value


def days_ahead(text: str) -> int:
    value = _whole(text, "a number of days")
    if not 0 <= value <= MAX_DAYS_AHEAD:
        raise argparse.ArgumentTypeError(f"{text} days: give 0 to {MAX_DAYS_AHEAD} (ten years)")
    return value
