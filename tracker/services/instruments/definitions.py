"""Outcome instruments as data: loaded from resources/instruments/*.yaml.

Nothing about an instrument is written in code: items, ranges, weights,
formulas, bands and sources come from its file. Loading checks each file and
names the file and field that is wrong.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from tracker.paths import resource
from tracker.services.yaml_data import load_yaml

log = logging.getLogger(__name__)

FORMULAS = ("sum", "weighted_sum", "item", "product")
BAND_TESTS = ("equals", "from", "above", "below", "to")
ENTRY_KINDS = ("form", "photo")


class InstrumentFileError(ValueError):
    """An instrument file that cannot be used, with the file and field named."""


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    min: Decimal
    max: Decimal
    decimals: int = 0
    unit: str = ""
    required: bool = True
    weight: Decimal | None = None
    help: str = ""
    anchors: tuple[tuple[Decimal, str], ...] = ()

    @property
    def range_text(self) -> str:
        unit = f" {self.unit}" if self.unit and self.unit != "%" else self.unit
        return f"{plain(self.min)}–{plain(self.max)}{unit}"

    def anchor_for(self, value: Decimal) -> str | None:
        return next((text for v, text in self.anchors if v == value), None)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    formula: str
    of: tuple[str, ...]
    unit: str = ""
    lower_is_better: bool = True
    min: Decimal | None = None
    max: Decimal | None = None
    decimals: int = 0

    def format(self, value: Decimal | None) -> str:
        if value is None:
            return "—"
        text = plain(round_to(value, self.decimals))
        if not self.unit:
            return text
        return f"{text}%" if self.unit == "%" else f"{text} {self.unit}"

    def labelled(self, value: Decimal | None) -> str:
        """'Keloid volume 1200 mm³', 'VSS total 5': the metric's name, then its value."""
        return f"{self.label} {self.format(value)}"


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    tests: tuple[tuple[str, Decimal], ...]

    def matches(self, value: Decimal) -> bool:
        checks = {
            "equals": lambda limit: value == limit, "from": lambda limit: value >= limit,
            "above": lambda limit: value > limit, "below": lambda limit: value < limit,
            "to": lambda limit: value <= limit,
        }
        return all(checks[name](limit) for name, limit in self.tests)


@dataclass(frozen=True)
class ReferenceLine:
    metric: str
    value: Decimal
    label: str
    source: str = ""


@dataclass(frozen=True)
class Version:
    code: str
    label: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    short_name: str
    entry: str
    source: str
    items: tuple[Item, ...]
    metrics: tuple[Metric, ...]
    score: str
    versions: tuple[Version, ...]
    conditions: tuple[str, ...] = ()
    description: str = ""
    bands: tuple[Band, ...] = ()
    reference_lines: tuple[ReferenceLine, ...] = ()
    summary_metrics: tuple[str, ...] = ()
    order: int = 100
    sources: dict = field(default_factory=dict, compare=False, hash=False)

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    def metric(self, key: str) -> Metric:
        return next(m for m in self.metrics if m.key == key)

    @property
    def score_metric(self) -> Metric:
        return self.metric(self.score)

    @property
    def default_version(self) -> str:
        return self.versions[0].code

    def version_label(self, code: str | None) -> str:
        return next((v.label for v in self.versions if v.code == code), code or "")

    def band_for(self, value: Decimal | None) -> Band | None:
        if value is None:
            return None
        return next((b for b in self.bands if b.matches(value)), None)

    @property
    def typed(self) -> bool:
        """Entered in the assessment form (not recorded by the photo tool)."""
        return self.entry == "form"


def plain(value: Decimal) -> str:
    """A decimal as people write it: 40, 41.6, 0.25 (no exponent, no trailing zeros)."""
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


