"""Reduced-size decoding with QImageReader: only the pixels the screen needs.

``QImageReader.setScaledSize`` lets the JPEG decoder skip most of the work
(it decodes at 1/2, 1/4 or 1/8 scale), and ``setAutoTransform(True)`` turns
the picture the way its EXIF orientation says. ``QImageReader.read`` releases
the GIL, so several threads decode at once. An allocation limit keeps a
hostile or enormous file from exhausting memory.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader, QTransform

log = logging.getLogger(__name__)

# Qt refuses to allocate more than this for one decoded image (Qt's own default is 256 MB).
ALLOCATION_LIMIT_MB = 256
# The largest side of an image decoded for comparing and measuring on screen.
DISPLAY_MAX_SIDE = 2400

_QUARTER_TURN = QImageIOHandler.Transformation.TransformationRotate90


def set_allocation_limit(mbytes: int = ALLOCATION_LIMIT_MB) -> None:
    QImageReader.setAllocationLimit(mbytes)


class DecodeError(Exception):
    """The picture could not be decoded; the message is fit to show."""


@dataclass(frozen=True)
class Decoded:
    image: QImage
    full_width: int  # the whole picture as displayed (after EXIF orientation)
    full_height: int

    @property
    def scale(self) -> float:
        """Full-size pixels per decoded pixel."""
        return self.full_width / max(1, self.image.width())


def scaled_reader(path: Path | str, max_side: int, *, enlarge: bool = False) -> tuple[QImageReader, QSize]:
    """A reader set up to decode at most ``max_side`` pixels on the longer side, turned upright.

    Returns the reader and the full upright size of the picture.
    """
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    raw = reader.size()  # as stored, before the EXIF turn
    if not raw.isValid():
        raise DecodeError(f"{Path(path).name}: {reader.errorString()}")
    upright = raw.transposed() if reader.transformation() & _QUARTER_TURN else raw
    if enlarge or raw.width() > max_side or raw.height() > max_side:
        reader.setScaledSize(raw.scaled(QSize(max_side, max_side), Qt.AspectRatioMode.KeepAspectRatio))
    return reader, upright


def decode_scaled(path: Path | str, max_side: int) -> Decoded:
    """Decode a picture to fit ``max_side`` (never enlarged), honouring its EXIF orientation."""
    reader, upright = scaled_reader(path, max_side)
    image = reader.read()
    if image.isNull():
        raise DecodeError(f"{Path(path).name}: {reader.errorString()}")
    return Decoded(image, upright.width(), upright.height())


def load_display_image(path: Path | str, max_side: int = DISPLAY_MAX_SIDE) -> Decoded:
    """An image for the compare and measure views: screen-sized, upright, memory-bounded."""
    return decode_scaled(path, max_side)


def turned_image(image: QImage, rotation: int) -> QImage:
    """The image turned clockwise for display (the stored file is never changed)."""
    turn = rotation % 360
    return image.transformed(QTransform().rotate(turn)) if turn else image


def turned(decoded: Decoded, rotation: int) -> Decoded:
    """A decoded picture as the view shows it, turned clockwise by ``rotation``."""
    turn = rotation % 360
    if not turn:
        return decoded
    w, h = (decoded.full_height, decoded.full_width) if turn in (90, 270) else (decoded.full_width, decoded.full_height)
    return Decoded(turned_image(decoded.image, turn), w, h)
