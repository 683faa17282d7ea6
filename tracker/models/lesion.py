"""A lesion: the thing treated over many visits, with a stable identity."""
from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Audited, Base, Voidable
from tracker.models.types import enum_type


class Condition(str, enum.Enum):
    KELOID = "keloid"
    HYPERTROPHIC_SCAR = "hypertrophic_scar"
    ALOPECIA_AREATA = "alopecia_areata"
    PSORIASIS = "psoriasis"
    WART = "wart"
    BASAL_CELL_CARCINOMA = "basal_cell_carcinoma"
    MELANOMA = "melanoma"
    CTCL = "ctcl"
    KERATOACANTHOMA = "keratoacanthoma"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CONDITION_LABELS[self]


CONDITION_LABELS = {
    Condition.KELOID: "Keloid",
    Condition.HYPERTROPHIC_SCAR: "Hypertrophic scar",
    Condition.ALOPECIA_AREATA: "Alopecia areata patch",
    Condition.PSORIASIS: "Psoriasis plaque",
    Condition.WART: "Wart",
    Condition.BASAL_CELL_CARCINOMA: "Basal cell carcinoma",
    Condition.MELANOMA: "Melanoma deposit",
    Condition.CTCL: "Cutaneous T-cell lymphoma lesion",
    Condition.KERATOACANTHOMA: "Keratoacanthoma",
    Condition.OTHER: "Other",
}


class LesionStatus(str, enum.Enum):
    ACTIVE = "active"
    RESOLVED = "resolved"
    RECURRED = "recurred"


class Laterality(str, enum.Enum):
    NONE = "none"
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


class Lesion(Audited, Voidable, Base):
    __tablename__ = "lesion"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    condition: Mapped[Condition] = mapped_column(enum_type(Condition, 30))
    # Body site from the vocabulary in resources/body_sites.yaml (SNOMED CT codes).
    site_code: Mapped[str] = mapped_column(String(20))
    laterality: Mapped[Laterality] = mapped_column(
        enum_type(Laterality, 10), default=Laterality.NONE
    )
    site_text: Mapped[str | None] = mapped_column(String(200))
    # Where it sits on a body-map view, as fractions of the drawing (0..1).
    map_view: Mapped[str | None] = mapped_column(String(30))
    map_x: Mapped[float | None] = mapped_column()
    map_y: Mapped[float | None] = mapped_column()
    status: Mapped[LesionStatus] = mapped_column(
        enum_type(LesionStatus, 10), default=LesionStatus.ACTIVE
    )
    onset_date: Mapped[date | None] = mapped_column(Date)
    # Set when atrophy (a dent) is seen: re-injecting it is a safety finding.
    atrophic: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    patient: Mapped["Patient"] = relationship(back_populates="lesions")  # noqa: F821
