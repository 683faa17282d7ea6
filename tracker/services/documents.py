"""Plain data for printed documents (aftercare sheets, progress reports).

The services in ``documents_aftercare.py`` and ``documents_progress.py`` fill
these frozen dataclasses from the database; ``tracker.printing`` lays them out
on paper. Nothing here knows about Qt, so tests and scripts can build and
inspect a document's content without a window.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import date


if TYPE_CHECKING:  # the outcomes feature's data; only progress reports load it
    from tracker.services.progress import ProgressData
from tracker.services.settings import get_settings


@dataclass(frozen=True)
class ClinicHeader:
    name: str
    address: str
    phone: str
    logo_path: str | None
    #: "A4", "Letter" or "" (then the locale decides)
    paper_size: str


def clinic_header(db=None, values: dict[str, str] | None = None) -> ClinicHeader:  # noqa: ANN001
    """The clinic's letterhead from its settings (read from ``db`` unless the values are given)."""
    values = values if values is not None else get_settings(db)
    return ClinicHeader(
        name=values["clinic_name"].strip(), address=values["clinic_address"].strip(),
        phone=values["clinic_phone"].strip(), logo_path=values["clinic_logo_path"].strip() or None,
        paper_size=values["paper_size"].strip(),
    )


@dataclass(frozen=True)
class MapMark:
    """A point on a body-map drawing (x, y as fractions of it), numbered like the treated-sites list."""

    view: str
    x: float
    y: float
    number: int


@dataclass(frozen=True)
class MapArea:
    """A body site's outline on a body-map view (polygons of x, y fractions), numbered like the treated sites."""

    view: str
    number: int
    polygons: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class TreatedSite:
    number: int
    lesion_id: int
    label: str
    condition: str
    site: str
    #: what went in, in words a patient reads: "triamcinolone 0.6 mL"
    medicines: tuple[str, ...]


@dataclass(frozen=True)
class GuidanceSection:
    """One heading of the patient's advice ("What to expect", "When to call the clinic", ...)."""

    key: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class AftercareDocument:
    clinic: ClinicHeader
    session_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    visit_date: date
    clinician: str
    #: a draft visit may be printed (e.g. before signing); the sheet says so
    signed: bool
    treated: tuple[TreatedSite, ...]
    marks: tuple[MapMark, ...]
    #: from the guidance rules, in print order: the medicine in plain words, what to expect,
    #: care of the site, warning signs, emergencies
    sections: tuple[GuidanceSection, ...]
    next_visit: date | None
    next_visit_text: str | None
    #: shaded body-map areas of lesions with no injection point on the map
    areas: tuple[MapArea, ...] = ()
    #: where the advice comes from ("seed documents 000_....txt, ...", "domain.md: <sections>"), for the small print
    sources: tuple[str, ...] = ()

    def section(self, key: str) -> GuidanceSection | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class DoseRow:
    """One injection of a lesion's treatment history, with the running total for its agent."""

    session_id: int
    day: date
    agent: str
    concentration: str
    volume: str
    points: int
    dose: str
    cumulative: str
    note: str | None


@dataclass(frozen=True)
class ReportPhoto:
    photo_id: int
    path: str
    taken: date | None
    label: str | None
    #: clockwise degrees from the photo's view settings (never applied to the file)
    rotation: int = 0
    #: the framing kept for the photo: (left, top, width, height) in pixels of the upright picture
    crop: tuple[float, float, float, float] | None = None
    #: the upright picture's full size, when known
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class LesionReport:
    lesion_id: int
    label: str
    condition: str
    site: str
    status: str
    onset: date | None
    notes: str | None
    rows: tuple[DoseRow, ...]
    #: "120 mg triamcinolone acetonide", one per agent and unit
    cumulative: tuple[str, ...]
    #: outcome scores, injection sessions and the plain-language response (the outcomes feature's data)
    outcome: ProgressData | None
    first_photo: ReportPhoto | None
    latest_photo: ReportPhoto | None

    @property
    def injection_days(self) -> tuple[date, ...]:
        return tuple(sorted({r.day for r in self.rows}))

    @property
    def summary(self) -> tuple[str, ...]:
        return self.outcome.summary if self.outcome else ()


@dataclass(frozen=True)
class ProgressDocument:
    clinic: ClinicHeader
    patient_id: int
    patient_name: str
    chart_number: str
    date_of_birth: date
    prepared_on: date
    #: "lesion" (one lesion) or "patient" (every lesion of the patient)
    scope: str
    lesions: tuple[LesionReport, ...]


