"""The agent catalog as lines a person reads: every number with its unit and
its source, grouped as the catalog holds them (the agent's limits, then each
condition's usual values, stricter site strengths and dosing course).

Plain data (no Qt): the Catalog window shows these rows; the ones with a
``field`` can be edited (``catalog.update_agent`` / ``update_indication``)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from tracker.models import Condition
from tracker.services.body_sites import site_by_code
from tracker.services.catalog import AgentView, IndicationView
from tracker.services.catalog_checks import CHOICE_FIELDS, INTEGER_FIELDS
from tracker.services.dosing import dose_unit_for, readable

NO_SOURCE = "no source recorded"
#: what an agent's minimum interval counts between (catalog: interval_scope), in words
SCOPE_WORDS = {"lesion": "per lesion (each lesion on its own schedule)",
               "patient": "per patient (between visits, whichever lesion)"}
INTERVAL_LABELS = {"lesion": "Minimum interval between injections of a lesion",
                   "patient": "Minimum interval between visits (any lesion)"}


@dataclass(frozen=True)
class CatalogRow:
    """One line: ``section`` it belongs to, what the number is, its value with unit, its source.
    ``field`` (with ``condition`` for a condition's value) when it can be edited; ``kind`` is
    "decimal", "integer", "text" or "choice" (one of ``choices``: stored value, words) then."""

    section: str
    label: str
    value: str
    source: str
    field: str | None = None
    condition: Condition | None = None
    kind: str = ""
    unit: str = ""
    raw: str = ""  # the stored value as typed into an edit field ('' when empty)
    choices: tuple[tuple[str, str], ...] = ()


def _raw(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _text(value: object, unit: str, empty: str) -> str:
    if value is None or value == "":
        return empty
    shown = readable(value) if isinstance(value, Decimal) else str(value)
    return f"{shown} {unit}".strip()


def _source(source: str | None, value: object) -> str:
    """A number's citation; an empty value (no limit) needs none."""
    return source or ("" if value is None or value == "" else NO_SOURCE)


def _kind(field: str) -> str:
    if field in INTEGER_FIELDS:
        return "integer"
    if field in CHOICE_FIELDS:
        return "choice"
    return "text" if field == "needle_gauge" else "decimal"


def agent_rows(agent: AgentView) -> list[CatalogRow]:
    """The agent's own limits, then each condition's values."""
    dose = dose_unit_for(agent.concentration_unit)
    scope = _raw(agent.interval_scope)
    section = "Limits (every use of this agent)"
    limits = (
        ("session_limit", "Per session (the whole patient)", dose, "no limit"),
        ("rolling_30d_limit", "Rolling 30 days (per patient)", dose, "no limit"),
        ("child_rolling_30d_limit", "Children's 30-day limit (under 18)", dose, "none set: the adults' limit is checked"),
        ("lesion_limit", "Per lesion per session", dose, "no limit"),
        ("session_volume_limit_ml", "Volume per session", "mL", "no limit"),
        ("min_interval_days", INTERVAL_LABELS[scope], "days", "none"),
        ("observation_minutes", "Observation after the injection", "minutes", "none"),
    )
    rows = [CatalogRow(section, label, _text(getattr(agent, f), unit, empty), _source(agent.source(f), getattr(agent, f)),
                       f, None, _kind(f), unit, _raw(getattr(agent, f))) for f, label, unit, empty in limits]
    rows.insert(6, CatalogRow(section, "The minimum interval counts", SCOPE_WORDS[scope],
                              _source(agent.source("interval_scope"), scope), "interval_scope", None, "choice", "",
                              scope, tuple(SCOPE_WORDS.items())))
    for ind in agent.indications:
        rows.extend(indication_rows(agent, ind))
    return rows


def indication_rows(agent: AgentView, ind: IndicationView) -> list[CatalogRow]:
    unit = agent.concentration_unit
    section = f"For {ind.condition.label.lower()}"
    values = (
        ("concentration_min", "Lowest strength", unit),
        ("concentration_default", "Usual strength (offered first)", unit),
        ("concentration_max", "Highest strength", unit),
        ("volume_per_point_ml", "Volume per point", "mL"),
        ("needle_gauge", "Needle", ""),
        ("min_interval_days", "Minimum interval", "days"),
        ("usual_interval_days", "Usual interval", "days"),
    )
    rows = [CatalogRow(section, label, _text(getattr(ind, f), u, "none"), _source(ind.source(f), getattr(ind, f)),
                       f, ind.condition, _kind(f), u, _raw(getattr(ind, f))) for f, label, u in values]
    for site in ind.site_ranges:
        names = ", ".join(sorted((s.name if (s := site_by_code(code)) else code.removeprefix("local:")) for code in site.sites))
        low, high = site.concentration_min, site.concentration_max
        limits = ([f"{readable(low)} {unit}"] if low is not None and low == high else
                  [f"{word} {readable(v)} {unit}" for word, v in (("at least", low), ("at most", high)) if v is not None])
        if site.volume_max_ml is not None:
            limits.append(f"at most {readable(site.volume_max_ml)} mL per lesion")
        who = " (not an adult man's beard area)" if site.beard_area else ""
        rows.append(CatalogRow(section, f"At {names}{who}", ", ".join(limits), site.source or NO_SOURCE))
    course = ind.course
    if course is not None:
        for field, label, value, u in (
            ("first_dose_concentration_max", "First dose at most", course.first_dose_concentration_max, unit),
            ("second_dose_min_interval_days", "Second dose at least", course.second_dose_min_interval_days, "days later"),
            ("later_dose_concentration_min", "Later doses at least", course.later_dose_concentration_min, unit),
        ):
            if value is not None:
                rows.append(CatalogRow(section, label, _text(value, u, ""), course.sources.get(field) or NO_SOURCE))
    if ind.notes:
        rows.append(CatalogRow(section, "Notes", ind.notes, ind.source("notes") or ""))
    return rows
