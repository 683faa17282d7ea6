"""Zoom and pan for a drawing shown in a widget: maps widget pixels to drawing
fractions (0..1 of the drawing's width and height) and back."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF

MIN_ZOOM = 1.0
MAX_ZOOM = 8.0
MARGIN = 10.0  # pixels around the drawing at zoom 1


class Viewport:
    def __init__(self, aspect: float = 1.0) -> None:
        self.aspect = aspect  # drawing width / height
        self.size = QSizeF(1, 1)
        self.zoom = 1.0
        self.cx = 0.5  # the drawing point shown at the widget's centre
        self.cy = 0.5

    def set_aspect(self, aspect: float) -> None:
        self.aspect = aspect
        self.reset()

    def set_size(self, width: float, height: float) -> None:
        self.size = QSizeF(max(width, 1.0), max(height, 1.0))
        self._clamp()

    def reset(self) -> None:
        self.zoom, self.cx, self.cy = 1.0, 0.5, 0.5

    def _fit(self) -> tuple[float, float]:
        """The drawing's size in pixels at zoom 1."""
        w = max(self.size.width() - 2 * MARGIN, 1.0)
        h = max(self.size.height() - 2 * MARGIN, 1.0)
        if w / h > self.aspect:
            return h * self.aspect, h
        return w, w / self.aspect

    def drawing_rect(self) -> QRectF:
        fw, fh = self._fit()
        w, h = fw * self.zoom, fh * self.zoom
        return QRectF(self.size.width() / 2 - self.cx * w, self.size.height() / 2 - self.cy * h, w, h)

    def to_widget(self, x: float, y: float) -> QPointF:
        r = self.drawing_rect()
        return QPointF(r.left() + x * r.width(), r.top() + y * r.height())

    def to_drawing(self, pos: QPointF) -> tuple[float, float]:
        r = self.drawing_rect()
        return (pos.x() - r.left()) / r.width(), (pos.y() - r.top()) / r.height()

    def zoom_to(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom, keeping the drawing point under ``anchor`` (default: the centre) in place."""
        anchor = anchor if anchor is not None else QPointF(self.size.width() / 2, self.size.height() / 2)
        px, py = self.to_drawing(anchor)
        self.zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        fw, fh = self._fit()
        self.cx = px - (anchor.x() - self.size.width() / 2) / (fw * self.zoom)
        self.cy = py - (anchor.y() - self.size.height() / 2) / (fh * self.zoom)
        self._clamp()

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the drawing by (dx, dy) pixels."""
        fw, fh = self._fit()
        self.cx -= dx / (fw * self.zoom)
        self.cy -= dy / (fh * self.zoom)
        self._clamp()

    def ensure_visible(self, x: float, y: float, margin: float = 24.0) -> None:
        p = self.to_widget(x, y)
        dx = dy = 0.0
        if p.x() < margin:
            dx = margin - p.x()
        elif p.x() > self.size.width() - margin:
            dx = self.size.width() - margin - p.x()
        if p.y() < margin:
            dy = margin - p.y()
        elif p.y() > self.size.height() - margin:
            dy = self.size.height() - margin - p.y()
        if dx or dy:
            self.pan_pixels(dx, dy)

    def _clamp(self) -> None:
        fw, fh = self._fit()
        for attr, span, room in (("cx", fw * self.zoom, self.size.width()), ("cy", fh * self.zoom, self.size.height())):
            if span <= room - 2 * MARGIN + 0.5:
                setattr(self, attr, 0.5)
            else:
                half = (room / 2 - MARGIN) / span
                setattr(self, attr, min(max(getattr(self, attr), half), 1 - half))

    def state(self) -> tuple:
        return (round(self.size.width()), round(self.size.height()), round(self.zoom, 4),
                round(self.cx, 5), round(self.cy, 5), self.aspect)
