"""Reading a rules file: every mistake becomes a Problem with file, line and what is wrong.

A rule with a mistake is left out (and reported); the other rules in the file
still load. A file that is not valid YAML is left out as a whole.
"""
from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from tracker.models import AgentClass, Condition
from tracker.paths import resource
from tracker.services.body_sites import body_sites
from tracker.services.guidance.rules import (
    AFTERCARE_FIELDS, ANCHORS, CHECKLIST_FIELDS, DOMAIN_DOCUMENT, KINDS, PATIENT_FLAGS, PHASES, REMINDER_FIELDS,
    SCOPES, SECTIONS, AftercareSpec, ChecklistSpec, Citation, DoseCondition, ReminderSpec, Rule, When,
)
from tracker.services.guidance.yaml_lines import LList, LMap, Problem, YamlSyntaxError, line_of, load_located
from tracker.services.yaml_data import load_yaml

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
SEED_FILE = re.compile(r"^\d{3}_[0-9a-f]+\.txt$")
RULE_KEYS = ("id", "title", "when", "checklist", "aftercare", "reminders", "sources", "note", "enabled")
WHEN_KEYS = ("agent", "not_agent", "agent_class", "condition", "site", "region", "patient", "history", "dose", "observation")
HISTORY_KEYS = ("min_prior_injections", "max_prior_injections", "min_prior_same_agent", "max_prior_same_agent",
                "min_earlier_visits_same_agent", "max_earlier_visits_same_agent")


