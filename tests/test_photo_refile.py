"""A photo put on the wrong chart or lesion: voided and imported again, or
filed again from the stored file in one step. The voided record stays as it
was; the file is in use once."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from photo_fixtures import camera_jpeg
from sqlalchemy import select

from tracker.models import AuditEvent
from tracker.services.errors import ConflictError, ValidationError
from tracker.services.lesions import void_lesion
from tracker.services.photo_import import ImportItem, Outcome, import_photos
from tracker.services.photo_measurements import AREA, photo_measurements, save_measurement, set_calibration
from tracker.services.photo_scan import survey
from tracker.services.photo_void import refile_photo, void_photo
from tracker.services.photos import get_photo, lesion_photos, patient_photos, update_view_settings


@pytest.fixture
def misfiled(db, clinic, tmp_path):  # noqa: ANN001, ANN201
    """A photo of Ann's ear keloid, taken at her 10 April visit, filed on her scalp patch."""
    ann = clinic.patient()
    ear = clinic.lesion(ann.id, label="Left ear keloid")
    scalp = clinic.lesion(ann.id, label="Scalp patch")
    visit = clinic.record(ann.id, [clinic.injection(ear.id)], day=date(2026, 4, 10))
    path = camera_jpeg(tmp_path / "ear.jpg", taken=datetime(2026, 4, 10, 11, 0), size=(800, 600))
    (result,) = import_photos(db, clinic.nurse.id, ann.id, [ImportItem(path, lesion_id=scalp.id)]).results
    return ann, ear, scalp, visit, path, result.photo_id


def test_a_voided_photo_can_be_imported_again_but_a_photo_in_use_only_once(db, clinic, misfiled):
    ann, ear, _scalp, visit, path, photo_id = misfiled
    assert survey(db, [path]).candidates[0].duplicate_of == photo_id
    void_photo(db, clinic.nurse.id, photo_id, "filed on the wrong lesion")

    assert survey(db, [path]).candidates[0].problem is None
    (again,) = import_photos(db, clinic.nurse.id, ann.id, [ImportItem(path, lesion_id=ear.id)]).results
    assert again.outcome == Outcome.IMPORTED
    photo = get_photo(db, again.photo_id)
    assert (photo.lesion_id, photo.session_id) == (ear.id, visit.id)
    assert photo.stored_path == get_photo(db, photo_id).stored_path  # one stored file, two records
    (third,) = import_photos(db, clinic.nurse.id, ann.id, [ImportItem(path, lesion_id=ear.id)]).results
    assert third.outcome == Outcome.DUPLICATE and f"already stored as photo {again.photo_id}" in third.message


def test_filing_a_photo_again_moves_it_to_the_right_lesion_in_one_step(db, clinic, misfiled):
    ann, ear, scalp, visit, _path, photo_id = misfiled
    update_view_settings(db, clinic.nurse.id, photo_id, {"rotation": 90})
    set_calibration(db, clinic.doctor.id, photo_id, (0, 0), (100, 0), "10")
    save_measurement(db, clinic.doctor.id, photo_id, AREA, [(0, 0), (50, 0), (50, 50), (0, 50)])
    version = get_photo(db, photo_id).row_version

    moved = refile_photo(db, clinic.nurse.id, photo_id, patient_id=ann.id, lesion_id=ear.id,
                         reason="this is the ear keloid", expected_version=version)

    assert moved.voided.voided and moved.voided.void_reason == "this is the ear keloid"
    assert moved.voided.lesion_id == scalp.id  # the voided record stays as it was
    new = moved.photo
    assert (new.patient_id, new.lesion_id, new.session_id) == (ann.id, ear.id, visit.id)
    assert (new.sha256, new.stored_path, new.taken_at) == (moved.voided.sha256, moved.voided.stored_path,
                                                           moved.voided.taken_at)
    assert new.rotation == 90 and new.calibration is not None
    assert moved.measurements == 1 and photo_measurements(db, photo_id) == []
    assert [p.id for p in lesion_photos(db, ear.id)] == [new.id] and lesion_photos(db, scalp.id) == []
    with db.read() as s:
        events = s.execute(select(AuditEvent.entity_id, AuditEvent.action, AuditEvent.reason)
                           .where(AuditEvent.entity == "photo").order_by(AuditEvent.seq)).all()
    assert events[-2:] == [(photo_id, "void", "this is the ear keloid"),
                           (new.id, "create", f"filed again from photo {photo_id}: this is the ear keloid")]


