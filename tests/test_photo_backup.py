"""Photos travel with `tracker backup` and come back with `tracker restore`,
so a restored clinic passes `tracker check` even in another folder; a restore
repairs damaged photos and loses no save made elsewhere while it runs."""
from __future__ import annotations

import os
import sqlite3
import threading
import time

from photo_fixtures import camera_jpeg

from tracker.db.backup import backup_sqlite, restore_sqlite
from tracker.db.migrate import current_revision
from tracker.db.writer_turn import writer_turn
from tracker.services.photo_backup import copy_photo_store, photos_beside
from tracker.services.photo_import import ImportItem, import_photos
from tracker.services.photo_store import PhotoStore


def test_backup_carries_the_photos_and_restore_brings_them_back(db, clinic, tmp_path, cli):
    p = clinic.patient()
    import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "in" / f"{n}.jpg", seed=n)) for n in range(3)])
    copy = tmp_path / "backups" / "monday.sqlite"
    result = cli("--data-dir", str(db.location.data_dir), "backup", str(copy))
    assert result.returncode == 0, result.stderr
    assert "photos: 3 copied" in result.stdout
    assert len(list(PhotoStore(photos_beside(copy)).stored_files())) == 3

    other = tmp_path / "other-clinic"
    other.mkdir()
    assert cli("--data-dir", str(other), "demo", "--patients", "2").returncode == 0
    restored = cli("--data-dir", str(other), "restore", str(copy), "--replace-newer")
    assert restored.returncode == 0, restored.stderr
    assert "photos: 3 copied" in restored.stdout
    check = cli("--data-dir", str(other), "check")
    assert check.returncode == 0, check.stdout
    assert "photo files: ok (3 photos)" in check.stdout


def test_copying_is_incremental_and_skips_damaged_files(db, clinic, tmp_path):
    p = clinic.patient()
    report = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / f"{n}.jpg", seed=n)) for n in range(2)])
    dest = tmp_path / "copy.photos"
    first = copy_photo_store(db.location.photos_dir, dest)
    assert (first.copied, first.present, first.damaged) == (2, 0, ())
    damaged = report.photos[0].file_path(db.location)
    os.chmod(damaged, 0o644)
    damaged.write_bytes(b"not the picture any more")
    (dest / report.photos[0].stored_path).chmod(0o644)
    (dest / report.photos[0].stored_path).unlink()
    again = copy_photo_store(db.location.photos_dir, dest)
    assert (again.copied, again.present) == (0, 1)
    assert again.damaged == (report.photos[0].stored_path,)
    assert not list((dest / ".incoming").glob("*.part"))


