"""Loading and checking the body-map region data (resources/bodymap/regions.yaml).

The file says, for each drawing, which polygon (in fractions of the drawing's
width and height) is which body site and side. Everything wrong with it is
reported at once, each problem with the view and region it concerns, so a
clinic editing the file sees what to fix.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from tracker.services.body_sites import BodySite, body_sites
from tracker.services.yaml_data import load_yaml

log = logging.getLogger(__name__)

#: The drawings, in the order they are offered, with their titles.
VIEWS: Mapping[str, str] = MappingProxyType({
    "body_front": "Body, front",
    "body_back": "Body, back",
    "face": "Face",
    "scalp_top": "Scalp, top",
    "scalp_back": "Scalp, back",
    "scalp_left": "Scalp, left side",
    "scalp_right": "Scalp, right side",
})
SCALP_VIEWS = ("scalp_top", "scalp_back", "scalp_left", "scalp_right")
FACINGS = ("front", "back", "top", "left", "right")
LATERALITIES = ("left", "right", "none")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A lateral region whose centre lies this close to the midline cannot be
# told apart from its mirror image.
_MIDLINE = 0.02

Point = tuple[float, float]
Polygon = tuple[Point, ...]


class BodyMapDataError(ValueError):
    """The region data is unusable; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        super().__init__(f"{source} has {count} problem{'s' if count != 1 else ''}:\n"
                         + "\n".join(f"- {p}" for p in self.problems))


@dataclass(frozen=True)
class MapRegion:
    name: str
    site_code: str
    laterality: str
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        return any(point_in_polygon(x, y, p) for p in self.polygons)

    @property
    def area(self) -> float:
        return sum(abs(polygon_area(p)) for p in self.polygons)


@dataclass(frozen=True)
class MapView:
    key: str
    title: str
    drawing: Path
    facing: str
    aspect: float  # width / height
    regions: tuple[MapRegion, ...]
    scalp_mask: Polygon | None


@dataclass(frozen=True)
class BodyMapData:
    views: Mapping[str, MapView]
    default_views: Mapping[str, str]
    colours: Mapping[str, tuple[str, str]]  # name -> (light, dark)


def point_in_polygon(x: float, y: float, poly: Polygon) -> bool:
    """Even-odd rule: a ray to the right crosses the edges an odd number of times."""
    inside = False
    n = len(poly)
    j = n - 1
    for i in range(n):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygon_area(poly: Polygon) -> float:
    """Signed area (shoelace)."""
    return sum(poly[i][0] * poly[(i + 1) % len(poly)][1] - poly[(i + 1) % len(poly)][0] * poly[i][1]
               for i in range(len(poly))) / 2


def polygon_centroid(polys: Sequence[Polygon]) -> Point:
    """Area-weighted centre of one or more polygons."""
    total = cx = cy = 0.0
    for poly in polys:
        for i in range(len(poly)):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % len(poly)]
            cross = x1 * y2 - x2 * y1
            total += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(total) < 1e-12:
        xs = [p[0] for poly in polys for p in poly]
        ys = [p[1] for poly in polys for p in poly]
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * total), cy / (3 * total)


def load_body_map(path: Path, sites: Sequence[BodySite] | None = None) -> BodyMapData:
    """Read and check a regions file; raise BodyMapDataError listing every problem."""
    source = path.name
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BodyMapDataError(source, [f"cannot be read: {exc.strerror or exc}"]) from exc
    except yaml.YAMLError as exc:
        raise BodyMapDataError(source, [f"is not valid YAML: {exc}"]) from exc
    checker = _Checker(path.parent, {s.code: s for s in (sites if sites is not None else body_sites())})
    result = checker.check(data)
    if checker.problems:
        raise BodyMapDataError(source, checker.problems)
    log.debug("loaded %d body-map views from %s", len(result.views), path)
    return result