def test_filing_a_photo_on_another_patients_chart(db, clinic, misfiled):
    ann, _ear, _scalp, _visit, _path, photo_id = misfiled
    bea = clinic.patient()
    moved = refile_photo(db, clinic.nurse.id, photo_id, patient_id=bea.id, lesion_id=None, reason="Bea's photo")
    assert moved.photo.patient_id == bea.id and moved.photo.lesion_id is None and moved.photo.session_id is None
    assert patient_photos(db, ann.id) == [] and [p.id for p in patient_photos(db, bea.id)] == [moved.photo.id]


def test_filing_again_is_refused_without_a_reason_a_new_place_or_a_current_view(db, clinic, misfiled):
    ann, ear, scalp, _visit, _path, photo_id = misfiled
    version = get_photo(db, photo_id).row_version
    with pytest.raises(ValidationError, match="say why"):
        refile_photo(db, clinic.nurse.id, photo_id, patient_id=ann.id, lesion_id=ear.id, reason=" ")
    with pytest.raises(ValidationError, match="already filed there"):
        refile_photo(db, clinic.nurse.id, photo_id, patient_id=ann.id, lesion_id=scalp.id, reason="x")
    bea = clinic.patient()
    with pytest.raises(ValidationError, match="not one of the patient's"):
        refile_photo(db, clinic.nurse.id, photo_id, patient_id=bea.id, lesion_id=ear.id, reason="x")
    void_lesion(db, clinic.doctor.id, ear.id, "entered twice")
    with pytest.raises(ValidationError, match="voided"):
        refile_photo(db, clinic.nurse.id, photo_id, patient_id=ann.id, lesion_id=ear.id, reason="x")
    update_view_settings(db, clinic.doctor.id, photo_id, {"rotation": 180})  # at another workstation
    with pytest.raises(ConflictError):
        refile_photo(db, clinic.nurse.id, photo_id, patient_id=ann.id, lesion_id=None, reason="x",
                     expected_version=version)
    # Nothing was half-done: the photo is still in use where it was.
    assert [p.id for p in lesion_photos(db, scalp.id)] == [photo_id]


def test_a_photo_whose_camera_date_was_wrong_is_filed_again_on_its_day(db, clinic, tmp_path):
    """The camera's clock said 2031: the photo is filed again on the day it was
    taken, its clock time kept, and lands on that day's visit."""
    from tracker.services.settings import update_settings

    update_settings(db, None, {"clinic_timezone": "Europe/Berlin"})
    ann = clinic.patient()
    ear = clinic.lesion(ann.id, label="Left ear keloid")
    visit = clinic.record(ann.id, [clinic.injection(ear.id)], day=date(2026, 4, 10))
    path = camera_jpeg(tmp_path / "ear.jpg", taken=datetime(2031, 1, 1, 11, 30), size=(800, 600))
    (result,) = import_photos(db, clinic.nurse.id, ann.id, [ImportItem(path, lesion_id=ear.id)]).results
    assert get_photo(db, result.photo_id).session_id is None

    moved = refile_photo(db, clinic.nurse.id, result.photo_id, patient_id=ann.id, lesion_id=ear.id,
                         reason="camera clock was wrong", taken_on=date(2026, 4, 10))

    assert moved.photo.taken_on == date(2026, 4, 10) and moved.photo.session_id == visit.id
    assert moved.photo.taken_at.astimezone(ZoneInfo("Europe/Berlin")).time() == time(11, 30)
    assert moved.voided.taken_on == date(2031, 1, 1)
    with pytest.raises(ValidationError, match="already filed there"):
        refile_photo(db, clinic.nurse.id, moved.photo.id, patient_id=ann.id, lesion_id=ear.id, reason="x",
                     taken_on=date(2026, 4, 10))
