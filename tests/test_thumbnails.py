"""Thumbnails: reduced-size decoding turned upright, a disk cache rebuilt when
missing or damaged, a background loader with bounded memory, and the photo
grid asking only for what is on screen."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

from helpers import child_env
from photo_fixtures import camera_jpeg, not_an_image
from PySide6.QtCore import QSize

from tracker.imaging.decode import decode_scaled, load_display_image
from tracker.imaging.thumbnail_loader import ThumbnailLoader
from tracker.imaging.thumbnails import ThumbnailCache, build_thumbnails, path_key
from tracker.services.photo_import import ImportItem, import_photos
from tracker.services.photo_store import thumbnails_dir
from tracker.ui.context import AppContext
from tracker.ui.photos import grid as grid_module
from tracker.ui.photos.grid import PhotoGridModel, PhotoGridView


def _red_corner(image) -> str:  # noqa: ANN001
    """Which corner holds the red block that marks the picture's top-left as taken."""
    w, h = image.width(), image.height()
    corners = {"top-left": (3, 3), "top-right": (w - 4, 3), "bottom-left": (3, h - 4), "bottom-right": (w - 4, h - 4)}
    return next(name for name, (x, y) in corners.items() if image.pixelColor(x, y).red() > 180 and image.pixelColor(x, y).green() < 80)


def test_reduced_decoding_is_upright_and_small(qapp, tmp_path):
    # Stored sideways; EXIF orientation 6 says "turn 90° clockwise to view".
    path = camera_jpeg(tmp_path / "side.jpg", orientation=6, size=(1600, 1200))
    small = decode_scaled(path, 200)
    assert small.image.size() == QSize(150, 200)
    assert (small.full_width, small.full_height) == (1200, 1600)
    assert _red_corner(small.image) == "top-right"
    plain = decode_scaled(camera_jpeg(tmp_path / "plain.jpg", size=(1600, 1200)), 200)
    assert plain.image.size() == QSize(200, 150) and _red_corner(plain.image) == "top-left"
    # Small pictures are never enlarged for display.
    assert load_display_image(camera_jpeg(tmp_path / "tiny.jpg", size=(320, 240))).image.size() == QSize(320, 240)


def test_build_thumbnails_caches_on_disk_and_rebuilds_what_is_missing(qapp, tmp_path):
    paths = [camera_jpeg(tmp_path / f"{n}.jpg", seed=n, size=(1200, 900)) for n in range(6)]
    paths.append(not_an_image(tmp_path / "notes.jpg"))
    cache_dir = tmp_path / "thumbs"
    images = build_thumbnails(paths, 192, 2, cache_dir)
    assert [None if i is None else (i.width(), i.height()) for i in images] == [(192, 144)] * 6 + [None]
    cache = ThumbnailCache(cache_dir, 192)
    cached = [cache.path_for(path_key(p)) for p in paths[:6]]
    assert all(p.is_file() for p in cached)

    cached[0].unlink()  # the cache may be deleted at any time
    cached[1].write_bytes(b"damaged")  # or damaged
    stamp = cached[2].stat().st_mtime_ns
    again = build_thumbnails(paths[:6], 192, 1, cache_dir)
    assert all(i is not None and i.width() == 192 for i in again)
    assert cached[0].is_file() and cache.load(path_key(paths[1])) is not None
    assert cached[2].stat().st_mtime_ns == stamp  # a good cached thumbnail is reused, not rebuilt


def test_the_loader_answers_in_the_background_within_a_memory_budget(qtbot, tmp_path):
    paths = [camera_jpeg(tmp_path / f"{n}.jpg", seed=n, size=(800, 600)) for n in range(12)]
    one = 192 * 144 * 4
    loader = ThumbnailLoader(tmp_path / "cache", memory_budget=5 * one)
    assert loader.request("k0", paths[0]) is None  # not yet: queued
    with qtbot.waitSignal(loader.ready, timeout=10000) as ready:
        pass
    assert ready.args == ["k0"] and loader.get("k0").width() == 192
    with qtbot.waitSignal(loader.idle, timeout=20000):
        for n, path in enumerate(paths):
            loader.request(f"k{n}", path)
    assert loader.pending() == 0
    assert loader.memory_used() <= 5 * one  # older thumbnails were let go
    assert sum(loader.get(f"k{n}") is not None for n in range(12)) == 5
    with qtbot.waitSignal(loader.failed, timeout=10000) as failed:
        loader.request("bad", not_an_image(tmp_path / "bad.jpg"))
    assert failed.args[0] == "bad" and loader.error("bad")
    loader.shutdown()


def test_thumbnail_workers_give_way_to_the_window(qtbot, tmp_path, monkeypatch):
    """Decoders run below the GUI thread's priority, so a two-core computer's
    window is not starved while a grid fills (bench T8)."""
    from PySide6.QtCore import QThread

    from tracker.imaging import background_priority
    from tracker.imaging import thumbnail_loader as loader_module

    linux = sys.platform.startswith("linux")
    gui_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) if linux else 0
    # Below whatever the tests run at, so a thread left as it started would show.
    target = min(19, max(background_priority.LINUX_NICE, gui_nice + 1))
    monkeypatch.setattr(background_priority, "LINUX_NICE", target)
    seen: list[int] = []  # the nice value of each decoding thread

    def decode(path, size):  # noqa: ANN001, ANN202
        if linux:
            seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return real(path, size)

    real = loader_module.decode_scaled
    monkeypatch.setattr(loader_module, "decode_scaled", decode)
    loader = ThumbnailLoader(None)  # files not yet imported: decoded every time
    assert loader._pool.threadPriority() == QThread.Priority.LowPriority  # what Windows and macOS honour
    with qtbot.waitSignal(loader.idle, timeout=10000):
        for n in range(3):
            loader.request(f"k{n}", camera_jpeg(tmp_path / f"{n}.jpg", seed=n, size=(320, 240)))
    assert all(loader.get(f"k{n}") is not None for n in range(3))
    loader.shutdown()
    if linux:
        assert seen == [target] * 3, (seen, gui_nice)
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == gui_nice  # the window's own is untouched


def test_imaging_uses_no_widgets():
    code = ("import sys, tracker.imaging.decode, tracker.imaging.thumbnails, tracker.imaging.thumbnail_loader\n"
            "raise SystemExit(1 if 'PySide6.QtWidgets' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], env=child_env()).returncode == 0


def test_the_grid_loads_rows_in_batches_and_decodes_only_what_is_visible(qtbot, db, clinic, tmp_path, monkeypatch):
    p = clinic.patient()
    items = [ImportItem(camera_jpeg(tmp_path / "in" / f"{n:03d}.jpg", seed=n, size=(96, 72))) for n in range(120)]
    assert import_photos(db, None, p.id, items).imported == 120
    monkeypatch.setattr(grid_module, "BATCH", 50)
    ctx = AppContext(db, None)
    model = PhotoGridModel(ctx)
    view = PhotoGridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(420, 460)  # room for about two rows of two cards
    with qtbot.waitSignal(model.loader.idle, timeout=20000):
        model.set_filter(p.id)
        view.show()
    assert model.total == 120 and model.rowCount() == 50  # the first batch only
    built = list(thumbnails_dir(db.location).rglob("*.jpg"))
    assert 0 < len(built) <= 12, len(built)  # what is on screen, not all 120
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 100, timeout=5000)  # scrolling fetches the next batch
    model.loader.shutdown()
