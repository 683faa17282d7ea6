"""The twelve measured operations, where each is measured, and what a row
function gets: ``measure(ctx) -> list[Check]`` in a fresh child process."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.bench.datasets import DataSets
from tracker.bench.presets import Preset


class NotBuilt(Exception):
    """The feature a row measures is not in this build yet."""


@dataclass(frozen=True)
class RowSpec:
    id: str
    operation: str
    function: str  # "module:function" under tracker.bench

    def title(self, preset: Preset) -> str:
        return self.operation.format(**preset.as_dict())


@dataclass(frozen=True)
class Context:
    preset: Preset
    data: DataSets
    work: Path  # an empty folder of this row's own
    details: dict = field(default_factory=dict)  # figures worth keeping in the JSON


ROWS = (
    RowSpec("T1", "app start to window painted (offscreen)", "startup:t1"),
    RowSpec("T2", "start to usable: 50 patients listed, search enabled", "startup:t2"),
    RowSpec("T3", "search keystroke over {patients:,} patients", "search:t3"),
    RowSpec("T4", "open a patient with {chart_sessions} sessions and {chart_photos} photos", "chart:t4"),
    RowSpec("T5", "patient list with {patients:,} patients shown", "search:t5"),
    RowSpec("T6", "{grid_photos}-photo grid first screen, cached thumbnails", "photos:t6"),
    RowSpec("T7", "thumbnail building", "photos:t7"),
    RowSpec("T8", "GUI event-loop stall while importing {import_photos} photos", "photos:t8"),
    RowSpec("T9", "aftercare sheet to PDF", "pdf:t9"),
    RowSpec("T10", "save one session", "writes:t10"),
    RowSpec("T11", "bulk import of {import_patients:,} patients", "writes:t11"),
    RowSpec("T12", "memory: {browse_patients:,} patients browsed, photo grid open", "memory:t12"),
)

BY_ID = {r.id: r for r in ROWS}
