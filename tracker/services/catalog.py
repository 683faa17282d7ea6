"""The agent catalog: seeded from resources/catalog/agents.yaml, edited in the database."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Agent, AgentClass, AgentIndication, Condition, IntervalScope
from tracker.paths import resource
from tracker.services import audit
from tracker.services.catalog_checks import order_errors, parse_changes
from tracker.services.dosing import Course, SiteRange, course_from, site_ranges_from, site_rule, source_of
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.row_versions import require_version
from tracker.services.snapshot import row_values
from tracker.services.yaml_data import load_yaml

AGENT_FIELDS = (
    "name", "plain_name", "dose_unit", "concentration_unit", "session_limit", "rolling_30d_limit",
    "child_rolling_30d_limit", "lesion_limit", "session_volume_limit_ml", "min_interval_days", "interval_scope",
    "observation_minutes", "notes",
)
INDICATION_FIELDS = (
    "concentration_min", "concentration_max", "concentration_default", "volume_per_point_ml",
    "needle_gauge", "min_interval_days", "usual_interval_days", "notes",
)
DECIMAL_FIELDS = {
    "session_limit", "rolling_30d_limit", "child_rolling_30d_limit", "lesion_limit", "session_volume_limit_ml",
    "concentration_min", "concentration_max", "concentration_default", "volume_per_point_ml",
}


@dataclass(frozen=True)
class IndicationView:
    condition: Condition
    concentration_min: Decimal | None
    concentration_max: Decimal | None
    concentration_default: Decimal | None
    volume_per_point_ml: Decimal | None
    needle_gauge: str | None
    min_interval_days: int | None
    usual_interval_days: int | None
    notes: str | None
    sources: dict
    site_ranges: tuple[SiteRange, ...] = ()
    course: Course | None = None
    #: the stored row's version (an edit made from a screen passes it back)
    row_version: int = 0

    def source(self, field: str) -> str | None:
        """Where this indication's number ``field`` comes from."""
        return source_of(self.sources, field)

    def site_max(self, site_code: str | None, *, adult_man: bool = False) -> Decimal | None:
        """The stricter strength for ``site_code`` (eyebrows, face), if the catalog has one
        (an adult man's beard area takes the usual one)."""
        rule = site_rule(self.site_ranges, site_code, adult_man, "concentration_max")
        return rule.concentration_max if rule else None

    def site_min(self, site_code: str | None, *, adult_man: bool = False) -> Decimal | None:
        """The weaker strength ``site_code`` may take (eyebrows, face: below the scalp's), if the catalog has one."""
        rule = site_rule(self.site_ranges, site_code, adult_man, "concentration_min")
        return rule.concentration_min if rule else None

    def site_volume_max(self, site_code: str | None, *, adult_man: bool = False) -> Decimal | None:
        """The most volume per lesion at ``site_code`` (a nail), if the catalog has one."""
        rule = site_rule(self.site_ranges, site_code, adult_man, "volume_max_ml")
        return rule.volume_max_ml if rule else None

    def default_for(self, site_code: str | None, *, adult_man: bool = False, given_before: bool = False) -> Decimal | None:
        """The strength to offer at ``site_code``: the usual one, or the site's stricter one if lower;
        ``given_before``: a course's later strength once a first dose is recorded (T-VEC)."""
        if given_before and self.course is not None and self.course.later_dose_concentration_min is not None:
            return self.course.later_dose_concentration_min
        site = self.site_max(site_code, adult_man=adult_man)
        if site is not None and (self.concentration_default is None or site < self.concentration_default):
            return site
        return self.concentration_default


@dataclass(frozen=True)
class AgentView:
    id: int
    code: str
    name: str
    plain_name: str
    agent_class: AgentClass
    dose_unit: str
    concentration_unit: str
    session_limit: Decimal | None
    rolling_30d_limit: Decimal | None
    child_rolling_30d_limit: Decimal | None
    lesion_limit: Decimal | None
    session_volume_limit_ml: Decimal | None
    min_interval_days: int | None
    #: min_interval_days counts between injections of one lesion, or the patient's visits (any lesion)
    interval_scope: IntervalScope
    observation_minutes: int | None
    notes: str | None
    sources: dict
    indications: tuple[IndicationView, ...]
    #: the stored row's version (an edit made from a screen passes it back)
    row_version: int = 0

    def source(self, field: str) -> str | None:
        """Where this agent's number ``field`` comes from."""
        return self.sources.get(field)

    def indication(self, condition: Condition) -> IndicationView | None:
        return next((i for i in self.indications if i.condition == condition), None)


def catalog_file() -> Path:
    return resource("catalog", "agents.yaml")


def load_catalog_file(path: Path | None = None) -> list[dict]:
    data = load_yaml((path or catalog_file()).read_text(encoding="utf-8"))
    agents = data.get("agents") if isinstance(data, dict) else None
    if not isinstance(agents, list):
        raise ValidationError({"agents": f"{path or catalog_file()} has no list of agents"})
    return agents


def _value(field: str, raw):  # noqa: ANN001
    if field == "interval_scope":
        return IntervalScope(raw or IntervalScope.LESION.value)
    if raw is None:
        return None
    return Decimal(str(raw)) if field in DECIMAL_FIELDS else raw


