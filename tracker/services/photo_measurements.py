"""Measuring a lesion on a calibrated photo: lengths in mm and areas in mm²,
saved as assessments of the lesion with the photo they came from.

Each assessment keeps the points and the calibration it was computed with, so
a later re-calibration never changes an earlier measurement's meaning.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from tracker.models import Assessment, Photo
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.photo_geometry import Calibration, as_points, make_calibration, rounded
from tracker.services.photos import PhotoView, get_photo, update_view_settings
from tracker.services.settings import clinic_date, clinic_zone
from tracker.services.voiding import clean_reason, void_row

log = logging.getLogger(__name__)

LENGTH = "photo_length"
AREA = "photo_area"
INSTRUMENT_VERSION = "1"
UNITS = {LENGTH: "mm", AREA: "mm²"}


@dataclass(frozen=True)
class Measurement:
    id: int
    photo_id: int
    lesion_id: int
    instrument: str
    value: Decimal
    unit: str
    points: tuple[tuple[float, float], ...]
    assessed_on: date
    voided: bool

    @property
    def text(self) -> str:
        kind = "Length" if self.instrument == LENGTH else "Area"
        return f"{kind} {self.value.quantize(Decimal('0.1'))} {self.unit}"


def _view(row: Assessment) -> Measurement:
    items = row.items or {}
    return Measurement(
        id=row.id, photo_id=row.photo_id, lesion_id=row.lesion_id, instrument=row.instrument,
        value=row.score, unit=UNITS.get(row.instrument, ""), assessed_on=row.assessed_on,
        points=tuple(tuple(p) for p in items.get("points", ())), voided=row.is_voided,
    )


def set_calibration(db, actor_id: int | None, photo_id: int, a: Sequence[float], b: Sequence[float],  # noqa: ANN001
                    mm: Decimal | str) -> PhotoView:
    """Remember the ruler on this photo (a view setting; the file is untouched)."""
    calibration = make_calibration(a, b, mm)
    return update_view_settings(db, actor_id, photo_id, {"calibration": calibration.as_dict()})


def measure(calibration: Calibration, instrument: str, points: Sequence[Sequence[float]]) -> Decimal:
    """The value of a measurement, rounded to 0.1 mm or 0.1 mm²."""
    pts = as_points(points)
    if instrument == LENGTH:
        if len(pts) < 2:
            raise ValidationError({"points": "a length needs two points"})
        return rounded(calibration.length_mm(pts))
    if instrument == AREA:
        if len(pts) < 3:
            raise ValidationError({"points": "an area needs at least three points around the lesion"})
        return rounded(calibration.area_mm2(pts))
    raise ValidationError({"instrument": f"unknown measurement {instrument!r}"})


def save_measurement(db, actor_id: int | None, photo_id: int, instrument: str,  # noqa: ANN001
                     points: Sequence[Sequence[float]], *, notes: str | None = None) -> Measurement:
    """Save a length or area measured on a calibrated photo as an assessment of its lesion."""
    photo = get_photo(db, photo_id)
    if photo.voided:
        raise ValidationError({"photo": "this photo is voided"})
    if photo.lesion_id is None:
        raise ValidationError({"photo": "assign the photo to a lesion before measuring it"})
    calibration = Calibration.from_dict(photo.calibration)
    if calibration is None:
        raise ValidationError({"calibration": "calibrate on the ruler first (two points and the distance in mm)"})
    value = measure(calibration, instrument, points)
    day = photo.taken_on or clinic_date(utcnow(), clinic_zone(db))
    with db.write() as s:
        if s.get(Photo, photo_id).row_version != photo.row_version:
            raise ValidationError({"photo": "the photo changed meanwhile; measure again"})
        row = Assessment(
            lesion_id=photo.lesion_id, session_id=photo.session_id, photo_id=photo.id, assessor_id=actor_id,
            assessed_on=day, instrument=instrument, instrument_version=INSTRUMENT_VERSION,
            items={"points": [list(p) for p in as_points(points)], "unit": UNITS[instrument],
                   "calibration": calibration.as_dict()},
            score=value, notes=(notes or "").strip() or None, created_by_id=actor_id,
        )
        s.add(row)
        audit.record_row(s, actor_id, "create", row)
        return _view(row)


def measurements_query(photo_id: int, *, include_voided: bool = False):  # noqa: ANN201
    """The measurements made on a photo (its lengths and areas), as a query on Assessment."""
    query = select(Assessment).where(Assessment.photo_id == photo_id, Assessment.instrument.in_((LENGTH, AREA)))
    return query if include_voided else query.where(Assessment.voided_at.is_(None))


def photo_measurements(db, photo_id: int, *, include_voided: bool = False) -> list[Measurement]:  # noqa: ANN001
    query = measurements_query(photo_id, include_voided=include_voided)
    with db.read() as s:
        return [_view(r) for r in s.execute(query.order_by(Assessment.id)).scalars()]


def void_measurement(db, actor_id: int, assessment_id: int, reason: str) -> Measurement:  # noqa: ANN001
    reason = clean_reason(reason, "measurement")
    with db.write() as s:
        row = s.get(Assessment, assessment_id)
        if row is None or row.instrument not in (LENGTH, AREA):
            raise NotFoundError(f"no photo measurement with id {assessment_id}")
        void_row(s, actor_id, row, reason, "measurement")
        return _view(row)
