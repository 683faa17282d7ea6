"""Clinic staff: who did what."""
from __future__ import annotations

import enum

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base
from tracker.models.types import enum_type


class StaffRole(str, enum.Enum):
    CLINICIAN = "clinician"
    NURSE = "nurse"
    ADMIN = "admin"


class Staff(Base):
    __tablename__ = "staff"
    # User names are unique whatever their letter case (services/staff.py checks first, with a message).
    __table_args__ = (Index("uq_staff_username_fold", text("lower(username)"), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[StaffRole] = mapped_column(enum_type(StaffRole, 20))
    active: Mapped[bool] = mapped_column(default=True)
