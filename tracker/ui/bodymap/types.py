"""What the body-map widgets take and give: plain frozen values."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

MarkerKind = Literal["lesion", "point", "previous"]
MARKER_KINDS: tuple[str, ...] = ("lesion", "point", "previous")


@dataclass(frozen=True)
class MapClick:
    """A place chosen on a drawing: where (x, y as fractions of the drawing's
    width and height) and the body site it resolves to. ``corrected`` is True
    when staff changed the site or side from what the drawing said;
    ``region`` names the drawing's region the point fell in."""

    view: str
    x: float
    y: float
    site_code: str
    site_name: str
    laterality: str  # "left" | "right" | "none"
    region: str = ""
    corrected: bool = False

    def with_site(self, site_code: str, site_name: str, laterality: str) -> MapClick:
        return replace(self, site_code=site_code, site_name=site_name, laterality=laterality, corrected=True)


@dataclass(frozen=True)
class MapMarker:
    """Something to show on a drawing.

    ``kind``: "lesion" (a lesion's position), "point" (an injection point of
    this visit, its ``label`` e.g. "0.1 mL / 1 mg" shown beside it), or
    "previous" (last visit's injection point, drawn faintly, not selectable).
    ``key`` is handed back in ``markerRemoved`` / ``markerSelected``.
    """

    view: str
    x: float
    y: float
    label: str = ""
    kind: MarkerKind = "point"
    key: object = None

    def __post_init__(self) -> None:
        if self.kind not in MARKER_KINDS:
            raise ValueError(f"marker kind must be one of {', '.join(MARKER_KINDS)}, not {self.kind!r}")
