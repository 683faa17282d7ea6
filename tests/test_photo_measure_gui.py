"""Measuring on a photo as a person does: calibrate on the ruler by clicking
two marks and typing the distance, then click a length and an area; the
values are saved as assessments of the lesion, linked to the photo."""
from __future__ import annotations

from decimal import Decimal

import pytest
from photo_chart import make_photo_chart, show_lesion
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from tracker.models import Assessment
from tracker.services.photos import get_photo
from tracker.services.staff import default_staff
from tracker.ui.context import AppContext
from tracker.ui.photos.panel import PhotosPanel

# The fixture photos carry a ruler at 6 pixels per mm starting at x = 120 (0 mm) on y = 520.
RULER_Y = 522


def _tool(window, title: str):  # noqa: ANN001, ANN202
    return next(b for b in window.tools.buttons() if b.text() == title)


def _click(qtbot, window, x: float, y: float) -> None:  # noqa: ANN001
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=window.canvas.widget_point((x, y)).toPoint())


@pytest.fixture
def window(qtbot, db, clinic, tmp_path):  # noqa: ANN001, ANN201
    chart = make_photo_chart(db, clinic, tmp_path / "camera")
    panel = PhotosPanel(AppContext(db, default_staff(db)), chart.patient_id)
    qtbot.addWidget(panel)
    show_lesion(qtbot, panel, chart.lesion_id)
    panel.timeline.selectRow(0)
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)
    measure = panel.measure_window
    qtbot.addWidget(measure)
    measure.resize(1200, 760)
    qtbot.waitUntil(lambda: measure.ready, timeout=20000)
    qtbot.wait(20)
    # Zoomed in (2 screen pixels per photo pixel) for precise clicks, as a person would.
    measure.canvas.show_at(2.0, (measure.canvas.width() // 4 + 100, measure.canvas.height() // 4 + 220))
    return measure


def test_calibrate_then_measure_length_and_area(qtbot, db, window, artifacts):
    assert window.photo.original_name == "keloid-0.jpg"
    qtbot.mouseClick(_tool(window, "Length"), Qt.MouseButton.LeftButton)
    assert window.value.text() == "calibrate first"

    qtbot.mouseClick(_tool(window, "Calibrate on ruler"), Qt.MouseButton.LeftButton)
    _click(qtbot, window, 120, RULER_Y)  # the 0 mark
    assert "second ruler mark" in window.scale_status.text()
    _click(qtbot, window, 420, RULER_Y)  # the 5 cm mark
    window.ruler_mm.selectAll()
    QTest.keyClicks(window.ruler_mm, "50")
    qtbot.mouseClick(window.set_scale, Qt.MouseButton.LeftButton)
    assert window.scale_status.text().startswith("50 mm = 300 pixels")
    stored = get_photo(db, window.photo.id).calibration
    assert stored["mm"] == "50" and float(stored["mm_per_px"]) == pytest.approx(1 / 6, rel=0.01)

    qtbot.mouseClick(_tool(window, "Length"), Qt.MouseButton.LeftButton)
    _click(qtbot, window, 240, 300)
    _click(qtbot, window, 390, 300)  # 150 px = 25 mm
    assert window.value.text() == "25.0 mm"
    with qtbot.waitSignal(window.measurement_saved):
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(_tool(window, "Area"), Qt.MouseButton.LeftButton)
    for x, y in ((240, 250), (360, 250), (360, 310), (240, 310)):  # 120 x 60 px = 20 x 10 mm
        _click(qtbot, window, x, y)
    assert window.value.text() == "200.0 mm²"
    with qtbot.waitSignal(window.measurement_saved):
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)

    assert [window.saved_list.item(r).text().split("  ")[0] for r in range(window.saved_list.count())] == [
        "Length 25.0 mm", "Area 200.0 mm²"]
    with db.read() as s:
        rows = s.execute(select(Assessment).where(Assessment.photo_id == window.photo.id).order_by(Assessment.id)).scalars().all()
    assert [(r.instrument, r.score, r.lesion_id) for r in rows] == [
        ("photo_length", Decimal("25"), window.photo.lesion_id), ("photo_area", Decimal("200"), window.photo.lesion_id)]
    window.canvas.fit()
    window.grab().save(str(artifacts / "photos_measure.png"))


def test_a_ruler_typed_as_zero_is_refused_next_to_the_field(qtbot, window):
    qtbot.mouseClick(_tool(window, "Calibrate on ruler"), Qt.MouseButton.LeftButton)
    _click(qtbot, window, 120, RULER_Y)
    _click(qtbot, window, 122, RULER_Y)  # two clicks almost on top of each other
    qtbot.mouseClick(window.set_scale, Qt.MouseButton.LeftButton)
    assert "too close together" in window.message.text()
    assert window.calibration() is None


def test_turning_the_view_keeps_measurements_on_the_stored_photo(qtbot, db, window, artifacts):
    qtbot.mouseClick(window.turn_button, Qt.MouseButton.LeftButton)
    assert get_photo(db, window.photo.id).rotation == 90
    picture = window.canvas.picture
    assert (picture.full_width, picture.full_height) == (600, 800)  # shown upright-turned, the file untouched
    canvas = window.canvas
    canvas.show_at(2.0, window.frame.to_view((270, 400)))
    qtbot.mouseClick(_tool(window, "Calibrate on ruler"), Qt.MouseButton.LeftButton)
    for point in ((120, RULER_Y), (420, RULER_Y)):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.widget_point(window.frame.to_view(point)).toPoint())
    window.ruler_mm.selectAll()
    QTest.keyClicks(window.ruler_mm, "50")
    qtbot.mouseClick(window.set_scale, Qt.MouseButton.LeftButton)
    stored = get_photo(db, window.photo.id).calibration["points"]
    assert [c for point in stored for c in point] == pytest.approx([120, RULER_Y, 420, RULER_Y], abs=0.6)
    qtbot.mouseClick(_tool(window, "Length"), Qt.MouseButton.LeftButton)
    for point in ((240, 300), (390, 300)):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.widget_point(window.frame.to_view(point)).toPoint())
    assert window.value.text() == "25.0 mm"
    window.canvas.fit()
    window.grab().save(str(artifacts / "photos_measure_turned.png"))


