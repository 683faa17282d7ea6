"""Curve and polygon helpers for drawing the body-map figures.

A shape is a list of control points ``(x, y)`` or ``(x, y, "c")`` (a corner:
the curve comes to a point there). Smooth points get Catmull-Rom tangents, so
the outline passes through every control point; the same Bezier segments are
written to the SVG and flattened into the polygons used for hit-testing, so a
drawing and its regions cannot drift apart.
"""
from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]
Control = tuple  # (x, y) or (x, y, "c")
Segment = tuple[Point, Point, Point, Point]  # cubic Bezier: start, c1, c2, end

TENSION = 6.0  # Catmull-Rom as Bezier: control offset = (next - previous) / TENSION


def _xy(p: Control) -> Point:
    return float(p[0]), float(p[1])


def _corner(p: Control) -> bool:
    return len(p) > 2 and p[2] == "c"


def bezier_segments(points: Sequence[Control], closed: bool = True) -> list[Segment]:
    """Smooth Bezier segments through the control points."""
    n = len(points)
    pts = [_xy(p) for p in points]

    def tangent(i: int) -> Point:
        if _corner(points[i]) or (not closed and i in (0, n - 1)):
            return 0.0, 0.0
        a, b = pts[(i - 1) % n], pts[(i + 1) % n]
        return (b[0] - a[0]) / TENSION, (b[1] - a[1]) / TENSION

    segments: list[Segment] = []
    for i in range(n if closed else n - 1):
        j = (i + 1) % n
        ti, tj = tangent(i), tangent(j)
        p0, p3 = pts[i], pts[j]
        segments.append((p0, (p0[0] + ti[0], p0[1] + ti[1]), (p3[0] - tj[0], p3[1] - tj[1]), p3))
    return segments


def path_d(points: Sequence[Control], closed: bool = True) -> str:
    segs = bezier_segments(points, closed)
    out = [f"M{_f(segs[0][0][0])},{_f(segs[0][0][1])}"]
    for _s, c1, c2, e in segs:
        out.append(f"C{_f(c1[0])},{_f(c1[1])} {_f(c2[0])},{_f(c2[1])} {_f(e[0])},{_f(e[1])}")
    if closed:
        out.append("Z")
    return " ".join(out)


