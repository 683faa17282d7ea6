"""Importing photos: EXIF date and orientation, duplicates, bad files, folders,
cancelling, and where the photo belongs."""
from __future__ import annotations

import os
import stat
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from photo_fixtures import camera_jpeg, huge_png, not_an_image, plain_image, truncated_jpeg
from sqlalchemy import select

from tracker.models import AuditEvent, Photo
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.lesions import void_lesion
from tracker.services.photo_import import ImportItem, Outcome, import_photos
from tracker.services.photo_scan import scan_folder, survey
from tracker.services.photo_store import PhotoStore, sha256_of
from tracker.services.photo_void import void_photo
from tracker.services.photos import get_photo, get_photos, lesion_photos, patient_photos, update_view_settings
from tracker.services.settings import update_settings


def _store(db) -> PhotoStore:  # noqa: ANN001
    return PhotoStore.for_location(db.location)


def _files_in_store(db) -> list[Path]:  # noqa: ANN001
    return list(_store(db).stored_files())


def test_camera_jpeg_keeps_its_date_orientation_and_visit(db, clinic, tmp_path):
    update_settings(db, None, {"clinic_timezone": "Europe/Berlin"})
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    visit = clinic.record(p.id, [clinic.injection(lesion.id)], day=date(2026, 3, 4))
    # Portrait photo stored sideways with EXIF orientation 6, taken 4 March 2026 10:11 on the camera's clock.
    path = camera_jpeg(tmp_path / "cam" / "IMG_0001.JPG", taken=datetime(2026, 3, 4, 10, 11, 12), orientation=6,
                       size=(320, 240))

    report = import_photos(db, clinic.nurse.id, p.id, [ImportItem(path, lesion_id=lesion.id, view_label="close-up")])

    assert report.imported == 1, report.results
    photo = report.photos[0]
    assert (photo.width, photo.height) == (240, 320)  # as displayed: turned upright
    # No offset in the file: the clinic's time zone (CET, UTC+1 in March) applies.
    assert photo.taken_at == datetime(2026, 3, 4, 9, 11, 12, tzinfo=timezone.utc)
    assert photo.taken_on == date(2026, 3, 4)
    assert photo.session_id == visit.id  # the visit that day, found by date
    assert photo.view_label == "close-up" and photo.lesion_id == lesion.id
    assert photo.original_name == "IMG_0001.JPG" and photo.media_type == "image/jpeg"
    # The record copy: content-addressed, byte-identical to the camera file, read-only.
    stored = photo.file_path(db.location)
    assert stored.name == f"{photo.sha256}.jpg" and stored.parent.name == photo.sha256[:2]
    assert stored.read_bytes() == path.read_bytes()
    assert sha256_of(stored) == photo.sha256
    assert not stored.stat().st_mode & stat.S_IWUSR
    with db.read() as s:
        events = s.execute(select(AuditEvent).where(AuditEvent.entity == "photo", AuditEvent.entity_id == photo.id)).scalars().all()
    assert [e.action for e in events] == ["create"] and events[0].staff_id == clinic.nurse.id


def test_exif_offset_is_used_when_the_camera_wrote_one(db, clinic, tmp_path):
    p = clinic.patient()
    path = camera_jpeg(tmp_path / "a.jpg", taken=datetime(2026, 5, 1, 23, 30, 0), offset="-05:00")
    report = import_photos(db, None, p.id, [ImportItem(path)])
    assert report.photos[0].taken_at == datetime(2026, 5, 2, 4, 30, tzinfo=timezone.utc)


def test_png_and_tiff_are_accepted(db, clinic, tmp_path):
    p = clinic.patient()
    items = [ImportItem(plain_image(tmp_path / "scan.png", "PNG", seed=1)),
             ImportItem(plain_image(tmp_path / "scan.tif", "TIFF", seed=2))]
    report = import_photos(db, None, p.id, items)
    assert report.imported == 2
    assert sorted(ph.media_type for ph in report.photos) == ["image/png", "image/tiff"]
    assert sorted(f.suffix for f in _files_in_store(db)) == [".png", ".tif"]
    # Without EXIF the file's own date is used.
    assert all(ph.taken_at is not None for ph in report.photos)


