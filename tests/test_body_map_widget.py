"""The body map driven as staff would: clicks, keys, the wheel."""
from __future__ import annotations

import pytest
from helpers import show_widget
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication
from test_body_map_sites import KNOWN_POINTS, SIZE

from tracker.services.body_map import VIEWS
from tracker.ui.bodymap import BodyMapWidget, MapClick, MapMarker


@pytest.fixture
def body_map(qtbot):
    return show_widget(qtbot, BodyMapWidget(), 560, 920)


def _at(widget: BodyMapWidget, x: float, y: float) -> QPoint:
    return widget.canvas.widget_point(x, y).toPoint()


def _open_view(qtbot, widget: BodyMapWidget, view: str) -> None:
    index = widget.views().index(view)
    qtbot.mouseClick(widget.tabs, Qt.MouseButton.LeftButton, pos=widget.tabs.tabRect(index).center())
    assert widget.view() == view


def _click(qtbot, widget: BodyMapWidget, x: float, y: float) -> None:
    qtbot.mouseClick(widget.canvas, Qt.MouseButton.LeftButton, pos=_at(widget, x, y))


def _place(qtbot, widget: BodyMapWidget, x: float, y: float) -> MapClick:
    with qtbot.waitSignal(widget.pointPlaced, timeout=2000) as placed:
        _click(qtbot, widget, x, y)
    return placed.args[0]


def _wheel(widget, pos: QPointF, steps: int, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:  # noqa: ANN001
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(), QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _drag(qtbot, widget, start: QPoint, end: QPoint, steps: int = 4) -> None:  # noqa: ANN001
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, steps + 1):
        qtbot.mouseMove(widget, start + (end - start) * (i / steps))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_clicking_each_view_gives_the_site_and_side(qtbot, body_map):
    seen = set()
    for view, x, y, code, side in KNOWN_POINTS:
        if view != body_map.view():
            _open_view(qtbot, body_map, view)
        w, h = SIZE[view]
        click = _place(qtbot, body_map, x / w, y / h)
        assert (click.view, click.site_code, click.laterality) == (view, code, side), (view, x, y, click)
        assert click.x == pytest.approx(x / w, abs=0.004) and click.y == pytest.approx(y / h, abs=0.004)
        assert not click.corrected
        assert body_map.last_click() == click
        seen.add(view)
    assert seen == set(VIEWS)


def test_the_same_spot_is_the_other_side_from_behind(qtbot, body_map):
    front = _place(qtbot, body_map, 0.2875, 0.29)
    _open_view(qtbot, body_map, "body_back")
    back = _place(qtbot, body_map, 0.2875, 0.29)
    assert (front.site_code, front.laterality) == ("45981001", "right")   # upper arm, front
    assert (back.site_code, back.laterality) == ("72939005", "left")      # upper arm, back


def test_a_click_off_the_figure_places_nothing(qtbot, body_map):
    with qtbot.assertNotEmitted(body_map.pointPlaced):
        _click(qtbot, body_map, 0.05, 0.05)
    assert body_map.hint.text() == "Not on the figure"


def test_pointing_shows_where_a_click_would_land(qtbot, body_map, artifacts):
    _open_view(qtbot, body_map, "face")
    bare = _grab(body_map)
    cheek = _at(body_map, 220 / 600, 420 / 720)
    qtbot.mouseMove(body_map.canvas, cheek)
    assert body_map.hint.text() == "Pointing at: Cheek (right)"
    shaded = _grab(body_map)
    assert 5 < _mean_difference(bare, shaded, cheek, 2) < 60       # the cheek is tinted, lightly
    assert _difference(bare, shaded, _at(body_map, 300 / 600, 200 / 720), 2) == 0  # the forehead is not
    assert _difference(bare, shaded, _at(body_map, 224 / 600, 314 / 720), 2) == 0  # nor the eye over the cheek
    body_map.grab().save(str(artifacts / "bodymap_face_pointing.png"))
    qtbot.mouseMove(body_map.canvas, QPoint(3, 3))
    assert body_map.hint.text() == ""


