"""A drawing under construction: SVG layers plus the regions cut from its shapes."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from geometry import Control, Point, area, clip_convex, distance_to, drop_hairs, flatten, inside, is_convex, path_d, simplify

# The drawings use these colours only; the widget swaps them for the dark
# palette (the pairs are written to regions.yaml).
COLOURS = {
    "skin": ("#efeae4", "#3b3834"),
    "hair": ("#ddd4ca", "#4a453f"),
    "outline": ("#4f4842", "#d9d2ca"),
    "detail": ("#a0968d", "#847b72"),
    "feature": ("#7a7068", "#b4aba2"),
    "strand": ("#c2b7ab", "#5d5750"),
}
OUTLINE_WIDTH = 2.2
DETAIL_WIDTH = 1.4


@dataclass
class Region:
    name: str
    site: str
    laterality: str
    polygons: list[list[Point]]


@dataclass
class Drawing:
    key: str
    title: str
    width: float
    height: float
    facing: str
    layers: list[str] = field(default_factory=list)
    shapes: dict[str, list[Point]] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    scalp_mask: list[Point] | None = None

    # -- drawing -----------------------------------------------------------
    def shape(self, name: str, points: Sequence[Control], fill: str = "skin", width: float = OUTLINE_WIDTH,
              stroke: str = "outline") -> None:
        """A filled closed outline, remembered for cutting regions out of it."""
        self.shapes[name] = flatten(points)
        self.layers.append(f'<path id="{name}" d="{path_d(points)}" fill="{COLOURS[fill][0]}" '
                           f'stroke="{COLOURS[stroke][0]}" stroke-width="{width}"/>')

    def fill_only(self, name: str, points: Sequence[Control], fill: str) -> None:
        self.shapes[name] = flatten(points)
        self.layers.append(f'<path id="{name}" d="{path_d(points)}" fill="{COLOURS[fill][0]}" stroke="none"/>')

    def line(self, points: Sequence[Control], colour: str = "detail", width: float = DETAIL_WIDTH,
             closed: bool = False, fill: str | None = None) -> None:
        fill_attr = COLOURS[fill][0] if fill else "none"
        self.layers.append(f'<path d="{path_d(points, closed)}" fill="{fill_attr}" '
                           f'stroke="{COLOURS[colour][0]}" stroke-width="{width}"/>')

    def dot(self, x: float, y: float, r: float, colour: str = "detail") -> None:
        self.layers.append(f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}" fill="{COLOURS[colour][0]}"/>')

    # -- regions -----------------------------------------------------------
    def region(self, name: str, site: str, laterality: str, of: str, *cells: Sequence[Point]) -> None:
        """The part of shape ``of`` inside the convex ``cells`` (all of it without any)."""
        polygons = []
        for cell in cells or (None,):
            subject = self.shapes[of]
            if cell is not None:
                if not is_convex(cell):
                    raise ValueError(f"{self.key}/{name}: cell is not convex")
                subject = clip_convex(subject, cell)
                subject = drop_hairs(subject)
            if len(subject) < 3 or abs(area(subject)) < 1:
                raise ValueError(f"{self.key}/{name}: a cell misses shape {of!r}")
            shape = self.shapes[of]
            for x, y in subject:
                if not inside(x, y, shape) and distance_to(shape, x, y) > 0.5:
                    raise ValueError(f"{self.key}/{name}: the cell cuts {of!r} into pieces near ({x:.0f}, {y:.0f}); "
                                     "split it into cells that each hold one piece")
            polygons.append(simplify(subject, 0.5))
        self.regions.append(Region(name, site, laterality, polygons))

    def mask(self, of: str) -> None:
        self.scalp_mask = simplify(self.shapes[of], 0.5)

    # -- output ------------------------------------------------------------
    def svg(self) -> str:
        body = "\n  ".join(self.layers)
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<!-- {self.title}. Drawn by tools/bodymap/build.py; edit that and rebuild. -->\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
                f'viewBox="0 0 {self.width:g} {self.height:g}" width="{self.width:g}" height="{self.height:g}">\n'
                f'  <title>{self.title}</title>\n'
                f'  <g stroke-linejoin="round" stroke-linecap="round">\n  {body}\n  </g>\n</svg>\n')

    def normalised(self, poly: Sequence[Point]) -> list[list[float]]:
        return [[round(x / self.width, 4), round(y / self.height, 4)] for x, y in poly]
