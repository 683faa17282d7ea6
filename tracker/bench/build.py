"""Building the data sets (see datasets.py): clinics through the program's
services, generated JPEGs, the CSV for the bulk import."""
from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from tracker.bench import clinic_data
from tracker.bench.datasets import DB_NAME, photos_built
from tracker.bench.people import patients, write_csv
from tracker.bench.presets import Preset
from tracker.config import resolve_location
from tracker.services.clinic import open_clinic

log = logging.getLogger(__name__)


def _step(text: str, started: float) -> None:
    print(f"  {text} ({time.monotonic() - started:.1f} s)", flush=True)


def _jpegs(preset: Preset, folder: Path) -> tuple[list[str], list[str]]:
    """The big camera-size JPEGs, and the distinct files to import (big ones
    first, then smaller ones to reach the import count)."""
    from tracker.bench.images import make_jpeg
    from tracker.bench.qt import application

    application()
    big = [make_jpeg(folder / "jpegs" / f"camera-{n:03d}.jpg", *preset.big_size, seed=n)
           for n in range(preset.big_jpegs)]
    width, height = preset.big_size
    extra = [make_jpeg(folder / "import" / f"visit-{n:03d}.jpg", width // 2, height // 2, seed=1000 + n)
             for n in range(max(0, preset.import_photos - len(big)))]
    rel = lambda paths: [str(p.relative_to(folder)) for p in paths]  # noqa: E731
    return rel(big), rel(big + extra)[: preset.import_photos]


def build_all(preset: Preset, folder: Path) -> dict:
    started = time.monotonic()
    manifest: dict = {"preset": preset.name}

    empty = open_clinic(resolve_location(data_dir=folder / "empty"))
    manifest["clinician_id"] = clinic_data.add_clinician(empty)
    empty.dispose()
    _step("empty clinic", started)

    main_dir = folder / "main"
    main_dir.mkdir()
    shutil.copy2(folder / "empty" / DB_NAME, main_dir / DB_NAME)
    db = open_clinic(resolve_location(data_dir=main_dir))
    actor = manifest["clinician_id"]
    clinic_data.add_patients(db, actor, preset.patients, seed=1, chart_prefix="C")
    _step(f"{preset.patients} patients", started)
    heavy = clinic_data.add_named_patient(db, actor, clinic_data.HEAVY_CHART, "Benchmark", "Heavy History")
    manifest["heavy_patient_id"] = heavy
    manifest["heavy_session_ids"] = clinic_data.add_heavy_history(db, actor, heavy, preset.chart_sessions)
    _step(f"{preset.chart_sessions} sessions of one patient", started)
    manifest["grid_patient_id"] = clinic_data.add_named_patient(db, actor, clinic_data.GRID_CHART, "Benchmark", "Many Photos")

    write_csv(folder / "import-patients.csv", list(patients(preset.import_patients, seed=2, chart_prefix="IMP")))
    manifest["jpegs"], manifest["import_photos"] = _jpegs(preset, folder)
    _step(f"{len(manifest['jpegs'])} camera JPEGs, {len(manifest['import_photos'])} files to import", started)

    manifest["photos"] = photos_built()
    if manifest["photos"]:
        from tracker.bench.photo_data import add_photo_sets

        add_photo_sets(db, preset, folder, manifest)
        _step("photos and cached thumbnails", started)
    db.dispose()
    return manifest
