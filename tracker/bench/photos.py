"""T6 (photo grid first screen), T7 (thumbnail building), T8 (the event loop
while photos import)."""
from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImageReader

from tracker.bench.appkit import app_context, open_copy
from tracker.bench.datasets import photos_built
from tracker.bench.qt import application, dispose, pump_for, pump_until
from tracker.bench.report import Check
from tracker.bench.rows import Context, NotBuilt
from tracker.bench.timing import median, ms


def _require() -> None:
    if not photos_built():
        raise NotBuilt("photos (issue 4) are not in this build")


# ---- T6 --------------------------------------------------------------------------------

def photo_panel(actx, patient_id: int):  # noqa: ANN001, ANN201
    """The patient chart's Photos panel, as registered by the photo feature."""
    from tracker.ui.extensions import CHART_PANELS
    from tracker.ui.registry import load_features

    load_features()
    return CHART_PANELS["photos"].factory(actx, patient_id)


def grid_view(panel):  # noqa: ANN001, ANN201
    from PySide6.QtWidgets import QAbstractItemView

    from tracker.bench.finders import source_model
    from tracker.ui.photos.grid import PhotoGridModel

    views = [v for v in panel.findChildren(QAbstractItemView) if isinstance(source_model(v.model()), PhotoGridModel)]
    if not views:
        raise RuntimeError("the Photos panel has no photo grid")
    return views[0]


def first_screen_ready(view) -> bool:  # noqa: ANN001
    """Every card in the visible part of the grid shows its thumbnail."""
    model = view.model()
    if model.rowCount() == 0:
        return False
    area = view.viewport().rect()
    shown = 0
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if not view.visualRect(index).intersects(area):
            if shown:
                break
            continue
        shown += 1
        if model.data(index, Qt.ItemDataRole.DecorationRole) is None:
            return False
    return shown > 0


def open_grid(actx, patient_id: int) -> tuple[object, float, int]:  # noqa: ANN001
    """Open the Photos panel and wait until its first screen is painted with
    thumbnails; returns (panel, seconds, cards on screen)."""
    from tracker.bench.qt import ViewWatch

    started = time.perf_counter()
    panel = photo_panel(actx, patient_id)
    panel.resize(1200, 740)
    panel.show()
    view = grid_view(panel)
    watch = ViewWatch(view)
    if not pump_until(lambda: first_screen_ready(view) and watch.settled(), timeout=20):
        raise RuntimeError("the photo grid did not show its first thumbnails within 20 s")
    elapsed = time.perf_counter() - started
    watch.close()
    area = view.viewport().rect()
    cards = sum(1 for r in range(view.model().rowCount()) if view.visualRect(view.model().index(r, 0)).intersects(area))
    return panel, elapsed, cards


def t6(ctx: Context) -> list[Check]:
    _require()
    app = application()
    db, actor = open_copy(ctx)
    times = []
    for n in range(ctx.preset.opens + 1):
        actx = app_context(db, actor)  # a new window's context: empty in-memory thumbnail cache
        panel, seconds, cards = open_grid(actx, ctx.data["grid_patient_id"])
        if n:  # the first opening also loads the feature's modules
            times.append(seconds)
        else:
            ctx.details["first_ms"] = round(ms(seconds), 1)
        dispose(panel, actx)
    ctx.details.update(opens_ms=[round(ms(t), 1) for t in times], cards_on_first_screen=cards)
    return [Check("median first screen", ms(median(times)), "ms", 100.0)]


# ---- T7 --------------------------------------------------------------------------------

