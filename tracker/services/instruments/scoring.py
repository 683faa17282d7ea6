"""The arithmetic of the outcome instruments, in exact decimals.

``score_items(instrument, raw)`` takes what a person typed (strings, numbers
or None per item) and returns every item's value or the reason it is not
accepted, which required items are missing, the computed metrics and the
score's band. Each metric is recorded at its file's precision (``decimals``,
rounded half up): the value stored, shown, banded and compared with
thresholds is that one number (SALT 24.966 is recorded as 25.0, band S2). Missing items are never guessed: a metric is computed only when
all its items have values, and an assessment with a required item missing is
refused by the service (see resources/instruments/README.md).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from tracker.services.decimal_comma import ambiguous_separator
from tracker.services.instruments.definitions import Band, Instrument, Item, Metric, plain, round_to


@dataclass(frozen=True)
class ScoreResult:
    instrument: str
    values: dict[str, Decimal] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    metrics: dict[str, Decimal] = field(default_factory=dict)
    score: Decimal | None = None
    band: Band | None = None

    @property
    def complete(self) -> bool:
        return not self.errors and not self.missing and self.score is not None

    def item_messages(self, instrument: Instrument) -> dict[str, str]:
        """What is wrong with each item, keyed by item key (invalid first, then missing)."""
        out = dict(self.errors)
        for key in self.missing:
            item = instrument.item(key)
            out.setdefault(key, f"required: enter {expected(item)}")
        return out


def expected(item: Item) -> str:
    """What a valid value looks like, in words: 'a whole number from 0 to 3'."""
    span = f"from {plain(item.min)} to {plain(item.max)}"
    if item.decimals == 0:
        return f"a whole number {span}"
    places = "1 decimal place" if item.decimals == 1 else f"{item.decimals} decimal places"
    return f"a number {span} (up to {places})"


def parse_value(item: Item, raw: object) -> tuple[Decimal | None, str | None]:
    """(value, None), (None, None) when empty, or (None, message) when not acceptable."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, f"enter {expected(item)}"
    if isinstance(raw, Decimal):
        value = raw
    else:
        text = str(raw).strip()
        if not text:
            return None, None
        ambiguous = ambiguous_separator(text)
        if ambiguous:
            return None, f"{ambiguous}: enter {expected(item)}"
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # a decimal comma, as typed in many countries
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None, f"'{text}' is not a number: enter {expected(item)}"
    if not value.is_finite():
        return None, f"enter {expected(item)}"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > item.decimals:
        return None, f"too many decimal places: enter {expected(item)}"
    if not item.min <= value <= item.max:
        return None, f"out of range: enter {expected(item)}"
    return value, None


def compute_metric(metric: Metric, instrument: Instrument, values: Mapping[str, Decimal]) -> Decimal | None:
    """The metric's recorded value (exact arithmetic, then rounded half up to the
    metric's ``decimals``), or None when one of its items has no value."""
    exact = _exact(metric, instrument, values)
    return None if exact is None else round_to(exact, metric.decimals)


def _exact(metric: Metric, instrument: Instrument, values: Mapping[str, Decimal]) -> Decimal | None:
    """The metric's value before rounding, or None when one of its items has no value."""
    if any(key not in values for key in metric.of):
        return None
    parts = [values[key] for key in metric.of]
    if metric.formula == "sum":
        return sum(parts, Decimal(0))
    if metric.formula == "weighted_sum":
        return sum((values[key] * instrument.item(key).weight for key in metric.of), Decimal(0))
    if metric.formula == "item":
        return parts[0]
    if metric.formula == "product":
        result = Decimal(1)
        for part in parts:
            result *= part
        return result
    raise ValueError(f"unknown formula {metric.formula!r}")


def score_items(instrument: Instrument, raw: Mapping[str, object]) -> ScoreResult:
    """Parse, check and score one set of item values. Unknown keys are reported as errors."""
    values: dict[str, Decimal] = {}
    errors: dict[str, str] = {}
    for key in raw:
        if key not in {i.key for i in instrument.items}:
            errors[key] = f"{instrument.short_name} has no item '{key}'"
    for item in instrument.items:
        value, problem = parse_value(item, raw.get(item.key))
        if problem:
            errors[item.key] = problem
        elif value is not None:
            values[item.key] = value
    missing = tuple(i.key for i in instrument.items if i.required and i.key not in values and i.key not in errors)
    metrics = {}
    for metric in instrument.metrics:
        result = compute_metric(metric, instrument, values)
        if result is not None:
            metrics[metric.key] = result
    score = metrics.get(instrument.score) if not errors and not missing else None
    return ScoreResult(instrument=instrument.code, values=values, errors=errors, missing=missing,
                       metrics=metrics, score=score, band=instrument.band_for(score))