def seed_catalog(session: Session, actor_id: int | None, path: Path | None = None) -> int:
    """Add shipped agents missing from the database; never overwrite a clinic's edits."""
    existing = set(session.execute(select(Agent.code)).scalars())
    added = 0
    for entry in load_catalog_file(path):
        if entry["code"] in existing:
            continue
        agent = Agent(code=entry["code"], agent_class=AgentClass(entry["agent_class"]), sources=entry.get("sources", {}))
        for field in AGENT_FIELDS:
            setattr(agent, field, _value(field, entry.get(field)))
        session.add(agent)
        session.flush()
        for ind in entry.get("indications", []):
            row = AgentIndication(agent_id=agent.id, condition=Condition(ind["condition"]), sources=ind.get("sources", {}),
                                  site_ranges=ind.get("site_ranges"), course=ind.get("course"))
            for field in INDICATION_FIELDS:
                setattr(row, field, _value(field, ind.get(field)))
            session.add(row)
        audit.record_row(session, actor_id, "seed", agent, reason="agent catalog shipped with the program")
        added += 1
    return added


def _indication_view(row: AgentIndication) -> IndicationView:
    return IndicationView(condition=row.condition, sources=dict(row.sources or {}), site_ranges=site_ranges_from(row.site_ranges),
                          course=course_from(row.course), row_version=row.row_version,
                          **{f: getattr(row, f) for f in INDICATION_FIELDS})


def agent_view(agent: Agent) -> AgentView:
    return AgentView(
        id=agent.id, code=agent.code, agent_class=agent.agent_class, sources=dict(agent.sources or {}),
        indications=tuple(_indication_view(i) for i in agent.indications), row_version=agent.row_version,
        **{f: getattr(agent, f) for f in AGENT_FIELDS},
    )


def list_agents(db, *, include_inactive: bool = False) -> list[AgentView]:  # noqa: ANN001
    with db.read() as s:
        query = select(Agent).options(selectinload(Agent.indications)).order_by(Agent.name)
        if not include_inactive:
            query = query.where(Agent.active.is_(True))
        return [agent_view(a) for a in s.execute(query).scalars()]


def get_agent(db, agent_id: int) -> AgentView:  # noqa: ANN001
    with db.read() as s:
        agent = s.get(Agent, agent_id, options=[selectinload(Agent.indications)])
        if agent is None:
            raise NotFoundError(f"no agent with id {agent_id}")
        return agent_view(agent)


def agent_by_code(db, code: str) -> AgentView:  # noqa: ANN001
    with db.read() as s:
        agent = s.execute(select(Agent).where(Agent.code == code).options(selectinload(Agent.indications))).scalar_one_or_none()
        if agent is None:
            raise NotFoundError(f"no agent with code {code!r}")
        return agent_view(agent)


def _check_edit(source: str, reason: str) -> None:
    errors = {}
    if not source.strip():
        errors["source"] = "say where the new number comes from (a guideline, a label, the clinic's protocol)"
    if not reason.strip():
        errors["reason"] = "say why it is changed: the reason is kept in the audit trail"
    if errors:
        raise ValidationError(errors)


def _apply(s: Session, actor_id: int, row: Agent | AgentIndication, fields: tuple[str, ...], changes: dict, *,
           source: str, reason: str, expected_version: int | None, what: str) -> None:
    """Validate ``changes`` against ``row`` as stored, write them with their source, audit."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise ValidationError({f: "not an editable catalog field" for f in unknown})
    require_version(row, expected_version, what)
    stored = {f: getattr(row, f) for f in fields}
    values, errors = parse_changes(changes, stored, DECIMAL_FIELDS)
    if not errors and values:  # a rule the stored values already broke is not this edit's fault
        already = set(order_errors(stored).values())
        edited = next(iter(values))
        errors = {(f if f in values else edited): e for f, e in order_errors({**stored, **values}).items() if e not in already}
    if errors:
        raise ValidationError(errors)
    values = {f: v for f, v in values.items() if v != stored[f]}
    if not values:
        raise ValidationError({next(iter(changes), "value"): "that is the value stored already: nothing to change"})
    before = row_values(row)
    for field, value in values.items():
        setattr(row, field, value)
    row.sources = {**(row.sources or {}), **{field: source.strip() for field in values}}
    audit.record_row(s, actor_id, "update", row, before=before, reason=reason.strip())


def update_agent(db, actor_id: int, agent_id: int, changes: dict, *, source: str, reason: str,  # noqa: ANN001
                 expected_version: int | None = None) -> AgentView:
    """Edit an agent's numbers (limits, interval and whether it counts per lesion or per patient,
    observation time); each edited
    field records ``source`` as its citation, the change is audited with ``reason``.
    Numbers are positive or empty (no limit); units never change.
    ``expected_version``: the agent's row_version as the screen showed it (ConflictError when it moved on)."""
    _check_edit(source, reason)
    with db.write() as s:
        agent = s.get(Agent, agent_id)
        if agent is None:
            raise NotFoundError(f"no agent with id {agent_id}")
        _apply(s, actor_id, agent, AGENT_FIELDS, changes, source=source, reason=reason,
               expected_version=expected_version, what=f"the catalog entry of {agent.name}")
    return get_agent(db, agent_id)


def update_indication(db, actor_id: int, agent_id: int, condition: Condition, changes: dict, *, source: str,  # noqa: ANN001
                      reason: str, expected_version: int | None = None) -> AgentView:
    """Edit an agent's usual values for one condition (strengths min <= usual <= max,
    volume per point, needle, intervals), as ``update_agent`` does."""
    _check_edit(source, reason)
    with db.write() as s:
        agent = s.get(Agent, agent_id, options=[selectinload(Agent.indications)])
        if agent is None:
            raise NotFoundError(f"no agent with id {agent_id}")
        row = agent.indication_for(condition)
        if row is None:
            raise NotFoundError(f"the catalog has no usual values of {agent.name} for {condition.label.lower()}")
        _apply(s, actor_id, row, INDICATION_FIELDS, changes, source=source, reason=reason,
               expected_version=expected_version,
               what=f"the catalog's values of {agent.name} for {condition.label.lower()}")
    return get_agent(db, agent_id)
