"""Comparing two photos of a lesion: first and latest by default, side by side
with shared zoom and pan, overlay with opacity, swipe divider, two-point
alignment saved and reused, export as an image."""
from __future__ import annotations

import pytest
from photo_chart import make_photo_chart, show_lesion
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from tracker.services.photos import get_photo
from tracker.services.staff import default_staff
from tracker.ui.context import AppContext
from tracker.ui.photos.compare import CompareWindow
from tracker.ui.photos.panel import PhotosPanel


@pytest.fixture
def chart(db, clinic, tmp_path):  # noqa: ANN001, ANN201
    return make_photo_chart(db, clinic, tmp_path / "camera")


@pytest.fixture
def ctx(db, clinic):  # noqa: ANN001, ANN201
    return AppContext(db, default_staff(db))


def _open(qtbot, window: CompareWindow) -> CompareWindow:
    qtbot.addWidget(window)
    window.resize(1200, 720)
    with qtbot.waitSignal(window.pictures_loaded, timeout=20000):
        window.show()
    return window


def xy(point: QPointF) -> tuple[float, float]:
    return (point.x(), point.y())


def _wheel(widget, pos: QPointF, steps: int) -> None:  # noqa: ANN001
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(), QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_compare_opens_on_first_and_latest_with_synchronised_zoom_and_pan(qtbot, ctx, chart, artifacts):
    panel = PhotosPanel(ctx, chart.patient_id)
    qtbot.addWidget(panel)
    show_lesion(qtbot, panel, chart.lesion_id)
    qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    window = _open(qtbot, panel.compare_window)
    first, last = chart.photos[0], chart.photos[-1]
    assert window.chosen[0].id == first.id and window.chosen[1].id == last.id
    assert window.before.currentText().startswith("02 Feb 2026") and window.after.currentText().startswith("13 Apr 2026")
    canvas = window.canvas
    left, right = canvas.panes()
    assert left.right() < right.left()
    window.grab().save(str(artifacts / "photos_compare_side_by_side.png"))

    # Zooming over the right photo zooms both: the same spot stays under the same place in each pane.
    spot = QPointF(400, 300)
    before_offset = xy(canvas.widget_point(spot, 1) - right.topLeft())
    _wheel(canvas, canvas.widget_point(spot, 1), 2)
    assert canvas.zoom > 1.5 * (left.width() / 800) * 0.9
    assert xy(canvas.widget_point(spot, 1) - right.topLeft()) == pytest.approx(before_offset, abs=0.5)
    assert xy(canvas.widget_point(spot, 0) - left.topLeft()) == pytest.approx(xy(canvas.widget_point(spot, 1) - right.topLeft()))
    # Dragging in the left pane moves both.
    start = canvas.widget_point(spot, 0).toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, start + QPoint(40, 0))
    qtbot.mouseMove(canvas, start + QPoint(80, 30))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(80, 30))
    moved = canvas.widget_point(spot, 0)
    assert moved.x() == pytest.approx(start.x() + 80, abs=1) and moved.y() == pytest.approx(start.y() + 30, abs=1)
    assert xy(canvas.widget_point(spot, 0) - left.topLeft()) == pytest.approx(xy(canvas.widget_point(spot, 1) - right.topLeft()))
    window.grab().save(str(artifacts / "photos_compare_zoomed.png"))


def test_overlay_and_swipe(qtbot, ctx, chart, artifacts):
    window = _open(qtbot, CompareWindow(ctx, chart.lesion_id))
    overlay = next(b for b in window.mode_buttons.buttons() if b.text() == "Overlay")
    assert not window.opacity.isEnabled()
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton)
    assert window.canvas.mode == "overlay" and window.opacity.isEnabled() and len(window.canvas.panes()) == 1
    window.opacity.setValue(30)
    assert window.canvas.opacity == pytest.approx(0.3)
    window.grab().save(str(artifacts / "photos_compare_overlay.png"))

    swipe = next(b for b in window.mode_buttons.buttons() if b.text() == "Swipe")
    qtbot.mouseClick(swipe, Qt.MouseButton.LeftButton)
    canvas = window.canvas
    x = int(canvas.divider_x())
    y = canvas.height() // 2
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(canvas, QPoint(x - 100, y))
    qtbot.mouseMove(canvas, QPoint(x - 200, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x - 200, y))
    assert canvas.divider_x() == pytest.approx(x - 200, abs=2)
    assert window.divider.value() == round(canvas.swipe * 100)
    window.grab().save(str(artifacts / "photos_compare_swipe.png"))


