"""Is a lesion getting better? Trend of one series of scores, by rules from data.

Pure functions over (date, value) points: no database, no Qt.
"""
from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tracker.services.instruments.outcome_rules import Criteria, TrendRule

HUNDRED = Decimal(100)


class Trend(str, enum.Enum):
    IMPROVING = "improving"
    STABLE = "stable"
    WORSE = "worse"
    #: no worse than the first assessment, but worse than its best by the rule's threshold (coming back)
    WORSE_AGAIN = "worse again"
    NOT_ENOUGH = "not enough data"

    @property
    def label(self) -> str:
        return {"improving": "Improving", "stable": "Stable", "worse": "Worse", "worse again": "Worse again",
                "not enough data": "Not enough data"}[self.value]


@dataclass(frozen=True)
class TrendResult:
    trend: Trend
    instrument: str
    metric: str
    baseline: tuple[date, Decimal] | None = None
    latest: tuple[date, Decimal] | None = None
    #: how much better the latest is than the baseline, in points (negative = worse)
    better_by: Decimal | None = None
    #: the same as a percent of the baseline (None from a baseline of 0)
    better_percent: Decimal | None = None
    #: the best point before the latest, when the trend is WORSE_AGAIN
    best: tuple[date, Decimal] | None = None


def _meets(criteria: Criteria, baseline: Decimal, latest: Decimal, gain: Decimal, lower_is_better: bool, *, improving: bool) -> bool:
    if gain <= 0:
        return False
    if criteria.relative is not None and (baseline == 0 or gain * HUNDRED / abs(baseline) >= criteria.relative):
        return True
    if criteria.absolute is not None and gain >= criteria.absolute:
        return True
    if improving and criteria.reaches is not None:
        target = criteria.reaches
        if lower_is_better:
            return baseline > target >= latest
        return baseline < target <= latest
    return False


def compare(baseline: Decimal, latest: Decimal, rule: TrendRule, lower_is_better: bool) -> Trend:
    """Improving, worse or stable, from one value to another, by the rule's thresholds."""
    better = (baseline - latest) if lower_is_better else (latest - baseline)
    if _meets(rule.improved, baseline, latest, better, lower_is_better, improving=True):
        return Trend.IMPROVING
    if _meets(rule.worse, baseline, latest, -better, lower_is_better, improving=False):
        return Trend.WORSE
    return Trend.STABLE


def classify(points: Sequence[tuple[date, Decimal]], rule: TrendRule, lower_is_better: bool) -> TrendResult:
    """Trend from the first (baseline) to the latest point; points in date order.
    Not worse than the baseline but clearly worse than its best is WORSE_AGAIN:
    a keloid growing back is not shown as improving."""
    ordered = sorted(points, key=lambda p: p[0])
    if len({day for day, _ in ordered}) < 2:
        return TrendResult(Trend.NOT_ENOUGH, rule.instrument, rule.metric,
                           ordered[0] if ordered else None, ordered[-1] if ordered else None)
    first, last = ordered[0], ordered[-1]
    better = (first[1] - last[1]) if lower_is_better else (last[1] - first[1])
    percent = None if first[1] == 0 else better * HUNDRED / abs(first[1])
    trend, best = compare(first[1], last[1], rule, lower_is_better), None
    if trend in (Trend.IMPROVING, Trend.STABLE) and worse_than_best(ordered, rule, lower_is_better):
        pick = min if lower_is_better else max
        trend, best = Trend.WORSE_AGAIN, pick(ordered[:-1], key=lambda p: p[1])
    return TrendResult(trend, rule.instrument, rule.metric, first, last, better, percent, best)


def worse_than_best(points: Sequence[tuple[date, Decimal]], rule: TrendRule, lower_is_better: bool) -> bool:
    """The latest value is worse than the best one before it, by the rule's 'worse' threshold."""
    ordered = sorted(points, key=lambda p: p[0])
    if len(ordered) < 2:
        return False
    earlier = [v for _, v in ordered[:-1]]
    best = min(earlier) if lower_is_better else max(earlier)
    return compare(best, ordered[-1][1], rule, lower_is_better) == Trend.WORSE
