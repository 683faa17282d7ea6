"""A drawing with markers: lesions, this visit's injection points, and last
visit's points shown faintly. Click to place, click a marker to select it,
Delete removes it; arrow keys move a keyboard cursor and Enter places there."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QToolTip, QWidget

from tracker.services.body_map import MapRegion, region_at, view_info
from tracker.ui.bodymap.canvas import MapCanvas
from tracker.ui.bodymap.drawings import is_dark
from tracker.ui.bodymap.types import MapMarker

HIT_SLACK = 2.0  # pixels beyond a marker's dot that still select it (just off it, a click places a point)
CURSOR_STEP = 0.01  # drawing fraction per arrow key (Shift: 5x)
RADIUS = {"lesion": 7.5, "point": 5.5, "previous": 5.0}
KIND_TEXT = {"lesion": "Lesion", "point": "Injection point", "previous": "Last visit"}

_areas: dict[tuple[str, str], QPainterPath] = {}


def _path(region: MapRegion) -> QPainterPath:
    path = QPainterPath()
    for poly in region.polygons:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in poly]))
        path.closeSubpath()
    return path


def clickable_area(view: str, region: MapRegion) -> QPainterPath:
    """Where a click lands in this region: its polygons less the regions listed
    before it (in drawing fractions)."""
    key = (view, region.name)
    if key not in _areas:
        area = _path(region)
        for earlier in view_info(view).regions:
            if earlier is region:
                break
            if area.intersects(_path(earlier)):
                area = area.subtracted(_path(earlier))
        _areas[key] = area
    return _areas[key]


class MarkerCanvas(MapCanvas):
    #: (x, y) drawing fractions where the person asked to place something
    placeRequested = Signal(float, float)
    markerRemoved = Signal(object)
    markerSelected = Signal(object)  # key, or None when the selection is cleared
    #: (x, y) under the mouse, or (-1, -1) when it left the drawing
    pointerMoved = Signal(float, float)

    def __init__(self, view: str = "body_front", parent: QWidget | None = None) -> None:
        super().__init__(view, parent)
        self._markers: list[MapMarker] = []
        self._selected: int | None = None
        self._hover: int | None = None
        self._interactive = True
        self._cursor: tuple[float, float] | None = None
        self._region: MapRegion | None = None  # under the pointer, outlined faintly
        self.show_labels = True

    # -- public ------------------------------------------------------------
    def set_markers(self, markers: list[MapMarker]) -> None:
        selected_key = self.selected_key()
        self._markers = list(markers)
        self._selected = next((i for i, m in enumerate(self._markers)
                               if selected_key is not None and m.key == selected_key and m.kind != "previous"), None)
        self._hover = None
        self.update()

    def markers(self) -> list[MapMarker]:
        return list(self._markers)

    def visible_markers(self) -> list[MapMarker]:
        return [m for m in self._markers if m.view == self.view()]

    def selected_key(self) -> object:
        return self._markers[self._selected].key if self._selected is not None else None

    def select(self, key: object) -> None:
        """Select the (non-faint) marker with this key, or clear the selection with None."""
        index = next((i for i, m in enumerate(self._markers) if key is not None and m.key == key
                      and m.kind != "previous"), None)
        if index != self._selected:
            self._selected = index
            self.markerSelected.emit(self.selected_key())
            self.update()

    def remove_selected(self) -> bool:
        if self._selected is None or not self._interactive:
            return False
        marker = self._markers.pop(self._selected)
        self._selected = None
        self.update()
        self.markerRemoved.emit(marker.key)
        return True

    def set_interactive(self, on: bool) -> None:
        self._interactive = on
        if not on:
            self._cursor = None
        self._update_names()
        self.update()

    def is_interactive(self) -> bool:
        return self._interactive

    def set_view(self, view: str) -> None:
        if view != self.view():
            self._hover = None
            self._cursor = None
            self._region = None
        super().set_view(view)

    def accessible_hint(self) -> str:
        if not getattr(self, "_interactive", True):
            return "Read only. " + super().accessible_hint()
        return ("Click to place a point; click a marker to select it and press Delete to remove it. "
                "Arrow keys move a cursor, Enter places a point there. " + super().accessible_hint())

    # -- interaction -----------------------------------------------------------
    def _marker_at(self, pos: QPointF, selectable_only: bool) -> int | None:
        best, best_d = None, math.inf
        for i, m in enumerate(self._markers):
            if m.view != self.view() or (selectable_only and m.kind == "previous"):
                continue
            p = self.widget_point(m.x, m.y)
            d = math.hypot(p.x() - pos.x(), p.y() - pos.y())
            if d <= RADIUS[m.kind] + HIT_SLACK and d < best_d:
                best, best_d = i, d
        return best

    def left_released(self, pos: QPointF, clicked: bool) -> None:
        if not clicked or not self._interactive:
            return
        hit = self._marker_at(pos, selectable_only=True)
        if hit is not None:
            self.select(self._markers[hit].key)
            return
        self.select(None)
        x, y = self.drawing_point(pos)
        if 0 <= x <= 1 and 0 <= y <= 1:
            self.placeRequested.emit(x, y)

    def hovered(self, pos: QPointF | None) -> None:
        hover = self._marker_at(pos, selectable_only=False) if pos is not None else None
        x, y = self.drawing_point(pos) if pos is not None else (-1.0, -1.0)
        region = region_at(self.view(), x, y) if pos is not None and self._interactive else None
        if hover != self._hover or region is not self._region:
            self._hover, self._region = hover, region
            self.update()
        self.pointerMoved.emit(x, y)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hit = self._marker_at(event.position() if hasattr(event, "position") else QPointF(event.pos()), False)
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                m = self._markers[hit]
                QToolTip.showText(event.globalPos(), f"{KIND_TEXT[m.kind]}: {m.label}" if m.label else KIND_TEXT[m.kind],
                                  self)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.remove_selected():
            event.accept()
        elif key == Qt.Key.Key_Escape and self._selected is not None:
            self.select(None)
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._interactive:
            x, y = self._cursor or (0.5, 0.5)
            self._cursor = (x, y)
            self.placeRequested.emit(x, y)
            self.update()
            event.accept()
        else:
            super().keyPressEvent(event)

    def arrow_key(self, key: int, mods: Qt.KeyboardModifier) -> bool:
        if not self._interactive:
            return False
        step = CURSOR_STEP * (5 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
        x, y = self._cursor or (0.5, 0.5)
        dx, dy = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}[key]
        aspect = self.viewport.aspect
        x = min(max(x + dx * step / (aspect if aspect < 1 else 1), 0.0), 1.0)
        y = min(max(y + dy * step * (aspect if aspect > 1 else 1), 0.0), 1.0)
        self._cursor = (x, y)
        self.viewport.ensure_visible(x, y)
        self.pointerMoved.emit(x, y)
        self.update()
        return True

    def keyboard_cursor(self) -> tuple[float, float] | None:
        return self._cursor

    def focusOutEvent(self, event) -> None:  # noqa: ANN001
        self.update()
        super().focusOutEvent(event)

    # -- painting ----------------------------------------------------------------
    def _colours(self) -> dict[str, QColor]:
        pal = self.palette()
        dark = is_dark(pal)
        return {
            "lesion": QColor("#ef6a5a" if dark else "#c0392b"),
            "point": QColor(pal.color(QPalette.ColorRole.Highlight)),
            "previous": QColor(pal.color(QPalette.ColorRole.Text)),
            "ring": QColor(pal.color(QPalette.ColorRole.Base)),
            "select": QColor("#f5b041" if dark else "#d68910"),
        }

    def paint_overlay(self, p: QPainter) -> None:
        colours = self._colours()
        if self._region is not None:
            self._paint_region(p, self._region, colours["point"])
        order = sorted((i for i, m in enumerate(self._markers) if m.view == self.view()),
                       key=lambda i: ("previous", "lesion", "point").index(self._markers[i].kind))
        for i in order:
            self._paint_marker(p, self._markers[i], colours, selected=(i == self._selected), hovered=(i == self._hover))
        self._paint_labels(p, order)
        if self._cursor is not None and self.hasFocus() and self._interactive:
            c = self.widget_point(*self._cursor)
            p.setPen(QPen(colours["select"], 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(c, 9, 9)
            p.drawLine(QPointF(c.x() - 14, c.y()), QPointF(c.x() - 4, c.y()))
            p.drawLine(QPointF(c.x() + 4, c.y()), QPointF(c.x() + 14, c.y()))
            p.drawLine(QPointF(c.x(), c.y() - 14), QPointF(c.x(), c.y() - 4))
            p.drawLine(QPointF(c.x(), c.y() + 4), QPointF(c.x(), c.y() + 14))

    def _paint_region(self, p: QPainter, region: MapRegion, colour: QColor) -> None:
        """The area a click would land in, outlined faintly."""
        rect = self.drawing_rect()
        path = QTransform(rect.width(), 0, 0, rect.height(), rect.left(), rect.top()).map(
            clickable_area(self.view(), region))
        fill, edge = QColor(colour), QColor(colour)
        fill.setAlphaF(0.10)
        edge.setAlphaF(0.45)
        p.setPen(QPen(edge, 1))
        p.setBrush(fill)
        p.drawPath(path)

    def _paint_marker(self, p: QPainter, m: MapMarker, colours: dict[str, QColor], selected: bool, hovered: bool) -> None:
        c = self.widget_point(m.x, m.y)
        r = RADIUS[m.kind] + (1.0 if hovered else 0.0)
        if m.kind == "previous":
            faint = QColor(colours["previous"])
            faint.setAlphaF(0.6 if hovered else 0.32)
            pen = QPen(faint, 1.4, Qt.PenStyle.DashLine)
            p.setPen(pen)
            fill = QColor(faint)
            fill.setAlphaF(0.12)
            p.setBrush(fill)
            p.drawEllipse(c, r, r)
            return
        if selected:
            p.setPen(QPen(colours["select"], 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(c, r + 4.5, r + 4.5)
        p.setPen(QPen(colours["ring"], 2))
        p.setBrush(colours[m.kind])
        if m.kind == "lesion":
            path = QPainterPath()
            path.addEllipse(c, r, r)
            p.drawPath(path)
            p.setPen(QPen(colours["ring"], 1.6))
            p.drawLine(QPointF(c.x() - r * 0.45, c.y()), QPointF(c.x() + r * 0.45, c.y()))
            p.drawLine(QPointF(c.x(), c.y() - r * 0.45), QPointF(c.x(), c.y() + r * 0.45))
        else:
            p.drawEllipse(c, r, r)

    def _paint_labels(self, p: QPainter, order: list[int]) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        p.setFont(font)
        fm = QFontMetricsF(font)
        pal = self.palette()
        taken: list[QRectF] = []
        # A label never hides another lesion or point (the hovered or selected one's label still shows).
        dots: dict[int, QRectF] = {}
        for i in order:
            m = self._markers[i]
            if m.kind != "previous":
                c, r = self.widget_point(m.x, m.y), RADIUS[m.kind] + 1
                dots[i] = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
        # The hovered and selected markers' labels go first, so they always show.
        first = [i for i in (self._hover, self._selected) if i is not None and i in order]
        for i in first + [i for i in reversed(order) if i not in first]:
            m = self._markers[i]
            if not m.label or (m.kind == "previous" and i != self._hover):
                continue
            if not self.show_labels and i not in first:
                continue
            c = self.widget_point(m.x, m.y)
            w, h = fm.horizontalAdvance(m.label) + 8, fm.height() + 2
            rect = QRectF(c.x() + RADIUS[m.kind] + 4, c.y() - h / 2, w, h)
            if rect.right() > self.width() - 2:
                rect.moveRight(c.x() - RADIUS[m.kind] - 4)
            if i not in first and (any(rect.intersects(t) for t in taken)
                                   or any(rect.intersects(d) for j, d in dots.items() if j != i)):
                continue
            taken.append(rect)
            back = QColor(pal.color(QPalette.ColorRole.ToolTipBase))
            back.setAlphaF(0.92)
            p.setPen(QPen(QColor(pal.color(QPalette.ColorRole.Mid)), 1))
            p.setBrush(back)
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(pal.color(QPalette.ColorRole.ToolTipText))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, m.label)
