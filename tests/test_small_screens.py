"""The main window with a chart and the session editor open fits the screens
staff have: 800x600 (a small laptop, half a screen) with the usual font, and
1280x800 with text enlarged 1.5 times. On every editor page and every chart
tab the window keeps the size asked for, nothing is painted over the body
map's drawing, and every injection field is whole inside the page (the page
may scroll up and down, never sideways)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from gui_helpers import answers, open_window, patient_with_history, screenshot, start_session  # noqa: F401 (answers is a fixture)

SCREENS = [pytest.param(800, 600, 1.0, id="800x600"), pytest.param(1280, 800, 1.5, id="1280x800-large-font")]


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _fits(window, width: int, height: int) -> bool:  # noqa: ANN001
    hint = window.minimumSizeHint()
    return (window.width(), window.height()) == (width, height) and hint.width() <= width and hint.height() <= height


def _painted_over_the_drawing(body_map) -> list[str]:  # noqa: ANN001
    """The map's controls (view tabs, zoom row, hint, site bar) whose rectangles cross the drawing's."""
    drawing = _rect_in(body_map.canvas, body_map)
    parts = {"view tabs": body_map.tabs, "zoom": body_map.zoom_controls, "hint": body_map.hint,
             "site bar": body_map.site_bar}
    return [name for name, part in parts.items() if part.isVisible() and _rect_in(part, body_map).intersects(drawing)]


def _cut_off_fields(editor) -> list[str]:  # noqa: ANN001
    """Injection fields not wholly inside the width of the page's visible area."""
    viewport = editor.scroll.viewport()
    return [field.accessibleName() or type(field).__name__
            for group in editor.groups.values() for field in group.tab_stops()
            if field.isVisible() and not (0 <= field.mapTo(viewport, QPoint(0, 0)).x()
                                          and field.mapTo(viewport, QPoint(field.width(), 0)).x() <= viewport.width())]


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS)
def test_the_window_with_the_session_editor_fits_the_screen(qtbot, clinic, artifacts, request, width, height, scale):
    _patient, patch = patient_with_history(clinic)
    usual = QApplication.font()
    if scale != 1.0:
        large = QFont(usual)
        large.setPointSizeF(usual.pointSizeF() * scale)  # staff who enlarge the text (the system's font setting)
        QApplication.setFont(large)
        request.addfinalizer(lambda: QApplication.setFont(usual))
    window = open_window(qtbot, clinic.db, clinic.doctor)
    window.resize(width, height)
    chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.waitUntil(lambda: editor.map_slot.isVisible() and editor.scroll.viewport().width() > 0)
    tag = f"{width}x{height}" + ("_large_font" if scale != 1.0 else "")

    for index in range(editor.pages.count()):
        editor.pages.setCurrentIndex(index)
        qtbot.waitUntil(lambda: _fits(window, width, height), timeout=2000)
        page = editor.pages.tabText(index).replace("&", "").split(" (")[0]
        assert _painted_over_the_drawing(editor.map_slot.map) == [], page
        if editor.pages.currentWidget() is editor.scroll:
            assert _cut_off_fields(editor) == []
            assert not editor.scroll.horizontalScrollBar().isVisible()
        if editor.pages.currentWidget() is editor.outcomes:  # folded, then with the score form open
            assert not editor.outcomes.horizontalScrollBar().isVisible(), page
            next(iter(editor.outcomes.sections.values())).unfold(True)
            qtbot.waitUntil(lambda: _fits(window, width, height), timeout=2000)
            screenshot(window, artifacts / f"small_screen_{tag}_editor_outcome_form.png")
            assert not editor.outcomes.horizontalScrollBar().isVisible(), page
        screenshot(window, artifacts / f"small_screen_{tag}_editor_{page.lower().replace(' ', '_')}.png")

    tabs = chart.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(100)  # the tab loads its rows in the background
        name = tabs.tabText(index).replace("&", "").lstrip("* ")
        assert _fits(window, width, height), (name, window.size(), window.minimumSizeHint())
        screenshot(window, artifacts / f"small_screen_{tag}_chart_{name.lower().replace(' ', '_')}.png")