def test_two_point_alignment_is_saved_and_reused(qtbot, ctx, db, chart, artifacts):
    window = _open(qtbot, CompareWindow(ctx, chart.lesion_id))
    assert not window.aligned.isEnabled()
    qtbot.mouseClick(window.align_button, Qt.MouseButton.LeftButton)
    assert "landmark 1 on the left photo" in window.status.text()
    canvas = window.canvas
    # Landmarks: the ruler's 0 and 8 cm marks (x = 120 and 600 at y = 520 in both pictures).
    marks = [(120.0, 520.0), (600.0, 520.0)]
    clicks = [(0, marks[0]), (1, marks[0]), (0, marks[1]), (1, marks[1])]
    for pane, point in clicks:
        reference = canvas.placement(pane).map(QPointF(*point))
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.widget_point(reference, pane).toPoint())
    assert window.aligned.isEnabled() and window.aligned.isChecked()
    assert "Aligned on two landmarks" in window.status.text()
    for photo in (chart.photos[0], chart.photos[-1]):
        saved = get_photo(db, photo.id).landmarks
        assert [c for mark in saved for c in mark] == pytest.approx([*marks[0], *marks[1]], abs=1.0)
    assert canvas.alignment.scale == pytest.approx(1.0, abs=0.01)
    window.grab().save(str(artifacts / "photos_compare_aligned.png"))
    window.close()

    # Opened again (or with another partner photo), the saved landmarks align at once.
    again = _open(qtbot, CompareWindow(ctx, chart.lesion_id))
    assert again.aligned.isChecked() and again.canvas.alignment is not None
    mapped = again.canvas.placement(1).map(QPointF(*marks[1]))
    assert (mapped.x(), mapped.y()) == pytest.approx(marks[1], abs=1.5)
    # Unticking "Aligned" goes back to a plain fit.
    qtbot.mouseClick(again.aligned, Qt.MouseButton.LeftButton, pos=QPoint(5, again.aligned.height() // 2))
    assert not again.canvas.use_alignment


def test_the_comparison_exports_as_an_image(qtbot, ctx, chart, tmp_path, monkeypatch):
    window = _open(qtbot, CompareWindow(ctx, chart.lesion_id, chart.photos[0].id, chart.photos[1].id))
    assert window.after.currentText().startswith("09 Mar 2026")
    target = tmp_path / "out" / "comparison.png"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG image (*.png)"))
    with qtbot.waitSignal(window.exported, timeout=20000):
        qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (window.canvas.width() * 2, window.canvas.height() * 2)
    assert "Exported to" in window.status.text()


def test_a_lesion_with_one_photo_says_so(qtbot, ctx, db, chart, tmp_path):
    window = CompareWindow(ctx, chart.other_lesion_id)
    qtbot.addWidget(window)
    window.show()
    assert "at least two photos" in window.status.text()
    assert not window.export_button.isEnabled()


def test_closing_windows_before_their_pictures_arrive_is_harmless(qtbot, ctx, chart):
    from tracker.ui.photos.measure import MeasureWindow

    for window in (CompareWindow(ctx, chart.lesion_id), MeasureWindow(ctx, chart.photos[0].id)):
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        window.close()  # deleted at once; the decoding goes on in a worker
    QApplication.sendPostedEvents(None, 0)
    assert ctx.tasks.wait(20000)
    qtbot.wait(100)  # the answers arrive for windows that are gone, and are dropped
