"""The per-lesion progress view, the patient's Progress panel and the chart
rendered for print, driven and looked at as a person would."""
from __future__ import annotations

import hashlib
from datetime import datetime, time, timezone
from decimal import Decimal

import pytest
from gui_helpers import opened
from outcome_story import alopecia_course, days_ago, keloid_items, score, treat
from PySide6.QtCharts import QLineSeries, QScatterSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLineEdit

from tracker.charts.progress_chart import SCORE_COLOUR, render_progress_chart
from tracker.models import Condition, LesionStatus, Photo
from tracker.services import audit
from tracker.services.assessments import lesion_assessments
from tracker.services.lesions import set_status
from tracker.services.progress import lesion_progress
from tracker.ui.context import AppContext
from tracker.ui.progress.lesion_view import LesionProgressView
from tracker.ui.progress.progress_panel import ProgressPanel
from tracker.ui.widgets.reason_dialog import ReasonDialog


@pytest.fixture
def ctx(db, clinic):  # noqa: ANN001, ANN201
    return AppContext(db, clinic.doctor)


def add_photo(db, ctx, patient_id: int, lesion_id: int, day, shade: int) -> int:  # noqa: ANN001
    """A photo as the photo import stores it: a file in the store and its row."""
    image = QImage(400, 300, QImage.Format_RGB32)
    image.fill(QColor(shade, 150, 120))
    folder = ctx.location.photos_dir / "ab"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"photo{shade}.png"
    image.save(str(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with db.write() as s:
        row = Photo(patient_id=patient_id, lesion_id=lesion_id, sha256=digest, stored_path=f"ab/{path.name}",
                    media_type="image/png", byte_size=path.stat().st_size, width=400, height=300,
                    taken_at=datetime.combine(day, time(10), tzinfo=timezone.utc), view_label="close-up")
        s.add(row)
        audit.record_row(s, None, "create", row)
        return row.id


def settle(qtbot) -> None:  # noqa: ANN001
    qtbot.wait(80)


def series_named(chart, cls, prefix: str):  # noqa: ANN001, ANN201
    return [s for s in chart.series() if isinstance(s, cls) and s.name().startswith(prefix)]


def test_progress_view_charts_scores_injections_photos_and_summary(qtbot, ctx, db, clinic, artifacts):
    patient, lesion, days = alopecia_course(clinic, [60, 40, 25, 15], every=50)
    photo_ids = [add_photo(db, ctx, patient.id, lesion.id, day, 60 + 40 * n) for n, day in enumerate(days[::2])]
    view = LesionProgressView(ctx, lesion.id)
    qtbot.addWidget(view)
    view.resize(1000, 900)
    view.show()
    qtbot.waitUntil(lambda: not view.photos.loading, timeout=10000)
    settle(qtbot)
    chart = view.chart_view.chart()
    [scores] = series_named(chart, QLineSeries, "SALT score")
    assert [scores.at(i).y() for i in range(scores.count())] == [60, 40, 25, 15]
    [marks] = series_named(chart, QScatterSeries, "Injection: Triamcinolone")
    assert marks.count() == 4
    [total] = series_named(chart, QLineSeries, "Cumulative Triamcinolone (mg)")
    assert total.at(total.count() - 1).y() == 6
    assert series_named(chart, QLineSeries, "Success: SALT 20 or less")
    assert "SALT score 60 → 15, 75% improvement over 5 months." in view.summary.text()
    # Photos sit under their dates, left to right, with their thumbnails loaded.
    assert view.photos.placed_ids() == photo_ids
    for photo_day, placed in zip(days[::2], view.photos._placed):  # noqa: SLF001 - reading the layout to check it
        session_index = days.index(photo_day)
        assert abs(placed.tick_x - strip_x_of_marker(view, marks, session_index)) < 2
    assert all(view.photos.images[i] is not None for i in photo_ids)
    with qtbot.waitSignal(view.photo_requested) as clicked:
        qtbot.mouseClick(view.photos, Qt.LeftButton, pos=view.photos._placed[1].rect.center().toPoint())  # noqa: SLF001
    assert clicked.args == [photo_ids[1]]
    assert view.table.rowCount() == 4 and view.table.item(0, 2).text() == "15 — less than 25% hair loss"
    view.grab().save(str(artifacts / "progress_view_salt.png"))


def strip_x_of_marker(view, marks, index: int) -> float:  # noqa: ANN001
    """Where an injection mark of the chart is, in the photo strip's coordinates."""
    chart = view.chart_view.chart()
    in_chart = chart.mapToPosition(marks.at(index), marks)
    in_viewport = view.chart_view.mapFromScene(chart.mapToScene(in_chart))
    return view.photos.mapFrom(view, view.chart_view.viewport().mapTo(view, in_viewport)).x()


def test_new_assessment_from_the_view_and_void_with_a_reason(qtbot, ctx, db, clinic, artifacts):
    patient, lesion, days = alopecia_course(clinic, [60, 40], every=50)
    view = LesionProgressView(ctx, lesion.id)
    qtbot.addWidget(view)
    view.resize(1000, 900)
    view.show()
    qtbot.mouseClick(view.new_button, Qt.LeftButton)
    dialog = view.assessment_dialog
    assert dialog.isVisible() and dialog.entry.date_edit.date().toPython() == days_ago(db, 0)
    for name, value in (("Top (vertex)", "20"), ("Back (occiput)", "10"), ("Left side", "0"), ("Right side", "0")):
        field = next(w for w in dialog.findChildren(QLineEdit) if w.accessibleName() == name)
        qtbot.keyClicks(field, value)
    settle(qtbot)
    assert "✓ Success: SALT 20 or less" in dialog.entry.result.text()
    dialog.grab().save(str(artifacts / "new_assessment_dialog.png"))
    with qtbot.waitSignal(view.reloaded):
        qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.isVisible()
    [scores] = series_named(view.chart_view.chart(), QLineSeries, "SALT score")
    assert scores.count() == 3 and scores.at(2).y() == 10.4
    assert view.table.item(0, 4).text() == "review visit"  # no injection that day
    # Void the newest one: asked why, then it leaves the chart but stays listed when asked for.
    view.table.selectRow(0)
    assert view.void_button.isEnabled()
    qtbot.mouseClick(view.void_button, Qt.LeftButton)
    asked = opened(qtbot, view, ReasonDialog)
    assert "stays readable" in asked.prompt.text() and not asked.ok.isEnabled()  # it waits for a reason
    qtbot.keyClicks(asked.reason, "Typed on the wrong lesion")
    with qtbot.waitSignal(view.reloaded):
        qtbot.mouseClick(asked.ok, Qt.LeftButton)
    assert not asked.isVisible()
    [scores] = series_named(view.chart_view.chart(), QLineSeries, "SALT score")
    assert scores.count() == 2
    qtbot.mouseClick(view.show_voided, Qt.LeftButton)
    assert view.table.rowCount() == 3 and "(voided)" in view.table.item(0, 1).text()
    assert view.table.item(0, 6).text() == "Typed on the wrong lesion"
    assert [a.voided for a in lesion_assessments(db, lesion.id, include_voided=True)] == [False, False, True]


def test_progress_panel_shows_every_lesion_trend_and_flags(qtbot, ctx, db, clinic, artifacts):
    patient = clinic.patient(family_name="Okafor", given_names="Amara")
    patch = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, label="Occipital patch", site="79951008")
    keloid = clinic.lesion(patient.id, Condition.KELOID, label="Left earlobe keloid", site="2059009")
    wart = clinic.lesion(patient.id, Condition.WART, label="Right hand wart", site="61719002")
    patch_days = [days_ago(db, 140 - 46 * i) for i in range(3)]
    treat(clinic, patient.id, patch.id, patch_days)
    for day, value in zip(patch_days, (40, 41, 40)):
        score(db, clinic.doctor.id, patch.id, "salt", day, {"vertex": "20", "back": str(value * 2), "left": "30", "right": "30"})
    keloid_days = [days_ago(db, 150 - 30 * i) for i in range(5)]
    treat(clinic, patient.id, keloid.id, keloid_days, conc="40")
    for day, height in zip(keloid_days, (6, 3.5, 1.5, 0.5, 2.5)):
        score(db, clinic.doctor.id, keloid.id, "keloid_size", day, keloid_items(22, 12, height, itch=4))
    set_status(db, clinic.doctor.id, keloid.id, LesionStatus.RESOLVED, "flat at review")
    panel = ProgressPanel(ctx, patient.id)
    qtbot.addWidget(panel)
    panel.resize(1150, 1000)
    panel.show()
    settle(qtbot)
    table = panel.overview.table
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())}
    assert rows["Occipital patch"][2] == "→ Stable"
    assert rows["Occipital patch"][6] == "No regrowth after 3 months of injections: reassess the treatment"
    assert rows["Left earlobe keloid"][1] == "Keloid (resolved)"
    assert rows["Left earlobe keloid"][6].startswith("Resolved keloid is coming back")
    assert rows["Right hand wart"][2] == "Not enough data" and rows["Right hand wart"][3] == "No assessment yet"
    assert "No regrowth after 3 months" in panel.overview.flags.text()
    assert panel.lesion_view.lesion_id == patch.id  # the first lesion is shown
    panel.grab().save(str(artifacts / "progress_panel_flags.png"))
    table.selectRow(1)
    assert panel.lesion_view.lesion_id == keloid.id
    assert panel.lesion_view.current_key() == "keloid_size.height"
    assert "Keloid height 6 mm → 2.5 mm, 58% improvement" in panel.lesion_view.summary.text()
    panel.lesion_view.show_series("keloid_size.itch")
    [itch] = series_named(panel.lesion_view.chart_view.chart(), QLineSeries, "Itch")
    assert itch.count() == 5
    panel.lesion_view.show_series("keloid_size.height")
    settle(qtbot)
    panel.grab().save(str(artifacts / "progress_panel_keloid.png"))
    # Reused for another patient.
    other = clinic.patient(family_name="Nguyen")
    panel.set_patient(other.id)
    assert panel.overview.table.rowCount() == 0 and panel.lesion_view.lesion_id is None
    assert not panel.has_unsaved_changes()


