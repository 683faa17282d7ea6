"""Data-set sizes and repetition counts: ``full`` (the issue's figures) and
``small`` (tiny, only to keep the command working inside the test suite)."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Preset:
    name: str
    patients: int            # patients in the main clinic database
    chart_sessions: int      # sessions of the one heavy patient
    chart_photos: int        # photos of the heavy patient
    grid_photos: int         # photos (with cached thumbnails) of the photo-grid patient
    big_jpegs: int           # generated camera-size JPEGs
    big_size: tuple[int, int]
    import_photos: int       # photos imported while the event loop is watched
    import_patients: int     # rows in the bulk patient import
    browse_patients: int     # patients scrolled through for the memory row
    start_runs: int          # start-up runs per process kind (medians)
    keystrokes: int          # search keystrokes (p95)
    opens: int               # patient-chart opens (median)
    saves: int               # session saves (p95)
    pdfs: int                # aftercare PDFs (median)

    def as_dict(self) -> dict:
        return asdict(self)


FULL = Preset(
    name="full", patients=100_000, chart_sessions=500, chart_photos=200, grid_photos=1000, big_jpegs=40,
    big_size=(4000, 3000), import_photos=200, import_patients=10_000, browse_patients=10_000, start_runs=9,
    keystrokes=40, opens=7, saves=60, pdfs=7,
)

SMALL = Preset(
    name="small", patients=600, chart_sessions=12, chart_photos=6, grid_photos=40, big_jpegs=3,
    big_size=(800, 600), import_photos=6, import_patients=300, browse_patients=300, start_runs=2,
    keystrokes=6, opens=2, saves=5, pdfs=2,
)

PRESETS = {p.name: p for p in (FULL, SMALL)}
