"""Hair-loss paint on the four scalp views, as strokes and as rasters.

Each view keeps a fixed-size raster (independent of zoom and screen), and
paint is clipped to the view's scalp mask from regions.yaml, so the
percentage painted is of the hair-bearing scalp, not of the picture. The
strokes are the saved state (JSON-safe); replaying them rebuilds the rasters.
"""
from __future__ import annotations

import logging
import math

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from tracker.services.body_map import scalp_mask, scalp_views, view_info

log = logging.getLogger(__name__)

RASTER_WIDTH = 480  # pixels across each view's raster (a multiple of 4: rows are not padded)
STATE_VERSION = 1
MODES = ("paint", "erase", "clear")
_MIN_STEP = 0.002  # drawing fraction; closer points are not recorded


class _Layer:
    def __init__(self, view: str) -> None:
        aspect = view_info(view).aspect
        self.width = RASTER_WIDTH
        self.height = max(4, round(RASTER_WIDTH / aspect / 4) * 4)
        self.mask_path = QPainterPath()
        self.mask_path.addPolygon(QPolygonF([QPointF(x * self.width, y * self.height) for x, y in scalp_mask(view)]))
        self.mask_path.closeSubpath()
        mask = self._blank()
        p = QPainter(mask)
        p.fillPath(self.mask_path, QColor(0, 0, 0, 255))
        p.end()
        self.mask_count = _count(mask)
        self.image = self._blank()

    def _blank(self) -> QImage:
        img = QImage(self.width, self.height, QImage.Format.Format_Alpha8)
        img.fill(0)
        return img

    def reset(self) -> None:
        self.image = self._blank()

    def draw(self, mode: str, radius: float, a: tuple[float, float], b: tuple[float, float] | None) -> None:
        if mode == "clear":
            self.reset()
            return
        p = QPainter(self.image)
        p.setClipPath(self.mask_path)
        if mode == "erase":
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        pen = QPen(QColor(0, 0, 0, 255), max(1.0, 2 * radius * self.width))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        pa = QPointF(a[0] * self.width, a[1] * self.height)
        if b is None:
            p.drawPoint(pa)
        else:
            p.drawLine(pa, QPointF(b[0] * self.width, b[1] * self.height))
        p.end()

    def percent(self) -> float:
        return 100.0 * _count(self.image) / self.mask_count if self.mask_count else 0.0


def _count(img: QImage) -> int:
    """Pixels that are not fully transparent (Alpha8 rows are unpadded here)."""
    data = bytes(img.constBits())
    return len(data) - data.count(0)


class ScalpPaintModel(QObject):
    changed = Signal(str)  # the view whose paint changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._layers = {v: _Layer(v) for v in scalp_views()}
        self._ops: list[dict] = []
        self._open: dict | None = None
        self.revision = 0

    # -- painting --------------------------------------------------------------
    def begin_stroke(self, view: str, mode: str, radius: float, x: float, y: float) -> None:
        if mode not in ("paint", "erase"):
            raise ValueError(f"brush mode must be paint or erase, not {mode!r}")
        self.end_stroke()
        self._open = {"view": view, "mode": mode, "radius": round(radius, 4), "points": [[round(x, 4), round(y, 4)]]}
        self._ops.append(self._open)
        self._layers[view].draw(mode, radius, (x, y), None)
        self._touch(view)

    def extend_stroke(self, x: float, y: float) -> None:
        op = self._open
        if op is None:
            return
        last = op["points"][-1]
        if math.hypot(x - last[0], y - last[1]) < _MIN_STEP:
            return
        op["points"].append([round(x, 4), round(y, 4)])
        self._layers[op["view"]].draw(op["mode"], op["radius"], (last[0], last[1]), (x, y))
        self._touch(op["view"])

    def end_stroke(self) -> None:
        self._open = None

    def clear(self, view: str | None = None) -> None:
        """Clear one view (or all); undo brings the paint back."""
        self.end_stroke()
        for v in [view] if view else list(self._layers):
            if self.percent(v) > 0:
                self._ops.append({"view": v, "mode": "clear"})
                self._layers[v].reset()
                self._touch(v)

    def can_undo(self) -> bool:
        return bool(self._ops)

    def undo(self) -> bool:
        self.end_stroke()
        if not self._ops:
            return False
        view = self._ops.pop()["view"]
        self._replay(view)
        return True

    # -- reading -----------------------------------------------------------------
    def percent(self, view: str) -> float:
        return self._layers[view].percent()

    def percentages(self) -> dict[str, float]:
        return {v: round(layer.percent(), 2) for v, layer in self._layers.items()}

    def image(self, view: str) -> QImage:
        return self._layers[view].image

    def state(self) -> dict:
        """JSON-safe: {"version": 1, "strokes": [{view, mode, radius, points}, ...]}."""
        return {"version": STATE_VERSION, "strokes": [dict(op, points=[list(p) for p in op.get("points", [])])
                                                      if "points" in op else dict(op) for op in self._ops]}

    def restore(self, data: dict | None) -> None:
        ops = _checked_ops(data, set(self._layers))
        self._open = None
        self._ops = ops
        for view in self._layers:
            self._replay(view)

    def _replay(self, view: str) -> None:
        layer = self._layers[view]
        layer.reset()
        for op in self._ops:
            if op["view"] != view:
                continue
            pts = op.get("points", [])
            if op["mode"] == "clear":
                layer.reset()
                continue
            layer.draw(op["mode"], op["radius"], tuple(pts[0]), None)
            for a, b in zip(pts, pts[1:]):
                layer.draw(op["mode"], op["radius"], tuple(a), tuple(b))
        self._touch(view)

    def _touch(self, view: str) -> None:
        self.revision += 1
        self.changed.emit(view)


def _checked_ops(data: object, views: set[str]) -> list[dict]:
    if data is None:
        return []
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION or not isinstance(data.get("strokes"), list):
        raise ValueError(f"scalp paint state must be {{'version': {STATE_VERSION}, 'strokes': [...]}}")
    ops = []
    for i, op in enumerate(data["strokes"], 1):
        if not isinstance(op, dict) or op.get("view") not in views or op.get("mode") not in MODES:
            raise ValueError(f"scalp paint stroke #{i}: needs a scalp view and a mode (paint, erase or clear)")
        if op["mode"] == "clear":
            ops.append({"view": op["view"], "mode": "clear"})
            continue
        radius, points = op.get("radius"), op.get("points")
        if not isinstance(radius, (int, float)) or not 0 < radius <= 1:
            raise ValueError(f"scalp paint stroke #{i}: radius must be a fraction of the drawing's width")
        if (not isinstance(points, list) or not points
                or not all(isinstance(p, (list, tuple)) and len(p) == 2
                           and all(isinstance(v, (int, float)) for v in p) for p in points)):
            raise ValueError(f"scalp paint stroke #{i}: points must be a list of [x, y] pairs")
        ops.append({"view": op["view"], "mode": op["mode"], "radius": float(radius),
                    "points": [[float(x), float(y)] for x, y in points]})
    return ops
