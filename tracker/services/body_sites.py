"""The body-site vocabulary (resources/body_sites.yaml), loaded once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from tracker.paths import resource


@dataclass(frozen=True)
class BodySite:
    code: str
    name: str
    region: str
    lateral: bool = False


@lru_cache(maxsize=1)
def body_sites() -> tuple[BodySite, ...]:
    data = yaml.safe_load(resource("body_sites.yaml").read_text(encoding="utf-8"))
    return tuple(
        BodySite(code=str(s["code"]), name=s["name"], region=s["region"], lateral=bool(s.get("lateral", False)))
        for s in data["sites"]
    )


def site_by_code(code: str) -> BodySite | None:
    return next((s for s in body_sites() if s.code == code), None)
