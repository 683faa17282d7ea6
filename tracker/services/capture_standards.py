"""Capture standards for follow-up photos: view labels and the photography
checklist, shipped as editable data with their sources
(resources/photos/capture_standards.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tracker.paths import resource
from tracker.services.yaml_data import load_yaml


@dataclass(frozen=True)
class ViewLabel:
    code: str
    label: str
    hint: str
    source: str
    group: str = ""


@dataclass(frozen=True)
class Checklist:
    title: str
    items: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class CaptureStandards:
    views: tuple[ViewLabel, ...]
    checklist: Checklist
    source: str

    def view(self, code: str | None) -> ViewLabel | None:
        return next((v for v in self.views if v.code == code), None)

    def view_text(self, code: str | None) -> str:
        """The label shown for a stored view code (the code itself if the clinic removed it)."""
        if not code:
            return ""
        found = self.view(code)
        return found.label if found else code


@lru_cache(maxsize=1)
def capture_standards() -> CaptureStandards:
    data = load_yaml(resource("photos", "capture_standards.yaml").read_text(encoding="utf-8"))
    views = tuple(
        ViewLabel(code=str(v["code"]), label=str(v["label"]), hint=str(v.get("hint", "")),
                  source=str(v.get("source", data.get("source", ""))), group=str(v.get("group", "")))
        for v in data["views"]
    )
    check = data["checklist"]
    checklist = Checklist(title=str(check["title"]), items=tuple(str(i) for i in check["items"]), source=str(check["source"]))
    return CaptureStandards(views=views, checklist=checklist, source=str(data.get("source", "")))


def view_codes() -> tuple[str, ...]:
    return tuple(v.code for v in capture_standards().views)
