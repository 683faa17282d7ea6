"""Photos travel with database backups.

A backup ``copy.sqlite`` gets its photos in ``copy.sqlite.photos/``, laid out
like the live store. Because files are named by their SHA-256, copying is
incremental and safe: a file already at the destination under its name is
the same picture; every copied file is hashed on the way and written through
the store's crash-safe path (temporary file, fsync, rename). Restoring copies
the backup's photos back into the live store; a live file is replaced only
when its bytes no longer match its name (damaged) and the copy is intact.
After a backup, ``photos_not_in`` compares the copy's photo rows with the
copied folder, so a photo file lost from the live store is named, not
silently left out.
"""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tracker.services.photo_store import PhotoStore, discard, sha256_of

log = logging.getLogger(__name__)


def photos_beside(database_copy: Path) -> Path:
    """Where the photos of a database backup file are kept."""
    database_copy = Path(database_copy)
    return database_copy.with_name(database_copy.name + ".photos")


@dataclass(frozen=True)
class CopyReport:
    copied: int
    present: int
    damaged: tuple[str, ...]  # source files whose bytes do not match their name (not copied)
    repaired: int = 0  # damaged files at the destination replaced by an intact copy


def copy_photo_store(source_root: Path, dest_root: Path, *, repair: bool = False) -> CopyReport:
    """Copy every stored photo missing at ``dest_root``; verify each by its SHA-256.
    With ``repair`` (a restore), a file already at ``dest_root`` is hashed too
    and replaced by the copy when its bytes no longer match its name."""
    source, dest = PhotoStore(source_root), PhotoStore(dest_root)
    copied = present = repaired = 0
    damaged: list[str] = []
    for path in source.stored_files():
        rel = path.relative_to(source.root).as_posix()
        there = dest.path_of(rel)
        if there.is_file() and not (repair and sha256_of(there) != there.stem):
            present += 1
            continue
        repairing = there.is_file()
        staged = dest.stage_file(path)
        if staged.sha256 != path.stem:
            discard(staged.temp_path)
            damaged.append(rel)
            log.warning("not copying %s: its bytes do not match its name", path)
            continue
        dest.commit(staged, path.suffix)  # replaces a damaged file of that name
        if repairing:
            repaired += 1
            log.warning("replaced %s: its bytes no longer matched its name", there)
        else:
            copied += 1
    return CopyReport(copied, present, tuple(damaged), repaired)


@dataclass(frozen=True)
class MissingPhoto:
    """A photo row of a database whose file is not in a photo folder."""
    photo_id: int
    chart_number: str
    original_name: str | None
    stored_path: str

    def describe(self) -> str:
        name = f", {self.original_name}" if self.original_name else ""
        return f"photo {self.photo_id} (chart {self.chart_number}{name}): its file {self.stored_path} is missing"


def photos_not_in(database: Path, photos_root: Path) -> tuple[MissingPhoto, ...]:
    """The photo rows of the SQLite file ``database`` (voided ones too: they stay
    part of the record) whose file is not in ``photos_root``. Read-only."""
    store = PhotoStore(photos_root)
    conn = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        rows = conn.execute("SELECT photo.id, patient.chart_number, photo.original_name, photo.stored_path "
                            "FROM photo JOIN patient ON patient.id = photo.patient_id ORDER BY photo.id").fetchall()
    finally:
        conn.close()
    return tuple(MissingPhoto(*row) for row in rows if not store.path_of(row[3]).is_file())
