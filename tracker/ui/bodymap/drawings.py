"""The SVG drawings as renderers, recoloured for a dark palette when needed."""
from __future__ import annotations

import logging
import re

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QPalette
from PySide6.QtSvg import QSvgRenderer

from tracker.services.body_map import drawing_colours, drawing_path

log = logging.getLogger(__name__)

_renderers: dict[tuple[str, bool], QSvgRenderer] = {}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def svg_text(view: str, dark: bool) -> str:
    text = drawing_path(view).read_text(encoding="utf-8")
    if dark:
        swap = {light: night for light, night in drawing_colours().values()}
        pattern = re.compile("|".join(re.escape(c) for c in swap), re.IGNORECASE)
        text = pattern.sub(lambda m: swap[m.group(0).lower()], text)
    return text


def renderer(view: str, dark: bool) -> QSvgRenderer:
    """A shared renderer for the view's drawing (built once per palette)."""
    key = (view, dark)
    if key not in _renderers:
        r = QSvgRenderer(QByteArray(svg_text(view, dark).encode("utf-8")))
        if not r.isValid():
            raise ValueError(f"the drawing for body-map view {view!r} ({drawing_path(view).name}) cannot be read")
        _renderers[key] = r
        log.debug("loaded drawing %s (%s palette)", view, "dark" if dark else "light")
    return _renderers[key]