class _Checker:
    def __init__(self, folder: Path, sites: dict[str, BodySite]) -> None:
        self.folder = folder
        self.sites = sites
        self.problems: list[str] = []

    def fail(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}" if where else text)

    def check(self, data: object) -> BodyMapData:
        if not isinstance(data, dict):
            self.fail("", "the file must be a mapping with 'version' and 'views'")
            return BodyMapData({}, {}, {})
        if data.get("version") != 1:
            self.fail("version", f"expected 1, found {data.get('version')!r}")
        views_data = data.get("views")
        if not isinstance(views_data, dict):
            self.fail("views", "missing, or not a mapping of view name to view")
            views_data = {}
        for key in views_data:
            if key not in VIEWS:
                self.fail(f"view {key!r}", f"unknown view; the views are {', '.join(VIEWS)}")
        views = {}
        for key in VIEWS:
            if key not in views_data:
                self.fail(f"view {key!r}", "missing")
                continue
            view = self._view(key, views_data[key])
            if view is not None:
                views[key] = view
        return BodyMapData(MappingProxyType(views), MappingProxyType(self._defaults(data.get("default_views") or {})),
                           MappingProxyType(self._colours(data.get("colours") or {})))

    def _view(self, key: str, raw: object) -> MapView | None:
        where = f"view {key!r}"
        if not isinstance(raw, dict):
            self.fail(where, "must be a mapping")
            return None
        drawing = self.folder / str(raw.get("drawing", ""))
        if not raw.get("drawing") or not drawing.is_file():
            self.fail(where, f"drawing {raw.get('drawing')!r} not found beside the regions file")
        facing = raw.get("facing")
        if facing not in FACINGS:
            self.fail(where, f"facing must be one of {', '.join(FACINGS)}, found {facing!r}")
        aspect = raw.get("aspect")
        if not isinstance(aspect, (int, float)) or aspect <= 0:
            self.fail(where, f"aspect (width / height) must be a positive number, found {aspect!r}")
            aspect = 1.0
        mask = None
        if key in SCALP_VIEWS:
            mask = self._polygon(f"{where}, scalp_mask", raw.get("scalp_mask"))
        regions_raw = raw.get("regions")
        if not isinstance(regions_raw, list) or not regions_raw:
            self.fail(where, "regions must be a non-empty list")
            regions_raw = []
        regions, names = [], set()
        for i, item in enumerate(regions_raw, 1):
            region = self._region(where, i, item, facing)
            if region is None:
                continue
            if region.name in names:
                self.fail(where, f"region {region.name!r} is listed twice")
            names.add(region.name)
            regions.append(region)
        return MapView(key, VIEWS[key], drawing, str(facing), float(aspect), tuple(regions), mask)

    def _region(self, view_where: str, index: int, raw: object, facing: object) -> MapRegion | None:
        if not isinstance(raw, dict):
            self.fail(f"{view_where}, region #{index}", "must be a mapping with name, site, laterality, polygons")
            return None
        name = raw.get("name")
        where = f"{view_where}, region {name!r}" if isinstance(name, str) and name else f"{view_where}, region #{index}"
        if not isinstance(name, str) or not name.strip():
            self.fail(where, "needs a name")
        code = str(raw.get("site", ""))
        site = self.sites.get(code)
        if site is None:
            self.fail(where, f"site {code!r} is not in body_sites.yaml")
        lat = raw.get("laterality")
        if lat not in LATERALITIES:
            self.fail(where, f"laterality must be left, right or none, found {lat!r}")
        polys_raw = raw.get("polygons")
        if not isinstance(polys_raw, list) or not polys_raw:
            self.fail(where, "polygons must be a non-empty list of polygons")
            return None
        polys = [self._polygon(f"{where}, polygon #{i}", p) for i, p in enumerate(polys_raw, 1)]
        if any(p is None for p in polys) or site is None or lat not in LATERALITIES:
            return None
        polys_ok: tuple[Polygon, ...] = tuple(p for p in polys if p is not None)
        self._check_side(where, site, lat, facing, polys_ok)
        xs = [x for p in polys_ok for x, _ in p]
        ys = [y for p in polys_ok for _, y in p]
        return MapRegion(str(name), code, lat, polys_ok, (min(xs), min(ys), max(xs), max(ys)))

    def _polygon(self, where: str, raw: object) -> Polygon | None:
        if not isinstance(raw, list) or len(raw) < 3:
            self.fail(where, "must be a list of at least 3 [x, y] points")
            return None
        points = []
        for i, pt in enumerate(raw, 1):
            if (not isinstance(pt, (list, tuple)) or len(pt) != 2
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pt)):
                self.fail(where, f"point #{i} must be [x, y] with two numbers, found {pt!r}")
                return None
            if not (0 <= pt[0] <= 1 and 0 <= pt[1] <= 1):
                self.fail(where, f"point #{i} {list(pt)} is outside the drawing (coordinates run from 0 to 1)")
                return None
            points.append((float(pt[0]), float(pt[1])))
        return tuple(points)

    def _check_side(self, where: str, site: BodySite, lat: str, facing: object, polys: Sequence[Polygon]) -> None:
        if not site.lateral:
            if lat != "none":
                self.fail(where, f"{site.name} has no left or right; laterality must be none, found {lat!r}")
            return
        if lat == "none":
            self.fail(where, f"{site.name} has a left and a right; say which (laterality left or right)")
            return
        if facing in ("left", "right"):
            if lat != facing:
                self.fail(where, f"a {facing} profile shows the patient's {facing} side, but laterality is {lat!r}")
            return
        cx, _cy = polygon_centroid(polys)
        if abs(cx - 0.5) < _MIDLINE:
            self.fail(where, f"lies on the midline, so it cannot be the patient's {lat} side")
            return
        viewer = "left" if cx < 0.5 else "right"
        expected = {"left": "right", "right": "left"}[viewer] if facing == "front" else viewer
        if lat != expected:
            self.fail(where, f"laterality is {lat!r} but the region lies on the viewer's {viewer} of a {facing} view, "
                             f"which is the patient's {expected}")

    def _defaults(self, raw: object) -> dict[str, str]:
        if not isinstance(raw, dict):
            self.fail("default_views", "must be a mapping of site code to view")
            return {}
        out = {}
        for code, view in raw.items():
            if str(code) not in self.sites:
                self.fail("default_views", f"site {code!r} is not in body_sites.yaml")
            elif view not in VIEWS:
                self.fail("default_views", f"site {code!r}: unknown view {view!r}")
            else:
                out[str(code)] = str(view)
        return out

    def _colours(self, raw: object) -> dict[str, tuple[str, str]]:
        if not isinstance(raw, dict):
            self.fail("colours", "must be a mapping of name to {light, dark}")
            return {}
        out = {}
        for name, pair in raw.items():
            if (not isinstance(pair, dict) or not all(isinstance(pair.get(k), str) and _COLOUR.match(pair[k])
                                                      for k in ("light", "dark"))):
                self.fail(f"colours, {name!r}", "needs light and dark colours written #rrggbb")
                continue
            out[str(name)] = (pair["light"].lower(), pair["dark"].lower())
        return out
