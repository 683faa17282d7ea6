"""Voiding a photo, with the measurements made on it; and filing a photo again
where it belongs, when it was put on the wrong chart or lesion.

A length or area measured on a photo was computed from its pixels and its
ruler, so it cannot outlive the photo: a photo voided as another patient's
would otherwise keep feeding the lesion's progress. Both are voided in one
transaction, each with its own audit event and the photo's reason.

Where a photo belongs and its date never change (migration 0008): filing it
again voids the misfiled record and makes a new one from the same stored
file for the right patient and lesion, or the right day when the camera's
date was wrong, in one transaction, with the reason on both audit events. Its view settings (turn, crop, ruler) go along; its measurements
are voided with the old record and are made again on the new one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Photo
from tracker.services import audit
from tracker.services.errors import ValidationError
from tracker.services.photo_measurements import measurements_query
from tracker.services.photo_visits import patient_visits
from tracker.services.photos import PhotoView, check_targets, get_photo, load_for_change
from tracker.services.settings import clinic_date, clinic_zone
from tracker.services.voiding import clean_reason, void_row

# What a new record of the same file keeps from the misfiled one.
KEPT = ("sha256", "stored_path", "original_name", "media_type", "byte_size", "width", "height", "taken_at",
        "view_label", "notes")


@dataclass(frozen=True)
class VoidedPhoto:
    photo: PhotoView
    measurements: int  # how many measurements were voided with it


@dataclass(frozen=True)
class RefiledPhoto:
    voided: PhotoView  # the misfiled record, now voided
    photo: PhotoView  # the new record, where the photo belongs
    measurements: int  # voided with the misfiled record


def measurement_count(db, photo_id: int) -> int:  # noqa: ANN001
    """How many active measurements voiding this photo would void too."""
    with db.read() as s:
        return s.execute(select(func.count()).select_from(measurements_query(photo_id).subquery())).scalar_one()


def _void(s: Session, actor_id: int, row: Photo, reason: str) -> int:
    void_row(s, actor_id, row, reason, "photo")
    measured = s.execute(measurements_query(row.id)).scalars().all()
    for measurement in measured:
        void_row(s, actor_id, measurement, f"its photo was voided: {reason}", "measurement")
    return len(measured)


def void_photo(db, actor_id: int, photo_id: int, reason: str) -> VoidedPhoto:  # noqa: ANN001
    """Void a photo (it stays stored and readable, with the reason) and the
    measurements made on it."""
    reason = clean_reason(reason, "photo")
    with db.write() as s:
        count = _void(s, actor_id, load_for_change(s, photo_id, None), reason)
    return VoidedPhoto(get_photo(db, photo_id), count)


def moved_to_day(taken_at: datetime | None, day: date, zone: ZoneInfo) -> datetime:
    """``taken_at`` put on ``day`` in the clinic's time zone, its clock time
    kept (noon when the photo had no time): a camera whose date was wrong."""
    local = taken_at.astimezone(zone).timetz() if taken_at else time(12, 0, tzinfo=zone)
    return datetime.combine(day, local.replace(tzinfo=None), tzinfo=zone).astimezone(timezone.utc)


def refile_photo(db, actor_id: int, photo_id: int, *, patient_id: int, lesion_id: int | None,  # noqa: ANN001
                 reason: str, taken_on: date | None = None, expected_version: int | None = None) -> RefiledPhoto:
    """File a photo again under ``patient_id`` and ``lesion_id`` (None: a
    photo of the patient, no lesion), on ``taken_on`` when its date was wrong
    (None: its date stays): the old record is voided with ``reason``, a new
    one made from the same file, on the visit of its day."""
    reason = clean_reason(reason, "photo")
    current = get_photo(db, photo_id)
    zone = clinic_zone(db)
    taken_at = moved_to_day(current.taken_at, taken_on, zone) if taken_on and taken_on != current.taken_on \
        else current.taken_at
    if (current.patient_id, current.lesion_id, current.taken_at) == (patient_id, lesion_id, taken_at):
        raise ValidationError({"lesion_id": "the photo is already filed there; choose where it belongs"})
    visit = patient_visits(db, patient_id).on_day(clinic_date(taken_at, zone) if taken_at else None, lesion_id)
    with db.write() as s:
        row = load_for_change(s, photo_id, expected_version)
        if row.is_voided:
            raise ValidationError({"photo": "this photo is voided; file again one that is in use"})
        errors = check_targets(s, patient_id, lesion_id, visit.id if visit else None)
        if errors:
            raise ValidationError(errors)
        count = _void(s, actor_id, row, reason)
        kept = {key: getattr(row, key) for key in KEPT}
        new = Photo(patient_id=patient_id, lesion_id=lesion_id, session_id=visit.id if visit else None,
                    view_settings=dict(row.view_settings or {}), created_by_id=actor_id, **{**kept, "taken_at": taken_at})
        s.add(new)
        audit.record_row(s, actor_id, "create", new, reason=f"filed again from photo {row.id}: {reason}")
        new_id = new.id
    return RefiledPhoto(get_photo(db, photo_id), get_photo(db, new_id), count)
