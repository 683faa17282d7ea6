"""Before an import: find the pictures in a folder (a camera card) and look at
each one, so the person can assign lesions and views in a preview grid and
see problems before anything is stored. Nothing here writes."""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from tracker.services.photo_files import ImageInfo, UnusableImage, inspect_image, looks_like_image_name
from tracker.services.photo_store import sha256_of
from tracker.services.photos import existing_photo_ids
from tracker.services.settings import clinic_zone

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], bool]


@dataclass(frozen=True)
class FolderScan:
    files: tuple[Path, ...]
    problems: tuple[tuple[Path, str], ...]  # (path, message): unreadable folders, files skipped


def _why_error(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def scan_folder(folder: Path, *, recursive: bool = True) -> FolderScan:
    """The JPEG, PNG and TIFF files under a folder, sorted; other files and
    unreadable folders each get a message. Hidden files are ignored."""
    folder = Path(folder)
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []

    def onerror(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        problems.append((where, f"{where.name or where}: this folder cannot be opened ({_why_error(exc)}); its photos were not looked at"))

    if not folder.is_dir():
        return FolderScan((), ((folder, f"{folder}: no such folder"),))
    for root, dirs, names in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if not recursive:
            dirs[:] = []
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if looks_like_image_name(path):
                files.append(path)
            else:
                problems.append((path, f"{name}: skipped, not a JPEG, PNG or TIFF file"))
    return FolderScan(tuple(files), tuple(problems))


def expand_paths(paths: Iterable[Path]) -> FolderScan:
    """Files and folders dropped or chosen together, as one list of candidate files."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            scan = scan_folder(path)
            files.extend(scan.files)
            problems.extend(scan.problems)
        elif path.exists():
            files.append(path)
        else:
            problems.append((path, f"{path.name}: the file is no longer there"))
    return FolderScan(tuple(dict.fromkeys(files)), tuple(problems))


@dataclass(frozen=True)
class Candidate:
    """One file as seen before import: usable or not, and already stored or not."""

    path: Path
    byte_size: int
    info: ImageInfo | None
    taken_at: datetime | None  # from the file's EXIF, in UTC
    file_time: datetime | None  # the file's modification time, the fallback
    sha256: str | None
    duplicate_of: int | None
    problem: str | None
    note: str | None = None  # something to check that does not stop the import, e.g. an unreadable camera date

    @property
    def usable(self) -> bool:
        return self.problem is None and self.duplicate_of is None

    @property
    def date_source(self) -> str:
        return "camera" if self.taken_at else ("file date" if self.file_time else "unknown")


def _look(path: Path, zone) -> Candidate:  # noqa: ANN001
    try:
        stat = path.stat()
        size, mtime = stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc)
    except OSError as exc:
        return Candidate(path, 0, None, None, None, None, None, f"{path.name}: cannot be read ({_why_error(exc)})")
    try:
        info = inspect_image(path)
        digest = sha256_of(path)
    except UnusableImage as exc:
        return Candidate(path, size, None, None, mtime, None, None, str(exc))
    except OSError as exc:
        return Candidate(path, size, None, None, mtime, None, None, f"{path.name}: cannot be read ({_why_error(exc)})")
    note = info.camera_date_note(zone)
    return Candidate(path, size, info, info.taken_at(zone), mtime, digest, None, None,
                     f"{path.name}: {note}" if note else None)


def look_at_files(db, paths: Iterable[Path], *, progress: Progress | None = None) -> list[Candidate]:  # noqa: ANN001
    """Inspect each file (run it in a worker); stops early when progress says cancelled."""
    paths = list(paths)
    zone = clinic_zone(db)
    out: list[Candidate] = []
    for n, path in enumerate(paths):
        if progress is not None and not progress(n, len(paths), f"Looking at {path.name}"):
            break
        out.append(_look(path, zone))
    known = existing_photo_ids(db, [c.sha256 for c in out if c.sha256])
    seen: dict[str, Path] = {}
    result = []
    for c in out:
        if c.sha256 in known:
            c = replace(c, duplicate_of=known[c.sha256],
                        problem=f"{c.path.name}: already stored as photo {known[c.sha256]}; not stored twice")
        elif c.sha256 and c.sha256 in seen:
            c = replace(c, problem=f"{c.path.name}: the same picture as {seen[c.sha256].name} in this import")
        elif c.sha256:
            seen[c.sha256] = c.path
        result.append(c)
    if progress is not None:
        progress(len(paths), len(paths), "Done")
    return result


@dataclass(frozen=True)
class Survey:
    """Everything found among chosen or dropped files and folders."""

    candidates: tuple[Candidate, ...]
    problems: tuple[tuple[Path, str], ...]  # files skipped and folders that could not be opened


def survey(db, paths: Iterable[Path], *, progress: Progress | None = None) -> Survey:  # noqa: ANN001
    """Expand folders, then look at every picture (run it in a worker)."""
    found = expand_paths(paths)
    return Survey(tuple(look_at_files(db, found.files, progress=progress)), found.problems)