def test_restore_replaces_a_damaged_live_photo_with_the_backups_copy(db, clinic, tmp_path, cli):
    p = clinic.patient()
    report = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "in" / f"{n}.jpg", seed=n)) for n in range(2)])
    copy = tmp_path / "backups" / "monday.sqlite"
    assert cli("--data-dir", str(db.location.data_dir), "backup", str(copy)).returncode == 0
    damaged = report.photos[0].file_path(db.location)
    os.chmod(damaged, 0o644)
    damaged.write_bytes(b"not the picture any more")
    db.dispose()
    restored = cli("--data-dir", str(db.location.data_dir), "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert "photos: 0 copied" in restored.stdout and "1 already there, 1 damaged ones replaced" in restored.stdout
    check = cli("--data-dir", str(db.location.data_dir), "check")
    assert check.returncode == 0 and "photo files: ok (2 photos)" in check.stdout, check.stdout


def test_a_save_finishing_elsewhere_during_a_restore_is_kept_in_the_safety_copy(db, clinic, tmp_path):
    live = db.location.sqlite_path
    copy = backup_sqlite(live, tmp_path / "backups" / "monday.sqlite")
    db.dispose()
    saving = threading.Event()

    def other_workstation() -> None:  # its save holds the writers' turn when the restore starts
        with writer_turn(live, 5):
            saving.set()
            time.sleep(0.3)
            with sqlite3.connect(live) as conn:
                conn.execute("INSERT INTO setting (key, value) VALUES ('saved_elsewhere', '1')")

    worker = threading.Thread(target=other_workstation)
    worker.start()
    saving.wait(5)
    safety = restore_sqlite(copy, live, tmp_path / "backups", {current_revision(db)})
    worker.join()
    with sqlite3.connect(safety) as kept:
        assert kept.execute("SELECT value FROM setting WHERE key = 'saved_elsewhere'").fetchone() == ("1",)
    with sqlite3.connect(live) as now:
        assert now.execute("SELECT value FROM setting WHERE key = 'saved_elsewhere'").fetchone() is None  # restored


def test_restore_asks_before_setting_aside_work_done_after_the_backup(db, clinic, tmp_path, cli):
    """Monday's copy restored on Wednesday would quietly move Tuesday's
    sessions into a safety copy: the restore says so and waits for
    --replace-newer; a copy that holds everything restores at once."""
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    data_dir = str(db.location.data_dir)
    copy = tmp_path / "backups" / "monday.sqlite"
    assert cli("--data-dir", data_dir, "backup", str(copy)).returncode == 0
    clinic.record(p.id, [clinic.injection(lesion.id, conc="5")])  # Tuesday's session
    db.dispose()
    before = db.location.sqlite_path.stat().st_mtime_ns
    refused = cli("--data-dir", data_dir, "restore", str(copy))
    assert refused.returncode == 2
    assert "the live database holds " in refused.stderr and "change(s) made after this backup" in refused.stderr
    assert db.location.sqlite_path.stat().st_mtime_ns == before
    assert not list((tmp_path / "backups").glob("before-restore-*.sqlite"))
    restored = cli("--data-dir", data_dir, "restore", str(copy), "--replace-newer")
    assert restored.returncode == 0, restored.stderr
    assert "previous database was kept" in restored.stdout
    again = cli("--data-dir", data_dir, "restore", str(copy))  # now the live database is Monday's: nothing to lose
    assert again.returncode == 0, again.stderr


def test_a_backup_names_each_photo_whose_file_is_missing_and_exits_1(db, clinic, tmp_path, cli):
    """A photo file lost from the store (a disk fault) cannot be in the backup:
    the command says which photo it is and exits 1, so a scheduled backup is
    noticed; the database and the other photos are still copied."""
    p = clinic.patient(chart_number="KB-207")
    names = ["IMG_0101.JPG", "IMG_0102.JPG", "IMG_0103.JPG"]
    report = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "in" / name, seed=n)) for n, name in enumerate(names)])
    lost = report.photos[1]
    path = lost.file_path(db.location)
    os.chmod(path, 0o600)
    path.unlink()
    copy = tmp_path / "backups" / "tuesday.sqlite"
    result = cli("--data-dir", str(db.location.data_dir), "backup", str(copy))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "photos: 2 copied" in result.stdout
    assert "1 photo(s) of the database are NOT in this backup" in result.stdout
    [line] = [ln for ln in result.stdout.splitlines() if ln.startswith("  - ")]
    assert f"photo {lost.id} (chart KB-207, IMG_0102.JPG)" in line and lost.stored_path in line
    assert all(f"photo {kept.id} " not in result.stdout for kept in (report.photos[0], report.photos[2]))
    # Everything else is in the backup, verified.
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM photo").fetchone() == (3,)
    assert len(list(PhotoStore(photos_beside(copy)).stored_files())) == 2


def test_a_restore_names_each_photo_its_backup_lacks_and_exits_1(db, clinic, tmp_path, cli):
    """A backup whose photo folder lost a file: the database is restored, the
    other photos come back, and the photo that did not is named (exit 1)."""
    p = clinic.patient(chart_number="KB-208")
    report = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "in" / f"IMG_{n}.JPG", seed=n))
                                            for n in range(3)])
    copy = tmp_path / "backups" / "monday.sqlite"
    assert cli("--data-dir", str(db.location.data_dir), "backup", str(copy)).returncode == 0
    lost = report.photos[2]
    in_backup = PhotoStore(photos_beside(copy)).path_of(lost.stored_path)
    os.chmod(in_backup, 0o600)
    in_backup.unlink()
    other = tmp_path / "new-computer"
    other.mkdir()
    restored = cli("--data-dir", str(other), "restore", str(copy))
    assert restored.returncode == 1, restored.stdout + restored.stderr
    assert "photos: 2 copied" in restored.stdout
    assert "1 photo(s) of the database are NOT in the photo store after the restore" in restored.stdout
    [line] = [ln for ln in restored.stdout.splitlines() if ln.startswith("  - ")]
    assert f"photo {lost.id} (chart KB-208, IMG_2.JPG)" in line
    with sqlite3.connect(other / "tracker.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM photo").fetchone() == (3,)
