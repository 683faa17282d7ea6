"""The photo parts of the data sets, made with the program's own import and
thumbnail builder: the heavy patient's photos (on its lesions and visits) and
the photo-grid patient's photos, all with cached thumbnails."""
from __future__ import annotations

import logging
from pathlib import Path

from tracker.imaging.thumbnails import THUMB_SIZE, build_thumbnails
from tracker.services.lesions import patient_lesions
from tracker.services.photo_import import ImportItem, import_photos
from tracker.services.photo_store import thumbnails_dir

log = logging.getLogger(__name__)

VIEWS = ("overview", "regional", "close-up")


def _import(db, actor: int, patient_id: int, items: list[ImportItem]) -> list:  # noqa: ANN001
    report = import_photos(db, actor, patient_id, items)
    if report.imported != len(items):
        raise RuntimeError(f"photo import for the data set: {report.summary()}")
    return list(report.photos)


def add_photo_sets(db, manifest: dict, heavy_files: list[Path], grid_files: list[Path]) -> None:  # noqa: ANN001
    """Import ``heavy_files`` for the heavy patient (spread over its lesions and
    visits) and ``grid_files`` for the photo-grid patient, then build every
    thumbnail into the clinic's cache."""
    from tracker.bench.qt import application

    application()
    actor = manifest["clinician_id"]
    lesion_ids = [lesion.id for lesion in patient_lesions(db, manifest["heavy_patient_id"])]
    sessions = manifest["heavy_session_ids"]
    step = max(1, len(sessions) // max(1, len(heavy_files)))
    heavy_items = [ImportItem(path, lesion_id=lesion_ids[n % len(lesion_ids)],
                              session_id=sessions[min(n * step, len(sessions) - 1)], view_label=VIEWS[n % len(VIEWS)])
                   for n, path in enumerate(heavy_files)]
    photos = _import(db, actor, manifest["heavy_patient_id"], heavy_items)
    photos += _import(db, actor, manifest["grid_patient_id"],
                      [ImportItem(path, view_label=VIEWS[n % len(VIEWS)]) for n, path in enumerate(grid_files)])
    build_thumbnails([p.file_path(db.location) for p in photos], THUMB_SIZE, 2, thumbnails_dir(db.location),
                     keys=[p.sha256 for p in photos])
    manifest["photo_count"] = len(photos)
    log.info("stored %d photos with thumbnails", len(photos))