def test_the_chart_renders_for_print_without_a_window(qtbot, db, clinic, artifacts):
    _, lesion, _ = alopecia_course(clinic, [60, 40, 25, 15], every=50)
    data = lesion_progress(db, lesion.id)
    windows_before = len(QApplication.topLevelWidgets())
    image = render_progress_chart(data, 1600, 820)
    assert len(QApplication.topLevelWidgets()) == windows_before
    assert (image.width(), image.height()) == (1600, 820)
    path = artifacts / "progress_chart_print.png"
    assert image.save(str(path)) and path.stat().st_size > 20000
    # The score line is really drawn: pixels of its colour across the plot.
    score_columns = {x for x in range(0, 1600, 4) for y in range(0, 820, 4)
                     if _near(QColor(image.pixel(x, y)), SCORE_COLOUR)}
    assert max(score_columns) - min(score_columns) > 900
    small = render_progress_chart(data, 700, 360, key="salt.salt")
    small.save(str(artifacts / "progress_chart_small.png"))
    assert not small.isNull()


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def test_a_lesion_without_scores_still_charts_its_injections(qtbot, ctx, db, clinic, artifacts):
    patient = clinic.patient()
    wart = clinic.lesion(patient.id, Condition.WART, label="Right hand wart", site="61719002")
    treat(clinic, patient.id, wart.id, [days_ago(db, 60), days_ago(db, 30)], code="candida", conc="1")
    view = LesionProgressView(ctx, wart.id)
    qtbot.addWidget(view)
    view.resize(900, 800)
    view.show()
    settle(qtbot)
    assert view.chart_view.chart().title() == "Right hand wart: no assessments recorded yet"
    [marks] = series_named(view.chart_view.chart(), QScatterSeries, "Injection: Candida")
    assert marks.count() == 2
    assert "No outcome assessment recorded yet." in view.summary.text()
    assert view.metric_box.currentText() == "No scores yet"
    view.grab().save(str(artifacts / "progress_view_no_scores.png"))
    assert data_points(db, wart.id) == Decimal(0)