def _f(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def flatten(points: Sequence[Control], closed: bool = True, steps: int = 10) -> list[Point]:
    """The curve as a dense polygon."""
    out: list[Point] = []
    for p0, c1, c2, p3 in bezier_segments(points, closed):
        for k in range(steps):
            t = k / steps
            u = 1 - t
            out.append((
                u * u * u * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * p3[0],
                u * u * u * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * p3[1],
            ))
    if not closed:
        out.append(_xy(points[-1]))
    return out


def mirror(points: Sequence[Control], axis: float) -> list[Control]:
    """Reflect control points across the vertical line x = axis (keeps corner flags)."""
    return [(2 * axis - p[0], p[1], *p[2:]) for p in points]


def symmetric(half: Sequence[Control], axis: float) -> list[Control]:
    """A closed outline from its right half (top centre down to bottom centre).

    The first and last points must lie on the axis; the mirrored half runs
    back up, without repeating them.
    """
    return list(half) + list(reversed(mirror(half[1:-1], axis)))


def area(poly: Sequence[Point]) -> float:
    s = 0.0
    for i, (x1, y1) in enumerate(poly):
        x2, y2 = poly[(i + 1) % len(poly)]
        s += x1 * y2 - x2 * y1
    return s / 2


def clip_convex(subject: Sequence[Point], clip: Sequence[Point]) -> list[Point]:
    """Sutherland-Hodgman: the part of ``subject`` inside the convex ``clip``."""
    clip = list(clip)
    if area(clip) < 0:
        clip.reverse()
    out = list(subject)
    for i in range(len(clip)):
        a, b = clip[i], clip[(i + 1) % len(clip)]
        if not out:
            break
        inp, out = out, []

        def inside(p: Point) -> bool:
            return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0

        def cross(p: Point, q: Point) -> Point:
            dx1, dy1 = q[0] - p[0], q[1] - p[1]
            dx2, dy2 = b[0] - a[0], b[1] - a[1]
            den = dx1 * dy2 - dy1 * dx2
            t = ((a[0] - p[0]) * dy2 - (a[1] - p[1]) * dx2) / den
            return p[0] + t * dx1, p[1] + t * dy1

        prev = inp[-1]
        for cur in inp:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
    return out


def drop_hairs(poly: Sequence[Point], eps: float = 1e-6) -> list[Point]:
    """Remove zero-width spikes and straight-through vertices (what clipping a
    concave shape leaves along the clip edges)."""
    pts = list(poly)
    changed = True
    while changed and len(pts) > 3:
        changed = False
        out: list[Point] = []
        n = len(pts)
        for i in range(n):
            a, b, c = (out[-1] if out else pts[i - 1]), pts[i], pts[(i + 1) % n]
            ux, uy, vx, vy = b[0] - a[0], b[1] - a[1], c[0] - b[0], c[1] - b[1]
            if abs(ux) < eps and abs(uy) < eps or abs(ux * vy - uy * vx) < eps * max(1.0, abs(ux) + abs(uy) + abs(vx) + abs(vy)):
                changed = True
                continue
            out.append(b)
        pts = out
    return pts


def inside(x: float, y: float, poly: Sequence[Point]) -> bool:
    result = False
    j = len(poly) - 1
    for i in range(len(poly)):
        (xi, yi), (xj, yj) = poly[i], poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            result = not result
        j = i
    return result


def distance_to(poly: Sequence[Point], x: float, y: float) -> float:
    best = float("inf")
    for i in range(len(poly)):
        (ax, ay), (bx, by) = poly[i], poly[(i + 1) % len(poly)]
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        best = min(best, ((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2) ** 0.5)
    return best


def is_convex(poly: Sequence[Point]) -> bool:
    signs = set()
    n = len(poly)
    for i in range(n):
        (x1, y1), (x2, y2), (x3, y3) = poly[i], poly[(i + 1) % n], poly[(i + 2) % n]
        c = (x2 - x1) * (y3 - y2) - (y2 - y1) * (x3 - x2)
        if abs(c) > 1e-9:
            signs.add(c > 0)
    return len(signs) <= 1


def simplify(poly: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed polygon (keeps the two farthest-apart anchors)."""
    pts = list(poly)
    if len(pts) < 5:
        return pts
    far = max(range(len(pts)), key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2)
    a = _dp(pts[: far + 1], tolerance)
    b = _dp(pts[far:] + [pts[0]], tolerance)
    return a[:-1] + b[:-1]


def _dp(pts: list[Point], tol: float) -> list[Point]:
    if len(pts) < 3:
        return pts
    (x1, y1), (x2, y2) = pts[0], pts[-1]
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5 or 1e-12
    best, index = -1.0, 0
    for i in range(1, len(pts) - 1):
        d = abs(dy * pts[i][0] - dx * pts[i][1] + x2 * y1 - y2 * x1) / length
        if d > best:
            best, index = d, i
    if best <= tol:
        return [pts[0], pts[-1]]
    return _dp(pts[: index + 1], tol)[:-1] + _dp(pts[index:], tol)


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 8) -> list[Control]:
    """Control points of an ellipse (smooth through n points)."""
    import math

    return [(cx + rx * math.cos(2 * math.pi * k / n), cy + ry * math.sin(2 * math.pi * k / n)) for k in range(n)]


def ellipse_cell(cx: float, cy: float, rx: float, ry: float, n: int = 16) -> list[Point]:
    """A convex polygon close to an ellipse (for cutting round regions)."""
    import math

    return [(cx + rx * math.cos(2 * math.pi * k / n), cy + ry * math.sin(2 * math.pi * k / n)) for k in range(n)]


def inset(points: Sequence[Control], cx: float, cy: float, by: float) -> list[Control]:
    """Control points moved ``by`` units towards (cx, cy)."""
    import math

    out = []
    for p in points:
        dx, dy = p[0] - cx, p[1] - cy
        k = max(0.0, 1 - by / (math.hypot(dx, dy) or 1))
        out.append((cx + dx * k, cy + dy * k, *p[2:]))
    return out


def whorl(cx: float, cy: float, inner: float, outer: float, count: int, twist: float = 0.5) -> list[list[Control]]:
    """Short curved strokes spiralling out from a crown whorl."""
    import math

    strokes = []
    for k in range(count):
        a = 2 * math.pi * k / count
        pts = []
        for t in (0.0, 0.5, 1.0):
            r = inner + (outer - inner) * t
            ang = a + twist * t
            pts.append((cx + r * math.cos(ang), cy + r * math.sin(ang) * 1.1))
        strokes.append(pts)
    return strokes