def test_cropping_keeps_a_framing_used_by_fit_thumbnails_and_compare(qtbot, db, window, artifacts):
    from tracker.ui.photos.compare import CompareWindow

    canvas = window.canvas
    canvas.show_at(2.0, (400, 300))  # the keloid, zoomed in
    seen = canvas.visible_rect()
    qtbot.mouseClick(window.crop_button, Qt.MouseButton.LeftButton)
    crop = get_photo(db, window.photo.id).crop
    assert crop == pytest.approx((seen.left(), seen.top(), seen.width(), seen.height()), abs=1)
    assert crop[2] < 800 and crop[3] < 600
    canvas.show_at(0.3, (100, 100))
    qtbot.keyClick(canvas, Qt.Key.Key_0)  # fit: back to the kept framing
    framing = canvas.framing()
    assert (framing.x(), framing.y(), framing.width(), framing.height()) == pytest.approx(crop, abs=1)
    # The original file is untouched; comparing starts on the same framing.
    compare = CompareWindow(window.ctx, window.photo.lesion_id)
    qtbot.addWidget(compare)
    with qtbot.waitSignal(compare.pictures_loaded, timeout=20000):
        compare.show()
    shown = compare.canvas.framing()
    assert (shown.x(), shown.y(), shown.width(), shown.height()) == pytest.approx(crop, abs=1)
    compare.grab().save(str(artifacts / "photos_compare_cropped.png"))
    qtbot.mouseClick(window.uncrop_button, Qt.MouseButton.LeftButton)
    assert get_photo(db, window.photo.id).crop is None
