"""Outcome assessments: one scored instrument for one lesion on one day."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Audited, Base, Voidable
from tracker.models.types import ExactDecimal


class Assessment(Audited, Voidable, Base):
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesion_id: Mapped[int] = mapped_column(ForeignKey("lesion.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("photo.id"), index=True)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    assessed_on: Mapped[date] = mapped_column(Date, index=True)
    # e.g. "salt", "patch_regrowth", "vss", "posas_observer", "keloid_size", "tps", "pga", "photo_length"
    instrument: Mapped[str] = mapped_column(String(40), index=True)
    instrument_version: Mapped[str | None] = mapped_column(String(40))
    items: Mapped[dict] = mapped_column(JSON, default=dict)
    score: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    notes: Mapped[str | None] = mapped_column(Text)
