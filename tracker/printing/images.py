"""Pictures for documents: the body-map drawing with injection points, photos, the clinic logo.

The SVG drawing of a view is rendered once per size and kept (rendering is
the slow part); each document paints its numbered points on a copy.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF

from tracker.imaging.decode import DecodeError, decode_scaled, turned_image
from tracker.paths import resource
from tracker.printing.html import image_tag
from tracker.services import body_map
from tracker.services.body_map_data import VIEWS
from tracker.services.documents import MapArea, MapMark, ReportPhoto

log = logging.getLogger(__name__)

#: Raster pixels per CSS pixel for pictures in print (96 CSS px per inch -> 240 dpi).
PRINT_SCALE = 2.5
MARK_FILL = "#b00020"
LOGO_BOX_PX = (96, 52)


def drawing_path(view: str) -> Path | None:
    """The body-map drawing of a view, or None for a view the body map does not know.

    The drawings ship as ``<view>.svg`` beside the body map's region file (its build script writes
    both); the region data, slow to load, is read only when a drawing is named otherwise."""
    if view not in VIEWS:
        return None
    try:
        shipped = resource("bodymap", f"{view}.svg")
        return shipped if shipped.is_file() else body_map.drawing_path(view)
    except (KeyError, FileNotFoundError):
        return None


@lru_cache(maxsize=32)
def _drawing(path: str, height: int) -> QImage | None:
    from PySide6.QtSvg import QSvgRenderer  # only documents with a body map need it

    renderer = QSvgRenderer(path)
    if not renderer.isValid():
        log.warning("body-map drawing %s could not be read", path)
        return None
    box = renderer.viewBoxF()
    if box.isEmpty():
        box = QRectF(0, 0, renderer.defaultSize().width(), renderer.defaultSize().height())
    width = max(1, round(height * box.width() / box.height()))
    image = QImage(width, height, QImage.Format.Format_RGB32)  # on white paper: no alpha to embed
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def _badge(painter: QPainter, centre: QPointF, radius: float, number: int) -> None:
    painter.setPen(QPen(QColor("white"), radius * 0.22))
    painter.setBrush(QColor(MARK_FILL))
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                     Qt.AlignmentFlag.AlignCenter, str(number))


def _paint_marks(image: QImage, marks: list[MapMark]) -> None:
    """Each injection point as a dot; each lesion's number in a badge beside its points (on a lone point, on it)."""
    groups: dict[int, list[QPointF]] = {}
    for mark in marks:
        groups.setdefault(mark.number, []).append(QPointF(mark.x * image.width(), mark.y * image.height()))
    dot, badge = max(3.0, image.height() * 0.014), max(7.0, image.height() * 0.034)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(round(badge * 1.3))
    painter.setFont(font)
    for number, points in groups.items():
        if len(points) == 1:
            _badge(painter, points[0], badge, number)
            continue
        painter.setPen(QPen(QColor("white"), dot * 0.4))
        painter.setBrush(QColor(MARK_FILL))
        for point in points:
            painter.drawEllipse(point, dot, dot)
        centre = QPointF(sum(p.x() for p in points) / len(points), sum(p.y() for p in points) / len(points))
        spread = max(abs(p.x() - centre.x()) for p in points) + badge * 1.8
        side = -1 if centre.x() < image.width() / 2 else 1
        anchor = QPointF(min(max(centre.x() + side * spread, badge), image.width() - badge),
                         min(max(centre.y() - badge, badge), image.height() - badge))
        painter.setPen(QPen(QColor(MARK_FILL), dot * 0.45))
        painter.drawLine(centre, anchor)
        _badge(painter, anchor, badge, number)
    painter.end()


