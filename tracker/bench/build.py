"""Building the data sets (see datasets.py): the generated pictures, then the
clinics through the program's own services, and the CSV for the bulk import."""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tracker.bench import clinic_data
from tracker.bench.datasets import DB_NAME, photos_built
from tracker.bench.people import patients, write_csv
from tracker.bench.presets import Preset
from tracker.config import resolve_location
from tracker.services.clinic import open_clinic

log = logging.getLogger(__name__)

LIBRARY_SIZE = (1024, 768)  # the photos stored in the clinics (their thumbnails are what is shown)


def _step(text: str, started: float) -> None:
    print(f"  {text} ({time.monotonic() - started:.1f} s)", flush=True)


def _start_qt() -> None:
    from tracker.bench.qt import application

    application()


def _make(job: tuple[str, int, int, int]) -> str:
    from tracker.bench.images import make_jpeg

    path, width, height, seed = job
    return str(make_jpeg(Path(path), width, height, seed))


def build_media(preset: Preset, folder: Path) -> dict:
    """The pictures: camera-size JPEGs, distinct files to import (the camera
    ones first, then half-size ones), and the library the clinics' photos are
    imported from. Made by one process per core."""
    started = time.monotonic()
    width, height = preset.big_size
    jobs: dict[str, list] = {
        "jpegs": [(folder / "jpegs" / f"camera-{n:03d}.jpg", width, height, n) for n in range(preset.big_jpegs)],
        "extra": [(folder / "import" / f"visit-{n:03d}.jpg", width // 2, height // 2, 1000 + n)
                  for n in range(max(0, preset.import_photos - preset.big_jpegs))],
        "library": [(folder / "library" / f"photo-{n:05d}.jpg", *LIBRARY_SIZE, 10_000 + n)
                    for n in range(preset.chart_photos + preset.grid_photos)],
    }
    context = multiprocessing.get_context("spawn")  # a fresh Qt in each worker
    with ProcessPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1)), mp_context=context,
                             initializer=_start_qt) as pool:
        made = {name: [Path(p).relative_to(folder).as_posix() for p in pool.map(_make, [(str(j[0]), *j[1:]) for j in group])]
                for name, group in jobs.items()}
    _step(f"{len(made['jpegs'])} camera JPEGs, {len(made['extra'])} more to import, {len(made['library'])} library photos",
          started)
    return {"preset": preset.name, "jpegs": made["jpegs"],
            "import_photos": (made["jpegs"] + made["extra"])[: preset.import_photos], "library": made["library"]}


def build_clinics(preset: Preset, folder: Path, media: Path, media_manifest: dict) -> dict:
    started = time.monotonic()
    manifest: dict = {"preset": preset.name, "media_key": media.name, "media": media_manifest}

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

    manifest["photos"] = photos_built()
    if manifest["photos"]:
        from tracker.bench.photo_data import add_photo_sets

        library = [media / p for p in media_manifest["library"]]
        add_photo_sets(db, manifest, library[: preset.chart_photos], library[preset.chart_photos:])
        _step("photos and cached thumbnails", started)
    db.dispose()
    return manifest
