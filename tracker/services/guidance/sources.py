"""Checking that a rule's citations really say what the rule claims.

The source documents (the seed documents and domain.md) are kept beside the
project, in a ``shared`` folder with ``seeds/`` and ``domain.md``. A citation
holds when its seed file exists and contains the quoted passage, or when
domain.md has the named section (and the quote, if given, occurs in it and is
not marked [none]). Comparison ignores line breaks and runs of spaces, and
treats typographic quotes as plain ones.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from tracker.services.guidance.rules import Citation, Rule

SOURCES_ENV = "TRACKER_SOURCES_DIR"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def find_sources_dir(start: Path | None = None) -> Path | None:
    """$TRACKER_SOURCES_DIR, or the nearest ``shared`` folder (with seeds/ and
    domain.md) beside this checkout or one of its parents."""
    env = os.environ.get(SOURCES_ENV)
    if env:
        return Path(env)
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        candidate = folder / "shared"
        if (candidate / "domain.md").is_file() and (candidate / "seeds").is_dir():
            return candidate
    return None


@dataclass(frozen=True)
class SourceDocuments:
    seeds: dict[str, str]
    domain_sections: dict[str, str]

    @classmethod
    def load(cls, folder: Path) -> "SourceDocuments":
        seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted((folder / "seeds").glob("*.txt"))}
        return cls(seeds=seeds, domain_sections=domain_sections((folder / "domain.md").read_text(encoding="utf-8")))


def domain_sections(markdown: str) -> dict[str, str]:
    """Section heading (without '## ') -> the section's text."""
    sections: dict[str, str] = {}
    current: str | None = None
    for line in markdown.splitlines():
        heading = re.match(r"^##\s+(.*\S)\s*$", line)
        if heading:
            current = heading.group(1)
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return sections


def _unsourced_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in (normalised) text that domain.md marks [none]."""
    spans = []
    for mark in re.finditer(r"\[none", text):
        before = max(text.rfind(". ", 0, mark.start()), text.rfind(" - ", 0, mark.start()))
        after = text.find(". ", mark.end())
        spans.append((before + 1 if before >= 0 else 0, after if after >= 0 else len(text)))
    return spans


def _quote_is_unsourced(quote: str, section: str) -> bool:
    start = section.find(quote)
    end = start + len(quote)
    return any(start < s_end and s_start < end for s_start, s_end in _unsourced_spans(section))


def citation_problem(citation: Citation, docs: SourceDocuments) -> str | None:
    """What is wrong with a citation, or None when it holds."""
    if citation.is_domain:
        section = docs.domain_sections.get(citation.section or "")
        if section is None:
            return f"domain.md has no section \u201c{citation.section}\u201d (sections: {'; '.join(docs.domain_sections)})"
        if citation.quote:
            quote, text = normalise(citation.quote), normalise(section)
            if quote not in text:
                return f"the quote is not in domain.md section \u201c{citation.section}\u201d: \u201c{citation.quote}\u201d"
            if _quote_is_unsourced(quote, text):
                return f"the quote comes from a claim domain.md marks [none] (no source): \u201c{citation.quote}\u201d"
        return None
    text = docs.seeds.get(citation.document)
    if text is None:
        return f"no seed document named {citation.document}"
    if not citation.quote or normalise(citation.quote) not in normalise(text):
        return f"the quote is not in {citation.document}: \u201c{citation.quote}\u201d"
    return None


def rule_source_problems(rules: tuple[Rule, ...] | list[Rule], docs: SourceDocuments) -> list[str]:
    problems = []
    for rule in rules:
        if rule.enabled and not rule.sources:
            problems.append(f"{rule.file}, line {rule.line}: rule '{rule.id}' has no source")
        for citation in rule.sources:
            problem = citation_problem(citation, docs)
            if problem:
                problems.append(f"{rule.file}, line {rule.line}: rule '{rule.id}': {problem}")
    return problems