def test_the_same_file_imported_twice_is_stored_once(db, clinic, tmp_path):
    p = clinic.patient()
    other = clinic.patient()
    original = camera_jpeg(tmp_path / "a.jpg", seed=5)
    copy = tmp_path / "renamed copy.jpg"
    copy.write_bytes(original.read_bytes())

    first = import_photos(db, None, p.id, [ImportItem(original)])
    again = import_photos(db, None, p.id, [ImportItem(original), ImportItem(copy)])
    elsewhere = import_photos(db, None, other.id, [ImportItem(copy)])

    photo_id = first.photos[0].id
    assert [r.outcome for r in again.results] == [Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert all(r.photo_id == photo_id for r in again.results)
    assert "already stored as photo" in again.results[1].message and "renamed copy.jpg" in again.results[1].message
    assert "another patient's chart" in elsewhere.results[0].message
    with db.read() as s:
        assert s.execute(select(Photo.id)).scalars().all() == [photo_id]
    assert len(_files_in_store(db)) == 1
    assert not list(_store(db).incoming.iterdir())  # the duplicates' temporary copies are gone


def test_bad_files_get_a_message_each_and_the_rest_are_imported(db, clinic, tmp_path):
    p = clinic.patient()
    good = [camera_jpeg(tmp_path / f"good{n}.jpg", seed=n) for n in range(3)]
    bad = {
        "cut.jpg": truncated_jpeg(tmp_path / "cut.jpg"),
        "notes.jpg": not_an_image(tmp_path / "notes.jpg"),
        "huge.png": huge_png(tmp_path / "huge.png"),
    }
    order = [good[0], bad["cut.jpg"], good[1], bad["notes.jpg"], bad["huge.png"], good[2], tmp_path / "gone.jpg"]

    report = import_photos(db, None, p.id, [ImportItem(path) for path in order])

    assert [r.outcome for r in report.results] == [Outcome.IMPORTED, Outcome.FAILED, Outcome.IMPORTED, Outcome.FAILED,
                                                   Outcome.FAILED, Outcome.IMPORTED, Outcome.FAILED]
    messages = {r.path.name: r.message for r in report.problems}
    assert "cut short" in messages["cut.jpg"]
    assert "not a picture" in messages["notes.jpg"]
    assert "20,000" in messages["huge.png"] or "400 million" in messages["huge.png"]
    assert "no longer there" in messages["gone.jpg"]
    assert report.summary() == "3 photos imported, 4 could not be imported"
    # Nothing half-stored: only the three good files, no leftovers.
    assert len(_files_in_store(db)) == 3
    assert not list(_store(db).incoming.iterdir())
    assert len(patient_photos(db, p.id)) == 3


def test_the_report_lists_the_imported_photos_in_file_order_with_their_lesions(db, clinic, tmp_path, monkeypatch):
    import tracker.services.photos as photos

    monkeypatch.setattr(photos, "IDS_PER_QUERY", 2)  # several reads, as for a very large import
    p = clinic.patient()
    lesion = clinic.lesion(p.id, label="Chin keloid")
    files = [camera_jpeg(tmp_path / f"img{n}.jpg", seed=40 + n, taken=datetime(2026, 5, 9 - n, 9, 0)) for n in range(5)]
    items = [ImportItem(path, lesion_id=lesion.id if n % 2 == 0 else None) for n, path in enumerate(files)]
    items.insert(2, ImportItem(not_an_image(tmp_path / "notes.jpg")))

    report = import_photos(db, None, p.id, items)

    imported = [r.photo_id for r in report.results if r.outcome == Outcome.IMPORTED]
    assert [photo.id for photo in report.photos] == imported and len(imported) == 5
    assert [photo.original_name for photo in report.photos] == [f.name for f in files]
    assert [photo.lesion_label for photo in report.photos] == ["Chin keloid", "", "Chin keloid", "", "Chin keloid"]
    assert list(report.photos) == [get_photo(db, i) for i in imported]
    assert get_photos(db, []) == []
    with pytest.raises(NotFoundError, match="no photo with id 999"):
        get_photos(db, [imported[0], 999])


def test_folder_scan_reports_skipped_files_and_unreadable_folders(db, tmp_path, monkeypatch):
    card = tmp_path / "DCIM"
    camera_jpeg(card / "100CANON" / "IMG_0001.JPG", seed=1)
    camera_jpeg(card / "100CANON" / "IMG_0002.JPG", seed=2)
    (card / "100CANON" / "MVI_0003.MOV").write_bytes(b"\x00" * 100)
    (card / "100CANON" / ".DS_Store").write_bytes(b"junk")
    locked = card / "101CANON"
    camera_jpeg(locked / "IMG_0100.JPG", seed=3)
    real_scandir = os.scandir

    def refuse_locked(path=".") -> object:  # noqa: ANN001
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    # Tests run as root, where permission bits do not stop reading: refuse the folder the way the OS would.
    monkeypatch.setattr(os, "scandir", refuse_locked)
    scan = scan_folder(card)
    assert [f.name for f in scan.files] == ["IMG_0001.JPG", "IMG_0002.JPG"]
    messages = [m for _p, m in scan.problems]
    assert any("MVI_0003.MOV: skipped" in m for m in messages)
    assert any("101CANON" in m and "cannot be opened" in m and "permission denied" in m for m in messages)
    assert not any("DS_Store" in m for m in messages)


def test_survey_marks_duplicates_and_problems_before_anything_is_stored(db, clinic, tmp_path):
    p = clinic.patient()
    stored = camera_jpeg(tmp_path / "old.jpg", seed=9, taken=datetime(2026, 1, 2, 9, 0))
    import_photos(db, None, p.id, [ImportItem(stored)])
    folder = tmp_path / "card"
    folder.mkdir()
    (folder / "again.jpg").write_bytes(stored.read_bytes())
    camera_jpeg(folder / "new.jpg", seed=10, taken=datetime(2026, 2, 3, 9, 0))
    (folder / "new2.jpg").write_bytes((folder / "new.jpg").read_bytes())
    truncated_jpeg(folder / "broken.jpg")

    found = survey(db, [folder])

    by_name = {c.path.name: c for c in found.candidates}
    assert by_name["again.jpg"].duplicate_of is not None and not by_name["again.jpg"].usable
    assert by_name["new.jpg"].usable and by_name["new.jpg"].date_source == "camera"
    assert "same picture as new.jpg" in by_name["new2.jpg"].problem
    assert "cut short" in by_name["broken.jpg"].problem
    assert len(_files_in_store(db)) == 1  # looking stores nothing


def test_cancelling_stops_between_files(db, clinic, tmp_path):
    p = clinic.patient()
    paths = [camera_jpeg(tmp_path / f"{n}.jpg", seed=n) for n in range(5)]
    seen = []

    def progress(done: int, total: int, text: str) -> bool:
        seen.append(done)
        return done < 2  # the person presses Cancel while the third file is next

    report = import_photos(db, None, p.id, [ImportItem(x) for x in paths], progress=progress)
    assert report.cancelled
    assert [r.outcome for r in report.results] == [Outcome.IMPORTED] * 2 + [Outcome.CANCELLED] * 3
    assert "cancelled" in report.summary()
    assert len(_files_in_store(db)) == 2


def test_photos_cannot_be_added_to_a_voided_lesion_but_stay_when_it_is_voided(db, clinic, tmp_path):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    kept = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "a.jpg", seed=1), lesion_id=lesion.id)])
    void_lesion(db, clinic.doctor.id, lesion.id, "entered twice")
    late = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "b.jpg", seed=2), lesion_id=lesion.id)])
    assert late.results[0].outcome == Outcome.FAILED and "voided" in late.results[0].message
    assert [ph.id for ph in lesion_photos(db, lesion.id)] == [kept.photos[0].id]


def test_voiding_a_photo_keeps_the_file_and_the_view_settings_never_touch_it(db, clinic, tmp_path):
    p = clinic.patient()
    photo = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "a.jpg"))]).photos[0]
    before = photo.file_path(db.location).read_bytes()
    turned = update_view_settings(db, clinic.doctor.id, photo.id, {"rotation": 90, "crop": [10, 10, 100, 80]})
    assert turned.view_settings == {"rotation": 90, "crop": [10, 10, 100, 80]}
    with pytest.raises(ValidationError):
        update_view_settings(db, clinic.doctor.id, photo.id, {"brightness": 2})
    with pytest.raises(ValidationError):
        void_photo(db, clinic.doctor.id, photo.id, "  ")
    voided = void_photo(db, clinic.doctor.id, photo.id, "wrong patient").photo
    assert voided.voided and voided.void_reason == "wrong patient"
    assert photo.file_path(db.location).read_bytes() == before
    assert patient_photos(db, p.id) == []
    assert [ph.id for ph in patient_photos(db, p.id, include_voided=True)] == [photo.id]
    assert get_photo(db, photo.id).view_settings["rotation"] == 90
