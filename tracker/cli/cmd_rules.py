"""``tracker rules``: the guidance rules in force, and any problem in the rule files.

Exit status 1 when a rules file (shipped or the clinic's own) has a mistake;
each is printed with its file, line and what is wrong.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.context import location
from tracker.services.guidance.loader import load_ruleset
from tracker.services.guidance.sources import SourceDocuments, rule_source_problems


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("rules", help="check the guidance rules (shipped and the clinic's own file) and list them")
    p.add_argument("--list", action="store_true", help="list every rule with what it applies to")
    p.add_argument("--verify-sources", metavar="DIR",
                   help="also check every citation against the source documents in DIR (seeds/ and domain.md)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    loc = location(args)
    ruleset = load_ruleset(loc.rules_file)
    clinic_file = loc.rules_file
    own = [r for r in ruleset.rules if r.file == str(clinic_file)]
    print(f"guidance rules: {len(ruleset.active)} in force ({len(ruleset.rules) - len(ruleset.active)} switched off)")
    print(f"clinic rules file: {clinic_file}" + ("" if clinic_file.exists() else " (none)")
          + (f": {len(own)} rule(s), replacing {', '.join(ruleset.overridden) or 'none'}" if own else ""))
    if args.list:
        for rule in ruleset.rules:
            state = "" if rule.enabled else " (off)"
            print(f"  {rule.id:<36} {rule.title}{state}  [{Path(rule.file).name}:{rule.line}]")
    problems = [str(p) for p in ruleset.problems]
    if args.verify_sources:
        problems += rule_source_problems(ruleset.rules, SourceDocuments.load(Path(args.verify_sources)))
    for problem in problems:
        print(f"  - {problem}")
    print("all rules ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0
