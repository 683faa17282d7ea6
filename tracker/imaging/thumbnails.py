"""Thumbnails: decoded small from the record copy, kept in a disk cache that
can be deleted at any time and is rebuilt when missing.

Cache layout: ``<cache>/<size>/<sha[:2]>/<sha256>.jpg``. A thumbnail is
written to a temporary name and renamed, so a crash never leaves a half
thumbnail; an unreadable cache file is simply rebuilt.

``build_thumbnails(paths, size, threads)`` builds many at once in a thread
pool (the benchmark's entry point); ``ThumbnailLoader`` (thumbnail_loader.py)
serves the grids.
"""
from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from tracker.imaging.decode import DecodeError, decode_scaled

log = logging.getLogger(__name__)

THUMB_SIZE = 192  # longest side, pixels
JPEG_QUALITY = 80


def encode_jpeg(image: QImage, quality: int = JPEG_QUALITY) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "JPEG", quality):
        raise DecodeError("the thumbnail could not be encoded")
    buffer.close()
    return data.data()


class ThumbnailCache:
    """Thumbnails on disk, keyed by the photo's SHA-256 (or any stable key)."""

    def __init__(self, root: Path | str, size: int = THUMB_SIZE) -> None:
        self.root = Path(root)
        self.size = size

    def path_for(self, key: str) -> Path:
        return self.root / str(self.size) / key[:2] / f"{key}.jpg"

    def load(self, key: str) -> QImage | None:
        path = self.path_for(key)
        if not path.is_file():
            return None
        image = QImageReader(str(path)).read()
        if image.isNull():
            log.info("thumbnail %s is unreadable; it will be rebuilt", path)
            return None
        return image

    def store(self, key: str, image: QImage) -> None:
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{uuid.uuid4().hex}.tmp")
        try:
            temp.write_bytes(encode_jpeg(image))
            os.replace(temp, path)
        except OSError:
            log.warning("could not write thumbnail %s", path, exc_info=True)
            temp.unlink(missing_ok=True)

    def get_or_build(self, key: str, source: Path | str) -> QImage:
        """The cached thumbnail, or one decoded now from the source and cached."""
        image = self.load(key)
        if image is not None:
            return image
        image = decode_scaled(source, self.size).image
        self.store(key, image)
        return image


def path_key(path: Path | str) -> str:
    """A cache key for a file identified by its path (files not in the store)."""
    return hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()


def build_thumbnails(paths: Sequence[Path | str], size: int, threads: int, cache_dir: Path | str, *,
                     keys: Sequence[str] | None = None) -> list[QImage | None]:
    """Build thumbnails of many files with ``threads`` workers: decode each at
    reduced size and write it to the disk cache in ``cache_dir``.

    ``keys`` name the cache entries (the photos' SHA-256); by default a key is
    derived from each path. Entries already cached are loaded instead of
    rebuilt (delete the folder to force a rebuild). Returns one image per path,
    None where the file could not be read.
    """
    cache = ThumbnailCache(cache_dir, size)
    names = list(keys) if keys is not None else [path_key(p) for p in paths]

    def one(index: int) -> QImage | None:
        try:
            return cache.get_or_build(names[index], paths[index])
        except (DecodeError, OSError) as exc:
            log.info("no thumbnail for %s: %s", paths[index], exc)
            return None

    with ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="thumbnail") as pool:
        return list(pool.map(one, range(len(paths))))
