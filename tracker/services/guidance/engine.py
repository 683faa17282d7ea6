"""From rules and a session's facts to a checklist, aftercare lines and reminders.

Pure: no database, no clock. Every generated item carries ``Why``: the rule
that made it and that rule's sources.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tracker.services.guidance.facts import InjectionFacts, LesionFacts, SessionFacts
from tracker.services.guidance.rules import PHASES, SECTIONS, Citation, ReminderSpec, Rule, When


@dataclass(frozen=True)
class Why:
    rule_id: str
    rule_title: str
    citations: tuple[Citation, ...]
    note: str | None
    source_text: str

    @classmethod
    def of(cls, rule: Rule) -> "Why":
        return cls(rule.id, rule.title, rule.sources, rule.note, rule.source_text())


@dataclass(frozen=True)
class PlannedItem:
    rule_id: str
    key: str
    phase: str
    text: str
    required: bool
    why: Why


@dataclass(frozen=True)
class PlannedLine:
    section: str
    text: str
    whys: tuple[Why, ...]


@dataclass(frozen=True)
class PlannedReminder:
    #: identifies the reminder across regenerations (becomes the stored uid)
    identity: str
    rule_id: str
    key: str
    kind: str
    scope: str
    title: str
    detail: str | None
    due_on: date
    lesion_id: int | None
    why: Why


@dataclass(frozen=True)
class Guidance:
    checklist: tuple[PlannedItem, ...]
    aftercare: tuple[PlannedLine, ...]
    reminders: tuple[PlannedReminder, ...]

    def section(self, name: str) -> tuple[PlannedLine, ...]:
        return tuple(line for line in self.aftercare if line.section == name)


def _matches_injection(when: When, inj: InjectionFacts, lesion: LesionFacts) -> bool:
    """Every injection-level condition of ``when`` holds for ``inj`` (checked in turn, the first miss ends it)."""
    if when.agents and inj.agent_code not in when.agents or inj.agent_code in when.not_agents:
        return False
    if when.agent_classes and inj.agent_class not in when.agent_classes:
        return False
    if (when.conditions and lesion.condition not in when.conditions or when.sites and lesion.site_code not in when.sites
            or when.regions and lesion.region not in when.regions):
        return False
    if when.observation is not None and bool(inj.observation_minutes) != when.observation:
        return False
    return (_within(lesion.prior_injections, when.min_prior_injections, when.max_prior_injections)
            and (when.min_prior_same_agent is None and when.max_prior_same_agent is None
                 or _within(lesion.prior_with(inj.agent_code), when.min_prior_same_agent, when.max_prior_same_agent))
            and _within(inj.earlier_visits_same_agent, when.min_earlier_visits_same_agent,
                        when.max_earlier_visits_same_agent))


def _within(count: int, least: int | None, most: int | None) -> bool:
    return (least is None or count >= least) and (most is None or count <= most)


def _matches_session(when: When, facts: SessionFacts) -> bool:
    if when.patient and any((flag in facts.flags) != wanted for flag, wanted in when.patient):
        return False
    if when.dose is not None:
        d = when.dose
        total = sum((i.dose for i in facts.injections
                     if i.dose_unit == d.unit and (i.agent_code == d.agent if d.agent else i.agent_class == d.agent_class)),
                    Decimal(0))
        if total < d.min_total:
            return False
    return True


def matching_injections(rule: Rule, facts: SessionFacts) -> list[InjectionFacts]:
    """The injections a rule applies through (empty: the rule does not apply)."""
    if not facts.injections or not _matches_session(rule.when, facts):
        return []
    if not rule.when.per_injection:
        return list(facts.injections)
    return [i for i in facts.injections if _matches_injection(rule.when, i, facts.lesion(i.lesion_id))]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _fields(facts: SessionFacts, matched: list[InjectionFacts]) -> dict[str, str]:
    minutes = [i.observation_minutes for i in matched if i.observation_minutes]
    return {
        "lesions": ", ".join(_unique(facts.lesion(i.lesion_id).label for i in matched)),
        "agents": ", ".join(_unique(i.agent_name for i in matched)),
        "observation_minutes": str(max(minutes)) if minutes else "",
    }


def _reminders(rule: Rule, spec: ReminderSpec, facts: SessionFacts, matched: list[InjectionFacts]) -> list[PlannedReminder]:
    why = Why.of(rule)
    base = _fields(facts, matched)
    out = []
    if spec.scope == "session":
        fields = {**base, "lesion": base["lesions"], "count": str(max(facts.lesion(i.lesion_id).prior_injections + 1 for i in matched)),
                  "days": str(spec.days)}
        due = facts.clinic_date + timedelta(days=spec.days or 0)
        out.append(PlannedReminder(f"{rule.id}/{spec.key}/visit-{facts.root_id}", rule.id, spec.key, spec.kind, spec.scope,
                                   spec.title.format(**fields), spec.detail.format(**fields) if spec.detail else None,
                                   due, None, why))
        return out
    for lesion_id in _unique(str(i.lesion_id) for i in matched):
        lesion = facts.lesion(int(lesion_id))
        mine = [i for i in matched if i.lesion_id == lesion.id]
        if spec.uses_interval:
            intervals = [i.usual_interval_days for i in mine if i.usual_interval_days]
            if not intervals:
                continue
            days = min(intervals)
        else:
            days = spec.days or 0
        anchor = lesion.first_injected_on if spec.anchor == "first_injection" and lesion.first_injected_on else facts.clinic_date
        fields = {**_fields(facts, mine), "lesion": lesion.label, "count": str(lesion.prior_injections + 1), "days": str(days)}
        identity = (f"{rule.id}/{spec.key}/lesion-{lesion.id}" if spec.scope == "lesion_once"
                    else f"{rule.id}/{spec.key}/visit-{facts.root_id}/lesion-{lesion.id}")
        out.append(PlannedReminder(identity, rule.id, spec.key, spec.kind, spec.scope, spec.title.format(**fields),
                                   spec.detail.format(**fields) if spec.detail else None,
                                   anchor + timedelta(days=days), lesion.id, why))
    return out


def evaluate(rules: Iterable[Rule], facts: SessionFacts, *, aftercare: bool = True) -> Guidance:
    """What ``rules`` give for ``facts``; ``aftercare`` False leaves the sheet's
    lines out (a save stores only the checklist and the reminders)."""
    checklist: list[PlannedItem] = []
    lines: dict[tuple[str, str], list[Why]] = {}
    reminders: list[PlannedReminder] = []
    fields_of: dict[tuple[int, ...], dict[str, str]] = {}  # most rules apply through the same injections
    for rule in rules:
        if not rule.enabled:
            continue
        matched = matching_injections(rule, facts)
        if not matched:
            continue
        why = Why.of(rule)
        key = tuple(map(id, matched))
        fields = fields_of.get(key)
        if fields is None:
            fields = fields_of[key] = _fields(facts, matched)
        for item in rule.checklist:
            checklist.append(PlannedItem(rule.id, item.key, item.phase, item.text.format(**fields), item.required, why))
        if aftercare:
            for line in rule.aftercare:
                lines.setdefault((line.section, line.text.format(**fields)), []).append(why)
        for spec in rule.reminders:
            reminders.extend(_reminders(rule, spec, facts, matched))
    checklist.sort(key=lambda item: PHASES.index(item.phase))
    planned_lines = [PlannedLine(section, text, tuple(whys)) for (section, text), whys in lines.items()]
    planned_lines.sort(key=lambda line: SECTIONS.index(line.section))
    reminders.sort(key=lambda r: (r.due_on, r.kind))
    return Guidance(tuple(checklist), tuple(planned_lines), tuple(reminders))
