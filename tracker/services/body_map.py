"""Where a point on a body-map drawing lies: the body site and side.

Qt-free. The drawings and their regions live in resources/bodymap/ (see
regions.yaml there); ``resolve_site`` turns a click, given as fractions of
the drawing's width and height, into a site code from body_sites.yaml and
the patient's laterality.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tracker.paths import resource
from tracker.services.body_map_data import (
    SCALP_VIEWS,
    VIEWS,
    BodyMapData,
    BodyMapDataError,
    MapRegion,
    MapView,
    Polygon,
    load_body_map,
)
from tracker.services.body_sites import site_by_code

log = logging.getLogger(__name__)

#: How far outside every region a point may be and still count as on the
#: nearest one (fraction of the drawing's longer side; covers the outlines).
EDGE_TOLERANCE = 0.006

__all__ = [
    "VIEWS", "SiteHit", "BodyMapDataError", "MapRegion", "MapView", "body_map", "view_info", "region_at", "resolve_site",
    "view_for_site", "scalp_views", "scalp_mask", "drawing_path", "drawing_colours", "regions_file",
]


@dataclass(frozen=True)
class SiteHit:
    site_code: str
    site_name: str
    laterality: str  # "left" | "right" | "none" (the patient's side)
    region: str  # the region's name on the drawing, e.g. "Forearm (left)"


def regions_file() -> Path:
    return resource("bodymap", "regions.yaml")


@lru_cache(maxsize=1)
def body_map() -> BodyMapData:
    """The shipped region data, loaded and checked once."""
    return load_body_map(regions_file())


def view_info(view: str) -> MapView:
    try:
        return body_map().views[view]
    except KeyError:
        raise KeyError(f"unknown body-map view {view!r}; the views are {', '.join(VIEWS)}") from None


def region_at(view: str, x: float, y: float, tolerance: float = EDGE_TOLERANCE) -> MapRegion | None:
    """The first region of ``view`` that contains the point; else the nearest
    region within ``tolerance`` (a fraction of the drawing's longer side: a
    click on an outline counts); else None."""
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        return None
    info = view_info(view)
    inside = next((r for r in info.regions if r.contains(x, y)), None)
    if inside is not None or tolerance <= 0:
        return inside
    # Distances in units of the longer side, so both axes count alike.
    sx, sy = (info.aspect, 1.0) if info.aspect < 1 else (1.0, 1.0 / info.aspect)
    best, best_d = None, tolerance
    for region in info.regions:
        x0, y0, x1, y1 = region.bbox
        if (x0 - x) * sx > best_d or (x - x1) * sx > best_d or (y0 - y) * sy > best_d or (y - y1) * sy > best_d:
            continue
        d = min(_edge_distance(x * sx, y * sy, poly, sx, sy) for poly in region.polygons)
        if d < best_d:
            best, best_d = region, d
    return best


def _edge_distance(px: float, py: float, poly: Polygon, sx: float, sy: float) -> float:
    best = math.inf
    for i in range(len(poly)):
        ax, ay = poly[i][0] * sx, poly[i][1] * sy
        bx, by = poly[(i + 1) % len(poly)][0] * sx, poly[(i + 1) % len(poly)][1] * sy
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
        best = min(best, math.hypot(px - (ax + t * dx), py - (ay + t * dy)))
    return best


def resolve_site(view: str, x: float, y: float) -> SiteHit | None:
    """The body site under a point (x, y as fractions of the drawing), or None
    when the point is off the figure. A point on a figure's outline (within
    EDGE_TOLERANCE of a region) takes the nearest region."""
    region = region_at(view, x, y)
    if region is None:
        return None
    site = site_by_code(region.site_code)
    return SiteHit(region.site_code, site.name if site else region.site_code, region.laterality, region.name)


def view_for_site(site_code: str, laterality: str | None = None) -> str:
    """The view a lesion at this site is best shown on.

    A site named in ``default_views`` opens there. Otherwise the view where
    the site (on the given side, if any) covers the largest share of the
    drawing, the earlier view when two are within 2% (as mirror images are);
    the scalp views count only for scalp sites, unless no other view shows
    the site. A site on no drawing opens the front of the body.
    """
    data = body_map()
    if site_code in data.default_views:
        return data.default_views[site_code]
    site = site_by_code(site_code)
    views = list(data.views.values())
    groups = [views] if site is not None and site.region == "scalp" else [
        [v for v in views if v.key not in SCALP_VIEWS], [v for v in views if v.key in SCALP_VIEWS]]
    sides = (laterality,) if laterality in ("left", "right") else ("left", "right", "none")
    for wanted in (sides, ("left", "right", "none")):
        for group in groups:
            best = _largest_share(group, site_code, wanted)
            if best is not None:
                return best
    return "body_front"


def _largest_share(views: list[MapView], site_code: str, sides: tuple[str, ...]) -> str | None:
    best, best_area = None, 0.0
    for view in views:
        share = max(sum(r.area for r in view.regions if r.site_code == site_code and r.laterality == side)
                    for side in sides)
        if share > best_area * 1.02:
            best, best_area = view.key, share
    return best


def scalp_views() -> tuple[str, ...]:
    """The four SALT views: top (vertex), back, left side, right side."""
    return SCALP_VIEWS


def scalp_mask(view: str) -> Polygon:
    """The hair-bearing scalp of a scalp view (what SALT percentages are of)."""
    mask = view_info(view).scalp_mask
    if mask is None:
        raise KeyError(f"view {view!r} has no scalp mask; scalp views are {', '.join(SCALP_VIEWS)}")
    return mask


def drawing_path(view: str) -> Path:
    return view_info(view).drawing


def drawing_colours() -> dict[str, tuple[str, str]]:
    """Each colour the drawings use, paired with its dark-palette colour."""
    return dict(body_map().colours)
