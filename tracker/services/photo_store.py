"""The content-addressed photo store beside the database.

A stored file is named by its SHA-256 (``ab/abcdef....jpg``) and never changes.
Writing is crash-safe: the bytes go to a temporary file in ``.incoming/``
inside the store, are flushed and fsynced, and the file is renamed to its
final name, after which the directory is fsynced. Only then may the caller
commit the database row. A kill at any moment therefore leaves either nothing,
a leftover temporary file (removed by ``clean_leftovers``, reported by
``tracker check``) or a complete file under its final name - never a row
without its file, never a half-written file under a final name.

Thumbnails are a rebuildable cache in a sibling folder (``thumbnails_dir``).
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
import stat
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tracker.config import Location

log = logging.getLogger(__name__)

INCOMING = ".incoming"
PART_SUFFIX = ".part"
CHUNK = 1 << 20
# A temporary file older than this is a leftover even if its writer might
# still live on another workstation sharing the folder.
STALE_AFTER_S = 3600


def thumbnails_dir(location: Location) -> Path:
    """The rebuildable thumbnail cache, beside the photo store."""
    return location.data_dir / "photo-thumbnails"


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open a directory
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class StagedFile:
    """Bytes copied into the store's incoming folder, not yet under their final name."""

    temp_path: Path
    sha256: str
    byte_size: int


@dataclass(frozen=True)
class Leftover:
    path: Path
    age_s: float
    writer_alive: bool | None  # None: written by another host, or the name does not say


class PhotoStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.incoming = self.root / INCOMING

    @classmethod
    def for_location(cls, location: Location) -> PhotoStore:
        return cls(location.photos_dir)

    # ---- names --------------------------------------------------------------
    @staticmethod
    def relative_path(sha256: str, extension: str) -> str:
        return f"{sha256[:2]}/{sha256}.{extension.lstrip('.').lower()}"

    def path_of(self, stored_path: str) -> Path:
        return self.root / stored_path

    # ---- writing --------------------------------------------------------------
    def _temp_name(self) -> str:
        return f"{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex}{PART_SUFFIX}"

    def stage(self, source: BinaryIO) -> StagedFile:
        """Copy a stream into a new temporary file, hashing as it goes.

        The copy is made durable by ``commit`` (a duplicate is discarded
        before paying for an fsync)."""
        self.incoming.mkdir(parents=True, exist_ok=True)
        temp = self.incoming / self._temp_name()
        digest, size = hashlib.sha256(), 0
        try:
            with open(temp, "xb") as out:
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
        except BaseException:
            discard(temp)
            raise
        return StagedFile(temp, digest.hexdigest(), size)

    def stage_file(self, path: Path) -> StagedFile:
        with open(path, "rb") as source:
            return self.stage(source)

    def commit(self, staged: StagedFile, extension: str) -> str:
        """Make a staged file durable and rename it to its content address.

        The bytes are fsynced before the rename and the folder after it, so
        the final name only ever points at a whole file. Returns the path
        relative to the store. If a file with that address is already there
        (an earlier import stopped before its row was written), it is kept
        when it is intact and replaced when it is not.
        """
        rel = self.relative_path(staged.sha256, extension)
        final = self.path_of(rel)
        shard = final.parent
        new_shard = not shard.exists()
        shard.mkdir(parents=True, exist_ok=True)
        if new_shard:
            fsync_dir(self.root)
        if final.exists() and sha256_of(final) == staged.sha256:
            discard(staged.temp_path)
            return rel
        with open(staged.temp_path, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(staged.temp_path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(staged.temp_path, final)
        fsync_dir(shard)
        return rel

    # ---- leftovers ------------------------------------------------------------
    def leftovers(self) -> list[Leftover]:
        """Temporary files of interrupted imports."""
        if not self.incoming.is_dir():
            return []
        host, now, out = socket.gethostname(), time.time(), []
        for path in sorted(self.incoming.glob(f"*{PART_SUFFIX}")):
            try:
                age = now - path.stat().st_mtime
            except FileNotFoundError:
                continue
            out.append(Leftover(path, age, _writer_alive(path.name, host)))
        return out

    def clean_leftovers(self) -> int:
        """Remove temporary files whose writer is gone (or that are old); return how many."""
        removed = 0
        for item in self.leftovers():
            if item.writer_alive is False or item.age_s > STALE_AFTER_S:
                if discard(item.path):
                    removed += 1
        if removed:
            log.info("removed %d leftover temporary photo file(s) from %s", removed, self.incoming)
        return removed

    def stored_files(self) -> Iterator[Path]:
        for shard in sorted(self.root.glob("??")):
            if shard.is_dir():
                yield from sorted(p for p in shard.iterdir() if p.is_file())


def _writer_alive(name: str, host: str) -> bool | None:
    parts = name.split(".")
    if len(parts) < 4 or not parts[-3].isdigit():
        return None
    writer_host, pid = ".".join(parts[:-3]), int(parts[-3])
    if writer_host != host:
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def discard(path: Path) -> bool:
    try:
        os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
        path.unlink()
        return True
    except FileNotFoundError:
        return False


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
