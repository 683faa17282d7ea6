"""Importing photos: one file at a time, crash-safe, with a plain message per file.

For each file: copy it into the store's incoming folder (hashing as it goes,
fsynced), recognise a duplicate by SHA-256, check the picture is whole and not
too large, rename it to its content address (directory fsynced), and only then
commit the Photo row with its audit event. A file that fails leaves nothing
behind; the rest of the batch goes on. The progress callback can cancel
between files.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from tracker.models import Photo
from tracker.services import audit
from tracker.services.photo_dates import DateCheck, date_check
from tracker.services.photo_files import ImageInfo, UnusableImage, inspect_image
from tracker.services.photo_store import PhotoStore, StagedFile, discard
from tracker.services.photo_visits import PatientVisits, patient_visits
from tracker.services.photos import PhotoView, check_targets, get_photos, photo_by_sha
from tracker.services.settings import clinic_date, clinic_zone

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], bool]


@dataclass(frozen=True)
class ImportItem:
    """One file and where it goes. ``taken_at`` overrides the date in the file."""

    path: Path
    lesion_id: int | None = None
    session_id: int | None = None
    view_label: str | None = None
    taken_at: datetime | None = None
    notes: str | None = None


class Outcome(str, Enum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ItemResult:
    path: Path
    outcome: Outcome
    message: str
    photo_id: int | None = None
    note: str | None = None  # what to check about an imported photo (its date); also in the message


@dataclass(frozen=True)
class ImportReport:
    results: tuple[ItemResult, ...] = ()
    cancelled: bool = False
    photos: tuple[PhotoView, ...] = field(default=(), compare=False)

    def _count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def imported(self) -> int:
        return self._count(Outcome.IMPORTED)

    @property
    def duplicates(self) -> int:
        return self._count(Outcome.DUPLICATE)

    @property
    def failed(self) -> int:
        return self._count(Outcome.FAILED)

    @property
    def problems(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.results if r.outcome != Outcome.IMPORTED)

    @property
    def to_check(self) -> tuple[ItemResult, ...]:
        """Photos imported with something to check, such as their date."""
        return tuple(r for r in self.results if r.outcome == Outcome.IMPORTED and r.note)

    def summary(self) -> str:
        parts = [f"{self.imported} photo{'s' if self.imported != 1 else ''} imported"]
        if self.to_check:
            parts[0] += f" ({len(self.to_check)} with a date to check)"
        if self.duplicates:
            parts.append(f"{self.duplicates} already stored")
        if self.failed:
            parts.append(f"{self.failed} could not be imported")
        if self.cancelled:
            parts.append(f"cancelled with {self._count(Outcome.CANCELLED)} not started")
        return ", ".join(parts)


def _file_time(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    except OSError:
        return None


def _stage(store: PhotoStore, path: Path) -> StagedFile:
    try:
        return store.stage_file(path)
    except PermissionError:
        raise UnusableImage(f"{path.name}: the file cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise UnusableImage(f"{path.name}: this is a folder, not a file") from None
    except FileNotFoundError:
        raise UnusableImage(f"{path.name}: the file is no longer there") from None


class _Importer:
    """Imports items for one patient; holds what is shared across the batch."""

    def __init__(self, db, actor_id: int | None, patient_id: int, store: PhotoStore) -> None:  # noqa: ANN001
        self.db, self.actor_id, self.patient_id, self.store = db, actor_id, patient_id, store
        self.zone = clinic_zone(db)
        self.visits: PatientVisits = patient_visits(db, patient_id)
        self.dates: DateCheck = date_check(db, patient_id, self.zone)

    def _duplicate(self, sha256: str) -> ItemResult | None:
        with self.db.read() as s:
            row = photo_by_sha(s, sha256)
            if row is None:
                return None
            return ItemResult(Path(), Outcome.DUPLICATE, self._duplicate_text(row), row.id)

    def _duplicate_text(self, row: Photo) -> str:
        where = "this patient" if row.patient_id == self.patient_id else "another patient's chart"
        return f"already stored as photo {row.id} in {where}; not stored twice"

    def _session_for(self, item: ImportItem, taken_at: datetime | None) -> int | None:
        if item.session_id is not None:
            return item.session_id
        day = clinic_date(taken_at, self.zone) if taken_at else None
        visit = self.visits.on_day(day, item.lesion_id)
        return visit.id if visit else None

    def _date_note(self, item: ImportItem, info: ImageInfo, taken_at: datetime | None) -> str | None:
        """What to check about the date stored: a camera date that could not be read,
        a date after today or before the patient's birth (a camera clock set wrong)."""
        notes = []
        if item.taken_at is None and (camera := info.camera_date_note(self.zone)):
            notes.append(camera)
        if taken_at is not None and (doubt := self.dates.doubt(clinic_date(taken_at, self.zone))):
            notes.append(doubt.detail)
        return "; ".join(notes) or None

    def run_one(self, item: ImportItem) -> ItemResult:
        name = item.path.name
        with self.db.read() as s:
            errors = check_targets(s, self.patient_id, item.lesion_id, item.session_id)
        if errors:
            return ItemResult(item.path, Outcome.FAILED, f"{name}: " + "; ".join(errors.values()))
        staged = _stage(self.store, item.path)
        try:
            dup = self._duplicate(staged.sha256)
            if dup is not None:
                return replace(dup, path=item.path, message=f"{name}: {dup.message}")
            info = inspect_image(staged.temp_path, name)
            rel = self.store.commit(staged, info.extension)
        finally:
            discard(staged.temp_path)  # nothing left when rejected; a no-op once renamed
        taken_at = item.taken_at or info.taken_at(self.zone) or _file_time(item.path)
        note = self._date_note(item, info, taken_at)
        row = Photo(
            patient_id=self.patient_id, lesion_id=item.lesion_id, session_id=self._session_for(item, taken_at),
            sha256=staged.sha256, stored_path=rel, original_name=name[:255], media_type=info.media_type,
            byte_size=staged.byte_size, width=info.width, height=info.height, taken_at=taken_at,
            view_label=item.view_label or None, view_settings={}, notes=(item.notes or "").strip() or None,
            created_by_id=self.actor_id,
        )
        try:
            with self.db.write() as s:
                s.add(row)
                audit.record_row(s, self.actor_id, "create", row)
        except IntegrityError:
            # Another workstation stored the same file a moment ago.
            dup = self._duplicate(staged.sha256)
            if dup is None:
                raise
            return replace(dup, path=item.path, message=f"{name}: {dup.message}")
        log.info("imported %s as photo %d (%s)", item.path, row.id, rel)
        return ItemResult(item.path, Outcome.IMPORTED, f"{name}: imported" + (f"; {note}" if note else ""), row.id, note)


