"""The agent catalog: editable data, each number with its source.

Seeded from resources/catalog/agents.yaml (numbers from ../shared/domain.md);
a clinic may edit it. ``sources`` maps a field name to its citation.
"""
from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Audited, Base
from tracker.models.lesion import Condition
from tracker.models.types import ExactDecimal, enum_type


class AgentClass(str, enum.Enum):
    CORTICOSTEROID = "corticosteroid"
    ANTIMETABOLITE = "antimetabolite"
    CYTOTOXIC = "cytotoxic"
    IMMUNOTHERAPY = "immunotherapy"
    ONCOLYTIC_VIRUS = "oncolytic_virus"


class IntervalScope(str, enum.Enum):
    """What the agent's minimum interval counts between: injections of one lesion,
    or the patient's visits (a per-visit regimen given to the whole patient)."""

    LESION = "lesion"
    PATIENT = "patient"


class Agent(Audited, Base):
    __tablename__ = "agent"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    plain_name: Mapped[str] = mapped_column(String(200))
    agent_class: Mapped[AgentClass] = mapped_column(enum_type(AgentClass, 20))
    dose_unit: Mapped[str] = mapped_column(String(20))
    concentration_unit: Mapped[str] = mapped_column(String(20))
    session_limit: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    rolling_30d_limit: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    #: the clinic's stricter 30-day limit for children (domain.md asks for one and gives no number)
    child_rolling_30d_limit: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    lesion_limit: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    session_volume_limit_ml: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    min_interval_days: Mapped[int | None] = mapped_column()
    #: whether min_interval_days counts per lesion or per patient (any lesion: a per-visit regimen)
    interval_scope: Mapped[IntervalScope] = mapped_column(
        enum_type(IntervalScope, 10), default=IntervalScope.LESION, server_default=IntervalScope.LESION.value)
    observation_minutes: Mapped[int | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=True)

    indications: Mapped[list["AgentIndication"]] = relationship(
        back_populates="agent", order_by="AgentIndication.id", cascade="save-update, merge"
    )

    def indication_for(self, condition: Condition) -> "AgentIndication | None":
        for row in self.indications:
            if row.condition == condition:
                return row
        return None


class AgentIndication(Audited, Base):
    """Usual use of an agent for one condition: concentrations, volume, interval."""

    __tablename__ = "agent_indication"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), index=True)
    condition: Mapped[Condition] = mapped_column(enum_type(Condition, 30))
    concentration_min: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    concentration_max: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    concentration_default: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    volume_per_point_ml: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    needle_gauge: Mapped[str | None] = mapped_column(String(20))
    min_interval_days: Mapped[int | None] = mapped_column()
    usual_interval_days: Mapped[int | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[dict] = mapped_column(JSON, default=dict)
    #: stricter strengths for some body sites: [{"sites": [site code, ...], "concentration_max": "2.5", "source": ...}]
    site_ranges: Mapped[list | None] = mapped_column(JSON)
    #: a dosing course whose first doses differ from the rest: {"first_dose_concentration_max": "...",
    #: "second_dose_min_interval_days": 21, "sources": {field: source}}
    course: Mapped[dict | None] = mapped_column(JSON)

    agent: Mapped[Agent] = relationship(back_populates="indications")

    __table_args__ = (UniqueConstraint("agent_id", "condition"),)