def _grab(widget: BodyMapWidget) -> QImage:
    return widget.canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _differences(a: QImage, b: QImage, centre: QPoint, half: int) -> list[int]:
    out = []
    for y in range(centre.y() - half, centre.y() + half + 1):
        for x in range(centre.x() - half, centre.x() + half + 1):
            ca, cb = a.pixelColor(x, y), b.pixelColor(x, y)
            out.append(abs(ca.red() - cb.red()) + abs(ca.green() - cb.green()) + abs(ca.blue() - cb.blue()))
    return out


def _difference(a: QImage, b: QImage, centre: QPoint, half: int) -> int:
    return max(_differences(a, b, centre, half))


def _mean_difference(a: QImage, b: QImage, centre: QPoint, half: int) -> float:
    values = _differences(a, b, centre, half)
    return sum(values) / len(values)


MARKERS = [
    MapMarker("body_front", 0.36, 0.36, "Keloid A", "lesion", key="lesion-1"),
    MapMarker("body_front", 0.62, 0.21, "0.1 mL / 1 mg", "point", key="p1"),
    MapMarker("body_front", 0.6, 0.3, "0.1 mL (last visit)", "previous", key="old-1"),
    MapMarker("body_back", 0.5, 0.3, "not on this view", "point", key="p2"),
]


def test_markers_show_and_last_visits_points_are_faint(qtbot, body_map, artifacts):
    bare = _grab(body_map)
    body_map.set_markers(MARKERS)
    marked = _grab(body_map)
    lesion, point, previous = (_at(body_map, m.x, m.y) for m in MARKERS[:3])
    assert marked.pixelColor(lesion + QPoint(3, 3)) == QColor("#c0392b")
    assert marked.pixelColor(point) == body_map.palette().color(QPalette.ColorRole.Highlight)
    faint, strong = _mean_difference(bare, marked, previous, 1), _mean_difference(bare, marked, point, 1)
    assert 20 < faint < strong / 3, (faint, strong)   # drawn, but faintly
    assert _difference(bare, marked, previous, 7) > 100   # with a visible (dashed) ring
    assert _difference(bare, marked, point, 6) > 200
    # the point's label is written beside it
    label = point + QPoint(40, 0)
    assert _difference(bare, marked, label, 6) > 150
    # a marker of another view is not drawn here
    assert _difference(bare, marked, _at(body_map, 0.5, 0.3), 8) == 0
    body_map.grab().save(str(artifacts / "bodymap_markers_front.png"))


def test_select_a_marker_and_delete_it(qtbot, body_map):
    body_map.set_markers(MARKERS)
    with qtbot.waitSignal(body_map.markerSelected) as selected, qtbot.assertNotEmitted(body_map.pointPlaced):
        _click(qtbot, body_map, 0.62, 0.21)
    assert selected.args == ["p1"]
    # just beside a lesion's dot a click places a point (injections go around the lesion)
    lesion = _at(body_map, 0.36, 0.36)
    with qtbot.waitSignal(body_map.pointPlaced), qtbot.waitSignal(body_map.markerSelected) as cleared:
        qtbot.mouseClick(body_map.canvas, Qt.MouseButton.LeftButton, pos=lesion + QPoint(12, 0))
    assert cleared.args == [None]  # the selection is cleared, nothing new selected
    body_map.select_marker("p1")
    assert body_map.selected_marker() == "p1"
    with qtbot.waitSignal(body_map.markerRemoved) as removed:
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Delete)
    assert removed.args == ["p1"]
    assert [m.key for m in body_map.markers()] == ["lesion-1", "old-1", "p2"]
    # Delete with nothing selected does nothing
    with qtbot.assertNotEmitted(body_map.markerRemoved):
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Delete)


def test_last_visits_points_cannot_be_selected_a_click_there_places_a_new_point(qtbot, body_map):
    body_map.set_markers(MARKERS)
    with qtbot.assertNotEmitted(body_map.markerSelected):
        click = _place(qtbot, body_map, 0.6, 0.3)
    assert click.site_code in ("244106003", "82038008")  # the chest, on the patient's left
    assert click.laterality in ("left", "none")


