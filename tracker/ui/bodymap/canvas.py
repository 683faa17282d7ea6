"""A drawing on screen, with zoom (Ctrl+wheel, +/-, Ctrl+0) and pan (drag
when zoomed, middle-drag, wheel, arrow keys). Subclasses add markers or paint."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from tracker.services.body_map import VIEWS, view_info
from tracker.ui.bodymap.drawings import is_dark, renderer
from tracker.ui.bodymap.viewport import MAX_ZOOM, MIN_ZOOM, Viewport

ZOOM_STEP = 1.25
PAN_STEP = 40.0  # pixels per arrow key press


class MapCanvas(QWidget):
    zoomChanged = Signal(float)

    #: Whether a left-button drag pans (marker canvas) or is left to the subclass (painting).
    left_drag_pans = True

    def __init__(self, view: str = "body_front", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.viewport = Viewport(view_info(view).aspect)
        self._cache: tuple[tuple, QPixmap] | None = None
        self._press: QPointF | None = None
        self._panning = False
        self._pan_from = QPointF()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(140, 140)  # small screens with a large font: the editor still fits 800 px high
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._update_names()

    # -- public ------------------------------------------------------------
    def view(self) -> str:
        return self._view

    def set_view(self, view: str) -> None:
        info = view_info(view)
        if view == self._view:
            return
        self._view = view
        self.viewport.set_aspect(info.aspect)
        self._cache = None
        self._update_names()
        self.zoomChanged.emit(self.viewport.zoom)
        self.update()

    def zoom(self) -> float:
        return self.viewport.zoom

    def zoom_in(self, anchor: QPointF | None = None) -> None:
        self._zoom_to(self.viewport.zoom * ZOOM_STEP, anchor)

    def zoom_out(self, anchor: QPointF | None = None) -> None:
        self._zoom_to(self.viewport.zoom / ZOOM_STEP, anchor)

    def reset_zoom(self) -> None:
        self.viewport.reset()
        self._changed_view()

    def widget_point(self, x: float, y: float) -> QPointF:
        """Where a drawing point (fractions of width and height) is in this widget."""
        return self.viewport.to_widget(x, y)

    def drawing_point(self, pos: QPointF) -> tuple[float, float]:
        """The drawing point (fractions of width and height) under a widget position."""
        return self.viewport.to_drawing(pos)

    def drawing_rect(self) -> QRectF:
        return self.viewport.drawing_rect()

    # -- hooks for subclasses ------------------------------------------------
    def paint_overlay(self, painter: QPainter) -> None:
        """Draw on top of the drawing (markers, paint)."""

    def left_pressed(self, pos: QPointF) -> None:
        """Left button down (before knowing whether it is a click or a drag)."""

    def left_dragged(self, pos: QPointF) -> None:
        """Left button moved while held (only when left drags do not pan)."""

    def left_released(self, pos: QPointF, clicked: bool) -> None:
        """Left button up; ``clicked`` when it did not move far (no drag)."""

    def hovered(self, pos: QPointF | None) -> None:
        """The mouse moved over the canvas without buttons (None: it left)."""

    def accessible_hint(self) -> str:
        return "Plus and minus zoom, Control+0 resets, arrow keys move the view when zoomed."

    # -- internals -----------------------------------------------------------
    def _update_names(self) -> None:
        self.setAccessibleName(f"{VIEWS[self._view]} drawing")
        self.setAccessibleDescription(self.accessible_hint())

    def _zoom_to(self, zoom: float, anchor: QPointF | None) -> None:
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        if abs(zoom - self.viewport.zoom) < 1e-9:
            return
        self.viewport.zoom_to(zoom, anchor)
        self._changed_view()

    def _changed_view(self) -> None:
        self.zoomChanged.emit(self.viewport.zoom)
        self.update()

    def _drawing_pixmap(self) -> QPixmap:
        dpr = self.devicePixelRatioF()
        dark = is_dark(self.palette())
        key = (self._view, self.viewport.state(), dpr, dark)
        if self._cache is None or self._cache[0] != key:
            pix = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
            pix.setDevicePixelRatio(dpr)
            pix.fill(Qt.GlobalColor.transparent)
            p = QPainter(pix)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setClipRect(self.viewport.drawing_rect())
            renderer(self._view, dark).render(p, self.viewport.drawing_rect())
            p.end()
            self._cache = (key, pix)
        return self._cache[1]

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        self.viewport.set_size(self.width(), self.height())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._cache = None
            self.update()
        super().changeEvent(event)

    def paintEvent(self, _event) -> None:  # noqa: ANN001
        self.viewport.set_size(self.width(), self.height())
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        p.drawPixmap(0, 0, self._drawing_pixmap())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_overlay(p)
        self._paint_sides(p)
        if self.hasFocus():
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.end()

    def _paint_sides(self, p: QPainter) -> None:
        """'R' and 'L' at the edges, on views where the sides are left and right."""
        facing = view_info(self._view).facing
        if facing not in ("front", "back", "top"):
            return
        left, right = ("R", "L") if facing == "front" else ("L", "R")
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        colour = QColor(self.palette().color(QPalette.ColorRole.Text))
        colour.setAlpha(150)
        p.setPen(colour)
        band = QRectF(6, 4, self.width() - 12, p.fontMetrics().height() + 4)
        p.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left)
        p.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120.0
            if steps:
                self._zoom_to(self.viewport.zoom * (ZOOM_STEP ** steps), event.position())
            event.accept()
        elif self.viewport.zoom > MIN_ZOOM:
            pixels = event.pixelDelta()
            dx, dy = (pixels.x(), pixels.y()) if not pixels.isNull() else (delta.x() / 3.0, delta.y() / 3.0)
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and not dx:
                dx, dy = dy, 0.0
            self.viewport.pan_pixels(dx, dy)
            self.update()
            event.accept()
        else:
            event.ignore()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if event.button() == Qt.MouseButton.MiddleButton:
            self._panning, self._pan_from = True, pos
        elif event.button() == Qt.MouseButton.LeftButton:
            self._press, self._pan_from = pos, pos
            self.left_pressed(pos)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._panning:
            self.viewport.pan_pixels(pos.x() - self._pan_from.x(), pos.y() - self._pan_from.y())
            self._pan_from = pos
            self.update()
        elif self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if not self.left_drag_pans:
                self.left_dragged(pos)
            elif (self.viewport.zoom > MIN_ZOOM
                  and (pos - self._press).manhattanLength() >= QApplication.startDragDistance()):
                self._panning = True
                self.viewport.pan_pixels(pos.x() - self._pan_from.x(), pos.y() - self._pan_from.y())
                self._pan_from = pos
                self.update()
        else:
            self.hovered(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            clicked = not self._panning
            self._press = None
            self._panning = False
            self.left_released(pos, clicked)
        elif event.button() == Qt.MouseButton.MiddleButton:
            self._panning = False
        event.accept()

    def leaveEvent(self, event) -> None:  # noqa: ANN001
        self.hovered(None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0 and mods & Qt.KeyboardModifier.ControlModifier:
            self.reset_zoom()
        elif key in _ARROWS and not self.arrow_key(key, mods):
            if self.viewport.zoom <= MIN_ZOOM:
                super().keyPressEvent(event)
                return
            dx, dy = _ARROWS[key]
            self.viewport.pan_pixels(-dx * PAN_STEP, -dy * PAN_STEP)
            self.update()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def arrow_key(self, key: int, mods: Qt.KeyboardModifier) -> bool:
        """An arrow key; return True when handled (the base pans when zoomed)."""
        return False


_ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
