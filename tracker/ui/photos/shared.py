"""What the photo widgets of one window share: the store, one thumbnail
loader (so memory stays bounded however many grids are open), small painting
and formatting helpers."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shiboken6

from PySide6.QtCore import QModelIndex, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from tracker.imaging.decode import load_display_image, set_allocation_limit, turned_image
from tracker.imaging.thumbnail_loader import ThumbnailLoader
from tracker.services.capture_standards import capture_standards
from tracker.services.photo_geometry import turn_point, unturn_point
from tracker.services.photo_store import PhotoStore, thumbnails_dir
from tracker.services.photos import PhotoView

LOADER_NAME = "photo-thumbnail-loader"
PREVIEW_LOADER_NAME = "photo-preview-loader"


def thumbnail_loader(ctx) -> ThumbnailLoader:  # noqa: ANN001
    """The window's loader for stored photos (disk cache beside the store)."""
    loader = ctx.findChild(ThumbnailLoader, LOADER_NAME)
    if loader is None:
        set_allocation_limit()
        loader = ThumbnailLoader(thumbnails_dir(ctx.location), parent=ctx)
        loader.setObjectName(LOADER_NAME)
    return loader


def tidy_store_once(ctx) -> None:  # noqa: ANN001
    """When photos are first shown in a window, remove temporary files left by
    an import that was killed (in the background; they belong to no record)."""
    if ctx.property("photo-store-tidied"):
        return
    ctx.setProperty("photo-store-tidied", True)
    ctx.tasks.run(photo_store(ctx).clean_leftovers)


def preview_loader(parent) -> ThumbnailLoader:  # noqa: ANN001
    """A loader for files not yet imported (memory only, nothing cached on disk)."""
    set_allocation_limit()
    loader = ThumbnailLoader(None, parent=parent)
    loader.setObjectName(PREVIEW_LOADER_NAME)
    return loader


def photo_store(ctx) -> PhotoStore:  # noqa: ANN001
    return PhotoStore.for_location(ctx.location)


def photo_path(ctx, photo: PhotoView) -> Path:  # noqa: ANN001
    return photo.file_path(ctx.location)


def request_thumbnail(ctx, photo: PhotoView, loader: ThumbnailLoader) -> QImage | None:  # noqa: ANN001
    """The photo's thumbnail from the window's ``loader``, turned as its view settings say (None while it loads).
    Asked at every paint of a card: one already in memory costs a dictionary lookup."""
    image = loader.get(photo.sha256)
    if image is None:
        image = loader.request(photo.sha256, photo_path(ctx, photo))
    if image is None:
        return None
    if photo.crop and photo.width:
        scale = image.width() / photo.width
        left, top, width, height = (round(v * scale) for v in photo.crop)
        image = image.copy(QRect(left, top, max(1, width), max(1, height)))
    return turned_image(image, photo.rotation)


@dataclass(frozen=True)
class ViewFrame:
    """Converts between stored coordinates (the upright picture) and the turned view."""

    rotation: int
    width: float
    height: float

    @classmethod
    def of(cls, photo: PhotoView) -> ViewFrame:
        return cls(photo.rotation, photo.width or 1, photo.height or 1)

    def to_view(self, point) -> QPointF:  # noqa: ANN001
        x, y = (point.x(), point.y()) if isinstance(point, QPointF) else point
        return QPointF(*turn_point((x, y), self.rotation, self.width, self.height))

    def to_stored(self, point: QPointF) -> tuple[float, float]:
        x, y = unturn_point((point.x(), point.y()), self.rotation, self.width, self.height)
        return (round(x, 2), round(y, 2))

    def crop_in_view(self, crop: tuple[float, float, float, float] | None) -> QRectF | None:
        if not crop:
            return None
        left, top, width, height = crop
        return QRectF(self.to_view((left, top)), self.to_view((left + width, top + height))).normalized()

    def crop_to_store(self, rect: QRectF) -> list[float]:
        a, b = self.to_stored(rect.topLeft()), self.to_stored(rect.bottomRight())
        left, top = min(a[0], b[0]), min(a[1], b[1])
        return [left, top, round(abs(b[0] - a[0]), 2), round(abs(b[1] - a[1]), 2)]


