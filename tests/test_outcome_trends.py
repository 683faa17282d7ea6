"""Trend classification by the rules in resources/outcomes.yaml."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tracker.services.instruments.outcome_rules import Criteria, TrendRule, outcome_rules
from tracker.services.instruments.trends import Trend, classify, compare, worse_than_best
from tracker.services.outcome_overview import add_months

D = Decimal
START = date(2026, 1, 5)


def series(*values):  # noqa: ANN002, ANN201
    return [(START + timedelta(days=42 * i), D(str(v))) for i, v in enumerate(values)]


def rule(code: str) -> TrendRule:
    return outcome_rules().trends[code]


def test_rules_file_names_a_source_for_every_trend_and_the_flags():
    rules = outcome_rules()
    assert set(rules.trends) >= {"salt", "patch_regrowth", "vss", "keloid_size", "tps", "pga"}
    for trend in rules.trends.values():
        assert trend.source
    assert "3 months" in rules.flags["no_regrowth"].source
    assert rules.flags["no_regrowth"].months_of_injections == 3
    assert rules.response_months == (3, 6)


def test_one_assessment_or_two_on_the_same_day_is_not_enough():
    assert classify(series(60), rule("salt"), True).trend == Trend.NOT_ENOUGH
    same_day = [(START, D(60)), (START, D(10))]
    assert classify(same_day, rule("salt"), True).trend == Trend.NOT_ENOUGH
    assert classify([], rule("salt"), True).trend == Trend.NOT_ENOUGH


@pytest.mark.parametrize("values, expected", [
    ((60, 45), Trend.IMPROVING),      # 25% lower: the first regrowth threshold
    ((60, 46), Trend.STABLE),         # 23% lower
    ((22, 19), Trend.IMPROVING),      # only 14% lower, but crosses success (SALT <= 20)
    ((20, 18), Trend.STABLE),         # already at success: 10% is no real change
    ((40, 50), Trend.WORSE),          # 25% higher
    ((80, 89), Trend.STABLE),         # 11% and 9 points higher
    ((80, 90), Trend.WORSE),          # 10 points higher
    ((0, 5), Trend.WORSE),            # from no hair loss, any loss counts
])
def test_salt_trend_thresholds(values, expected):
    assert classify(series(*values), rule("salt"), True).trend == expected


def test_the_trend_compares_the_first_and_the_latest_assessment():
    result = classify(series(60, 70, 40, 15), rule("salt"), True)
    assert result.trend == Trend.IMPROVING
    assert result.baseline == (START, D(60)) and result.latest[1] == D(15)
    assert result.better_by == 45 and result.better_percent == 75


def test_higher_is_better_for_patch_regrowth():
    assert classify(series(0, 30), rule("patch_regrowth"), False).trend == Trend.IMPROVING
    assert classify(series(0, 20), rule("patch_regrowth"), False).trend == Trend.STABLE
    assert classify(series(80, 50), rule("patch_regrowth"), False).trend == Trend.WORSE


def test_absolute_point_rules_for_scales():
    assert classify(series(9, 7), rule("vss"), True).trend == Trend.IMPROVING
    assert classify(series(9, 8), rule("vss"), True).trend == Trend.STABLE
    assert classify(series(6, 8), rule("vss"), True).trend == Trend.WORSE
    assert classify(series(3, 2), rule("pga"), True).trend == Trend.IMPROVING
    assert classify(series(9, 8), rule("tps"), True).trend == Trend.STABLE


def test_compare_with_a_custom_rule():
    custom = TrendRule("x", "y", Criteria(absolute=D(5)), Criteria(relative=D(50)), "test")
    assert compare(D(10), D(5), custom, True) == Trend.IMPROVING
    assert compare(D(10), D(14), custom, True) == Trend.STABLE
    assert compare(D(10), D(15), custom, True) == Trend.WORSE


def test_worse_than_best_finds_a_comeback():
    keloid = rule("keloid_size")
    assert worse_than_best(series(1000, 400, 100, 140), keloid, True)      # 40% above its best
    assert not worse_than_best(series(1000, 400, 100, 110), keloid, True)  # 10%: within noise
    assert worse_than_best(series(500, 0, 30), keloid, True)               # flat, then back
    assert not worse_than_best(series(500), keloid, True)


def test_a_lesion_coming_back_is_worse_again_not_improving():
    """A keloid 108 mm³ at its best and 841 mm³ now is still smaller than at the
    start, but it is growing back: not counted or shown as improving."""
    keloid = rule("keloid_size")
    result = classify(series(2700, 108, 841), keloid, True)
    assert result.trend == Trend.WORSE_AGAIN and result.best == (START + timedelta(days=42), D(108))
    assert result.trend.label == "Worse again"
    assert classify(series(1000, 400, 100, 110), keloid, True).trend == Trend.IMPROVING  # within noise of its best


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