def raw_scaled_decode(paths: list[Path], size: int) -> float:
    """Seconds for plain QImageReader reduced-size decoding of every file, one thread."""
    started = time.perf_counter()
    for path in paths:
        reader = QImageReader(str(path))
        reader.setScaledSize(reader.size().scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
        if reader.read().isNull():
            raise RuntimeError(f"{path}: {reader.errorString()}")
    return time.perf_counter() - started


def t7(ctx: Context) -> list[Check]:
    _require()
    from tracker.imaging.thumbnails import THUMB_SIZE, build_thumbnails

    application()
    paths = ctx.data.jpegs
    raw, one, two = [], [], []
    raw_scaled_decode(paths[:2], THUMB_SIZE)  # warm: plug-in loading, file cache
    for n in range(3):
        raw.append(raw_scaled_decode(paths, THUMB_SIZE))
        for threads, out in ((1, one), (2, two)):
            cache = ctx.work / f"thumbs-{threads}-{n}"
            started = time.perf_counter()
            images = build_thumbnails(paths, THUMB_SIZE, threads, cache)
            out.append(time.perf_counter() - started)
            if any(i is None for i in images):
                raise RuntimeError("some thumbnails could not be built")
            shutil.rmtree(cache)
    count = len(paths)
    rate = lambda times: count / median(times)  # noqa: E731
    ctx.details.update(files=count, size=THUMB_SIZE, raw_s=[round(t, 3) for t in raw],
                       one_thread_s=[round(t, 3) for t in one], two_threads_s=[round(t, 3) for t in two])
    return [Check("1 thread, files/s vs raw scaled decode", rate(one), "files/s", 0.8, baseline=rate(raw), at_least=True),
            Check("2 threads vs 1 thread", rate(two), "files/s", 1.6, baseline=rate(one), at_least=True)]


# ---- T8 --------------------------------------------------------------------------------

class TickGaps:
    """The longest gap between ticks of a 5 ms timer on the GUI thread."""

    INTERVAL_MS = 5

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.gaps: list[float] = []

    def start(self) -> None:
        self.gaps, self.last = [], time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    @property
    def longest(self) -> float:
        return max(self.gaps, default=0.0)


def settle(window) -> None:  # noqa: ANN001
    """Let a new main window finish starting: every workspace page built (they
    are built just after the first paint), then a moment of quiet."""
    from tracker.ui.extensions import workspaces

    for item in workspaces():
        window.page(item.key)
    pump_for(1.0)


def t8(ctx: Context) -> list[Check]:
    """The program's window with a patient's Photos panel open while 200 files
    import through the task runner (as the import dialog runs it), into a
    clinic of its own (the cached data set is never written)."""
    _require()
    from tracker.bench.appkit import main_window
    from tracker.services.patients import PatientInput, register_patient
    from tracker.services.photo_import import ImportItem, import_photos

    app = application()
    db, actor = open_copy(ctx, ctx.data.empty)
    patient = register_patient(db, actor.id, PatientInput(chart_number="IMPORT-1", family_name="Import",
                                                          given_names="Watch", date_of_birth=date(1980, 1, 2))).id
    window = main_window(db, actor)
    settle(window)
    panel = photo_panel(window.ctx, patient)
    panel.resize(1200, 740)
    panel.show()
    pump_for(0.5)
    gaps = TickGaps()
    gaps.start()
    pump_for(1.0)
    idle = gaps.longest
    items = [ImportItem(path, view_label="close-up") for path in ctx.data.import_photos]
    report: list = []
    progress: list = []
    gaps.start()
    started = time.perf_counter()
    window.ctx.tasks.run(import_photos, db, actor.id, patient, items,
                         on_done=lambda r: (report.append(r), window.ctx.notify("photo", 0)),
                         on_error=report.append, on_progress=lambda done, total, text: progress.append(done))
    if not pump_until(lambda: bool(report), timeout=600):
        raise RuntimeError("the photo import did not finish within 10 minutes")
    pump_for(1.0)  # the grid refreshing and loading thumbnails after the import
    seconds = time.perf_counter() - started
    gaps.stop()
    if isinstance(report[0], Exception):
        raise report[0]
    ctx.details.update(imported=report[0].imported, import_s=round(seconds, 2), progress_updates=len(progress),
                       ticks=len(gaps.gaps), idle_longest_gap_ms=round(ms(idle), 1))
    panel.close()
    window.close()
    app.processEvents()
    return [Check("longest event-loop gap", ms(gaps.longest), "ms", 50.0)]
