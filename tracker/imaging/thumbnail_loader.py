"""Serving thumbnails to grids without blocking the GUI thread.

A view asks for a thumbnail when it paints an item (so only visible items are
asked for). The loader answers at once from a memory cache of bounded size,
or queues the request; worker threads take the newest request first (what is
on screen now), load the disk cache or decode the original, and ``ready``
is emitted on the GUI thread. The queue is bounded too: requests for items
scrolled far away are dropped and asked for again if they come back.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QImage

from tracker.imaging.background_priority import background_pool, lower_this_thread
from tracker.imaging.decode import DecodeError, decode_scaled
from tracker.imaging.thumbnails import THUMB_SIZE, ThumbnailCache

log = logging.getLogger(__name__)

MEMORY_BUDGET = 48 * 1024 * 1024  # bytes of decoded thumbnails kept in memory
MAX_QUEUED = 300


@dataclass(frozen=True)
class _Request:
    key: str
    source: Path
    cache: bool  # keep on disk (stored photos); off for files not yet imported


class _Relay(QObject):
    done = Signal(str, QImage, str)  # key, image (null on failure), error text


class ThumbnailLoader(QObject):
    ready = Signal(str)  # key: the thumbnail is now available from get()
    failed = Signal(str, str)  # key, message
    idle = Signal()  # nothing queued or running any more

    def __init__(self, cache_dir: Path | str | None = None, *, size: int = THUMB_SIZE, threads: int = 2,
                 memory_budget: int = MEMORY_BUDGET, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = size
        self.disk = ThumbnailCache(cache_dir, size) if cache_dir is not None else None
        self.memory_budget = memory_budget
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._bytes = 0
        self._errors: dict[str, str] = {}
        self._lock = threading.Lock()
        self._queue: OrderedDict[str, _Request] = OrderedDict()  # newest last
        self._running: set[str] = set()
        self._pool = background_pool(QThreadPool(self))  # the window before the thumbnails
        self._pool.setMaxThreadCount(max(1, threads))
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)

    # ---- asked by views (GUI thread) ---------------------------------------------
    def get(self, key: str) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def error(self, key: str) -> str | None:
        return self._errors.get(key)

    def request(self, key: str, source: Path | str, *, cache: bool = True) -> QImage | None:
        """The thumbnail if it is in memory; otherwise queue it (newest first) and return None."""
        image = self.get(key)
        if image is not None or key in self._errors:
            return image
        with self._lock:
            if key in self._running:
                return None
            if key in self._queue:
                self._queue.move_to_end(key)
                return None
            self._queue[key] = _Request(key, Path(source), cache)
            while len(self._queue) > MAX_QUEUED:
                self._queue.popitem(last=False)
        self._pool.start(self._work)  # a plain callable: the pool lets go of it once run
        return None

    def pending(self) -> int:
        with self._lock:
            return len(self._queue) + len(self._running)

    def memory_used(self) -> int:
        return self._bytes

    def forget(self, key: str) -> None:
        image = self._images.pop(key, None)
        if image is not None:
            self._bytes -= image.sizeInBytes()
        self._errors.pop(key, None)

    def cancel_pending(self) -> None:
        with self._lock:
            self._queue.clear()

    def shutdown(self, msecs: int = 5000) -> None:
        self.cancel_pending()
        self._pool.waitForDone(msecs)

    # ---- workers ------------------------------------------------------------------
    def _work(self) -> None:  # a worker thread: the newest request waiting
        lower_this_thread()
        request = self._take()
        if request is None:
            return
        image, error = QImage(), ""
        try:
            if request.cache and self.disk is not None:
                image = self.disk.get_or_build(request.key, request.source)
            else:
                image = decode_scaled(request.source, self.size).image
        except (DecodeError, OSError) as exc:
            error = str(exc) or "the picture could not be read"
        except Exception as exc:  # noqa: BLE001 - never lose a worker silently
            log.exception("thumbnail of %s failed", request.source)
            error = f"{exc.__class__.__name__}: {exc}"
        self._relay.done.emit(request.key, image, error)

    def _take(self) -> _Request | None:
        with self._lock:
            if not self._queue:
                return None
            _key, request = self._queue.popitem(last=True)
            self._running.add(request.key)
            return request

    def _on_done(self, key: str, image: QImage, error: str) -> None:
        with self._lock:
            self._running.discard(key)
        if image.isNull():
            self._errors[key] = error or "the picture could not be read"
            self.failed.emit(key, self._errors[key])
        else:
            self.forget(key)
            self._images[key] = image
            self._bytes += image.sizeInBytes()
            while self._bytes > self.memory_budget and len(self._images) > 1:
                _old, dropped = self._images.popitem(last=False)
                self._bytes -= dropped.sizeInBytes()
            self.ready.emit(key)
        if self.pending() == 0:
            self.idle.emit()
