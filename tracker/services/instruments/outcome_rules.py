"""The outcome rules (resources/outcomes.yaml): trend thresholds, flags,
response time points and review intervals, each with its source."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from tracker.paths import resource
from tracker.services.instruments.definitions import InstrumentFileError, parse_number, instruments
from tracker.services.yaml_data import load_yaml


@dataclass(frozen=True)
class Criteria:
    relative: Decimal | None = None
    absolute: Decimal | None = None
    reaches: Decimal | None = None

    def describe(self) -> str:
        parts = []
        if self.relative is not None:
            parts.append(f"{self.relative}% of the baseline")
        if self.absolute is not None:
            parts.append(f"{self.absolute} points")
        if self.reaches is not None:
            parts.append(f"reaching {self.reaches}")
        return " or ".join(parts) or "never"


@dataclass(frozen=True)
class TrendRule:
    instrument: str
    metric: str
    improved: Criteria
    worse: Criteria
    source: str


@dataclass(frozen=True)
class FlagRule:
    key: str
    conditions: tuple[str, ...]
    text: str
    source: str
    months_of_injections: int | None = None
    instruments: tuple[str, ...] = ()
    #: instrument -> a value of its trend metric at or past which an assessment itself shows regrowth
    regrowth_at: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class OutcomeRules:
    trends: dict[str, TrendRule]
    primary_instruments: dict[str, tuple[str, ...]]
    flags: dict[str, FlagRule]
    response_months: tuple[int, ...]
    response_window_days: int
    baseline_days: int
    response_source: str
    review_every_days: dict[str, int]
    review_grace_days: int
    review_source: str

    def primary_for(self, condition: str) -> tuple[str, ...]:
        return self.primary_instruments.get(condition) or self.primary_instruments.get("default", ())

    def review_interval(self, condition: str) -> int:
        return self.review_every_days.get(condition) or self.review_every_days.get("default", 56)


def _criteria(raw: dict | None, where: str) -> Criteria:
    raw = raw or {}
    unknown = set(raw) - {"relative", "absolute", "reaches"}
    if unknown:
        raise InstrumentFileError(f"{where}: unknown criteria {sorted(unknown)}")
    return Criteria(**{k: parse_number(v, f"{where}.{k}") for k, v in raw.items()})


def parse_rules(data: dict, name: str = "outcomes.yaml") -> OutcomeRules:
    known = instruments()
    trends = {}
    for code, raw in (data.get("trends") or {}).items():
        inst = known.get(code)
        if inst is None or raw.get("metric") not in {m.key for m in inst.metrics}:
            raise InstrumentFileError(f"{name}: trends.{code} names an unknown instrument or metric")
        trends[code] = TrendRule(code, raw["metric"], _criteria(raw.get("improved"), f"{name}: trends.{code}.improved"),
                                 _criteria(raw.get("worse"), f"{name}: trends.{code}.worse"), " ".join(str(raw.get("source", "")).split()))
    flags = {
        key: FlagRule(key, tuple(raw.get("conditions") or ()), str(raw.get("text", key)), " ".join(str(raw.get("source", "")).split()),
                      raw.get("months_of_injections"), tuple(raw.get("instruments") or ()),
                      {code: parse_number(v, f"{name}: flags.{key}.regrowth_at.{code}") for code, v in (raw.get("regrowth_at") or {}).items()})
        for key, raw in (data.get("flags") or {}).items()
    }
    for key, flag in flags.items():
        unknown = set(flag.regrowth_at) - set(trends)
        if unknown:
            raise InstrumentFileError(f"{name}: flags.{key}.regrowth_at names instruments without a trend: {sorted(unknown)}")
    response, reviews = data.get("response") or {}, data.get("reviews") or {}
    return OutcomeRules(
        trends=trends,
        primary_instruments={k: tuple(v) for k, v in (data.get("primary_instruments") or {}).items()},
        flags=flags,
        response_months=tuple(int(m) for m in response.get("at_months", (3, 6))),
        response_window_days=int(response.get("window_days", 31)), baseline_days=int(response.get("baseline_days", 14)),
        response_source=" ".join(str(response.get("source", "")).split()),
        review_every_days={k: int(v) for k, v in (reviews.get("every_days") or {}).items()},
        review_grace_days=int(reviews.get("grace_days", 14)), review_source=" ".join(str(reviews.get("source", "")).split()),
    )


def rules_file() -> Path:
    return resource("outcomes.yaml")


@lru_cache(maxsize=1)
def outcome_rules() -> OutcomeRules:
    return parse_rules(load_yaml(rules_file().read_text(encoding="utf-8")))
