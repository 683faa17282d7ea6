"""Test pictures made on the spot with Pillow: camera-like JPEGs with EXIF
date and orientation, PNG and TIFF, and the bad inputs an import must survive."""
from __future__ import annotations

import struct
import zlib
from datetime import datetime
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw


def picture(width: int = 320, height: int = 240, seed: int = 0, marker: str = "top-left") -> Image.Image:
    """A picture whose content differs per seed, with a red block marking its top-left corner."""
    im = Image.new("RGB", (width, height), ((seed * 53) % 200 + 30, (seed * 97) % 200 + 30, (seed * 29) % 200 + 30))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, width // 4, height // 4), fill=(220, 20, 20))
    draw.ellipse((width // 3, height // 3, width * 2 // 3, height * 2 // 3), fill=(240, 240, 240))
    draw.text((width // 3, 4), f"{marker} {seed}", fill=(0, 0, 0))
    return im


def camera_jpeg(path: Path, *, taken: datetime | str | None = None, orientation: int | None = None,
                offset: str | None = None, seed: int = 0, size: tuple[int, int] = (320, 240)) -> Path:
    """A JPEG as a camera writes it: EXIF DateTimeOriginal (and OffsetTimeOriginal), Orientation.
    ``taken`` as text is written as it is (a camera with a corrupt clock)."""
    im = picture(*size, seed=seed)
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if taken is not None:
        written = taken if isinstance(taken, str) else taken.strftime("%Y:%m:%d %H:%M:%S")
        exif[ExifTags.Base.DateTime] = written
        detail = exif.get_ifd(ExifTags.IFD.Exif)
        detail[ExifTags.Base.DateTimeOriginal] = written
        if offset:
            detail[ExifTags.Base.OffsetTimeOriginal] = offset
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=88, exif=exif.tobytes())
    return path


def plain_image(path: Path, fmt: str, seed: int = 0, size: tuple[int, int] = (300, 200)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture(*size, seed=seed).save(path, fmt)
    return path


def truncated_jpeg(path: Path, seed: int = 1) -> Path:
    full = path.with_suffix(".full.jpg")
    camera_jpeg(full, seed=seed, size=(640, 480))
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) // 2])
    return path


def not_an_image(path: Path) -> Path:
    path.write_text("Meeting notes: this is text saved with a .jpg name.\n" * 20)
    return path


def huge_png(path: Path, width: int = 20_000, height: int = 20_000) -> Path:
    """A real, valid greyscale PNG of width x height, written in chunks (never held in memory)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (width + 1)  # filter byte + one grey byte per pixel
    squash = zlib.compressobj(9)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
        parts = []
        for _ in range(height):
            parts.append(squash.compress(row))
        parts.append(squash.flush())
        out.write(chunk(b"IDAT", b"".join(parts)))
        out.write(chunk(b"IEND", b""))
    return path


def follow_up_photo(path: Path, condition, progress: float, taken: datetime, *, label: str = "T0001  Test lesion",  # noqa: ANN001
                    skin: tuple = (214, 172, 140), seed: int = 3) -> Path:
    """A demo-style follow-up picture (lesion, ruler at 6 px/mm from x=120 on y=520..566, label card) with an EXIF date."""
    from tracker.services.demo_photos import draw_follow_up

    image = draw_follow_up(condition, progress, skin=skin, seed=seed, label=[label, taken.strftime("%d %b %Y")])
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken.strftime("%Y:%m:%d %H:%M:%S")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path