@dataclass(frozen=True)
class Vocabulary:
    """The words a rule may use, from the catalog, the models and the body-site list."""

    agents: frozenset[str]
    agent_classes: frozenset[str]
    conditions: frozenset[str]
    sites: frozenset[str]
    regions: frozenset[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    catalog = load_yaml(resource("catalog", "agents.yaml").read_text(encoding="utf-8"))
    sites = body_sites()
    return Vocabulary(
        agents=frozenset(str(a["code"]) for a in catalog["agents"]),
        agent_classes=frozenset(c.value for c in AgentClass),
        conditions=frozenset(c.value for c in Condition),
        sites=frozenset(s.code for s in sites),
        regions=frozenset(s.region for s in sites),
    )


class RuleError(Exception):
    """One problem in one rule; the rule is skipped."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(message)


def _choices(values) -> str:  # noqa: ANN001
    return ", ".join(sorted(values))


def _text(value: Any, line: int, what: str, *, allowed: frozenset[str] | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleError(line, f"{what} must be some text")
    if allowed is not None:
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError as exc:
            raise RuleError(line, f"{what}: unbalanced braces ({exc})") from None
        unknown = used - allowed
        if unknown:
            raise RuleError(line, f"{what} uses {{{', '.join(sorted(unknown))}}}, which is not known here "
                                  f"(you can use: {_choices('{' + a + '}' for a in allowed)})")
    return " ".join(value.split())


def _mapping(value: Any, line: int, what: str, keys: tuple[str, ...]) -> LMap:
    if not isinstance(value, dict):
        raise RuleError(line, f"{what} must be a mapping (key: value lines)")
    for key in value:
        if key not in keys:
            raise RuleError(value.line_of(key), f"{what} has an unknown entry '{key}' (allowed: {', '.join(keys)})")
    return value


def _list(value: Any, line: int, what: str) -> LList:
    if isinstance(value, list):
        return value
    raise RuleError(line, f"{what} must be a list (lines starting with '-')")


def _words(value: Any, line: int, what: str, allowed: frozenset[str]) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise RuleError(line, f"{what} must be a name or a list of names")
    out = set()
    for item in items:
        item = str(item)
        if item not in allowed:
            raise RuleError(line, f"{what}: unknown '{item}' (choose from {_choices(allowed)})")
        out.add(item)
    return frozenset(out)


def _count(value: Any, line: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(line, f"{what} must be a whole number, 0 or more")
    return value


def _flag(value: Any, line: int, what: str) -> bool:
    if not isinstance(value, bool):
        raise RuleError(line, f"{what} must be true or false")
    return value


def _dose(raw: Any, line: int, vocab: Vocabulary) -> DoseCondition:
    m = _mapping(raw, line, "when.dose", ("agent", "agent_class", "min_session_total", "unit"))
    if ("agent" in m) == ("agent_class" in m):
        raise RuleError(m.line, "when.dose needs exactly one of 'agent' or 'agent_class'")
    try:
        total = Decimal(str(m.get("min_session_total")))
        if not total.is_finite() or total <= 0:
            raise InvalidOperation
    except InvalidOperation:
        raise RuleError(m.line_of("min_session_total"), "when.dose.min_session_total must be a number above zero") from None
    unit = _text(m.get("unit"), m.line_of("unit"), "when.dose.unit")
    agent = next(iter(_words(m["agent"], m.line_of("agent"), "when.dose.agent", vocab.agents))) if "agent" in m else None
    klass = (next(iter(_words(m["agent_class"], m.line_of("agent_class"), "when.dose.agent_class", vocab.agent_classes)))
             if "agent_class" in m else None)
    return DoseCondition(min_total=total, unit=unit, agent=agent, agent_class=klass)


def _when(raw: Any, line: int, vocab: Vocabulary) -> When:
    if raw is None:
        return When()
    m = _mapping(raw, line, "when", WHEN_KEYS)
    words = {
        "agent": vocab.agents, "not_agent": vocab.agents, "agent_class": vocab.agent_classes, "condition": vocab.conditions,
        "site": vocab.sites, "region": vocab.regions,
    }
    got = {k: _words(m[k], m.line_of(k), f"when.{k}", allowed) for k, allowed in words.items() if k in m}
    patient: tuple[tuple[str, bool], ...] = ()
    if "patient" in m:
        flags = _mapping(m["patient"], m.line_of("patient"), "when.patient", PATIENT_FLAGS)
        patient = tuple((k, _flag(v, flags.line_of(k), f"when.patient.{k}")) for k, v in flags.items())
    history: dict[str, int] = {}
    if "history" in m:
        h = _mapping(m["history"], m.line_of("history"), "when.history", HISTORY_KEYS)
        history = {k: _count(v, h.line_of(k), f"when.history.{k}") for k, v in h.items()}
    return When(
        agents=got.get("agent", frozenset()), not_agents=got.get("not_agent", frozenset()), agent_classes=got.get("agent_class", frozenset()),
        conditions=got.get("condition", frozenset()), sites=got.get("site", frozenset()),
        regions=got.get("region", frozenset()), patient=patient,
        min_prior_injections=history.get("min_prior_injections"),
        max_prior_injections=history.get("max_prior_injections"),
        min_prior_same_agent=history.get("min_prior_same_agent"),
        max_prior_same_agent=history.get("max_prior_same_agent"),
        min_earlier_visits_same_agent=history.get("min_earlier_visits_same_agent"),
        max_earlier_visits_same_agent=history.get("max_earlier_visits_same_agent"),
        observation=_flag(m["observation"], m.line_of("observation"), "when.observation") if "observation" in m else None,
        dose=_dose(m["dose"], m.line_of("dose"), vocab) if "dose" in m else None,
    )


def _keyed(items: LList, what: str, parse: Callable[[LMap, int], Any]) -> tuple:
    out, seen = [], {}
    for i, raw in enumerate(items):
        line = items.line_of(i)
        if not isinstance(raw, dict):
            raise RuleError(line, f"each {what} must be a mapping with a key")
        key = raw.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            raise RuleError(raw.line_of("key"), f"each {what} needs a 'key' of lower-case letters, digits, '-' or '_'")
        if key in seen:
            raise RuleError(raw.line_of("key"), f"{what} key '{key}' is used twice in this rule (first on line {seen[key]})")
        seen[key] = raw.line_of("key")
        out.append(parse(raw, line))
    return tuple(out)


def _checklist_item(raw: LMap, line: int) -> ChecklistSpec:
    m = _mapping(raw, line, "a checklist item", ("key", "phase", "text", "required"))
    phase = m.get("phase")
    if phase not in PHASES:
        raise RuleError(m.line_of("phase"), f"checklist phase must be one of {', '.join(PHASES)}")
    required = _flag(m.get("required", False), m.line_of("required"), "checklist 'required'")
    text = _text(m.get("text"), m.line_of("text"), "checklist text", allowed=CHECKLIST_FIELDS)
    return ChecklistSpec(key=m["key"], phase=phase, text=text, required=required)


def _reminder(raw: LMap, line: int) -> ReminderSpec:
    m = _mapping(raw, line, "a reminder", ("key", "kind", "title", "detail", "days", "anchor", "scope"))
    kind, anchor, scope = m.get("kind"), m.get("anchor", "session"), m.get("scope", "session")
    if kind not in KINDS:
        raise RuleError(m.line_of("kind"), f"reminder kind must be one of {', '.join(KINDS)}")
    if anchor not in ANCHORS:
        raise RuleError(m.line_of("anchor"), f"reminder anchor must be one of {', '.join(ANCHORS)}")
    if scope not in SCOPES:
        raise RuleError(m.line_of("scope"), f"reminder scope must be one of {', '.join(SCOPES)}")
    days = m.get("days")
    if days == "interval":
        days = None
        if scope == "session":
            raise RuleError(m.line_of("days"), "days: interval needs scope lesion (the interval belongs to a lesion's agent and condition)")
    elif isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 3650:
        raise RuleError(m.line_of("days"), "reminder days must be a whole number of days (0-3650) or 'interval' (the catalog's usual interval)")
    if anchor == "first_injection" and scope == "session":
        raise RuleError(m.line_of("anchor"), "anchor first_injection needs scope lesion or lesion_once")
    title = _text(m.get("title"), m.line_of("title"), "reminder title", allowed=REMINDER_FIELDS)
    detail = _text(m["detail"], m.line_of("detail"), "reminder detail", allowed=REMINDER_FIELDS) if "detail" in m else None
    return ReminderSpec(key=m["key"], kind=kind, title=title, detail=detail, days=days, anchor=anchor, scope=scope)


def _aftercare(raw: Any, line: int) -> tuple[AftercareSpec, ...]:
    m = _mapping(raw, line, "aftercare", SECTIONS)
    out = []
    for section, lines in m.items():
        items = [lines] if isinstance(lines, str) else _list(lines, m.line_of(section), f"aftercare.{section}")
        for i, text in enumerate(items):
            at = items.line_of(i) if isinstance(items, LList) else m.line_of(section)
            out.append(AftercareSpec(section, _text(text, at, f"aftercare.{section} line", allowed=AFTERCARE_FIELDS)))
    return tuple(out)


def _citation(raw: Any, line: int) -> Citation:
    m = _mapping(raw, line, "a source", ("seed", "domain", "quote"))
    if ("seed" in m) == ("domain" in m):
        raise RuleError(m.line, "a source names either 'seed' (a seed document and its 'quote') or 'domain' (a section of domain.md)")
    if "seed" in m:
        name = m["seed"]
        if not isinstance(name, str) or not SEED_FILE.match(name):
            raise RuleError(m.line_of("seed"), f"seed must be a seed document's file name like 000_516ba4fb64f27f14.txt, not {name!r}")
        if "quote" not in m:
            raise RuleError(m.line, f"a seed source needs the 'quote' it rests on (the passage in {name})")
        return Citation(document=name, quote=_text(m["quote"], m.line_of("quote"), "quote"))
    section = _text(m["domain"], m.line_of("domain"), "domain (a section heading of domain.md)")
    quote = _text(m["quote"], m.line_of("quote"), "quote") if "quote" in m else None
    return Citation(document=DOMAIN_DOCUMENT, section=section, quote=quote)


def parse_rule(raw: Any, line: int, file: str, vocab: Vocabulary) -> Rule:
    m = _mapping(raw, line, "a rule", RULE_KEYS)
    rule_id = m.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise RuleError(m.line_of("id"), "a rule needs an 'id' of lower-case letters, digits, '.', '-' or '_' (2-80 characters)")
    enabled = _flag(m.get("enabled", True), m.line_of("enabled"), "enabled")
    if not enabled and set(m) <= {"id", "enabled", "note"}:
        # Switching a shipped rule off needs only its id.
        return Rule(id=rule_id, title=rule_id, when=When(), sources=(), enabled=False,
                    note=m.get("note"), file=file, line=m.line)
    # Checked in the order a rule is usually written, so the first problem reported is the first in the file.
    title = _text(m.get("title"), m.line_of("title"), "title")
    when = _when(m.get("when"), m.line_of("when"), vocab)
    checklist = _keyed(_list(m["checklist"], m.line_of("checklist"), "checklist"), "checklist item", _checklist_item) if "checklist" in m else ()
    if when.observation is not True and any("{observation_minutes}" in item.text for item in checklist):
        raise RuleError(m.line_of("checklist"), "{observation_minutes} needs 'observation: true' under 'when' (only agents with an observation time have one)")
    aftercare = _aftercare(m["aftercare"], m.line_of("aftercare")) if "aftercare" in m else ()
    reminders = _keyed(_list(m["reminders"], m.line_of("reminders"), "reminders"), "reminder", _reminder) if "reminders" in m else ()
    if not (checklist or reminders or aftercare):
        raise RuleError(m.line, f"rule '{rule_id}' produces nothing: give it checklist items, aftercare lines or reminders")
    if "sources" not in m:
        raise RuleError(m.line, f"rule '{rule_id}' has no 'sources': every rule cites a seed passage or a section of domain.md")
    sources_raw = _list(m["sources"], m.line_of("sources"), "sources")
    if not sources_raw:
        raise RuleError(m.line_of("sources"), f"rule '{rule_id}' has an empty 'sources' list")
    sources = tuple(_citation(s, sources_raw.line_of(i)) for i, s in enumerate(sources_raw))
    return Rule(
        id=rule_id, title=title, when=when, sources=sources, checklist=checklist, aftercare=aftercare, reminders=reminders,
        note=_text(m["note"], m.line_of("note"), "note") if "note" in m else None,
        enabled=enabled, file=file, line=m.line,
    )


def parse_rules_text(text: str, file: str, vocab: Vocabulary | None = None) -> tuple[list[Rule], list[Problem]]:
    """The good rules of one file and a Problem for each bad one (or for the file)."""
    vocab = vocab or vocabulary()
    try:
        doc = load_located(text, file)
    except YamlSyntaxError as exc:
        return [], [exc.problem]
    if doc is None:
        return [], []
    if not isinstance(doc, dict) or set(doc) != {"rules"}:
        return [], [Problem(file, line_of(doc, 1), "a rules file holds one entry, 'rules:', with a list of rules")]
    items = doc["rules"]
    if not isinstance(items, list):
        return [], [Problem(file, doc.line_of("rules"), "'rules' must be a list (lines starting with '-')")]
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(items):
        line = items.line_of(i)
        try:
            rule = parse_rule(raw, line, file, vocab)
        except RuleError as exc:
            rule_id = raw.get("id") if isinstance(raw, dict) else None
            named = f"rule '{rule_id}': " if isinstance(rule_id, str) and rule_id not in exc.message else ""
            problems.append(Problem(file, exc.line or line, named + exc.message))
            continue
        if rule.id in seen:
            problems.append(Problem(file, rule.line, f"rule id '{rule.id}' is used twice in this file (first on line {seen[rule.id]})"))
            continue
        seen[rule.id] = rule.line
        rules.append(rule)
    return rules, problems
