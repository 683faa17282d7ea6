"""One scalp view to paint hair loss on (left drag paints or erases; pan with
the middle button or the wheel when zoomed)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from tracker.services.body_map import scalp_mask
from tracker.ui.bodymap.canvas import MapCanvas
from tracker.ui.bodymap.drawings import is_dark
from tracker.ui.bodymap.paint_model import ScalpPaintModel

PAINT_OPACITY = 0.55


class PaintCanvas(MapCanvas):
    left_drag_pans = False

    def __init__(self, view: str, model: ScalpPaintModel, tool: Callable[[], tuple[str, float]],
                 parent: QWidget | None = None) -> None:
        """``tool()`` gives the current (mode, radius): mode "paint" or "erase",
        radius as a fraction of the drawing's width."""
        super().__init__(view, parent)
        self.model = model
        self._tool = tool
        self._interactive = True
        self._pointer: QPointF | None = None
        self._stroking = False
        self._tint: tuple[tuple, QImage] | None = None
        self.setMinimumSize(200, 200)
        model.changed.connect(self._on_changed)

    def set_interactive(self, on: bool) -> None:
        self._interactive = on
        self._update_names()
        self.update()

    def accessible_hint(self) -> str:
        if not getattr(self, "_interactive", True):
            return "Read only. " + super().accessible_hint()
        return "Drag to paint hair loss (or erase). " + super().accessible_hint()

    def _on_changed(self, view: str) -> None:
        if view == self.view():
            self.update()

    # -- painting with the mouse ------------------------------------------------------
    def left_pressed(self, pos: QPointF) -> None:
        if not self._interactive:
            return
        mode, radius = self._tool()
        x, y = self.drawing_point(pos)
        self._stroking = True
        self.model.begin_stroke(self.view(), mode, radius, x, y)

    def left_dragged(self, pos: QPointF) -> None:
        self._pointer = pos
        if self._stroking:
            self.model.extend_stroke(*self.drawing_point(pos))
        self.update()

    def left_released(self, pos: QPointF, clicked: bool) -> None:
        if self._stroking:
            self.model.extend_stroke(*self.drawing_point(pos))
            self.model.end_stroke()
            self._stroking = False

    def hovered(self, pos: QPointF | None) -> None:
        self._pointer = pos
        self.update()

    # -- drawing ---------------------------------------------------------------------------
    def _tinted(self) -> QImage:
        pal = self.palette()
        colour = QColor("#e5533d") if not is_dark(pal) else QColor("#ff7a63")
        key = (self.model.revision, self.view(), colour.name())
        if self._tint is None or self._tint[0] != key:
            alpha = self.model.image(self.view())
            tinted = QImage(alpha.size(), QImage.Format.Format_ARGB32_Premultiplied)
            tinted.fill(colour)
            p = QPainter(tinted)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
            p.drawImage(0, 0, alpha)
            p.end()
            self._tint = (key, tinted)
        return self._tint[1]

    def paint_overlay(self, p: QPainter) -> None:
        rect = self.drawing_rect()
        p.save()
        p.setOpacity(PAINT_OPACITY)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(rect, self._tinted())
        p.restore()
        outline = QPainterPath()
        outline.addPolygon(QPolygonF([QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height())
                                      for x, y in scalp_mask(self.view())]))
        outline.closeSubpath()
        edge = QColor(self.palette().color(QPalette.ColorRole.Text))
        edge.setAlphaF(0.45)
        p.setPen(QPen(edge, 1.2, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(outline)
        if self._pointer is not None and self._interactive:
            mode, radius = self._tool()
            r = radius * rect.width()
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 1.2,
                          Qt.PenStyle.SolidLine if mode == "paint" else Qt.PenStyle.DotLine))
            p.drawEllipse(QRectF(self._pointer.x() - r, self._pointer.y() - r, 2 * r, 2 * r))
