"""The drawings and their regions agree: every spot of a figure resolves to a
body site, and no spot off the figures does. Checked on the rendered SVGs."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from tracker.services.body_map import VIEWS, resolve_site, scalp_mask, scalp_views, view_info
from tracker.ui.bodymap.drawings import renderer

LONG_SIDE = 640  # pixels
STEP = 4
NEAR = 3  # pixels: anti-aliased edges and outline strokes are not checked
FAR = 8  # pixels: a spot this far from any paint is off the figure


def _alpha(view: str) -> tuple[bytes, int, int, int]:
    aspect = view_info(view).aspect
    w, h = (LONG_SIDE, round(LONG_SIDE / aspect)) if aspect >= 1 else (round(LONG_SIDE * aspect), LONG_SIDE)
    img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer(view, dark=False).render(p, QRectF(0, 0, w, h))
    p.end()
    alpha = img.convertToFormat(QImage.Format.Format_Alpha8)
    return bytes(alpha.constBits()), alpha.bytesPerLine(), w, h


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_spot_of_the_figure_resolves_and_nothing_off_it(qapp, view):
    data, bpl, w, h = _alpha(view)

    def opaque(x: int, y: int) -> bool:
        return 0 <= x < w and 0 <= y < h and data[y * bpl + x] == 255

    def clear(x: int, y: int) -> bool:
        return not (0 <= x < w and 0 <= y < h) or data[y * bpl + x] == 0

    unresolved, stray, checked = [], [], 0
    for y in range(1, h - 1, STEP):
        for x in range(1, w - 1, STEP):
            hit = resolve_site(view, (x + 0.5) / w, (y + 0.5) / h)
            around = [(x + dx, y + dy) for dx in (-NEAR, 0, NEAR) for dy in (-NEAR, 0, NEAR)]
            far = [(x + dx, y + dy) for dx in range(-FAR, FAR + 1, 2) for dy in range(-FAR, FAR + 1, 2)]
            if all(opaque(*p) for p in around):
                checked += 1
                if hit is None:
                    unresolved.append((x, y))
            elif hit is not None and all(clear(*p) for p in far):
                stray.append((x, y, hit.region))
    assert checked > 1000
    assert not unresolved, f"{len(unresolved)} spots of the {view} figure resolve to no site, e.g. {unresolved[:5]} of {w}x{h}"
    assert not stray, f"{len(stray)} spots off the {view} figure resolve to a site, e.g. {stray[:5]}"


@pytest.mark.parametrize("view", scalp_views())
def test_scalp_masks_lie_on_the_drawn_hair(qapp, view):
    """SALT percentages are of the mask, so the mask must be the drawn scalp."""
    data, bpl, w, h = _alpha(view)
    mask = scalp_mask(view)
    from tracker.services.body_map_data import point_in_polygon

    inside = outside_figure = 0
    for y in range(0, h, 4):
        for x in range(0, w, 4):
            if point_in_polygon((x + 0.5) / w, (y + 0.5) / h, mask):
                inside += 1
                hit = resolve_site(view, (x + 0.5) / w, (y + 0.5) / h)
                if data[y * bpl + x] == 0 or hit is None:
                    outside_figure += 1
    assert inside > 2000
    assert outside_figure / inside < 0.005