def day_text(day: date | datetime | None) -> str:
    if day is None:
        return "no date"
    return day.strftime("%d %b %Y")


def view_text(code: str | None) -> str:
    return capture_standards().view_text(code)


def measurements_text(count: int) -> str:
    """'measurement' or '3 measurements', after 'the'."""
    return "measurement" if count == 1 else f"{count} measurements"


def photo_caption(photo: PhotoView, *, with_lesion: bool = True) -> str:
    parts = [day_text(photo.taken_on)]
    if photo.view_label:
        parts.append(view_text(photo.view_label))
    if with_lesion:
        parts.append(photo.lesion_label or "no lesion")
    return " · ".join(parts)


def paint_thumbnail(painter: QPainter, rect: QRect, image: QImage | None, waiting_text: str = "loading…") -> None:
    """Draw a thumbnail centred and scaled to fit ``rect``; a quiet placeholder until it is there."""
    if image is None or image.isNull():
        painter.fillRect(rect, QColor("#e9ecef"))
        painter.setPen(QColor("#6c757d"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, waiting_text)
        return
    size = image.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRect(0, 0, size.width(), size.height())
    target.moveCenter(rect.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)
    painter.restore()


def run_for(owner: QWidget, fn: Callable, *args, on_done: Callable | None = None, on_error: Callable | None = None,  # noqa: ANN002, ANN003
            on_progress: Callable | None = None, **kwargs):  # noqa: ANN201
    """``ctx.tasks.run`` on behalf of a widget that may be closed (and deleted)
    before the work ends: answers for a deleted widget are dropped."""
    def guard(callback: Callable | None) -> Callable | None:
        if callback is None:
            return None

        def call(*values) -> None:  # noqa: ANN002
            if shiboken6.isValid(owner):
                callback(*values)
        return call

    return owner.ctx.tasks.run(fn, *args, on_done=guard(on_done), on_error=guard(on_error),
                               on_progress=guard(on_progress), **kwargs)


class PictureRequests:
    """Loads display-size pictures in the background for one window; a newer
    request for the same slot makes an older, slower answer be ignored."""

    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self._serial: dict[int, int] = {}

    def load(self, slot: int, photo: PhotoView, on_done, on_error) -> None:  # noqa: ANN001
        serial = self._serial.get(slot, 0) + 1
        self._serial[slot] = serial

        def done(decoded) -> None:  # noqa: ANN001
            if self._serial.get(slot) == serial:
                on_done(decoded)

        def failed(exc: Exception) -> None:
            if self._serial.get(slot) == serial:
                on_error(exc)

        run_for(self.owner, load_display_image, photo_path(self.owner.ctx, photo), on_done=done, on_error=failed)


def toggle_buttons(owner: QWidget, choices: Sequence[tuple[str, str]], kind: str,
                   on_choose: Callable[[str], None]) -> tuple[QButtonGroup, QHBoxLayout]:
    """A row of exclusive toggle buttons (modes, tools); the first is on."""
    group = QButtonGroup(owner)
    row = QHBoxLayout()
    row.setSpacing(0)
    for key, title in choices:
        button = QToolButton(text=title, checkable=True, accessibleName=f"{title} {kind}")
        button.setProperty("choice", key)
        group.addButton(button)
        row.addWidget(button)
    group.buttons()[0].setChecked(True)
    group.buttonClicked.connect(lambda b: on_choose(b.property("choice")))
    return group, row


def check_choice(group: QButtonGroup, key: str) -> None:
    for button in group.buttons():
        button.setChecked(button.property("choice") == key)


class ThumbnailUpdates:
    """For item models showing thumbnails: repaint the item whose thumbnail just arrived."""

    def index_for_thumbnail(self, key: str) -> QModelIndex | None:
        raise NotImplementedError

    def thumbnail_arrived(self, key: str) -> None:
        index = self.index_for_thumbnail(key)
        if index is not None and index.isValid():
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
