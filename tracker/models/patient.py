"""Patients and the flags that change their care."""
from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Audited, Base, Voidable
from tracker.models.types import enum_type


class Sex(str, enum.Enum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


#: A chart number's number part: its letters, separators and leading zeros left
#: out ("RDC-01013" -> "1013"), as SQL both databases index and search alike.
CHART_NUMBER_STRIPPED = "ABCDEFGHIJKLMNOPQRSTUVWXYZ -_/.#0"
CHART_NUMBER_PART = f"ltrim(upper(chart_number), '{CHART_NUMBER_STRIPPED}')"


class Patient(Audited, Voidable, Base):
    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(primary_key=True)
    chart_number: Mapped[str] = mapped_column(String(40), unique=True)
    family_name: Mapped[str] = mapped_column(String(120))
    given_names: Mapped[str] = mapped_column(String(120))
    # Lower-cased, accent-free copies for indexed prefix search. The two
    # composite indexes below let a search walk names in display order and
    # page with a keyset (services/patient_search.py).
    family_key: Mapped[str] = mapped_column(String(120))
    given_key: Mapped[str] = mapped_column(String(120))
    date_of_birth: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[Sex] = mapped_column(enum_type(Sex, 10), default=Sex.UNKNOWN)
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(Text)
    fitzpatrick: Mapped[int | None] = mapped_column()
    allergies: Mapped[str | None] = mapped_column(Text)
    diabetes: Mapped[bool] = mapped_column(default=False)
    pregnant: Mapped[bool] = mapped_column(default=False)
    immunosuppressed: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    lesions: Mapped[list["Lesion"]] = relationship(back_populates="patient", order_by="Lesion.id")  # noqa: F821

    __table_args__ = (
        Index("ix_patient_family_order", "family_key", "given_key", "id"),
        Index("ix_patient_given_order", "given_key", "family_key", "id"),
        # Chart numbers that differ only in letter case name the same chart (services/patients.py).
        Index("ix_patient_chart_fold", text("lower(chart_number)")),
        # The number part of a chart number, walked when the digits alone are typed (services/patient_search.py).
        Index("ix_patient_chart_number_part", text(CHART_NUMBER_PART), "id"),
    )

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_names}"


class PatientNameWord(Base):
    """A word a patient is found by beyond the start of the name keys: a later
    word of a compound name ("cruz" of "de la Cruz") or a name written without
    its separators ("obrien"). Derived from the names, rewritten with them, not
    audited (services/name_words.py)."""

    __tablename__ = "patient_name_word"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), primary_key=True)
    word: Mapped[str] = mapped_column(String(120), primary_key=True)

    __table_args__ = (
        # A search walks the words in order; the primary key (patient_id, word)
        # serves a word filter on a patient already found.
        Index("ix_patient_name_word_order", "word", "patient_id"),
    )
