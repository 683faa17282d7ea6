"""Every lesion's course at a glance: trend (improving, stable, worse, not
enough data) and flags, by the rules in resources/outcomes.yaml."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, fields
from datetime import date

from tracker.models import LesionStatus
from tracker.services.assessments import clinic_today
from tracker.services.instruments import instruments
from tracker.services.instruments.outcome_rules import FlagRule, OutcomeRules, outcome_rules
from tracker.services.instruments.trends import Trend, TrendResult, worse_than_best
from tracker.services.outcome_data import LesionFacts, LesionRef, condition_label, load_facts
from tracker.services.progress import lesion_trends
from tracker.services.response_summary import change_text, day_text, span_text


@dataclass(frozen=True)
class Flag:
    key: str
    text: str
    source: str


@dataclass(frozen=True)
class LesionOutcome(LesionRef):
    condition_label: str
    trend: Trend
    #: the instrument whose trend speaks for the lesion (None without any assessment)
    instrument: str | None
    headline: str
    trends: tuple[TrendResult, ...]
    flags: tuple[Flag, ...]
    sessions: int
    first_injection: date | None
    last_injection: date | None
    last_assessed: date | None
    agents: tuple[str, ...]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def primary_trend(facts: LesionFacts, trends: tuple[TrendResult, ...], rules: OutcomeRules) -> TrendResult | None:
    """The trend of the first instrument (in the condition's order) with enough data,
    else of any instrument with enough data, else the first one with any data."""
    by_code = {t.instrument: t for t in trends}
    ordered = [by_code[c] for c in rules.primary_for(facts.condition) if c in by_code]
    ordered += [t for t in trends if t not in ordered]
    return next((t for t in ordered if t.trend != Trend.NOT_ENOUGH), ordered[0] if ordered else None)


def headline(result: TrendResult | None) -> str:
    if result is None or result.latest is None:
        return "No assessment yet"
    metric = instruments()[result.instrument].metric(result.metric)
    if result.trend == Trend.NOT_ENOUGH:
        return f"{metric.labelled(result.latest[1])} on {day_text(result.latest[0])} (one assessment so far)"
    text = (f"{metric.label} {change_text(metric, result.baseline[1], result.latest[1])} "
            f"over {span_text(result.baseline[0], result.latest[0])}")
    if result.trend == Trend.WORSE_AGAIN and result.best is not None:
        text += f", but worse again since its best ({metric.format(result.best[1])} on {day_text(result.best[0])})"
    return text


def _shows_regrowth(result: TrendResult, rule: FlagRule) -> bool:
    """The latest assessment is itself regrowth (a patch 50% regrown), even
    with one assessment or a small change since the first."""
    at = rule.regrowth_at.get(result.instrument)
    if at is None or result.latest is None:
        return False
    lower_is_better = instruments()[result.instrument].metric(result.metric).lower_is_better
    return result.latest[1] <= at if lower_is_better else result.latest[1] >= at


def _no_regrowth(facts: LesionFacts, trends: tuple[TrendResult, ...], rules: OutcomeRules, today: date) -> Flag | None:
    rule = rules.flags.get("no_regrowth")
    if rule is None or facts.condition not in rule.conditions or facts.first_injection is None:
        return None
    if facts.status == LesionStatus.RESOLVED.value:
        return None
    months = rule.months_of_injections or 3
    if add_months(facts.first_injection, months) > today:
        return None
    relevant = [t for t in trends if t.instrument in rule.instruments]
    if any(t.trend == Trend.IMPROVING or _shows_regrowth(t, rule) for t in relevant):
        return None
    text = rule.text.format(months=months)
    if not relevant:
        text += " (no regrowth assessment recorded)"
    return Flag(rule.key, text, rule.source)


def _recurrence(facts: LesionFacts, rules: OutcomeRules) -> Flag | None:
    rule = rules.flags.get("recurrence")
    if rule is None or facts.condition not in rule.conditions:
        return None
    if facts.status == LesionStatus.RECURRED.value:
        return Flag(rule.key, f"{rule.text} (marked as recurred)", rule.source)
    if facts.status != LesionStatus.RESOLVED.value:
        return None
    for code, trend_rule in rules.trends.items():
        points = facts.series(code, trend_rule.metric)
        metric = instruments()[code].metric(trend_rule.metric)
        if worse_than_best([(p.day, p.value) for p in points], trend_rule, metric.lower_is_better):
            earlier = [p.value for p in points[:-1]]
            best = min(earlier) if metric.lower_is_better else max(earlier)
            return Flag(rule.key, f"{rule.text}: {metric.label.lower()} {metric.format(points[-1].value)} now, "
                                  f"{metric.format(best)} at its best", rule.source)
    return None


def lesion_outcome(facts: LesionFacts, today: date, rules: OutcomeRules | None = None) -> LesionOutcome:
    rules = rules or outcome_rules()
    trends = lesion_trends(facts)
    main = primary_trend(facts, trends, rules)
    flags = tuple(f for f in (_no_regrowth(facts, trends, rules, today), _recurrence(facts, rules)) if f)
    return LesionOutcome(
        **{f.name: getattr(facts, f.name) for f in fields(LesionRef)}, condition_label=condition_label(facts.condition),
        trend=main.trend if main else Trend.NOT_ENOUGH, instrument=main.instrument if main else None,
        headline=headline(main), trends=trends, flags=flags, sessions=len(facts.sessions),
        first_injection=facts.first_injection, last_injection=facts.last_injection,
        last_assessed=facts.last_assessed, agents=facts.agents,
    )


def patient_overview(db, patient_id: int, today: date | None = None) -> list[LesionOutcome]:  # noqa: ANN001
    """Each of the patient's lesions (not voided) with its trend and flags."""
    today = today or clinic_today(db)
    with db.read() as s:
        facts = load_facts(s, patient_id=patient_id)
    return [lesion_outcome(f, today) for f in facts]
