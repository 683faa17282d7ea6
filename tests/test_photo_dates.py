"""The date a photo is stored with: a camera date that cannot be read falls
back to the file's date with a note, and a date after today or before the
patient was born is reported, so a wrong camera clock does not slip in."""
from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from photo_fixtures import camera_jpeg

from tracker.services.photo_import import ImportItem, Outcome, import_photos
from tracker.services.photo_scan import survey
from tracker.services.settings import update_settings

FILE_TIME = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("written", "offset", "zone"), [
    ("9999:12:31 23:00:00", "-05:00", "UTC"),  # past the last day Python can hold, once moved to UTC
    ("0001:01:01 00:30:00", None, "Europe/Berlin"),  # before the first day, once moved to UTC
    ("2026:13:45 10:00:00", None, "UTC"),  # no such month
])
def test_an_unusable_camera_date_falls_back_to_the_file_date_and_the_rest_go_on(db, clinic, tmp_path, written, offset, zone):
    update_settings(db, None, {"clinic_timezone": zone})
    p = clinic.patient()
    card = tmp_path / "card"
    for n in range(2):
        camera_jpeg(card / f"IMG_{n}.JPG", taken=datetime(2026, 6, 1, 10, n), seed=n)
    odd = camera_jpeg(card / "IMG_9.JPG", taken=written, offset=offset, seed=9)
    os.utime(odd, (FILE_TIME.timestamp(), FILE_TIME.timestamp()))

    found = {c.path.name: c for c in survey(db, [card]).candidates}

    assert len(found) == 3 and all(c.usable for c in found.values())
    assert found["IMG_9.JPG"].taken_at is None and found["IMG_9.JPG"].date_source == "file date"
    assert found["IMG_9.JPG"].note == f"IMG_9.JPG: camera date {written} could not be read; the file's date is used instead"
    assert found["IMG_0.JPG"].note is None and found["IMG_0.JPG"].date_source == "camera"

    report = import_photos(db, clinic.nurse.id, p.id, [ImportItem(c.path) for c in found.values()])

    assert [r.outcome for r in report.results] == [Outcome.IMPORTED] * 3
    odd_result = next(r for r in report.results if r.path.name == "IMG_9.JPG")
    assert odd_result.message.startswith("IMG_9.JPG: imported; camera date ") and odd_result.note
    assert report.to_check == (odd_result,)
    assert report.summary() == "3 photos imported (1 with a date to check)"
    stored = {ph.original_name: ph for ph in report.photos}
    assert stored["IMG_9.JPG"].taken_at == FILE_TIME
    assert stored["IMG_0.JPG"].taken_at.date() == date(2026, 6, 1)


def test_a_date_typed_over_an_unusable_camera_date_needs_no_note(db, clinic, tmp_path):
    p = clinic.patient()
    odd = camera_jpeg(tmp_path / "odd.jpg", taken="9999:12:31 23:00:00", offset="-05:00")
    typed = datetime(2026, 6, 2, 10, 0, tzinfo=timezone.utc)
    report = import_photos(db, None, p.id, [ImportItem(odd, taken_at=typed)])
    assert report.results[0].message == "odd.jpg: imported" and report.to_check == ()
    assert report.photos[0].taken_at == typed


def _clinic_today(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()


def test_a_date_after_today_or_before_the_birth_date_is_reported_for_that_photo(db, clinic, tmp_path, cli):
    update_settings(db, None, {"clinic_timezone": "Pacific/Auckland"})
    p = clinic.patient(born=date(2001, 3, 3), chart_number="DOB-1")
    ahead = _clinic_today("Pacific/Auckland") + timedelta(days=3 * 365)
    card = tmp_path / "card"
    camera_jpeg(card / "ahead.jpg", taken=datetime(ahead.year, ahead.month, ahead.day, 10, 0), seed=1)
    camera_jpeg(card / "before.jpg", taken=datetime(1999, 1, 1, 10, 0), seed=2)
    camera_jpeg(card / "birthday.jpg", taken=datetime(2001, 3, 3, 10, 0), seed=3)
    camera_jpeg(card / "usual.jpg", taken=datetime(2026, 6, 1, 10, 0), seed=4)

    report = import_photos(db, clinic.nurse.id, p.id, [ImportItem(path) for path in sorted(card.iterdir())])

    messages = {r.path.name: r.message for r in report.results}
    assert [r.outcome for r in report.results] == [Outcome.IMPORTED] * 4  # reported, not refused: a person decides
    assert messages["ahead.jpg"] == (f"ahead.jpg: imported; the date taken, {ahead:%d %b %Y}, is after today "
                                     "(the camera's clock may be wrong)")
    assert messages["before.jpg"] == ("before.jpg: imported; the date taken, 01 Jan 1999, is before the patient's "
                                      "date of birth, 03 Mar 2001 (the camera's clock may be wrong)")
    assert messages["birthday.jpg"] == "birthday.jpg: imported" and messages["usual.jpg"] == "usual.jpg: imported"
    assert report.summary() == "4 photos imported (2 with a date to check)"

    # A script importing the same kind of card sees the same words.
    more = tmp_path / "more"
    camera_jpeg(more / "ahead2.jpg", taken=datetime(ahead.year, ahead.month, ahead.day, 11, 0), seed=5)
    done = cli("--data-dir", str(db.location.data_dir), "import-photos", "--patient", "DOB-1", str(more))
    assert done.returncode == 0, done.stderr
    assert f"ahead2.jpg: imported; the date taken, {ahead:%d %b %Y}, is after today" in done.stdout
    assert "1 photo imported (1 with a date to check)" in done.stdout
