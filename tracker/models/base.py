"""Declarative base, naming conventions and the columns every clinical row has."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from tracker.models.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Audited:
    """Who created the row, when, and an optimistic-lock version."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(default=1)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("staff.id"), nullable=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805
        # A concurrent edit from another workstation fails with StaleDataError
        # instead of silently overwriting (optimistic locking).
        return {"version_id_col": cls.__table__.c.row_version}


class Voidable:
    """Clinical rows are voided with a reason by a named user, never deleted."""

    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    @declared_attr
    def voided_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("staff.id"), nullable=True)

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None
