"""Painting hair loss on the SALT scalp views, with the mouse as staff would."""
from __future__ import annotations

import json

import pytest
from gui_helpers import paint_stroke
from helpers import show_widget
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tracker.services.body_map import scalp_mask, scalp_views
from tracker.ui.bodymap import ScalpPaintWidget


@pytest.fixture
def paint(qtbot):
    return show_widget(qtbot, ScalpPaintWidget(), 900, 900)


def _bbox(view: str) -> tuple[float, float, float, float]:
    mask = scalp_mask(view)
    xs, ys = [p[0] for p in mask], [p[1] for p in mask]
    return min(xs), min(ys), max(xs), max(ys)


def _paint_left_half(qtbot, widget: ScalpPaintWidget, view: str) -> None:
    """Rows of strokes over everything left of the midline (the masks are symmetric)."""
    canvas = widget.canvas(view)
    r = widget.brush_radius()
    x0, y0, _x1, y1 = _bbox(view)
    y = y0 - r / 2
    while y < y1 + r:
        paint_stroke(qtbot, canvas, [(x0 - r, y), ((x0 + 0.5) / 2, y), (0.5 - r, y)])
        y += 0.02


def test_painting_half_a_view_gives_half_of_that_view(qtbot, paint):
    assert paint.percentages() == {v: 0.0 for v in scalp_views()}
    with qtbot.waitSignal(paint.percentagesChanged) as changed:
        _paint_left_half(qtbot, paint, "scalp_top")
    reported = changed.args[0]
    now = paint.percentages()
    assert now["scalp_top"] == pytest.approx(50, abs=2.5)
    assert reported["scalp_top"] > 0
    assert {v: now[v] for v in ("scalp_back", "scalp_left", "scalp_right")} == {
        "scalp_back": 0.0, "scalp_left": 0.0, "scalp_right": 0.0}
    assert paint.percent_labels["scalp_top"].text() == f"Hair loss {now['scalp_top']:.1f}%"
    # painting outside the scalp (the face, off the head) adds nothing
    before = paint.percentages()["scalp_left"]
    paint_stroke(qtbot, paint.canvas("scalp_left"), [(0.2, 0.7), (0.3, 0.75), (0.02, 0.98)])
    assert paint.percentages()["scalp_left"] == before == 0.0


def test_erase_and_undo(qtbot, paint):
    _paint_left_half(qtbot, paint, "scalp_back")
    half = paint.percentages()["scalp_back"]
    assert half == pytest.approx(50, abs=2.5)
    qtbot.mouseClick(paint.erase_button, Qt.MouseButton.LeftButton)
    assert paint.erase_button.isChecked() and not paint.paint_button.isChecked()
    x0, y0, _x1, y1 = _bbox("scalp_back")
    paint_stroke(qtbot, paint.canvas("scalp_back"), [(x0 - 0.05, (y0 + y1) / 2), (0.6, (y0 + y1) / 2)])
    erased = paint.percentages()["scalp_back"]
    assert 30 < erased < half - 3
    qtbot.keyClick(paint.canvas("scalp_back"), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert paint.percentages()["scalp_back"] == half
    qtbot.mouseClick(paint.clear_view_button, Qt.MouseButton.LeftButton)
    assert paint.percentages()["scalp_back"] == 0.0
    qtbot.mouseClick(paint.undo_button, Qt.MouseButton.LeftButton)   # undo brings a cleared view back
    assert paint.percentages()["scalp_back"] == half


def test_paint_state_is_json_and_restores(qtbot, paint):
    _paint_left_half(qtbot, paint, "scalp_left")
    paint_stroke(qtbot, paint.canvas("scalp_top"), [(0.5, 0.5), (0.55, 0.6)])
    saved = json.loads(json.dumps(paint.paint_state()))
    assert saved["version"] == 1 and saved["strokes"][0]["view"] == "scalp_left"
    again = ScalpPaintWidget()
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.percentagesChanged):
        again.restore_paint_state(saved)
    assert again.percentages() == paint.percentages()
    again.restore_paint_state(None)
    assert set(again.percentages().values()) == {0.0}
    with pytest.raises(ValueError, match="stroke #1: needs a scalp view"):
        again.restore_paint_state({"version": 1, "strokes": [{"view": "face", "mode": "paint"}]})
    with pytest.raises(ValueError, match="radius must be a fraction"):
        again.restore_paint_state({"version": 1, "strokes": [{"view": "scalp_top", "mode": "paint", "radius": 3,
                                                              "points": [[0.5, 0.5]]}]})


def test_read_only_paint_does_nothing(qtbot, paint):
    paint.set_interactive(False)
    with qtbot.assertNotEmitted(paint.percentagesChanged):
        paint_stroke(qtbot, paint.canvas("scalp_top"), [(0.3, 0.5), (0.7, 0.5)])
    assert paint.percentages()["scalp_top"] == 0.0
    assert not paint.paint_button.isEnabled() and not paint.clear_all_button.isEnabled()


def test_zoom_does_not_change_what_a_stroke_covers(qtbot, paint):
    canvas = paint.canvas("scalp_back")
    paint_stroke(qtbot, canvas, [(0.45, 0.5), (0.55, 0.5)])
    plain = paint.percentages()["scalp_back"]
    paint.clear()
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    QApplication.sendEvent(canvas, QWheelEvent(centre, canvas.mapToGlobal(centre), QPoint(), QPoint(0, 360),
                                               Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                                               Qt.ScrollPhase.NoScrollPhase, False))
    assert canvas.zoom() > 1.9
    assert paint.zoom_controls.level.text() == f"{canvas.zoom() * 100:.0f}%"
    paint_stroke(qtbot, canvas, [(0.45, 0.5), (0.55, 0.5)])
    assert paint.percentages()["scalp_back"] == pytest.approx(plain, abs=0.3)


def test_screenshot_with_paint(qtbot, paint, artifacts):
    _paint_left_half(qtbot, paint, "scalp_top")
    paint_stroke(qtbot, paint.canvas("scalp_back"), [(0.4, 0.3), (0.55, 0.35), (0.5, 0.5)])
    paint.brush.setValue(16)
    paint_stroke(qtbot, paint.canvas("scalp_left"), [(0.5, 0.2), (0.7, 0.3)])
    paint_stroke(qtbot, paint.canvas("scalp_right"), [(0.3, 0.5)])
    qtbot.mouseMove(paint.canvas("scalp_right"), paint.canvas("scalp_right").widget_point(0.5, 0.4).toPoint())
    paint.grab().save(str(artifacts / "scalp_paint.png"))
    assert all(v > 0 for v in paint.percentages().values())
