"""Outcome instruments: definitions loaded from data, and their arithmetic (no Qt)."""
from tracker.services.instruments.definitions import (
    Band, Instrument, InstrumentFileError, Item, Metric, instrument, instruments, instruments_for, plain,
)
from tracker.services.instruments.scoring import ScoreResult, score_items

__all__ = [
    "Band", "Instrument", "InstrumentFileError", "Item", "Metric", "ScoreResult", "instrument", "instruments",
    "instruments_for", "plain", "score_items",
]
