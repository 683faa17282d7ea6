"""Body-map positions for the demo clinic: where each demo lesion sits on its
drawing, and injection points scattered over it at each visit, so the map
shows lesions and last visit's points as it would in a clinic.

Each lesion gets its own random generator (seeded from the demo's seed and
the lesion's label), so the rest of the demo stays as it was.
"""
from __future__ import annotations

import random
from decimal import Decimal

from tracker.services.body_map import resolve_site, view_for_site, view_info
from tracker.services.dosing import fmt

#: How far the points of one visit spread around the lesion (fraction of the drawing).
SPREAD = 0.06
TRIES = 400

Spot = tuple[str, float, float]


def _lands_on(view: str, x: float, y: float, site_code: str, side: str | None) -> bool:
    hit = resolve_site(view, x, y)
    return hit is not None and hit.site_code == site_code and (side is None or hit.laterality == side)


def lesion_spot(site_code: str, laterality: str | None, rng: random.Random) -> Spot | None:
    """A point on the drawing inside the site (on the given side), or None when no drawing shows it."""
    side = laterality if laterality in ("left", "right") else None
    view = view_for_site(site_code, side)
    regions = [r for r in view_info(view).regions if r.site_code == site_code and (side is None or r.laterality == side)]
    for region in regions:
        x0, y0, x1, y1 = region.bbox
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        for n in range(TRIES):
            # Start near the middle of the region, then wander further out.
            reach = min(1.0, 0.15 + n / TRIES)
            x = cx + (rng.random() - 0.5) * (x1 - x0) * reach
            y = cy + (rng.random() - 0.5) * (y1 - y0) * reach
            if _lands_on(view, x, y, site_code, side):
                return view, round(x, 4), round(y, 4)
    return None


def visit_points(spot: Spot | None, site_code: str, laterality: str | None, count: int,
                 volume_ml: Decimal | None, rng: random.Random) -> tuple[dict, ...]:
    """``count`` injection points around the lesion, each on the lesion's site."""
    if spot is None:
        return ()
    view, x, y = spot
    side = laterality if laterality in ("left", "right") else None
    points: list[dict] = []
    for _ in range(TRIES):
        if len(points) == count:
            break
        px, py = x + rng.uniform(-SPREAD, SPREAD), y + rng.uniform(-SPREAD, SPREAD)
        if _lands_on(view, px, py, site_code, side):
            points.append({"view": view, "x": round(px, 4), "y": round(py, 4),
                           "volume_ml": fmt(volume_ml) if volume_ml is not None else None})
    return tuple(points)


def lesion_rng(seed: int, label: str, patient_index: int) -> random.Random:
    return random.Random(f"{seed}-{patient_index}-{label}")
