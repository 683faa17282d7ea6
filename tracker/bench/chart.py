"""T4: opening the chart of a patient with a long history (500 sessions, 200
photos): from asking for the patient to the chart painted with its data,
counting every SQL statement sent meanwhile (any thread)."""
from __future__ import annotations

import time

from tracker.bench.appkit import app_context, open_copy
from tracker.bench.env import has_module
from tracker.bench.qt import PaintWatch, application, dispose, pump_for, pump_until
from tracker.bench.report import Check
from tracker.bench.rows import Context, NotBuilt
from tracker.bench.timing import median, ms, statements


def _chart_class():  # noqa: ANN202
    if not has_module("tracker.ui.chart.chart"):
        raise NotBuilt("the patient chart (issue 3) is not in this build")
    from tracker.ui.chart.chart import PatientChart

    return PatientChart


def open_chart(chart, actx, patient_id: int) -> float:  # noqa: ANN001
    """Seconds from set_patient to the chart painted after its data arrived
    and every background task it started has reported back."""
    loaded: list[int] = []
    chart.loaded.connect(loaded.append)
    watch = PaintWatch(chart, subtree=True)
    started = time.perf_counter()
    chart.set_patient(patient_id)
    painted_at = [0]

    def done() -> bool:
        if not loaded:
            return False
        if not painted_at[0]:
            painted_at[0] = watch.count + 1  # the paint after the data arrived
        return watch.count >= painted_at[0] and not actx.tasks.busy

    if not pump_until(done, timeout=30):
        raise RuntimeError("the chart did not finish loading within 30 s")
    elapsed = time.perf_counter() - started
    chart.loaded.disconnect(loaded.append)
    watch.close()
    return elapsed


def t4(ctx: Context) -> list[Check]:
    """One chart in one window, as a person uses it: another patient is open,
    then the long-history patient is asked for (timed), and so on."""
    chart_class = _chart_class()
    application()
    db, actor = open_copy(ctx)
    heavy, other = ctx.data["heavy_patient_id"], ctx.data["grid_patient_id"]
    actx = app_context(db, actor)
    chart = chart_class(actx)
    chart.resize(1200, 740)
    chart.show()
    pump_for(0.05)
    times, counts = [], []
    for n in range(ctx.preset.opens + 1):
        open_chart(chart, actx, other)
        with statements(db.engine) as log:
            seconds = open_chart(chart, actx, heavy)
        if n:  # the first opening also imports the chart's modules
            times.append(seconds)
            counts.append(len(log.queries))
        else:
            ctx.details["first_ms"] = round(ms(seconds), 1)
    ctx.details.update(opens_ms=[round(ms(t), 1) for t in times], statements=counts,
                       sql=[s.split(" FROM ")[0][:60] for s, _ in log.queries])
    dispose(chart, actx)
    return [Check("median open to painted", ms(median(times)), "ms", 100.0),
            Check("SQL statements", float(max(counts)), "statements", 10.0)]
