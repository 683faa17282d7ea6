"""The clinic's outcomes: numbers by condition and agent, response at fixed
times after the first injection, and outcome reviews that are overdue.

Rules (time points, windows, review intervals) come from resources/outcomes.yaml.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.models import LesionStatus
from tracker.services.assessments import clinic_today
from tracker.services.instruments import instruments
from tracker.services.instruments.outcome_rules import OutcomeRules, outcome_rules
from tracker.services.instruments.trends import Trend, compare
from tracker.services.outcome_data import LesionFacts, Point, condition_label, load_facts
from tracker.services.outcome_overview import LesionOutcome, add_months, lesion_outcome

NO_AGENT = "no injections recorded"


@dataclass(frozen=True)
class ResponseCount:
    months: int
    assessed: int = 0
    responders: int = 0

    @property
    def text(self) -> str:
        if not self.assessed:
            return "—"
        return f"{self.responders} of {self.assessed} ({round(100 * self.responders / self.assessed)}%)"


@dataclass(frozen=True)
class GroupRow:
    condition: str
    condition_label: str
    agents: str
    lesions: int
    patients: int
    sessions: int
    improving: int
    stable: int
    worse: int
    not_enough: int
    responses: tuple[ResponseCount, ...]


@dataclass(frozen=True)
class OverdueReview:
    patient_id: int
    chart_number: str
    patient_name: str
    lesion_id: int
    lesion_label: str
    condition_label: str
    last_assessed: date | None
    last_injection: date | None
    due_on: date
    days_overdue: int


@dataclass(frozen=True)
class ClinicOutcomes:
    as_of: date
    response_months: tuple[int, ...]
    rows: tuple[GroupRow, ...]
    overdue: tuple[OverdueReview, ...]
    flagged: tuple[LesionOutcome, ...]
    sources: tuple[str, ...]


def _baseline(points: tuple[Point, ...], start: date, rules: OutcomeRules) -> Point | None:
    before = [p for p in points if p.day <= start]
    if before:
        return before[-1]
    soon = [p for p in points if p.day <= start + timedelta(days=rules.baseline_days)]
    return soon[0] if soon else None


def response_at(facts: LesionFacts, months: int, today: date, rules: OutcomeRules) -> bool | None:
    """True (responder) / False (assessed, not improving) / None (not assessed in the window)."""
    start = facts.first_injection
    if start is None:
        return None
    target = add_months(start, months)
    if target > today:
        return None
    window = timedelta(days=rules.response_window_days)
    for code in rules.primary_for(facts.condition):
        rule = rules.trends.get(code)
        if rule is None:
            continue
        points = facts.series(code, rule.metric)
        base = _baseline(points, start, rules)
        near = [p for p in points if abs(p.day - target) <= window and base is not None and p.day > base.day]
        if base is None or not near:
            continue
        closest = min(near, key=lambda p: (abs(p.day - target), -p.day.toordinal()))
        lower = instruments()[code].metric(rule.metric).lower_is_better
        return compare(base.value, closest.value, rule, lower) == Trend.IMPROVING
    return None


def overdue_review(facts: LesionFacts, today: date, rules: OutcomeRules) -> OverdueReview | None:
    if facts.status == LesionStatus.RESOLVED.value or facts.first_injection is None:
        return None
    since = facts.last_assessed if facts.last_assessed and facts.last_assessed >= facts.first_injection else facts.first_injection
    due = since + timedelta(days=rules.review_interval(facts.condition))
    if today <= due + timedelta(days=rules.review_grace_days):
        return None
    return OverdueReview(
        patient_id=facts.patient_id, chart_number=facts.chart_number, patient_name=facts.patient_name,
        lesion_id=facts.lesion_id, lesion_label=facts.label, condition_label=condition_label(facts.condition),
        last_assessed=facts.last_assessed, last_injection=facts.last_injection, due_on=due, days_overdue=(today - due).days,
    )


def _group_rows(pairs: list[tuple[LesionFacts, LesionOutcome]], today: date, rules: OutcomeRules) -> list[GroupRow]:
    groups: dict[tuple[str, str], list[tuple[LesionFacts, LesionOutcome]]] = defaultdict(list)
    for facts, outcome in pairs:
        groups[(facts.condition, " + ".join(sorted(facts.agents)) or NO_AGENT)].append((facts, outcome))
    rows = []
    for (condition, agents), members in sorted(groups.items(), key=lambda kv: (condition_label(kv[0][0]), kv[0][1])):
        trends = [o.trend for _, o in members]
        responses = []
        for months in rules.response_months:
            answers = [r for r in (response_at(f, months, today, rules) for f, _ in members) if r is not None]
            responses.append(ResponseCount(months, len(answers), sum(answers)))
        rows.append(GroupRow(
            condition=condition, condition_label=condition_label(condition), agents=agents, lesions=len(members),
            patients=len({f.patient_id for f, _ in members}), sessions=sum(len(f.sessions) for f, _ in members),
            improving=trends.count(Trend.IMPROVING), stable=trends.count(Trend.STABLE),
            worse=trends.count(Trend.WORSE) + trends.count(Trend.WORSE_AGAIN),
            not_enough=trends.count(Trend.NOT_ENOUGH), responses=tuple(responses),
        ))
    return rows


def clinic_outcomes(db, today: date | None = None) -> ClinicOutcomes:  # noqa: ANN001
    """Outcomes across every lesion of the clinic (voided records left out)."""
    today = today or clinic_today(db)
    rules = outcome_rules()
    with db.read() as s:
        facts = load_facts(s)
    pairs = [(f, lesion_outcome(f, today, rules)) for f in facts]
    overdue = sorted((r for r in (overdue_review(f, today, rules) for f in facts) if r),
                     key=lambda r: (-r.days_overdue, r.chart_number))
    return ClinicOutcomes(
        as_of=today, response_months=rules.response_months, rows=tuple(_group_rows(pairs, today, rules)),
        overdue=tuple(overdue), flagged=tuple(o for _, o in pairs if o.flags),
        sources=(f"Response: {rules.response_source}", f"Reviews: {rules.review_source}"),
    )
