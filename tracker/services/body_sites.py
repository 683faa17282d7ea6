"""The body-site vocabulary (resources/body_sites.yaml), loaded once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tracker.paths import resource
from tracker.services.yaml_data import load_yaml


@dataclass(frozen=True)
class BodySite:
    code: str
    name: str
    region: str
    lateral: bool = False


@lru_cache(maxsize=1)
def body_sites() -> tuple[BodySite, ...]:
    data = load_yaml(resource("body_sites.yaml").read_text(encoding="utf-8"))
    return tuple(
        BodySite(code=str(s["code"]), name=s["name"], region=s["region"], lateral=bool(s.get("lateral", False)))
        for s in data["sites"]
    )


def site_by_code(code: str) -> BodySite | None:
    return next((s for s in body_sites() if s.code == code), None)


def describe_site(site_code: str, laterality: str, site_text: str | None = None) -> str:
    """'left ear lobule (upper part)': the body site as a sentence reads it.
    ``laterality`` is "left", "right", "bilateral" or "none" (a Laterality member works too)."""
    site = site_by_code(site_code)
    name = site.name if site else site_code
    side = getattr(laterality, "value", laterality)
    if side and side != "none":
        name = f"{side} {name[:1].lower()}{name[1:]}"
    return f"{name} ({site_text})" if site_text else name
