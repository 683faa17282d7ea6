"""One lesion's progress as plain data: score series, injection sessions with
cumulative dose, trends and a plain-language summary.

The progress view draws it; printed reports draw the same data with
``tracker.charts.progress_chart.render_progress_chart`` and print ``summary``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tracker.services.body_sites import site_by_code
from tracker.services.errors import NotFoundError
from tracker.services.instruments import Metric, instruments
from tracker.services.instruments.outcome_rules import outcome_rules
from tracker.services.instruments.trends import TrendResult, classify
from tracker.services.outcome_data import DoseSession, LesionFacts, Point, condition_label, load_facts
from tracker.services.response_summary import summary_lines


@dataclass(frozen=True)
class ProgressSeries:
    key: str
    instrument: str
    metric: str
    #: the metric's definition (label, unit, direction, range, decimals)
    definition: Metric
    #: (value, label) lines drawn across the chart (e.g. SALT success at 20)
    reference_lines: tuple[tuple[Decimal, str], ...]
    points: tuple[Point, ...]

    @property
    def label(self) -> str:
        return self.definition.label

    @property
    def unit(self) -> str:
        return self.definition.unit

    @property
    def lower_is_better(self) -> bool:
        return self.definition.lower_is_better

    @property
    def min(self) -> Decimal | None:
        return self.definition.min

    @property
    def max(self) -> Decimal | None:
        return self.definition.max

    @property
    def decimals(self) -> int:
        return self.definition.decimals

    @property
    def axis_title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class ProgressData:
    lesion_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    lesion_label: str
    condition: str
    condition_label: str
    site_name: str
    status: str
    series: tuple[ProgressSeries, ...]
    sessions: tuple[DoseSession, ...]
    default_key: str | None
    trends: tuple[TrendResult, ...]
    summary: tuple[str, ...]

    def series_for(self, key: str | None) -> ProgressSeries | None:
        key = key or self.default_key
        return next((s for s in self.series if s.key == key), None)

    def cumulative(self) -> tuple[tuple[date, tuple[tuple[tuple[str, str], Decimal], ...]], ...]:
        """After each session: the running total per (agent name, unit) into this lesion."""
        totals: dict[tuple[str, str], Decimal] = {}
        out = []
        for ses in self.sessions:
            for name, unit, dose in ses.doses:
                totals[(name, unit)] = totals.get((name, unit), Decimal(0)) + dose
            out.append((ses.day, tuple(totals.items())))
        return tuple(out)

    @property
    def first_day(self) -> date | None:
        days = [p.day for s in self.series for p in s.points] + [ses.day for ses in self.sessions]
        return min(days) if days else None

    @property
    def last_day(self) -> date | None:
        days = [p.day for s in self.series for p in s.points] + [ses.day for ses in self.sessions]
        return max(days) if days else None


def _series(facts: LesionFacts) -> list[ProgressSeries]:
    out = []
    for inst in instruments().values():
        order = [inst.score, *[k for k in inst.summary_metrics if k != inst.score],
                 *[m.key for m in inst.metrics if m.key != inst.score and m.key not in inst.summary_metrics]]
        for key in order:
            points = facts.series(inst.code, key)
            if not points:
                continue
            out.append(ProgressSeries(
                key=f"{inst.code}.{key}", instrument=inst.code, metric=key, definition=inst.metric(key),
                reference_lines=tuple((r.value, r.label) for r in inst.reference_lines if r.metric == key),
                points=points,
            ))
    return out


def _default_key(facts: LesionFacts, series: list[ProgressSeries]) -> str | None:
    keys = {s.key for s in series}
    for code in outcome_rules().primary_for(facts.condition):
        inst = instruments().get(code)
        if inst is None:
            continue
        for key in (*inst.summary_metrics, inst.score):
            if f"{code}.{key}" in keys:
                return f"{code}.{key}"
    return series[0].key if series else None


def lesion_trends(facts: LesionFacts) -> tuple[TrendResult, ...]:
    """The trend of every instrument that has a rule and at least one assessment."""
    out = []
    for code, rule in outcome_rules().trends.items():
        points = facts.series(code, rule.metric)
        if points:
            metric = instruments()[code].metric(rule.metric)
            out.append(classify([(p.day, p.value) for p in points], rule, metric.lower_is_better))
    return tuple(out)


def progress_from_facts(facts: LesionFacts) -> ProgressData:
    series = _series(facts)
    site = site_by_code(facts.site_code)
    return ProgressData(
        lesion_id=facts.lesion_id, patient_id=facts.patient_id, patient_name=facts.patient_name,
        chart_number=facts.chart_number, lesion_label=facts.label, condition=facts.condition,
        condition_label=condition_label(facts.condition), site_name=site.name if site else facts.site_code, status=facts.status,
        series=tuple(series), sessions=facts.sessions, default_key=_default_key(facts, series),
        trends=lesion_trends(facts), summary=summary_lines(facts),
    )


def lesion_progress(db, lesion_id: int) -> ProgressData:  # noqa: ANN001
    """Everything the progress chart and summary of one lesion need."""
    with db.read() as s:
        found = load_facts(s, lesion_id=lesion_id)
    if not found:
        raise NotFoundError(f"no lesion with id {lesion_id}")
    return progress_from_facts(found[0])
