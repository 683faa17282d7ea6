"""What the session editor shows on the body map: the treated lesions, the
points placed today (with their volume) and, faintly, the points of the
previous visit to each lesion (carried forward)."""
from __future__ import annotations

from tracker.models import Laterality
from tracker.services.body_map import view_for_site
from tracker.services.lesions import LesionView
from tracker.services.session_views import SessionView

# (view, x, y, label, kind, key) as the map widget's marker factory takes them
Marker = tuple[str, float, float, str, str, str]


def previous_points(history: tuple[SessionView, ...], lesion_id: int, exclude_root: int | None) -> list[dict]:
    """Map points of the latest counted visit to this lesion (newest first in ``history``)."""
    for v in history:
        if v.voided or not v.is_signed or v.root_id == exclude_root:
            continue
        points = [p for i in v.injections if i.lesion_id == lesion_id and not i.voided for p in i.map_points]
        if any(i.lesion_id == lesion_id and not i.voided for i in v.injections):
            return points
    return []


def lesion_view(lesion: LesionView) -> str:
    """The drawing a lesion is shown on: where it was placed, else the best view of its site and side."""
    if lesion.map_view:
        return lesion.map_view
    side = lesion.laterality.value if lesion.laterality in (Laterality.LEFT, Laterality.RIGHT) else None
    return view_for_site(lesion.site_code, side)


def lesion_marker(lesion: LesionView) -> list[Marker]:
    if not lesion.map_view or lesion.map_x is None or lesion.map_y is None:
        return []
    return [(lesion.map_view, lesion.map_x, lesion.map_y, lesion.label, "lesion", f"lesion{lesion.id}")]


def point_markers(points: list[dict], lesion_label: str) -> list[Marker]:
    out = []
    for p in points:
        volume = f"{p['volume_ml']} mL" if p.get("volume_ml") else lesion_label
        out.append((p["view"], float(p["x"]), float(p["y"]), volume, "point", p["key"]))
    return out


def previous_markers(points: list[dict], lesion_id: int) -> list[Marker]:
    return [(p["view"], float(p["x"]), float(p["y"]), f"last visit {p.get('volume_ml') or ''}".strip(), "previous",
             f"prev{lesion_id}-{n}") for n, p in enumerate(points)]