def data_points(db, lesion_id: int) -> Decimal:  # noqa: ANN001
    return Decimal(sum(len(s.points) for s in lesion_progress(db, lesion_id).series))


def test_cumulative_dose_ticks_keep_their_decimals(qtbot, db, clinic):
    """Doses of 2.5 mg: the cumulative axis steps by 2.5 and says 7.5, not 8."""
    from datetime import date, timedelta

    from PySide6.QtCharts import QValueAxis

    from tracker.charts.progress_chart import build_progress_chart

    p = clinic.patient()
    patch = clinic.lesion(p.id)
    for n in range(5):
        clinic.record(p.id, [clinic.injection(patch.id, conc="5", points=5)], day=date(2026, 1, 5) + timedelta(days=42 * n))
    chart = build_progress_chart(lesion_progress(db, patch.id))
    [dose_axis] = [a for a in chart.axes(Qt.Vertical) if isinstance(a, QValueAxis) and a.alignment() == Qt.AlignRight]
    assert dose_axis.tickInterval() == 2.5 and dose_axis.labelFormat() == "%.1f"


def test_short_dose_labels_close_together_are_all_written(qtbot, db, clinic):
    """Labels are spaced by their own width: '0.5 mg' a fortnight apart all show on a small chart."""
    from datetime import date, timedelta

    from PySide6.QtCharts import QScatterSeries, QXYSeries

    from tracker.charts.progress_chart import build_progress_chart

    p = clinic.patient()
    plaque = clinic.lesion(p.id, Condition.PSORIASIS, site="local:elbow", label="Elbow plaque")
    days = [date(2026, 1, 5) + timedelta(days=d) for d in (0, 21, 42, 63, 84, 105, 126, 147)]
    for day in days:
        clinic.record(p.id, [clinic.injection(plaque.id, conc="2.5", points=2)], day=day)  # 0.5 mg
    chart = build_progress_chart(lesion_progress(db, plaque.id), width_px=580)
    [marks] = [s for s in chart.series() if isinstance(s, QScatterSeries) and s.name().startswith("Injection")]
    hidden = [i for i in range(marks.count())
              if marks.pointConfiguration(i).get(QXYSeries.PointConfiguration.LabelVisibility) is False]
    assert hidden == []
