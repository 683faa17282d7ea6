"""The photo store survives damage and crashes: `tracker check` names a photo
whose bytes changed, and killing an import at any moment leaves no photo row
without its file and no half-written file under a final name."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from helpers import child_env
from photo_fixtures import camera_jpeg
from sqlalchemy import select

from tracker.models import Photo
from tracker.services.photo_import import ImportItem, import_photos
from tracker.services.photo_store import PhotoStore, sha256_of


def test_check_names_a_photo_with_a_flipped_byte(db, clinic, tmp_path, cli):
    p = clinic.patient()
    paths = [camera_jpeg(tmp_path / "in" / f"visit{n}.jpg", seed=n) for n in range(3)]
    report = import_photos(db, None, p.id, [ImportItem(x) for x in paths])
    ok = cli("--data-dir", str(tmp_path), "check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "photo files: ok (3 photos)" in ok.stdout

    damaged = report.photos[1]
    stored = damaged.file_path(db.location)
    os.chmod(stored, 0o644)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01
    stored.write_bytes(bytes(data))

    result = cli("--data-dir", str(tmp_path), "check")
    assert result.returncode == 1
    assert "photo files: FAILED" in result.stdout
    assert f"photo {damaged.id} (visit1.jpg)" in result.stdout
    assert "does not match its SHA-256" in result.stdout
    assert f"photo {report.photos[0].id} " not in result.stdout


def test_check_reports_a_missing_file_and_leftovers_of_an_interrupted_import(db, clinic, tmp_path, cli):
    p = clinic.patient()
    photo = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "a.jpg"))]).photos[0]
    store = PhotoStore.for_location(db.location)
    missing = photo.file_path(db.location)
    os.chmod(missing, 0o644)
    missing.unlink()
    leftover = store.incoming / "otherhost.12345.abcdef.part"
    leftover.write_bytes(b"half a photo")

    result = cli("--data-dir", str(tmp_path), "check")
    assert result.returncode == 1
    assert f"photo {photo.id} (a.jpg): the file" in result.stdout and "is missing" in result.stdout
    assert "photo store leftovers: FAILED" in result.stdout
    assert "otherhost.12345.abcdef.part" in result.stdout and "interrupted import" in result.stdout


def _check_invariants(db, store: PhotoStore) -> tuple[int, int]:  # noqa: ANN001
    """No photo row without its whole file; no file under a final name that is not whole."""
    with db.read() as s:
        rows = s.execute(select(Photo.id, Photo.stored_path, Photo.sha256)).all()
    for photo_id, rel, digest in rows:
        path = store.path_of(rel)
        assert path.is_file(), f"photo {photo_id} has no file"
        assert sha256_of(path) == digest, f"photo {photo_id}'s file is not whole"
    files = list(store.stored_files())
    for path in files:
        assert sha256_of(path) == path.stem, f"{path} is half-written under its final name"
    return len(rows), len(files)


@pytest.mark.slow
def test_killing_a_folder_import_at_random_moments_leaves_nothing_half_stored(db, clinic, tmp_path):
    p = clinic.patient(chart_number="KILL-1")
    card = tmp_path / "card"
    total = 60
    for n in range(total):
        camera_jpeg(card / f"IMG_{n:04d}.JPG", seed=n, size=(1600, 1200))
    store = PhotoStore.for_location(db.location)
    rng = random.Random(4)
    command = [sys.executable, "-m", "tracker", "--data-dir", str(tmp_path), "import-photos", "--patient", "KILL-1", str(card)]
    kills_mid_import = 0
    for _attempt in range(6):
        before, _files = _check_invariants(db, store)
        child = subprocess.Popen(command, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Wait until the import is under way (rows or staged files appear), then kill at a random moment.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            staged = store.incoming.is_dir() and any(store.incoming.iterdir())
            if staged or _check_invariants(db, store)[0] > before:
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.3))  # early enough that files remain for every attempt
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills_mid_import += 1
        child.wait(timeout=60)
        _check_invariants(db, store)
    assert kills_mid_import >= 3, "the import finished before it could be killed; make it longer"

    # The next import finishes the job: every picture once, the killed runs' temporary files removed.
    finished = subprocess.run(command, env=child_env(), capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    rows, files = _check_invariants(db, store)
    assert rows == total and files == total
    assert not list(store.incoming.glob("*.part"))
    with db.read() as s:
        names = sorted(s.execute(select(Photo.original_name)).scalars())
    assert names == sorted(f"IMG_{n:04d}.JPG" for n in range(total))
