"""The response of a lesion in plain words, for the progress view and printed reports.

"SALT score 60 → 15, 75% improvement over 5 months."
"Keloid height 6 mm → 2 mm, 67% improvement; keloid volume 1200 mm³ → 150 mm³, 88% improvement over 4 months."
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tracker.services.instruments import Instrument, Metric, instruments, plain
from tracker.services.instruments.outcome_rules import outcome_rules
from tracker.services.instruments.trends import worse_than_best
from tracker.services.outcome_data import DoseSession, LesionFacts, Point

HUNDRED = Decimal(100)


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def span_text(start: date, end: date) -> str:
    """'10 days', '6 weeks', '5 months': how long between two dates, rounded."""
    days = (end - start).days
    if days < 14:
        return "1 day" if days == 1 else f"{days} days"
    if days < 61:
        return f"{round(days / 7)} weeks"
    months = int((Decimal(days) / Decimal("30.4375")).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{months} months"


def change_text(metric: Metric, first: Decimal, last: Decimal) -> str:
    """'60 → 15, 75% improvement' (percent of the starting value, rounded)."""
    text = f"{metric.format(first)} → {metric.format(last)}"
    better = (first - last) if metric.lower_is_better else (last - first)
    if better == 0:
        return f"{text}, no change"
    if first == 0:
        return text if better > 0 else f"{text} (worse)"
    percent = (abs(better) * HUNDRED / abs(first)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{text}, {plain(percent)}% {'improvement' if better > 0 else 'worse'}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def instrument_line(inst: Instrument, series: dict[str, Sequence[Point]]) -> str | None:
    """One sentence for one instrument's summary metrics, or None without data."""
    parts: list[str] = []
    comeback = ""
    first_day = last_day = None
    for key in inst.summary_metrics:
        points = series.get(key) or ()
        if not points:
            continue
        metric = inst.metric(key)
        first, last = points[0], points[-1]
        first_day, last_day = first.day, last.day
        label = metric.label if not parts else _lower_first(metric.label)
        if first.day == last.day:
            band = f" ({last.band})" if last.band else ""
            parts.append(f"{label} {metric.format(last.value)}{band}")
        else:
            parts.append(f"{label} {change_text(metric, first.value, last.value)}")
            comeback = comeback or _since_best(inst, key, points)
    if not parts:
        return None
    if first_day == last_day:
        return "; ".join(parts) + f" on {day_text(last_day)} (one assessment so far)."
    return "; ".join(parts) + f" over {span_text(first_day, last_day)}{comeback}."


def _since_best(inst: Instrument, key: str, points: Sequence[Point]) -> str:
    """'; worse again since its best (108 mm³ on 18 Aug 2026)' when the
    instrument's trend rule calls the latest clearly worse than its best."""
    rule = outcome_rules().trends.get(inst.code)
    if rule is None or rule.metric != key or len(points) < 3:
        return ""
    metric = inst.metric(key)
    if not worse_than_best([(p.day, p.value) for p in points], rule, metric.lower_is_better):
        return ""
    pick = min if metric.lower_is_better else max
    best = pick(points[:-1], key=lambda p: p.value)
    return f"; {_lower_first(metric.label)} worse again since its best ({metric.format(best.value)} on {day_text(best.day)})"


def _in_sentence(name: str) -> str:
    """'Triamcinolone acetonide' -> 'triamcinolone acetonide'; 'MMR vaccine' stays."""
    first = name.split()[0] if name else ""
    return name if first.isupper() else name[:1].lower() + name[1:]


def dose_line(sessions: Sequence[DoseSession]) -> str:
    if not sessions:
        return "No injections recorded for this lesion."
    totals: dict[tuple[str, str], Decimal] = {}
    for ses in sessions:
        for name, unit, dose in ses.doses:
            totals[(name, unit)] = totals.get((name, unit), Decimal(0)) + dose
    given = ", ".join(f"{plain(total)} {unit} {_in_sentence(name)}" for (name, unit), total in totals.items())
    count = len(sessions)
    if count == 1:
        return f"1 injection session on {day_text(sessions[0].day)}: {given}."
    return (f"{count} injection sessions from {day_text(sessions[0].day)} to {day_text(sessions[-1].day)}: "
            f"{given} in total.")


def summary_lines(facts: LesionFacts) -> tuple[str, ...]:
    """The lesion's response, instrument by instrument, then what was injected."""
    lines = []
    for inst in instruments().values():
        series = {m.key: facts.series(inst.code, m.key) for m in inst.metrics}
        line = instrument_line(inst, series)
        if line:
            lines.append(line)
    if not lines:
        lines.append("No outcome assessment recorded yet.")
    lines.append(dose_line(facts.sessions))
    return tuple(lines)
