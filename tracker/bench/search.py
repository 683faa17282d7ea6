"""T3 (search keystroke) and T5 (the patient list shown) over the big clinic."""
from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Callable
from itertools import cycle

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tracker.bench.appkit import app_context, main_window, open_copy
from tracker.bench.finders import patient_views, search_fields
from tracker.bench.qt import ViewWatch, application, dispose, pump_until
from tracker.bench.report import Check
from tracker.bench.rows import Context
from tracker.bench.timing import StatementLog, median, ms, p95, rss_mb, statements

WORDS = ("nguyen", "kowalski a", "c00012", "okafor", "garcia m", "1975", "schmidt", "mensah zo")
VISIBLE_ROWS = 50


def keystroke_query() -> Callable:
    """What the patient list model asks the database per keystroke."""
    import tracker.ui.patient_list_model as model

    try:
        from tracker.services.patient_search import count_matches, search_page
    except ImportError:  # the foundation's offset paging
        from tracker.services.patients import search_patients

        return lambda db, text: search_patients(db, text, limit=model.BATCH)
    cap = getattr(model, "COUNT_CAP", 1000)
    return lambda db, text: (search_page(db, text, limit=model.BATCH).rows, count_matches(db, text, cap=cap))


def first_rows(result) -> list:  # noqa: ANN001
    return list(result[0] if isinstance(result, tuple) else result)


def typed_prefixes(count: int) -> list[tuple[str, str]]:
    """(text before, key typed) for ``count`` keystrokes, word by word."""
    out = []
    for word in cycle(WORDS):
        for n in range(len(word)):
            out.append((word[:n], word[n]))
            if len(out) == count:
                return out
    return out


def _raw_time(conn: sqlite3.Connection, log: StatementLog) -> float:
    started = time.perf_counter()
    for sql, params in log.queries:
        conn.execute(sql, params).fetchall()
    return time.perf_counter() - started


def t3(ctx: Context) -> list[Check]:
    app = application()
    db, actor = open_copy(ctx)
    query = keystroke_query()
    raw = sqlite3.connect(str(ctx.work / "clinic" / "tracker.sqlite"), isolation_level=None)
    raw.execute("PRAGMA busy_timeout=10000")
    keys = typed_prefixes(ctx.preset.keystrokes)
    app_times, raw_times, expected = [], [], {}
    for before, key in keys:
        text = before + key
        query(db, text)  # warm: compiled-statement caches, pages in memory
        with statements(db.engine) as log:
            started = time.perf_counter()
            result = query(db, text)
            app_times.append(time.perf_counter() - started)
        _raw_time(raw, log)
        raw_times.append(_raw_time(raw, log))
        rows = first_rows(result)
        expected[text] = rows[0].chart_number if rows else None
    ctx.details.update(statements_per_keystroke=len(log.queries), last_sql=[s for s, _ in log.queries])

    window = main_window(db, actor)
    app.processEvents()
    field, view = search_fields(window)[0], patient_views(window)[0]
    repaint = _keystroke_repaints(window, field, view, keys, expected)
    ctx.details.update(repaint_ms=[round(ms(t), 1) for t in repaint], keystrokes=len(keys))
    window.close()
    return [
        Check("query p95", ms(p95(app_times)), "ms", 3.0, baseline=ms(p95(raw_times))),
        Check("keystroke to repaint p95", ms(p95(repaint)), "ms", 50.0),
    ]


def _keystroke_repaints(window, field, view, keys, expected: dict) -> list[float]:  # noqa: ANN001
    watch = ViewWatch(view)
    window.activateWindow()
    field.setFocus()
    times = []
    for before, key in keys:
        if field.text() != before:
            field.setText(before)
            _settle(watch, before, expected.get(before, ANY))
        text = before + key
        started = time.perf_counter()
        QTest.keyClick(field, key)
        if not _settle(watch, text, expected[text]):
            raise RuntimeError(f"the patient list did not show the results for {text!r} within 10 s")
        times.append(time.perf_counter() - started)
    watch.close()
    return times


ANY = object()  # any first row will do


def _shows(model, chart) -> bool:  # noqa: ANN001
    if chart is ANY:
        return True
    if chart is None:
        return model.rowCount() == 0
    if model.rowCount() == 0:
        return False
    return any(model.index(0, c).data(Qt.DisplayRole) == chart for c in range(model.columnCount()))


def _searched(model, text: str) -> bool:  # noqa: ANN001
    """The model's results are for ``text`` (models that search in the background say so)."""
    return getattr(model, "text", text) == text and not getattr(model, "busy", False)


def _settle(watch: ViewWatch, text: str, chart) -> bool:  # noqa: ANN001
    """Pump until the list holds the results for ``text`` (``chart`` first) and
    was painted after its last change."""
    return pump_until(lambda: _searched(watch.model, text) and _shows(watch.model, chart) and watch.settled(), timeout=10)


def _patient_list_factory():  # noqa: ANN202
    """The widget that lists and searches the patients: the finder of the
    Patients page where the build has one, else the whole page."""
    from tracker.bench.env import has_module

    if has_module("tracker.ui.patients.finder"):
        from tracker.ui.patients.finder import PatientFinder

        return PatientFinder
    from tracker.ui.extensions import WORKSPACES
    from tracker.ui.registry import load_features

    load_features()
    return WORKSPACES["patients"].factory


def _open_list(actx, rows: int) -> tuple[object, float]:  # noqa: ANN001
    """Create the patient list, show it, and wait until it is painted with ``rows`` rows."""
    factory = _patient_list_factory()
    started = time.perf_counter()
    page = factory(actx)
    watch = ViewWatch(patient_views(page, visible=False)[0])
    page.resize(600, 740)
    page.show()
    if not pump_until(lambda: watch.model.rowCount() >= rows and watch.settled(), timeout=10):
        raise RuntimeError("the patient list did not show its first patients within 10 s")
    elapsed = time.perf_counter() - started
    watch.close()
    return page, elapsed


def t5(ctx: Context) -> list[Check]:
    app = application()
    db, actor = open_copy(ctx)
    actx = app_context(db, actor)
    rows = min(VISIBLE_ROWS, ctx.preset.patients)
    gc.collect()
    before = rss_mb()
    page, first = _open_list(actx, rows)
    gc.collect()
    extra = rss_mb() - before
    times = []
    for _ in range(ctx.preset.opens):
        dispose(page)
        page, seconds = _open_list(actx, rows)
        times.append(seconds)
    ctx.details.update(first_ms=round(ms(first), 1), shown_ms=[round(ms(t), 1) for t in times],
                       rss_before_mb=round(before, 1))
    return [Check("median time to shown", ms(median(times)), "ms", 20.0),
            Check("extra memory", extra, "MB", 30.0)]
