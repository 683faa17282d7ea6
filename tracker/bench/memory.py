"""T12: the program's memory with many patients browsed and a photo grid
open, against a bare PySide6 window process."""
from __future__ import annotations

import gc
import re

from tracker.bench.appkit import main_window, open_copy
from tracker.bench.finders import patient_views, source_model
from tracker.bench.photos import _require, open_grid, settle
from tracker.bench.qt import application, pump_for, pump_until
from tracker.bench.report import Check
from tracker.bench.rows import Context
from tracker.bench.startup import bare_window
from tracker.bench.timing import median, rss_mb


def bare_rss() -> float:
    """Resident memory of a bare window process (median of three)."""
    sizes = []
    for _ in range(3):
        _seconds, line = bare_window(memory=True)
        sizes.append(float(re.search(r"rss=([\d.]+)", line).group(1)))
    return median(sizes)


def browse(view, rows: int) -> int:  # noqa: ANN001
    """Scroll the list down until ``rows`` rows are loaded (or the end is reached)."""
    model = source_model(view.model())
    while model.rowCount() < rows:
        before = model.rowCount()
        view.scrollToBottom()
        pump_until(lambda: model.rowCount() > before, timeout=5)
        if model.rowCount() == before:
            break
    return model.rowCount()


def t12(ctx: Context) -> list[Check]:
    _require()
    baseline = bare_rss()
    application()
    db, actor = open_copy(ctx)
    window = main_window(db, actor)
    settle(window)
    pump_until(lambda: bool(patient_views(window)), timeout=10)
    loaded = browse(patient_views(window)[0], ctx.preset.browse_patients)
    panel, _seconds, _cards = open_grid(window.ctx, ctx.data["grid_patient_id"])
    pump_for(0.5)
    gc.collect()
    rss = rss_mb()
    ctx.details.update(patients_loaded=loaded, app_rss_mb=round(rss, 1), bare_window_rss_mb=round(baseline, 1),
                       app_peak_mb=round(rss_mb("VmHWM"), 1))
    panel.close()
    window.close()
    return [Check("resident memory over a bare window", rss - baseline, "MB", 100.0)]