def round_to(value: Decimal, places: int) -> Decimal:
    """Rounded half up, as people round: a metric is recorded at its ``decimals``
    (see scoring.compute_metric), so what is stored, shown and banded agree."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# ---- loading -------------------------------------------------------------------

def parse_number(raw, where: str) -> Decimal:  # noqa: ANN001
    if isinstance(raw, bool) or raw is None:
        raise InstrumentFileError(f"{where}: a number is needed")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise InstrumentFileError(f"{where}: {raw!r} is not a number") from None
    if not value.is_finite():
        raise InstrumentFileError(f"{where}: {raw!r} is not a finite number")
    return value


def parse_optional_number(raw, where: str) -> Decimal | None:  # noqa: ANN001
    return None if raw is None else parse_number(raw, where)


def _item(raw: dict, where: str) -> Item:
    low, high = parse_number(raw.get("min"), f"{where}.min"), parse_number(raw.get("max"), f"{where}.max")
    if low > high:
        raise InstrumentFileError(f"{where}: min is above max")
    anchors = tuple(sorted((parse_number(k, f"{where}.anchors"), str(v)) for k, v in (raw.get("anchors") or {}).items()))
    return Item(
        key=str(raw["key"]), label=str(raw.get("label", raw["key"])), min=low, max=high,
        decimals=int(raw.get("decimals", 0)), unit=str(raw.get("unit", "")), required=bool(raw.get("required", True)),
        weight=parse_optional_number(raw.get("weight"), f"{where}.weight"), help=str(raw.get("help", "")), anchors=anchors,
    )


def _metric(raw: dict, where: str, items: dict[str, Item]) -> Metric:
    formula = raw.get("formula")
    if formula not in FORMULAS:
        raise InstrumentFileError(f"{where}.formula: {formula!r} is not one of {', '.join(FORMULAS)}")
    of = tuple(str(k) for k in raw.get("of") or ())
    missing = [k for k in of if k not in items]
    if not of or missing:
        raise InstrumentFileError(f"{where}.of: needs items of this instrument (unknown: {missing or 'none given'})")
    if formula == "item" and len(of) != 1:
        raise InstrumentFileError(f"{where}.of: the 'item' formula takes exactly one item")
    if formula == "weighted_sum" and any(items[k].weight is None for k in of):
        raise InstrumentFileError(f"{where}: every item of a weighted sum needs a weight")
    return Metric(
        key=str(raw["key"]), label=str(raw.get("label", raw["key"])), formula=formula, of=of,
        unit=str(raw.get("unit", "")), lower_is_better=bool(raw.get("lower_is_better", True)),
        min=parse_optional_number(raw.get("min"), f"{where}.min"), max=parse_optional_number(raw.get("max"), f"{where}.max"),
        decimals=int(raw.get("decimals", 0)),
    )


def _band(raw: dict, where: str) -> Band:
    tests = tuple((name, parse_number(raw[name], f"{where}.{name}")) for name in BAND_TESTS if name in raw)
    if not tests:
        raise InstrumentFileError(f"{where}: a band needs at least one of {', '.join(BAND_TESTS)}")
    return Band(code=str(raw["code"]), label=str(raw.get("label", raw["code"])), tests=tests)


def parse_instrument(data: dict, name: str) -> Instrument:
    """Build an Instrument from one file's content; ``name`` is used in messages."""
    try:
        if not isinstance(data, dict):
            raise InstrumentFileError(f"{name}: not a mapping")
        items = tuple(_item(raw, f"{name}: items[{i}]") for i, raw in enumerate(data.get("items") or ()))
        by_key = {i.key: i for i in items}
        if not items or len(by_key) != len(items):
            raise InstrumentFileError(f"{name}: items are missing or repeat a key")
        metrics = tuple(_metric(raw, f"{name}: metrics[{i}]", by_key) for i, raw in enumerate(data.get("metrics") or ()))
        metric_keys = {m.key for m in metrics}
        if data.get("score") not in metric_keys:
            raise InstrumentFileError(f"{name}: score must name one of the metrics ({', '.join(sorted(metric_keys))})")
        entry = data.get("entry", "form")
        if entry not in ENTRY_KINDS:
            raise InstrumentFileError(f"{name}: entry must be one of {', '.join(ENTRY_KINDS)}")
        versions = tuple(Version(str(v["code"]), str(v.get("label", v["code"]))) for v in data.get("versions") or ())
        if not versions:
            raise InstrumentFileError(f"{name}: list at least one version")
        lines = tuple(
            ReferenceLine(str(r.get("metric", data["score"])), parse_number(r.get("value"), f"{name}: reference_lines[{i}].value"),
                          str(r.get("label", "")), str(r.get("source", "")))
            for i, r in enumerate(data.get("reference_lines") or ())
        )
        summary = tuple(str(k) for k in data.get("summary_metrics") or (data["score"],))
        unknown = [k for k in summary + tuple(r.metric for r in lines) if k not in metric_keys]
        if unknown:
            raise InstrumentFileError(f"{name}: unknown metrics {unknown}")
        if not str(data.get("source", "")).strip():
            raise InstrumentFileError(f"{name}: every instrument needs its source")
        return Instrument(
            code=str(data["code"]), name=str(data["name"]), short_name=str(data.get("short_name", data["name"])),
            entry=entry, source=str(data["source"]), items=items, metrics=metrics, score=str(data["score"]),
            versions=versions, conditions=tuple(str(c) for c in data.get("conditions") or ()),
            description=" ".join(str(data.get("description", "")).split()),
            bands=tuple(_band(raw, f"{name}: bands[{i}]") for i, raw in enumerate(data.get("bands") or ())),
            reference_lines=lines, summary_metrics=summary, order=int(data.get("order", 100)),
            sources={k: v for k, v in data.items() if k.endswith("source")},
        )
    except KeyError as exc:
        raise InstrumentFileError(f"{name}: missing field {exc.args[0]!r}") from None


def instruments_folder() -> Path:
    return resource("instruments")


def load_folder(folder: Path) -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for path in sorted(folder.glob("*.yaml")):
        instrument = parse_instrument(load_yaml(path.read_text(encoding="utf-8")), path.name)
        if instrument.code in found:
            raise InstrumentFileError(f"{path.name}: instrument code {instrument.code!r} is used twice")
        found[instrument.code] = instrument
    log.debug("loaded %d outcome instruments from %s", len(found), folder)
    return dict(sorted(found.items(), key=lambda pair: (pair[1].order, pair[0])))


@lru_cache(maxsize=1)
def instruments() -> dict[str, Instrument]:
    """Every shipped instrument by code (loaded once)."""
    return load_folder(instruments_folder())


def instrument(code: str) -> Instrument | None:
    return instruments().get(code)


def instruments_for(condition: str | None, *, typed_only: bool = True) -> tuple[list[Instrument], list[Instrument]]:
    """(suggested for this condition, the others), each in file order."""
    pool = [i for i in instruments().values() if i.typed or not typed_only]
    suggested = [i for i in pool if condition and condition in i.conditions]
    return suggested, [i for i in pool if i not in suggested]
