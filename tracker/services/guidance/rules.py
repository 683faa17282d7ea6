"""What a guidance rule is: when it applies, what it produces, where it comes from.

Rules are data (resources/guidance/*.yaml, plus the clinic's own file); the
parser in ``rule_parser.py`` turns a file into these frozen objects. Nothing
here touches the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

PHASES = ("before", "after", "follow_up")
PHASE_TITLES = {"before": "Before the injection", "after": "After the injection", "follow_up": "At follow-up"}
SECTIONS = ("medicine", "what_to_expect", "care", "warning_signs", "emergency")
SECTION_TITLES = {
    "medicine": "Your medicine",
    "what_to_expect": "What to expect",
    "care": "Caring for the treated area",
    "warning_signs": "When to call the clinic",
    "emergency": "Emergencies",
}
#: Reminder kinds. A later visit that injects the same lesion settles the
#: kinds in CLOSED_BY_NEXT_VISIT (the visit is the review).
KINDS = ("call", "review", "next_injection", "atrophy_check", "reassess", "other")
KIND_TITLES = {
    "call": "Check-in call", "review": "Review", "next_injection": "Next injection due",
    "atrophy_check": "Atrophy check", "reassess": "Reassessment", "other": "Reminder",
}
CLOSED_BY_NEXT_VISIT = frozenset({"review", "next_injection", "atrophy_check"})
#: session: one per visit; lesion: one per treated lesion per visit;
#: lesion_once: one per lesion ever (e.g. 3 months after its first injection).
SCOPES = ("session", "lesion", "lesion_once")
ANCHORS = ("session", "first_injection")
PATIENT_FLAGS = ("diabetes", "pregnant", "child", "immunosuppressed", "male")
DOMAIN_DOCUMENT = "domain.md"

#: Placeholders each kind of text may use, filled in by the engine.
CHECKLIST_FIELDS = frozenset({"lesions", "agents", "observation_minutes"})
AFTERCARE_FIELDS = frozenset({"lesions", "agents"})
REMINDER_FIELDS = frozenset({"lesion", "lesions", "agents", "count", "days"})


@dataclass(frozen=True)
class Citation:
    """A seed document and the passage a rule rests on, or a section of domain.md."""

    document: str
    quote: str | None = None
    section: str | None = None

    @property
    def is_domain(self) -> bool:
        return self.document == DOMAIN_DOCUMENT

    def describe(self) -> str:
        where = f"{self.document}, section \u201c{self.section}\u201d" if self.is_domain else f"seed document {self.document}"
        return f"{where}: \u201c{self.quote}\u201d" if self.quote else where


@dataclass(frozen=True)
class DoseCondition:
    """The session's total dose of an agent or agent class reaches a threshold."""

    min_total: Decimal
    unit: str
    agent_class: str | None = None
    agent: str | None = None


@dataclass(frozen=True)
class When:
    """When a rule applies. Empty sets mean 'any'.

    Injection-level conditions (agent, not_agent, class, condition, site,
    region, history, observation) must hold for one injection together;
    patient flags and the dose threshold are about the whole session.
    """

    agents: frozenset[str] = frozenset()
    not_agents: frozenset[str] = frozenset()
    agent_classes: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    patient: tuple[tuple[str, bool], ...] = ()
    min_prior_injections: int | None = None
    max_prior_injections: int | None = None
    min_prior_same_agent: int | None = None
    max_prior_same_agent: int | None = None
    #: the patient's earlier visits with the agent, any lesion (a course counted per patient, T-VEC's)
    min_earlier_visits_same_agent: int | None = None
    max_earlier_visits_same_agent: int | None = None
    observation: bool | None = None
    dose: DoseCondition | None = None

    @cached_property
    def per_injection(self) -> bool:
        """Whether any injection-level condition is set (made once per rule: every save asks)."""
        return bool(self.agents or self.not_agents or self.agent_classes or self.conditions or self.sites
                    or self.regions or self.observation is not None
                    or any(v is not None for v in (self.min_prior_injections, self.max_prior_injections,
                                                   self.min_prior_same_agent, self.max_prior_same_agent,
                                                   self.min_earlier_visits_same_agent,
                                                   self.max_earlier_visits_same_agent)))


@dataclass(frozen=True)
class ChecklistSpec:
    key: str
    phase: str
    text: str
    required: bool = False


@dataclass(frozen=True)
class AftercareSpec:
    section: str
    text: str


@dataclass(frozen=True)
class ReminderSpec:
    key: str
    kind: str
    title: str
    detail: str | None = None
    #: a fixed offset, or None to use the catalog's usual interval
    days: int | None = None
    anchor: str = "session"
    scope: str = "session"

    @property
    def uses_interval(self) -> bool:
        return self.days is None


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    when: When
    sources: tuple[Citation, ...]
    checklist: tuple[ChecklistSpec, ...] = ()
    aftercare: tuple[AftercareSpec, ...] = ()
    reminders: tuple[ReminderSpec, ...] = ()
    note: str | None = None
    enabled: bool = True
    file: str = ""
    line: int = 0

    def source_text(self) -> str:
        """The citation as stored with each generated item (one line per source)."""
        return self._source_text

    @cached_property
    def _source_text(self) -> str:  # made once per rule: every save's items carry it
        lines = [f"Rule {self.id} ({self.title})"] + [c.describe() for c in self.sources]
        if self.note:
            lines.append(f"Note: {self.note}")
        return "\n".join(lines)


@dataclass(frozen=True)
class RuleSet:
    """The rules in force: shipped rules with the clinic's additions and overrides."""

    rules: tuple[Rule, ...]
    problems: tuple = ()
    files: tuple[str, ...] = ()
    overridden: tuple[str, ...] = field(default=())

    def by_id(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def active(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)
