"""Looking inside an image file before it is stored: is it a photo we accept,
is it whole, how big is it, when was it taken, which way up is it.

Pillow reads headers and EXIF; a JPEG is decoded at 1/8 scale (cheap in
memory and time) so a truncated file is caught; a PNG has every chunk's CRC
checked. Images larger than ``MAX_PIXELS`` are refused before any decoding,
so a 20,000 x 20,000 picture cannot exhaust memory.
"""
from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

from tracker.services.errors import ServiceError

log = logging.getLogger(__name__)

# 120 million pixels: above the largest medium-format cameras (about 100 MP).
MAX_PIXELS = 120_000_000
# PNG/TIFF are decoded fully to check them only up to this size (memory ~4 bytes a pixel).
FULL_DECODE_PIXELS = 40_000_000

FORMATS = {  # Pillow format -> (media type, file extension)
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),  # multi-picture JPEG written by some cameras
    "PNG": ("image/png", "png"),
    "TIFF": ("image/tiff", "tif"),
}
EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff"})
# EXIF orientations 5-8 turn the picture a quarter: width and height swap on display.
QUARTER_TURNS = frozenset({5, 6, 7, 8})


class UnusableImage(ServiceError):
    """This file cannot be stored as a photo; the message says why, in plain words."""


@dataclass(frozen=True)
class ImageInfo:
    media_type: str
    extension: str
    width: int  # as displayed, after the EXIF orientation
    height: int
    orientation: int  # EXIF orientation tag, 1 = as stored
    taken_local: datetime | None  # EXIF date taken, naive, the camera's clock
    taken_offset: timedelta | None  # EXIF OffsetTimeOriginal when the camera wrote one
    taken_text: str | None = None  # the EXIF date as written (also when it is no date at all)

    def taken_at(self, zone) -> datetime | None:  # noqa: ANN001
        """The moment taken, in UTC: the camera's own offset if given, else the clinic's time zone.
        None when the file has no date, or one that is no moment in time (a corrupt
        camera clock, e.g. 9999:12:31 23:00 at -05:00 is past the last representable day)."""
        if self.taken_local is None:
            return None
        zone = timezone(self.taken_offset) if self.taken_offset is not None else zone
        try:
            return self.taken_local.replace(tzinfo=zone).astimezone(timezone.utc)
        except (OverflowError, ValueError):
            return None

    def camera_date_note(self, zone) -> str | None:  # noqa: ANN001
        """Why the date the camera wrote is not used, when it wrote one that cannot be read."""
        if not self.taken_text or self.taken_at(zone) is not None:
            return None
        return f"camera date {self.taken_text} could not be read; the file's date is used instead"


def looks_like_image_name(path: Path) -> bool:
    return path.suffix.lower() in EXTENSIONS


def _exif_text(value: object) -> str | None:
    """An EXIF date as written; None when absent or blank (the EXIF way of saying "not set")."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    text = value.strip().rstrip("\x00").strip()[:19]
    return text if text.strip(" :0") else None  # "0000:00:00 00:00:00" is also "not set"


def _parse_exif_time(text: str | None) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y:%m:%d %H:%M:%S") if text else None
    except ValueError:
        return None


def _parse_offset(value: object) -> timedelta | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str) or len(value.strip()) < 6:
        return None
    text = value.strip()
    try:
        sign = -1 if text[0] == "-" else 1
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    return sign * timedelta(hours=hours, minutes=minutes)


def _exif_facts(im: Image.Image) -> tuple[int, datetime | None, timedelta | None, str | None]:
    """Orientation, date taken, its offset, and the date as written."""
    try:
        exif = im.getexif()
    except Exception:  # noqa: BLE001 - a damaged EXIF block is not a damaged picture
        log.debug("unreadable EXIF", exc_info=True)
        return 1, None, None, None
    orientation = exif.get(ExifTags.Base.Orientation, 1)
    if not isinstance(orientation, int) or not 1 <= orientation <= 8:
        orientation = 1
    try:
        detail = exif.get_ifd(ExifTags.IFD.Exif)
    except Exception:  # noqa: BLE001
        detail = {}
    written = [text for text in (_exif_text(detail.get(ExifTags.Base.DateTimeOriginal)),
                                 _exif_text(detail.get(ExifTags.Base.DateTimeDigitized)),
                                 _exif_text(exif.get(ExifTags.Base.DateTime))) if text]
    # The first date that reads as one; else the first written, so a note can quote it.
    taken, text = None, (written[0] if written else None)
    for candidate in written:
        taken = _parse_exif_time(candidate)
        if taken is not None:
            text = candidate
            break
    offset = _parse_offset(detail.get(ExifTags.Base.OffsetTimeOriginal))
    return orientation, taken, offset, text


def _size_text(w: int, h: int) -> str:
    return f"{w:,} x {h:,} pixels ({w * h / 1e6:.0f} million)"


def _check_pixels(im: Image.Image, name: str) -> None:
    w, h = im.size
    if w < 1 or h < 1:
        raise UnusableImage(f"{name}: the image has no pixels")
    if w * h > MAX_PIXELS:
        raise UnusableImage(
            f"{name}: the image is {_size_text(w, h)}, more than the {MAX_PIXELS // 1_000_000} million this program "
            "accepts; export a smaller copy from the camera software and import that")


def _check_whole(path: Path, fmt: str, name: str) -> None:
    """Decode enough of the picture to know it is not cut short or damaged."""
    with Image.open(path) as im:
        if fmt in ("JPEG", "MPO"):
            im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
            im.load()
        elif fmt == "PNG":
            im.verify()  # every chunk's CRC, through to the end marker
        elif im.width * im.height <= FULL_DECODE_PIXELS:
            im.load()
        else:
            im.verify()


def inspect_image(path: Path, name: str | None = None) -> ImageInfo:
    """What the import needs to know about an image file; UnusableImage when it cannot be used."""
    name = name or path.name
    try:
        with warnings.catch_warnings():
            # Our own MAX_PIXELS check replaces Pillow's decompression-bomb warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt = im.format or ""
                if fmt not in FORMATS:
                    raise UnusableImage(f"{name}: {fmt or 'this'} images are not accepted; use JPEG, PNG or TIFF")
                _check_pixels(im, name)
                orientation, taken, offset, taken_text = _exif_facts(im)
                w, h = im.size
            _check_whole(path, fmt, name)
    except UnusableImage:
        raise
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)) / 1e6:,.0f} million pixels" if found else "far too many pixels"
        raise UnusableImage(f"{name}: the image has {size}, more than the {MAX_PIXELS // 1_000_000} million this "
                            "program accepts; export a smaller copy from the camera software and import that") from None
    except UnidentifiedImageError:
        raise UnusableImage(f"{name}: this is not a picture the program can read (JPEG, PNG or TIFF)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        text = str(exc)
        if "truncated" in text.lower():
            raise UnusableImage(f"{name}: the file is cut short (incomplete copy?); copy it again from the camera") from None
        raise UnusableImage(f"{name}: the picture is damaged and cannot be read ({text or exc.__class__.__name__})") from None
    except MemoryError:
        raise UnusableImage(f"{name}: not enough memory to check this picture") from None
    if orientation in QUARTER_TURNS:
        w, h = h, w
    media_type, extension = FORMATS[fmt]
    return ImageInfo(media_type, extension, w, h, orientation, taken, offset, taken_text)