def import_photos(db, actor_id: int | None, patient_id: int, items: Iterable[ImportItem], *,  # noqa: ANN001
                  progress: Progress | None = None, store: PhotoStore | None = None) -> ImportReport:
    """Import files one by one; each either is stored whole with its row, or leaves nothing."""
    items = list(items)
    store = store or PhotoStore.for_location(db.location)
    store.clean_leftovers()
    importer = _Importer(db, actor_id, patient_id, store)
    results: list[ItemResult] = []
    cancelled = False
    for n, item in enumerate(items):
        if progress is not None and not progress(n, len(items), f"Importing {item.path.name}"):
            cancelled = True
            results.extend(ItemResult(i.path, Outcome.CANCELLED, f"{i.path.name}: not imported (cancelled)") for i in items[n:])
            break
        try:
            results.append(importer.run_one(item))
        except UnusableImage as exc:
            results.append(ItemResult(item.path, Outcome.FAILED, str(exc)))
        except OSError as exc:
            log.warning("import of %s failed", item.path, exc_info=True)
            results.append(ItemResult(item.path, Outcome.FAILED, f"{item.path.name}: could not be stored ({exc.strerror or exc})"))
    if progress is not None and not cancelled:
        progress(len(items), len(items), "Done")
    photos = tuple(get_photos(db, [r.photo_id for r in results if r.outcome == Outcome.IMPORTED]))
    return ImportReport(tuple(results), cancelled, photos)