def _paint_areas(image: QImage, areas: list[MapArea]) -> None:
    """Each area shaded, with its lesion's number in a badge at its middle."""
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(MARK_FILL)
    fill.setAlpha(110)
    badge = max(7.0, image.height() * 0.034)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(round(badge * 1.3))
    painter.setFont(font)
    for area in areas:
        outline = QPainterPath()
        for polygon in area.polygons:
            outline.addPolygon(QPolygonF([QPointF(x * image.width(), y * image.height()) for x, y in polygon]))
            outline.closeSubpath()
        painter.setPen(QPen(QColor(MARK_FILL), max(1.0, image.height() * 0.004)))
        painter.setBrush(fill)
        painter.drawPath(outline)
        _badge(painter, outline.boundingRect().center(), badge, area.number)
    painter.end()


def body_map_image(view: str, marks: Iterable[MapMark], height: int, areas: Iterable[MapArea] = ()) -> QImage | None:
    """The drawing of one view, ``height`` pixels tall, with shaded areas and numbered points; None without a drawing."""
    path = drawing_path(view)
    if path is None:
        log.info("no body-map drawing for view %r", view)
        return None
    base = _drawing(str(path), height)
    if base is None:
        return None
    image = base.copy()
    _paint_areas(image, [a for a in areas if a.view == view])
    _paint_marks(image, [m for m in marks if m.view == view])
    return image


def photo_image(photo: ReportPhoto, box: QSize) -> QImage | None:
    """A photo as the viewer shows it (upright, framed by its crop, turned by its rotation), fitted into ``box``."""
    if not Path(photo.path).is_file():
        log.warning("photo %s is missing from the store (%s)", photo.photo_id, photo.path)
        return None
    upright_box = box.transposed() if photo.rotation in (90, 270) else box
    longest = max(upright_box.width(), upright_box.height())
    if photo.crop and photo.width and photo.height:
        # Decode just enough for the kept framing to fill the box.
        scale = min(upright_box.width() / photo.crop[2], upright_box.height() / photo.crop[3], 1.0)
        longest = max(1, round(max(photo.width, photo.height) * scale))
    try:
        decoded = decode_scaled(photo.path, longest)
    except DecodeError as exc:
        log.warning("photo %s cannot be read: %s", photo.photo_id, exc)
        return None
    image = decoded.image
    if photo.crop:
        s = image.width() / max(1, decoded.full_width)
        left, top, width, height = photo.crop
        image = image.copy(QRect(round(left * s), round(top * s), max(1, round(width * s)), max(1, round(height * s))))
    return turned_image(image, photo.rotation)


def logo_image(path: str | None, box: QSize) -> QImage | None:
    if not path:
        return None
    if not Path(path).is_file():
        log.warning("clinic logo %s not found", path)
        return None
    try:
        return decode_scaled(path, max(box.width(), box.height())).image
    except DecodeError as exc:
        log.warning("clinic logo cannot be read: %s", exc)
        return None


def css_size(image: QImage, max_width: int, max_height: int) -> tuple[int, int]:
    """The size in CSS pixels an image is printed at: within the box, aspect kept."""
    scale = min(max_width / image.width(), max_height / image.height())
    return max(1, round(image.width() * scale)), max(1, round(image.height() * scale))


class ImageSet:
    """Collects the pictures a document needs, each under a unique name."""

    def __init__(self) -> None:
        self.items: list[tuple[str, QImage]] = []

    def add(self, prefix: str, image: QImage, max_w: int, max_h: int) -> tuple[str, int, int]:
        """Register an image; returns its name and printed size in CSS pixels."""
        name = f"{prefix}-{len(self.items)}"
        self.items.append((name, image))
        return (name, *css_size(image, max_w, max_h))

    def tag(self, prefix: str, image: QImage, max_w: int, max_h: int) -> str:
        return image_tag(*self.add(prefix, image, max_w, max_h))


def clinic_logo(logo_path: str | None, images: ImageSet) -> tuple[str, int, int] | None:
    box_w, box_h = LOGO_BOX_PX
    image = logo_image(logo_path, QSize(round(box_w * PRINT_SCALE), round(box_h * PRINT_SCALE)))
    return None if image is None else images.add("logo", image, box_w, box_h)
