"""Follow-up photos as plain data, and the few changes a photo record allows.

The stored file never changes, nor where the photo belongs (patient, lesion,
visit; the database refuses it, migration 0008). What may change is its view
settings (rotation, crop, landmarks for alignment, ruler calibration) and
whether it is voided (photo_void.py); each change is one audited write. Photos of voided patients, lesions or sessions stay readable.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.config import Location
from tracker.models import Lesion, Patient, Photo, TreatmentSession
from tracker.services import audit
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.photo_store import PhotoStore
from tracker.services.row_versions import require_version
from tracker.services.settings import clinic_date, clinic_zone
from tracker.services.snapshot import json_safe, row_values

log = logging.getLogger(__name__)

IDS_PER_QUERY = 500  # well under SQLite's limit on bound parameters

# Keys a view may keep beside a photo (never applied to the file).
VIEW_SETTING_KEYS = frozenset({"rotation", "crop", "landmarks", "calibration"})


@dataclass(frozen=True)
class PhotoView:
    id: int
    patient_id: int
    lesion_id: int | None
    lesion_label: str
    session_id: int | None
    sha256: str
    stored_path: str
    original_name: str
    media_type: str
    byte_size: int
    width: int | None
    height: int | None
    taken_at: datetime | None
    taken_on: date | None  # the clinic date of taken_at
    view_label: str
    notes: str
    voided: bool
    void_reason: str | None
    row_version: int
    view_settings: dict = field(default_factory=dict, compare=False, hash=False)

    def file_path(self, location: Location) -> Path:
        return PhotoStore.for_location(location).path_of(self.stored_path)

    @property
    def calibration(self) -> dict | None:
        return self.view_settings.get("calibration")

    @property
    def rotation(self) -> int:
        """How far the view is turned clockwise (0, 90, 180, 270), on top of the EXIF orientation."""
        try:
            return int(self.view_settings.get("rotation", 0)) % 360
        except (TypeError, ValueError):
            return 0

    @property
    def crop(self) -> tuple[float, float, float, float] | None:
        """The framing kept for this photo: (left, top, width, height) on the upright photo."""
        crop = self.view_settings.get("crop")
        return tuple(float(v) for v in crop) if crop and len(crop) == 4 else None

    @property
    def landmarks(self) -> list | None:
        marks = self.view_settings.get("landmarks")
        return marks if marks and len(marks) == 2 else None


# A photo's columns as plain values (a list of photos builds no ORM objects: a
# mapped attribute costs about a microsecond to read, and a grid reads 100 rows
# of 18 while the window waits for them).
_COLUMNS = (Photo.id, Photo.patient_id, Photo.lesion_id, Photo.session_id, Photo.sha256, Photo.stored_path,
            Photo.original_name, Photo.media_type, Photo.byte_size, Photo.width, Photo.height, Photo.taken_at,
            Photo.view_label, Photo.notes, Photo.voided_at, Photo.void_reason, Photo.row_version, Photo.view_settings)
_NAMES = tuple(column.key for column in _COLUMNS)


def photo_view(v: dict[str, Any], zone, lesion_label: str = "") -> PhotoView:  # noqa: ANN001
    """A photo from its column values (``_NAMES``); its view settings are its own copy."""
    taken_at = v["taken_at"]
    return PhotoView(
        id=v["id"], patient_id=v["patient_id"], lesion_id=v["lesion_id"], lesion_label=lesion_label,
        session_id=v["session_id"], sha256=v["sha256"], stored_path=v["stored_path"],
        original_name=v["original_name"] or "", media_type=v["media_type"], byte_size=v["byte_size"],
        width=v["width"], height=v["height"], taken_at=taken_at,
        taken_on=clinic_date(taken_at, zone) if taken_at else None,
        view_label=v["view_label"] or "", notes=v["notes"] or "", voided=v["voided_at"] is not None,
        void_reason=v["void_reason"], row_version=v["row_version"], view_settings=dict(v["view_settings"] or {}),
    )


def _with_label():  # noqa: ANN202
    """Photos' columns with their lesion's label (empty for a photo not assigned to a lesion)."""
    return select(*_COLUMNS, Lesion.label).outerjoin(Lesion, Photo.lesion_id == Lesion.id)


def _views(s: Session, query, zone) -> list[PhotoView]:  # noqa: ANN001
    """The photos a ``_with_label`` query finds (the JSON is parsed afresh for each read: nothing is shared)."""
    return [photo_view(dict(zip(_NAMES, row)), zone, row[-1] or "") for row in s.execute(query).all()]


def _query(patient_id: int, lesion_id: int | None, include_voided: bool, unassigned: bool = False):  # noqa: ANN202
    query = _with_label().where(Photo.patient_id == patient_id)
    if unassigned:
        query = query.where(Photo.lesion_id.is_(None))
    elif lesion_id is not None:
        query = query.where(Photo.lesion_id == lesion_id)
    if not include_voided:
        query = query.where(Photo.voided_at.is_(None))
    return query


def _slice(patient_id: int, lesion_id: int | None, include_voided: bool, unassigned: bool,  # noqa: ANN202
           offset: int, limit: int | None):
    query = _query(patient_id, lesion_id, include_voided, unassigned)
    query = query.order_by(Photo.taken_at.is_(None), Photo.taken_at, Photo.id).offset(offset)
    return query if limit is None else query.limit(limit)


def patient_photos(db, patient_id: int, *, lesion_id: int | None = None, unassigned: bool = False,  # noqa: ANN001
                   include_voided: bool = False, offset: int = 0, limit: int | None = None) -> list[PhotoView]:
    """The patient's photos (or one lesion's), oldest first; a slice when offset/limit are given."""
    zone = clinic_zone(db)
    with db.read() as s:
        return _views(s, _slice(patient_id, lesion_id, include_voided, unassigned, offset, limit), zone)


@dataclass(frozen=True)
class PhotoPage:
    """A slice of a photo list and how many photos the whole list has."""
    total: int
    rows: list[PhotoView]


def photo_page(db, patient_id: int, *, lesion_id: int | None = None, unassigned: bool = False,  # noqa: ANN001
               include_voided: bool = False, offset: int = 0, limit: int = 100) -> PhotoPage:
    """One batch of ``patient_photos`` with the list's length, read together
    (for a grid filled in batches: the count and the rows agree)."""
    zone = clinic_zone(db)
    with db.read() as s:
        count = _query(patient_id, lesion_id, include_voided, unassigned).with_only_columns(func.count(Photo.id))
        total = int(s.execute(count).scalar_one())
        return PhotoPage(total, _views(s, _slice(patient_id, lesion_id, include_voided, unassigned, offset, limit), zone))


def counts_query(patient_id: int, *, include_voided: bool = False):  # noqa: ANN201
    """How many photos each lesion of the patient has (None: not assigned to a lesion), as a query."""
    query = select(Photo.lesion_id, func.count(Photo.id)).where(Photo.patient_id == patient_id)
    if not include_voided:
        query = query.where(Photo.voided_at.is_(None))
    return query.group_by(Photo.lesion_id)


def lesion_patient_id(db, lesion_id: int) -> int:  # noqa: ANN001
    with db.read() as s:
        lesion = s.get(Lesion, lesion_id)
        if lesion is None:
            raise NotFoundError(f"no lesion with id {lesion_id}")
        return lesion.patient_id


def lesion_photos(db, lesion_id: int, *, include_voided: bool = False) -> list[PhotoView]:  # noqa: ANN001
    return patient_photos(db, lesion_patient_id(db, lesion_id), lesion_id=lesion_id, include_voided=include_voided)


def get_photo(db, photo_id: int) -> PhotoView:  # noqa: ANN001
    zone = clinic_zone(db)
    with db.read() as s:
        found = _views(s, _with_label().where(Photo.id == photo_id), zone)
    if not found:
        raise NotFoundError(f"no photo with id {photo_id}")
    return found[0]


def get_photos(db, photo_ids: Sequence[int]) -> list[PhotoView]:  # noqa: ANN001
    """Several photos in the order asked, a few hundred per query. (One query per
    photo took 145 ms of interpreter time for 200 photos at the end of an import,
    and a GUI thread waiting for the interpreter lock meanwhile stutters.)"""
    zone = clinic_zone(db)
    found: dict[int, PhotoView] = {}
    ids = list(photo_ids)
    with db.read() as s:
        for start in range(0, len(ids), IDS_PER_QUERY):
            query = _with_label().where(Photo.id.in_(ids[start:start + IDS_PER_QUERY]))
            found.update((photo.id, photo) for photo in _views(s, query, zone))
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"no photo with id {missing[0]}")
    return [found[i] for i in ids]


def photo_by_sha(s: Session, sha256: str) -> Photo | None:
    """The photo in use (not voided) recorded from this file, if any."""
    return s.execute(select(Photo).where(Photo.sha256 == sha256, Photo.voided_at.is_(None))).scalar_one_or_none()


def existing_photo_ids(db, digests: list[str]) -> dict[str, int]:  # noqa: ANN001
    """Which of these SHA-256 digests are already stored as a photo in use,
    and as which (a voided photo's file may be imported again)."""
    if not digests:
        return {}
    with db.read() as s:
        return dict(s.execute(select(Photo.sha256, Photo.id)
                              .where(Photo.sha256.in_(digests), Photo.voided_at.is_(None))).all())


def check_targets(s: Session, patient_id: int, lesion_id: int | None, session_id: int | None) -> dict[str, str]:
    """Why a photo cannot be attached to this patient/lesion/session (empty when it can)."""
    errors: dict[str, str] = {}
    patient = s.get(Patient, patient_id)
    if patient is None:
        return {"patient_id": f"no patient with id {patient_id}"}
    if patient.is_voided:
        errors["patient_id"] = "this patient's record is voided; photos cannot be added to it"
    for field_name, model, row_id, noun in (("lesion_id", Lesion, lesion_id, "lesion"),
                                            ("session_id", TreatmentSession, session_id, "session")):
        row = s.get(model, row_id) if row_id is not None else None
        if row_id is not None and (row is None or row.patient_id != patient_id):
            errors[field_name] = f"this {noun} is not one of the patient's"
        elif row is not None and row.is_voided:
            # Photos already attached stay; a voided record takes no new ones.
            errors[field_name] = f"this {noun}'s record is voided"
    return errors


def load_for_change(s: Session, photo_id: int, expected_version: int | None) -> Photo:
    row = s.get(Photo, photo_id)
    if row is None:
        raise NotFoundError(f"no photo with id {photo_id}")
    require_version(row, expected_version, "This photo", "nothing was changed")
    return row


def _valid_crop(crop: Any) -> bool:
    try:
        left, top, width, height = (float(v) for v in crop)
    except (TypeError, ValueError):
        return False
    return left >= 0 and top >= 0 and width > 0 and height > 0


def update_view_settings(db, actor_id: int | None, photo_id: int, changes: dict[str, Any],  # noqa: ANN001
                         *, expected_version: int | None = None) -> PhotoView:
    """Merge view settings (a value of None removes the key). The file is not touched."""
    unknown = set(changes) - VIEW_SETTING_KEYS
    if unknown:
        raise ValidationError({k: "not a photo view setting" for k in sorted(unknown)})
    if changes.get("rotation") not in (None, 0, 90, 180, 270):
        raise ValidationError({"rotation": "a view can be turned by 0, 90, 180 or 270 degrees"})
    crop = changes.get("crop")
    if crop is not None and not _valid_crop(crop):
        raise ValidationError({"crop": "a crop is [left, top, width, height] with a width and height above 0"})
    with db.write() as s:
        row = load_for_change(s, photo_id, expected_version)
        before = row_values(row)
        settings = dict(row.view_settings or {})
        for key, value in changes.items():
            if value is None:
                settings.pop(key, None)
            else:
                settings[key] = json_safe(value)
        row.view_settings = settings
        audit.record_row(s, actor_id, "view-settings", row, before=before)
    return get_photo(db, photo_id)
