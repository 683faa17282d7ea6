"""The photos of a lesion as plain references (id, clinical date, file path),
for a photo strip beside the progress chart. Reading the images is the
caller's job (off the GUI thread)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from tracker.models import Photo, TreatmentSession
from tracker.services.settings import clinic_zone


@dataclass(frozen=True)
class PhotoRef:
    id: int
    day: date
    path: Path
    view_label: str | None
    session_id: int | None


def lesion_photos(db, photos_dir: Path, lesion_id: int, *, limit: int = 24) -> list[PhotoRef]:  # noqa: ANN001
    """The lesion's photos that are not voided, oldest first; at most ``limit``
    (the newest ones when there are more). The date is when the photo was
    taken (clinic time zone), else its session's date, else when it was stored."""
    zone = clinic_zone(db)
    with db.read() as s:
        rows = s.execute(
            select(Photo, TreatmentSession.clinic_date)
            .outerjoin(TreatmentSession, Photo.session_id == TreatmentSession.id)
            .where(Photo.lesion_id == lesion_id, Photo.voided_at.is_(None))
        ).all()
    refs = []
    for photo, session_day in rows:
        if photo.taken_at is not None:
            day = photo.taken_at.astimezone(zone).date()
        else:
            day = session_day or photo.created_at.astimezone(zone).date()
        refs.append(PhotoRef(photo.id, day, Path(photos_dir) / photo.stored_path, photo.view_label, photo.session_id))
    refs.sort(key=lambda r: (r.day, r.id))
    return refs[-limit:] if limit else refs