def test_read_only_ignores_clicks_and_delete_but_still_zooms(qtbot, body_map):
    body_map.set_markers(MARKERS)
    body_map.set_interactive(False)
    with qtbot.assertNotEmitted(body_map.pointPlaced), qtbot.assertNotEmitted(body_map.markerSelected):
        _click(qtbot, body_map, 0.5, 0.3)
        _click(qtbot, body_map, 0.62, 0.21)
    with qtbot.assertNotEmitted(body_map.markerRemoved):
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Delete)
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Return)
    assert len(body_map.markers()) == 4
    assert not body_map.site_bar.isEnabled()
    assert body_map.canvas.accessibleDescription().startswith("Read only")
    qtbot.mouseClick(body_map.zoom_controls.zoom_in_button, Qt.MouseButton.LeftButton)
    assert body_map.zoom() > 1


def test_zoomed_clicks_still_land_on_the_right_site(qtbot, body_map, artifacts):
    _open_view(qtbot, body_map, "face")
    eyelid = (376 / 600, 314 / 720)
    _wheel(body_map.canvas, QPointF(_at(body_map, *eyelid)), 3)
    assert body_map.zoom() == pytest.approx(1.25 ** 3)
    assert body_map.zoom_controls.level.text() == "195%"
    click = _place(qtbot, body_map, *eyelid)
    assert (click.site_code, click.laterality) == ("local:eyelid", "left")
    assert click.x == pytest.approx(eyelid[0], abs=0.002) and click.y == pytest.approx(eyelid[1], abs=0.002)
    # more zoom with the button, then a small target: the ear lobule
    for _ in range(3):
        qtbot.mouseClick(body_map.zoom_controls.zoom_in_button, Qt.MouseButton.LeftButton)
    assert body_map.zoom() == pytest.approx(1.25 ** 6)
    lobule = (458 / 600, 410 / 720)
    centre = QPoint(body_map.canvas.width() // 2, body_map.canvas.height() // 2)
    _drag(qtbot, body_map.canvas, centre, centre + (centre - _at(body_map, *lobule)))  # bring it to the middle
    assert (_at(body_map, *lobule) - centre).manhattanLength() <= 2
    click = _place(qtbot, body_map, *lobule)
    assert (click.site_code, click.laterality) == ("2059009", "left")
    body_map.grab().save(str(artifacts / "bodymap_face_zoomed.png"))
    qtbot.keyClick(body_map.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert body_map.zoom() == 1.0


def test_dragging_pans_when_zoomed_and_places_nothing(qtbot, body_map):
    _open_view(qtbot, body_map, "scalp_top")
    centre = QPoint(body_map.canvas.width() // 2, body_map.canvas.height() // 2)
    _wheel(body_map.canvas, QPointF(centre), 4)
    before = body_map.canvas.drawing_point(QPointF(centre))
    with qtbot.assertNotEmitted(body_map.pointPlaced):
        _drag(qtbot, body_map.canvas, centre, centre + QPoint(60, 40))
    after = body_map.canvas.drawing_point(QPointF(centre + QPoint(60, 40)))
    assert after == pytest.approx(before, abs=0.002)
    # the plain wheel scrolls the zoomed drawing too (down shows more of the lower part)
    before = body_map.canvas.drawing_point(QPointF(centre))
    _wheel(body_map.canvas, QPointF(centre), -1, Qt.KeyboardModifier.NoModifier)
    assert body_map.canvas.drawing_point(QPointF(centre))[1] > before[1] + 0.01


def test_staff_correct_the_site_and_side(qtbot, body_map):
    _open_view(qtbot, body_map, "face")
    click = _place(qtbot, body_map, 220 / 600, 420 / 720)
    assert (click.site_code, click.laterality) == ("36141000", "right")
    assert body_map.site_bar.site.currentText() == "Cheek"
    assert body_map.site_bar.note.text() == "as drawn"
    body_map.site_bar.side.setFocus()
    with qtbot.waitSignal(body_map.siteCorrected) as corrected:
        qtbot.keyClick(body_map.site_bar.side, Qt.Key.Key_Up)   # Right -> Left
    fixed = corrected.args[0]
    assert (fixed.view, fixed.x, fixed.y) == (click.view, click.x, click.y)
    assert (fixed.site_code, fixed.laterality, fixed.corrected) == ("36141000", "left", True)
    body_map.site_bar.site.setFocus()
    with qtbot.waitSignal(body_map.siteCorrected) as corrected:
        qtbot.keyClicks(body_map.site_bar.site, "Chin")
    chin = corrected.args[0]
    assert (chin.site_code, chin.site_name, chin.laterality) == ("23747009", "Chin", "none")  # no side for the chin
    assert body_map.last_click() == chin
    assert body_map.site_bar.note.text() == "corrected"


def test_keyboard_places_points_and_switches_views(qtbot, body_map):
    with qtbot.waitActive(body_map.window()):
        body_map.window().activateWindow()
    body_map.tabs.setFocus()
    qtbot.keyClick(body_map.tabs, Qt.Key.Key_Tab)
    assert body_map.canvas.hasFocus()
    for _ in range(5):
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(body_map.pointPlaced) as placed:
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Return)
    click = placed.args[0]
    assert click.x == pytest.approx(0.5) and click.y == pytest.approx(0.25)
    assert click.site_code in ("244107007", "244106003")  # the chest, on the midline
    with qtbot.waitSignal(body_map.viewChanged) as changed:
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == ["body_back"]
    assert body_map.tabs.currentIndex() == 1


def test_only_some_views_can_be_offered(qtbot):
    widget = BodyMapWidget(view="scalp_back", views=["scalp_top", "scalp_back"])
    qtbot.addWidget(widget)
    assert widget.view() == "scalp_back" and widget.tabs.count() == 2
    with pytest.raises(ValueError, match="not offered here"):
        widget.set_view("face")


def _dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1f1f1f"),
                         (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#e8e8e8"),
                         (QPalette.ColorRole.Highlight, "#3d8ee0"), (QPalette.ColorRole.ToolTipBase, "#404040"),
                         (QPalette.ColorRole.ToolTipText, "#f0f0f0"), (QPalette.ColorRole.Mid, "#555555")):
        pal.setColor(role, QColor(colour))
    return pal


def test_follows_a_dark_palette(qtbot, body_map, artifacts):
    body_map.set_markers(MARKERS)
    light = _grab(body_map).pixelColor(_at(body_map, 0.5, 0.42))
    body_map.setPalette(_dark_palette())
    dark = _grab(body_map).pixelColor(_at(body_map, 0.5, 0.42))
    assert light.lightness() > 200 and dark.lightness() < 90
    body_map.grab().save(str(artifacts / "bodymap_front_dark.png"))


def test_screenshots_of_every_view(qtbot, body_map, artifacts):
    markers = []
    for i, (view, x, y, _code, _side) in enumerate(KNOWN_POINTS):
        w, h = SIZE[view]
        kind = ("lesion", "point", "previous")[i % 3]
        label = {"lesion": f"Lesion {i}", "point": "0.1 mL / 1 mg", "previous": "0.1 mL"}[kind]
        markers.append(MapMarker(view, x / w, y / h, label, kind, key=i))
    body_map.set_markers(markers)
    for view in VIEWS:
        _open_view(qtbot, body_map, view)
        body_map.grab().save(str(artifacts / f"bodymap_{view}.png"))
    narrow = show_widget(qtbot, BodyMapWidget(view="scalp_left"), 320, 420)
    narrow.set_markers(markers)
    narrow.grab().save(str(artifacts / "bodymap_small.png"))


HIDPI_SCRIPT = """
import json, sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tracker.ui.bodymap import BodyMapWidget
w = BodyMapWidget(view="face")
w.resize(400, 520)
w.show()
QTest.qWaitForWindowExposed(w)
clicks = []
w.pointPlaced.connect(clicks.append)
QTest.mouseClick(w.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                 w.canvas.widget_point(376 / 600, 314 / 720).toPoint())
pix = w.canvas.grab()
pix.save(sys.argv[1])
print(json.dumps({"dpr": w.devicePixelRatioF(), "grab_dpr": pix.devicePixelRatio(), "width": pix.width(),
                  "logical": w.canvas.width(), "site": [(c.site_code, c.laterality) for c in clicks]}))
"""


def test_high_dpi_renders_at_the_device_pixel_ratio_and_clicks_still_resolve(artifacts):
    import json
    import subprocess
    import sys

    from helpers import child_env

    shot = artifacts / "bodymap_face_hidpi.png"
    result = subprocess.run([sys.executable, "-c", HIDPI_SCRIPT, str(shot)], capture_output=True, text=True,
                            env=child_env({"QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}), timeout=120)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info["dpr"] == 2.0 and info["grab_dpr"] == 2.0
    assert info["width"] == 2 * info["logical"]
    assert info["site"] == [["local:eyelid", "left"]]
