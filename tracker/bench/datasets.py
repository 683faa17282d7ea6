"""The seeded data sets, built once and cached between runs.

A data set is keyed by DATA_VERSION, the preset, the schema revision and
which optional features (photos) this build has; a key with no folder yet is
built in a temporary folder and renamed into place, so an interrupted build
never leaves a half data set. Rows never change the cache: each run works on
copies (``working_copy``).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tracker.bench.env import has_module
from tracker.bench.presets import Preset

log = logging.getLogger(__name__)

DATA_VERSION = "5"   # the clinics: rebuilt when this, the schema or the features change
MEDIA_VERSION = "1"  # the generated pictures: independent of the program
MANIFEST = "manifest.json"
DB_NAME = "tracker.sqlite"
PHOTO_FOLDERS = ("photos", "photo-thumbnails")


def photos_built() -> bool:
    """Whether this build has the photo store, import and thumbnail builder."""
    return all(has_module(m) for m in ("tracker.services.photo_import", "tracker.imaging.thumbnails"))


def _schema_head() -> str:
    from tracker.db.revisions import shipped_heads

    return "+".join(sorted(shipped_heads()))


def cache_key(preset: Preset) -> str:
    features = "photos" if photos_built() else "nophotos"
    return f"{preset.name}-v{DATA_VERSION}-{_schema_head()}-{features}"


@dataclass(frozen=True)
class DataSets:
    folder: Path
    manifest: dict

    @property
    def main(self) -> Path:
        """Data folder of the big clinic (patients, the heavy chart, the photo grid)."""
        return self.folder / "main"

    @property
    def empty(self) -> Path:
        """Data folder of a migrated clinic with one clinician and no patients."""
        return self.folder / "empty"

    @property
    def import_csv(self) -> Path:
        return self.folder / "import-patients.csv"

    @property
    def media(self) -> Path:
        """The generated pictures (a data set of their own, see build.build_media)."""
        return self.folder.parent / self.manifest["media_key"]

    @property
    def jpegs(self) -> list[Path]:
        return [self.media / p for p in self.manifest["media"]["jpegs"]]

    @property
    def import_photos(self) -> list[Path]:
        return [self.media / p for p in self.manifest["media"]["import_photos"]]

    def __getitem__(self, key: str):  # noqa: ANN204
        return self.manifest[key]


def _layer(cache_root: Path, key: str, build, what: str) -> tuple[Path, dict]:  # noqa: ANN001
    """The cached folder ``key``, built by ``build(staging)`` when missing."""
    folder = cache_root / key
    if (folder / MANIFEST).is_file():
        return folder, json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    cache_root.mkdir(parents=True, exist_ok=True)
    family = key.split("-v")[0] + "-v"
    for old in cache_root.glob(f"{family}*"):
        if old.name != key:
            log.info("removing the outdated data set %s", old.name)
            shutil.rmtree(old, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=cache_root))
    started = time.monotonic()
    print(f"building {what} in {staging} (kept for later runs) ...", flush=True)
    manifest = build(staging)
    manifest["key"], manifest["build_seconds"] = key, round(time.monotonic() - started, 1)
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(staging, folder)
    print(f"{what} ready in {manifest['build_seconds']} s", flush=True)
    return folder, manifest


def ensure(preset: Preset, cache_root: Path) -> DataSets:
    from tracker.bench.build import build_clinics, build_media

    media, media_manifest = _layer(cache_root, f"{preset.name}-media-v{MEDIA_VERSION}",
                                   lambda staging: build_media(preset, staging), f"the {preset.name} pictures")
    folder, manifest = _layer(cache_root, cache_key(preset),
                              lambda staging: build_clinics(preset, staging, media, media_manifest),
                              f"the {preset.name} clinics")
    return DataSets(folder, manifest)


def working_copy(source: Path, dest: Path) -> Path:
    """A data folder to run against: the database copied (it will be written
    to), the photo store and thumbnail cache linked (only read)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / DB_NAME, dest / DB_NAME)
    for name in PHOTO_FOLDERS:
        if (source / name).exists():
            (dest / name).symlink_to((source / name).resolve(), target_is_directory=True)
    return dest
