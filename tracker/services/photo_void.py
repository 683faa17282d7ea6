"""Voiding a photo, and with it the measurements made on it.

A length or area measured on a photo was computed from its pixels and its
ruler, so it cannot outlive the photo: a photo voided as another patient's
would otherwise keep feeding the lesion's progress. Both are voided in one
transaction, each with its own audit event and the photo's reason.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tracker.models import Assessment
from tracker.services.photo_measurements import AREA, LENGTH
from tracker.services.photos import PhotoView, get_photo, load_for_change
from tracker.services.voiding import clean_reason, void_row


@dataclass(frozen=True)
class VoidedPhoto:
    photo: PhotoView
    measurements: int  # how many measurements were voided with it


def measurement_count(db, photo_id: int) -> int:  # noqa: ANN001
    """How many active measurements voiding this photo would void too."""
    with db.read() as s:
        return len(s.execute(_measurements(photo_id)).scalars().all())


def _measurements(photo_id: int):  # noqa: ANN202
    return select(Assessment).where(Assessment.photo_id == photo_id, Assessment.instrument.in_((LENGTH, AREA)),
                                    Assessment.voided_at.is_(None))


def void_photo(db, actor_id: int, photo_id: int, reason: str) -> VoidedPhoto:  # noqa: ANN001
    """Void a photo (it stays stored and readable, with the reason) and the
    measurements made on it."""
    reason = clean_reason(reason, "photo")
    with db.write() as s:
        row = load_for_change(s, photo_id, None)
        void_row(s, actor_id, row, reason, "photo")
        measured = s.execute(_measurements(photo_id)).scalars().all()
        for measurement in measured:
            void_row(s, actor_id, measurement, f"its photo was voided: {reason}", "measurement")
    return VoidedPhoto(get_photo(db, photo_id), len(measured))
