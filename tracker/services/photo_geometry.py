"""Arithmetic on photo coordinates: ruler calibration, lengths, polygon areas,
and the two-point alignment of one photo onto another.

Coordinates are pixels of the full-size picture as displayed (after its EXIF
orientation), x to the right and y down.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tracker.services.errors import ValidationError

Point = tuple[float, float]

# A ruler segment shorter than this on screen cannot be placed precisely.
MIN_RULER_PX = 10.0
MAX_RULER_MM = Decimal(2000)


def distance(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def polyline_length(points: Sequence[Point]) -> float:
    return sum(distance(points[i], points[i + 1]) for i in range(len(points) - 1))


def polygon_area(points: Sequence[Point]) -> float:
    """Area enclosed by a simple polygon (shoelace formula), in square pixels."""
    n = len(points)
    if n < 3:
        return 0.0
    twice = sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1] for i in range(n))
    return abs(twice) / 2.0


def rounded(value: float, places: str = "0.1") -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def as_points(raw: Sequence[Sequence[float]]) -> list[Point]:
    try:
        points = [(float(p[0]), float(p[1])) for p in raw]
    except (TypeError, ValueError, IndexError):
        raise ValidationError({"points": "points must be pairs of numbers"}) from None
    if any(not (math.isfinite(x) and math.isfinite(y)) for x, y in points):
        raise ValidationError({"points": "points must be finite numbers"})
    return points


@dataclass(frozen=True)
class Calibration:
    """A known distance on a ruler in the photo: two points and the millimetres between them."""

    a: Point
    b: Point
    mm: Decimal

    @property
    def pixels(self) -> float:
        return distance(self.a, self.b)

    @property
    def mm_per_px(self) -> float:
        return float(self.mm) / self.pixels

    def length_mm(self, points: Sequence[Point]) -> float:
        return polyline_length(points) * self.mm_per_px

    def area_mm2(self, points: Sequence[Point]) -> float:
        return polygon_area(points) * self.mm_per_px ** 2

    def as_dict(self) -> dict:
        return {"points": [list(self.a), list(self.b)], "mm": format(self.mm.normalize(), "f"),
                "mm_per_px": repr(self.mm_per_px)}

    @classmethod
    def from_dict(cls, data: dict | None) -> Calibration | None:
        if not data:
            return None
        a, b = as_points(data["points"])
        return cls(a, b, Decimal(str(data["mm"])))


def make_calibration(a: Sequence[float], b: Sequence[float], mm: Decimal | str | float) -> Calibration:
    """Check and build a calibration; ValidationError says what is wrong in plain words."""
    pa, pb = as_points([a, b])
    try:
        value = Decimal(str(mm))
    except InvalidOperation:
        raise ValidationError({"mm": "type the ruler distance as a number of millimetres"}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({"mm": "the ruler distance must be more than 0 mm"})
    if value > MAX_RULER_MM:
        raise ValidationError({"mm": f"the ruler distance must be at most {MAX_RULER_MM} mm"})
    if distance(pa, pb) < MIN_RULER_PX:
        raise ValidationError({"points": "the two ruler points are too close together; zoom in and pick two marks further apart"})
    return Calibration(pa, pb, value)


def turn_point(p: Point, rotation: int, width: float, height: float) -> Point:
    """Where a point of an upright picture (width x height) appears once the view is
    turned clockwise by ``rotation`` (0, 90, 180, 270 degrees)."""
    x, y = p
    turn = rotation % 360
    if turn == 90:
        return (height - y, x)
    if turn == 180:
        return (width - x, height - y)
    if turn == 270:
        return (y, width - x)
    return (x, y)


def unturn_point(p: Point, rotation: int, width: float, height: float) -> Point:
    """The inverse of ``turn_point``: from the turned view back to the upright picture."""
    turn = rotation % 360
    view_w, view_h = (height, width) if turn in (90, 270) else (width, height)
    return turn_point(p, (360 - turn) % 360, view_w, view_h)


@dataclass(frozen=True)
class Similarity:
    """Scale, rotate and move: maps a point of one photo onto another photo."""

    scale: float
    angle: float  # radians, counter-clockwise in image coordinates
    tx: float
    ty: float

    def apply(self, p: Point) -> Point:
        c, s = math.cos(self.angle) * self.scale, math.sin(self.angle) * self.scale
        return (c * p[0] - s * p[1] + self.tx, s * p[0] + c * p[1] + self.ty)

    @property
    def degrees(self) -> float:
        return math.degrees(self.angle)


IDENTITY = Similarity(1.0, 0.0, 0.0, 0.0)


def similarity_from_landmarks(source: Sequence[Point], target: Sequence[Point]) -> Similarity:
    """The transform taking source landmark 1 to target landmark 1 and 2 to 2."""
    (s1, s2), (t1, t2) = as_points(source), as_points(target)
    ds, dt = distance(s1, s2), distance(t1, t2)
    if ds < 1e-6 or dt < 1e-6:
        raise ValidationError({"landmarks": "the two landmarks of a photo must be different points"})
    scale = dt / ds
    angle = math.atan2(t2[1] - t1[1], t2[0] - t1[0]) - math.atan2(s2[1] - s1[1], s2[0] - s1[0])
    c, s = math.cos(angle) * scale, math.sin(angle) * scale
    tx = t1[0] - (c * s1[0] - s * s1[1])
    ty = t1[1] - (s * s1[0] + c * s1[1])
    return Similarity(scale, angle, tx, ty)
