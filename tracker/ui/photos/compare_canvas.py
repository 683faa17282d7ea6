"""Painting two photos for comparison: side by side, overlaid with an
opacity, or split by a swipe divider; the second photo placed onto the first
by its two-point alignment when there is one, else simply fitted."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QTransform
from PySide6.QtWidgets import QWidget

from tracker.imaging.decode import Decoded
from tracker.services.photo_geometry import Similarity
from tracker.ui.photos.canvas import ImageCanvas

SIDE, OVERLAY, SWIPE = "side", "overlay", "swipe"
GAP = 4
DIVIDER_GRAB = 10
LANDMARK_COLOURS = (QColor("#ffd43b"), QColor("#63e6be"))


def similarity_transform(sim: Similarity) -> QTransform:
    c, s = math.cos(sim.angle) * sim.scale, math.sin(sim.angle) * sim.scale
    return QTransform(c, s, -s, c, sim.tx, sim.ty)


class CompareCanvas(ImageCanvas):
    swipe_moved = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Photo comparison")
        self.mode = SIDE
        self.opacity = 0.5
        self.swipe = 0.5
        self.pictures: list[Decoded | None] = [None, None]
        self.captions = ["", ""]
        self.alignment: Similarity | None = None
        self.use_alignment = True
        self.landmarks: list[list[QPointF]] = [[], []]  # in each photo's own full-size coordinates

    # ---- state -----------------------------------------------------------------------------
    def set_picture(self, index: int, picture: Decoded | None, caption: str) -> None:
        self.pictures[index] = picture
        self.captions[index] = caption
        if index == 0 or self._auto_fit:
            self.fit()
        self.update()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.fit() if self._auto_fit else self.update()

    def set_opacity(self, value: float) -> None:
        self.opacity = max(0.0, min(1.0, value))
        self.update()

    def set_swipe(self, fraction: float) -> None:
        self.swipe = max(0.0, min(1.0, fraction))
        self.update()
        self.swipe_moved.emit(self.swipe)

    @property
    def ready(self) -> bool:
        return all(p is not None for p in self.pictures)

    def placement(self, index: int) -> QTransform:
        """Maps photo ``index``'s full-size coordinates onto the reference (the first photo)."""
        if index == 0 or not self.ready:
            return QTransform()
        if self.use_alignment and self.alignment is not None:
            return similarity_transform(self.alignment)
        a, b = self.pictures
        scale = min(a.full_width / b.full_width, a.full_height / b.full_height)
        t = QTransform()
        t.translate((a.full_width - b.full_width * scale) / 2, (a.full_height - b.full_height * scale) / 2)
        t.scale(scale, scale)
        return t

    def photo_point(self, index: int, reference: QPointF) -> QPointF:
        inverted, _ok = self.placement(index).inverted()
        return inverted.map(reference)

    # ---- geometry ----------------------------------------------------------------------------
    def reference_size(self) -> QSizeF:
        first = self.pictures[0]
        return QSizeF(first.full_width, first.full_height) if first else QSizeF(1, 1)

    def pane_rects(self, rect: QRectF) -> list[QRectF]:
        if self.mode != SIDE:
            return [rect]
        half = (rect.width() - GAP) / 2
        return [QRectF(rect.left(), rect.top(), half, rect.height()),
                QRectF(rect.left() + half + GAP, rect.top(), half, rect.height())]

    def divider_x(self, rect: QRectF | None = None) -> float:
        pane = self.pane_rects(rect or QRectF(self.rect()))[0]
        return pane.left() + pane.width() * self.swipe

    # ---- painting ------------------------------------------------------------------------------
    def _draw(self, painter: QPainter, index: int, opacity: float = 1.0) -> None:
        picture = self.pictures[index]
        if picture is None:
            return
        painter.save()
        painter.setTransform(self.placement(index), True)
        painter.setOpacity(opacity)
        painter.drawImage(QRectF(0, 0, picture.full_width, picture.full_height), picture.image)
        painter.restore()

    def _draw_landmarks(self, painter: QPainter, index: int) -> None:
        marks = self.landmarks[index]
        if not marks:
            return
        placement = self.placement(index)
        radius = 9 / self.zoom
        font = QFont(painter.font())
        font.setPointSizeF(max(1.0, 11 / self.zoom))
        painter.save()
        painter.setFont(font)
        for n, mark in enumerate(marks):
            at = placement.map(mark)
            painter.setPen(QPen(QColor("#000000"), 3 / self.zoom))
            painter.setBrush(QBrush(LANDMARK_COLOURS[n % 2]))
            painter.drawEllipse(at, radius, radius)
            painter.setPen(QPen(QColor("#000000")))
            painter.drawText(QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius),
                             Qt.AlignmentFlag.AlignCenter, str(n + 1))
        painter.restore()

    def paint_pane(self, painter: QPainter, index: int, pane: QRectF) -> None:
        if self.mode == SIDE:
            self._draw(painter, index)
            self._draw_landmarks(painter, index)
            return
        self._draw(painter, 0)
        if self.mode == OVERLAY:
            self._draw(painter, 1, self.opacity)
            return
        inverted, _ok = self.view_transform(pane).inverted()
        x = pane.left() + pane.width() * self.swipe
        painter.save()
        painter.setClipRect(inverted.mapRect(QRectF(x, pane.top(), pane.right() - x, pane.height())),
                            Qt.ClipOperation.IntersectClip)
        self._draw(painter, 1)
        painter.restore()

    def _caption(self, painter: QPainter, text: str, at: QPointF, right: bool = False) -> None:
        if not text:
            return
        metrics = QFontMetrics(painter.font())
        box = QRectF(0, 0, metrics.horizontalAdvance(text) + 14, metrics.height() + 8)
        box.moveTopRight(at) if right else box.moveTopLeft(at)
        painter.fillRect(box, QColor(0, 0, 0, 170))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def paint_overlay(self, painter: QPainter, rect: QRectF) -> None:
        panes = self.pane_rects(rect)
        if not self.ready:
            painter.setPen(QColor("#dee2e6"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Loading the photos…")
            return
        first, second = self.captions
        if self.mode == SIDE:
            self._caption(painter, first, panes[0].topLeft() + QPointF(8, 8))
            self._caption(painter, second, panes[1].topLeft() + QPointF(8, 8))
        elif self.mode == OVERLAY:
            self._caption(painter, first, rect.topLeft() + QPointF(8, 8))
            self._caption(painter, f"{second} at {round(self.opacity * 100)}%", rect.topLeft() + QPointF(8, 40))
        else:
            x = self.divider_x(rect)
            self._caption(painter, first, rect.topLeft() + QPointF(8, 8))
            self._caption(painter, second, rect.topRight() + QPointF(-8, 8), right=True)
            painter.setPen(QPen(QColor("#ffffff"), 2))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            handle = QRectF(x - 9, rect.center().y() - 22, 18, 44)
            painter.setBrush(QColor("#ffffff"))
            painter.setPen(QPen(QColor("#343a40"), 1))
            painter.drawRoundedRect(handle, 6, 6)

    # ---- the swipe divider -----------------------------------------------------------------------
    def drag_started(self, pos: QPointF) -> bool:
        return self.mode == SWIPE and abs(pos.x() - self.divider_x()) <= DIVIDER_GRAB

    def drag_moved(self, pos: QPointF) -> None:
        pane = self.panes()[0]
        self.set_swipe((pos.x() - pane.left()) / max(1.0, pane.width()))
