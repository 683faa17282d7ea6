"""The rules in force: shipped rules, then the clinic's own file on top.

The clinic's file (``Location.rules_file``, data_dir/clinic-rules.yaml) adds
rules and replaces shipped ones with the same id (``enabled: false`` switches
one off). A mistake in it is reported with file, line and what is wrong; the
rule at fault is left out (a shipped rule it meant to replace stays in force)
and everything else still loads.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from tracker.paths import resource
from tracker.services.guidance.rule_parser import parse_rules_text
from tracker.services.guidance.rules import Rule, RuleSet
from tracker.services.guidance.yaml_lines import Problem

log = logging.getLogger(__name__)


def shipped_rules_dir() -> Path:
    return resource("guidance")


def _read(path: Path, label: str) -> tuple[list[Rule], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(label, None, f"cannot be read: {exc}")]
    return parse_rules_text(text, label)


@lru_cache(maxsize=1)
def shipped_rules() -> tuple[tuple[Rule, ...], tuple[Problem, ...], tuple[str, ...]]:
    rules: list[Rule] = []
    problems: list[Problem] = []
    files: list[str] = []
    seen: dict[str, Rule] = {}
    for path in sorted(shipped_rules_dir().glob("*.yaml")):
        label = f"guidance/{path.name}"
        files.append(label)
        found, bad = _read(path, label)
        problems += bad
        for rule in found:
            if rule.id in seen:
                problems.append(Problem(label, rule.line, f"rule id '{rule.id}' is also used in {seen[rule.id].file}"))
                continue
            seen[rule.id] = rule
            rules.append(rule)
    for problem in problems:
        log.error("shipped guidance rule problem: %s", problem)
    return tuple(rules), tuple(problems), tuple(files)


@lru_cache(maxsize=8)
def _clinic_rules(path: str, _stamp: tuple[int, int]) -> tuple[tuple[Rule, ...], tuple[Problem, ...]]:
    found, problems = _read(Path(path), path)
    for problem in problems:
        log.warning("clinic guidance rule problem: %s", problem)
    return tuple(found), tuple(problems)


def clinic_rules(path: Path | None) -> tuple[tuple[Rule, ...], tuple[Problem, ...]]:
    """The clinic's rules (cached until the file changes); none if there is no file."""
    if path is None:
        return (), ()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (), ()
    except OSError as exc:
        return (), (Problem(str(path), None, f"cannot be read: {exc}"),)
    return _clinic_rules(str(path), (stat.st_mtime_ns, stat.st_size))


def merge(shipped: tuple[Rule, ...], clinic: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    by_id = {r.id: r for r in shipped}
    overridden = []
    for rule in clinic:
        if rule.id in by_id:
            overridden.append(rule.id)
        by_id[rule.id] = rule
    return tuple(by_id.values()), tuple(overridden)


_last_merge: list = []  # [(shipped, clinic, clinic_problems, rules_file), RuleSet] of the last call


def load_ruleset(rules_file: Path | None = None) -> RuleSet:
    """Shipped rules plus the clinic's file (if any), with every problem found.
    The same files unchanged give the same RuleSet (every save asks)."""
    shipped, shipped_problems, files = shipped_rules()
    clinic, clinic_problems = clinic_rules(rules_file)
    if _last_merge:
        (s, c, p, f), ruleset = _last_merge
        if s is shipped and c is clinic and p is clinic_problems and f == rules_file:
            return ruleset
    rules, overridden = merge(shipped, clinic)
    extra = (str(rules_file),) if clinic or clinic_problems else ()
    ruleset = RuleSet(rules=rules, problems=shipped_problems + clinic_problems, files=files + extra, overridden=overridden)
    _last_merge[:] = [(shipped, clinic, clinic_problems, rules_file), ruleset]
    return ruleset


def ruleset_for(location) -> RuleSet:  # noqa: ANN001
    """The rules in force for a clinic (its data folder holds the clinic's file)."""
    return load_ruleset(getattr(location, "rules_file", None) if location is not None else None)
