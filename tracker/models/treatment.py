"""Treatment sessions (visits) and the injections given in them.

A session is a version in a chain: the first version has ``amends_id`` NULL;
each amendment is a new row whose ``amends_id`` points at the version it
corrects, so every version stays readable. A signed row never changes
(database triggers refuse it); only its void columns may be set.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Audited, Base, Voidable
from tracker.models.types import ExactDecimal, UTCDateTime, enum_type


class SessionState(str, enum.Enum):
    DRAFT = "draft"
    SIGNED = "signed"


class TreatmentSession(Audited, Voidable, Base):
    __tablename__ = "treatment_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    performed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The clinical date in the clinic's time zone.
    clinic_date: Mapped[date] = mapped_column(Date, index=True)
    consent_obtained: Mapped[bool] = mapped_column(default=False)
    consent_note: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    state: Mapped[SessionState] = mapped_column(
        enum_type(SessionState, 10), default=SessionState.DRAFT
    )
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Version chain: root_id is the first version's id (its own id for the first).
    root_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    version_no: Mapped[int] = mapped_column(default=1)
    amendment_reason: Mapped[str | None] = mapped_column(Text)
    # Safety findings acknowledged at signing, and the reason given.
    findings: Mapped[list] = mapped_column(JSON, default=list)
    findings_reason: Mapped[str | None] = mapped_column(Text)

    injections: Mapped[list["Injection"]] = relationship(
        back_populates="session", order_by="Injection.id", cascade="save-update, merge"
    )

    @property
    def is_signed(self) -> bool:
        return self.state == SessionState.SIGNED


class Injection(Audited, Voidable, Base):
    __tablename__ = "injection"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    lesion_id: Mapped[int] = mapped_column(ForeignKey("lesion.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), index=True)
    # Components injected as one mixture (5-FU with triamcinolone) share a number.
    mix_group: Mapped[int | None] = mapped_column()
    concentration: Mapped[Decimal] = mapped_column(ExactDecimal)
    concentration_unit: Mapped[str] = mapped_column(String(20))
    volume_ml: Mapped[Decimal] = mapped_column(ExactDecimal)
    points: Mapped[int] = mapped_column(default=1)
    dose: Mapped[Decimal] = mapped_column(ExactDecimal)
    dose_unit: Mapped[str] = mapped_column(String(20))
    needle_gauge: Mapped[str | None] = mapped_column(String(20))
    depth: Mapped[str | None] = mapped_column(String(40))
    lot_number: Mapped[str | None] = mapped_column(String(60))
    lot_expiry: Mapped[date | None] = mapped_column(Date)
    technique: Mapped[str | None] = mapped_column(Text)
    # Points placed on the body map: [{"view": ..., "x": 0..1, "y": 0..1, "volume_ml": "0.1"}]
    map_points: Mapped[list] = mapped_column(JSON, default=list)

    session: Mapped[TreatmentSession] = relationship(back_populates="injections")
    agent: Mapped["Agent"] = relationship()  # noqa: F821
    lesion: Mapped["Lesion"] = relationship()  # noqa: F821
