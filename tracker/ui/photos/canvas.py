"""A zoomable, pannable picture surface shared by the compare and measure views.

Everything on the canvas lives in *reference* coordinates: pixels of the
full-size first picture as displayed (after EXIF orientation). One zoom and
one centre apply to every pane, so side-by-side panes move together. The
wheel zooms about the cursor, dragging pans, a click (press and release
without moving) is reported as ``clicked(pane, reference point)``.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

CLICK_SLOP = 4  # pixels a press may move and still be a click
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.01, 40.0
BACKGROUND = QColor("#2b2f33")


class ImageCanvas(QWidget):
    clicked = Signal(int, QPointF)  # pane index, reference point
    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zoom = 1.0
        self.center = QPointF(0, 0)
        self.crop: QRectF | None = None  # the saved framing, in reference coordinates
        self._auto_fit = True
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self._dragging = False
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

    # ---- for subclasses ---------------------------------------------------------------
    def reference_size(self) -> QSizeF:
        return QSizeF(1, 1)

    def pane_rects(self, rect: QRectF) -> list[QRectF]:
        return [rect]

    def paint_pane(self, painter: QPainter, index: int, pane: QRectF) -> None:
        """Draw pane ``index``; the painter already maps reference coordinates."""

    def paint_overlay(self, painter: QPainter, rect: QRectF) -> None:
        """Draw over everything, in widget coordinates (captions, dividers)."""

    def drag_started(self, pos: QPointF) -> bool:
        """Return True to take over a drag that starts at ``pos`` (e.g. a divider)."""
        return False

    def drag_moved(self, pos: QPointF) -> None:
        """A drag taken over by ``drag_started`` moved."""

    # ---- mapping --------------------------------------------------------------------------
    def panes(self) -> list[QRectF]:
        return self.pane_rects(QRectF(self.rect()))

    def view_transform(self, pane: QRectF) -> QTransform:
        t = QTransform()
        t.translate(pane.center().x(), pane.center().y())
        t.scale(self.zoom, self.zoom)
        t.translate(-self.center.x(), -self.center.y())
        return t

    def widget_point(self, reference: QPointF | tuple[float, float], pane: int = 0) -> QPointF:
        """Where a reference point appears on the widget (in pane ``pane``)."""
        point = reference if isinstance(reference, QPointF) else QPointF(*reference)
        return self.view_transform(self.panes()[pane]).map(point)

    def reference_point(self, pos: QPointF, pane: int = 0) -> QPointF:
        inverted, _ok = self.view_transform(self.panes()[pane]).inverted()
        return inverted.map(pos)

    def pane_at(self, pos: QPointF) -> int | None:
        return next((n for n, r in enumerate(self.panes()) if r.contains(pos)), None)

    # ---- zoom and pan ---------------------------------------------------------------------
    def framing(self) -> QRectF:
        """What 'fit' shows, in reference coordinates: the whole picture, or its saved crop."""
        size = self.reference_size()
        whole = QRectF(0, 0, size.width(), size.height())
        return self.crop.intersected(whole) if self.crop is not None and self.crop.intersects(whole) else whole

    def visible_rect(self) -> QRectF:
        """The part of the reference shown in the first pane, clipped to the picture."""
        size = self.reference_size()
        pane = self.panes()[0]
        seen = QRectF(self.reference_point(pane.topLeft()), self.reference_point(pane.bottomRight()))
        return seen.intersected(QRectF(0, 0, size.width(), size.height()))

    def fit(self) -> None:
        frame = self.framing()
        pane = self.panes()[0]
        if frame.width() <= 0 or frame.height() <= 0 or pane.width() <= 0:
            return
        self.zoom = min(pane.width() / frame.width(), pane.height() / frame.height()) * 0.97
        self.center = frame.center()
        self._auto_fit = True
        self.update()
        self.view_changed.emit()

    def zoom_by(self, factor: float, about: QPointF | None = None) -> None:
        pane_index = self.pane_at(about) if about is not None else None
        pane = self.panes()[pane_index or 0]
        anchor = about if about is not None and pane_index is not None else pane.center()
        fixed = self.reference_point(anchor, pane_index or 0)
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom * factor))
        # keep the reference point under the anchor where it was
        self.center = QPointF(fixed.x() - (anchor.x() - pane.center().x()) / self.zoom,
                              fixed.y() - (anchor.y() - pane.center().y()) / self.zoom)
        self._auto_fit = False
        self.update()
        self.view_changed.emit()

    def show_at(self, zoom: float, center: QPointF | tuple[float, float]) -> None:
        """Show the reference point ``center`` in the middle of the panes at ``zoom``."""
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.center = center if isinstance(center, QPointF) else QPointF(*center)
        self._auto_fit = False
        self.update()
        self.view_changed.emit()

    def pan_by(self, dx: float, dy: float) -> None:
        self.center = QPointF(self.center.x() - dx / self.zoom, self.center.y() - dy / self.zoom)
        self._auto_fit = False
        self.update()
        self.view_changed.emit()

    # ---- painting ---------------------------------------------------------------------------
    def paint_into(self, painter: QPainter, rect: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, BACKGROUND)
        for n, pane in enumerate(self.pane_rects(rect)):
            painter.save()
            painter.setClipRect(pane)
            painter.setTransform(self.view_transform(pane), True)
            self.paint_pane(painter, n, pane)
            painter.restore()
        self.paint_overlay(painter, rect)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        self.paint_into(painter, QRectF(self.rect()))
        painter.end()

    def render_image(self, scale: float = 2.0) -> QImage:
        """What the canvas shows, as an image (for exporting)."""
        image = QImage(int(self.width() * scale), int(self.height() * scale), QImage.Format.Format_RGB32)
        painter = QPainter(image)
        painter.scale(scale, scale)
        self.paint_into(painter, QRectF(self.rect()))
        painter.end()
        return image

    # ---- events ---------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._last = event.position()
            self._dragging = self.drag_started(event.position())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            pos = event.position()
            if self._dragging:
                self.drag_moved(pos)
            elif (pos - self._press).manhattanLength() > CLICK_SLOP:
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.pan_by(pos.x() - self._last.x(), pos.y() - self._last.y())
            self._last = pos
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            pos = event.position()
            if not self._dragging and (pos - self._press).manhattanLength() <= CLICK_SLOP:
                pane = self.pane_at(pos)
                if pane is not None:
                    self.clicked.emit(pane, self.reference_point(pos, pane))
            self._press = self._last = None
            self._dragging = False
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
