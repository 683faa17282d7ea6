"""A strip of a lesion's photos under its progress chart, each placed at its
date on the chart's time axis. Thumbnails are decoded at reduced size in a
worker (bounded: at most 24 photos, 72 pixels high); the strip shows dated
placeholders until they arrive."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QToolTip, QWidget

from tracker.charts.progress_chart import msecs
from tracker.services.lesion_photos import PhotoRef

log = logging.getLogger(__name__)

THUMB_HEIGHT = 72
GAP = 4


def load_thumbnails(refs: list[PhotoRef], height: int = THUMB_HEIGHT, progress=None) -> dict[int, QImage | None]:  # noqa: ANN001
    """Decode each photo at thumbnail size (runs in a worker; QImage only)."""
    out: dict[int, QImage | None] = {}
    for n, ref in enumerate(refs):
        reader = QImageReader(str(ref.path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.height() > 0:
            reader.setScaledSize(QSize(max(1, round(size.width() * height / size.height())), height))
        image = reader.read()
        out[ref.id] = None if image.isNull() else image
        if image.isNull():
            log.warning("photo %s could not be read: %s", ref.path, reader.errorString())
        if progress is not None and not progress(n + 1, len(refs), ref.path.name):
            break
    return out


@dataclass
class _Placed:
    ref: PhotoRef
    rect: QRectF
    tick_x: float


class PhotoStrip(QWidget):
    photo_clicked = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName("Photo strip")
        self.setFixedHeight(28)
        self.setMouseTracking(True)
        self.refs: list[PhotoRef] = []
        self.images: dict[int, QPixmap | None] = {}
        self._task = None
        self._axis: tuple[float, float, float, float] | None = None  # start ms, end ms, left px, width px
        self._placed: list[_Placed] = []
        self.hidden_count = 0

    # ---- public -------------------------------------------------------------

    def set_photos(self, refs: list[PhotoRef]) -> None:
        if self._task is not None:
            self._task.cancel()
        self.refs, self.images = list(refs), {}
        self.setFixedHeight(THUMB_HEIGHT + 34 if refs else 28)
        self._layout()
        if refs:
            self._task = self.ctx.tasks.run(load_thumbnails, list(refs), THUMB_HEIGHT, on_done=self._loaded, owner=self,
                                            on_error=lambda exc: log.warning("thumbnails failed: %s", exc))
        self.update()

    def set_axis(self, start_ms: float, end_ms: float, left_px: float, width_px: float) -> None:
        """Where the chart's time axis is, in this widget's x coordinates."""
        self._axis = (start_ms, end_ms, left_px, width_px)
        self._layout()
        self.update()

    @property
    def loading(self) -> bool:
        return bool(self.refs) and not self.images

    def placed_ids(self) -> list[int]:
        return [p.ref.id for p in self._placed]

    # ---- internals -----------------------------------------------------------

    def _loaded(self, images: dict) -> None:  # noqa: ANN001
        self._task = None
        self.images = {pid: (QPixmap.fromImage(img) if img is not None else None) for pid, img in images.items()}
        self._layout()
        self.update()

    def _x_of(self, ref: PhotoRef) -> float:
        if self._axis is None:
            return 0.0
        start, end, left, width = self._axis
        return left + (msecs(ref.day) - start) / max(1.0, end - start) * width

    def _width_of(self, ref: PhotoRef) -> float:
        pixmap = self.images.get(ref.id)
        return float(pixmap.width()) if pixmap is not None else THUMB_HEIGHT * 4 / 3

    def _layout(self) -> None:
        """Centre each photo under its date; push a photo right when it would
        overlap the one before; leave out what does not fit (counted)."""
        self._placed, self.hidden_count = [], 0
        limit = self.width() - GAP
        right = float("-inf")
        for ref in self.refs:
            width, tick = self._width_of(ref), self._x_of(ref) if self._axis else None
            if tick is None:
                tick = right + GAP + width / 2 if right != float("-inf") else GAP + width / 2
            left = max(tick - width / 2, right + GAP, 0.0)
            if left + width > limit:
                self.hidden_count += 1
                continue
            self._placed.append(_Placed(ref, QRectF(left, 10, width, THUMB_HEIGHT), tick))
            right = left + width

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._layout()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        if not self.refs:
            painter.setPen(QColor("#6b6b6b"))
            painter.drawText(self.rect(), Qt.AlignCenter, "No photos of this lesion yet")
            return
        for placed in self._placed:
            rect = placed.rect
            painter.setPen(QColor("#7a3fb0"))
            painter.drawLine(QPointF(placed.tick_x, 0), QPointF(placed.tick_x, 8))
            painter.drawLine(QPointF(placed.tick_x, 8), QPointF(rect.center().x(), rect.top()))
            pixmap = self.images.get(placed.ref.id)
            if pixmap is not None:
                painter.drawPixmap(rect.toRect(), pixmap)
            else:
                painter.fillRect(rect, QColor("#eceff3"))
                painter.setPen(QColor("#6b6b6b"))
                text = "loading…" if placed.ref.id not in self.images else "unreadable"
                painter.drawText(rect, Qt.AlignCenter, text)
            painter.setPen(QColor("#303030"))
            painter.drawText(QRectF(rect.left() - 10, rect.bottom() + 2, rect.width() + 20, 18), Qt.AlignHCenter,
                             placed.ref.day.strftime("%d %b %y"))
        if self.hidden_count:
            painter.setPen(QColor("#6b6b6b"))
            painter.drawText(self.rect().adjusted(0, 0, -4, -2), Qt.AlignRight | Qt.AlignBottom, f"+{self.hidden_count} more")

    def _at(self, pos: QPointF) -> _Placed | None:
        return next((p for p in self._placed if p.rect.contains(pos)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self._at(event.position())
        if hit is not None:
            label = f" ({hit.ref.view_label})" if hit.ref.view_label else ""
            QToolTip.showText(event.globalPosition().toPoint(), f"Photo of {hit.ref.day:%d %b %Y}{label}", self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self._at(event.position())
        if hit is not None and event.button() == Qt.LeftButton:
            self.photo_clicked.emit(hit.ref.id)
