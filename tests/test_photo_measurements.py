"""Calibration arithmetic, lengths and areas in mm, two-point alignment, and
measurements saved as assessments that the lesion's timeline shows."""
from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import pytest
from photo_fixtures import camera_jpeg
from sqlalchemy import select

from tracker.models import Assessment, AuditEvent
from tracker.services.errors import ValidationError
from tracker.services.photo_geometry import (
    Calibration, make_calibration, polygon_area, polyline_length, rounded, similarity_from_landmarks,
)
from tracker.services.photo_import import ImportItem, import_photos
from tracker.services.photo_measurements import AREA, LENGTH, photo_measurements, save_measurement, set_calibration, void_measurement
from tracker.services.photo_timeline import lesion_timeline


def test_calibration_arithmetic():
    # 10 mm on the ruler spans a 3-4-5 triangle of 50 pixels: 0.2 mm per pixel.
    cal = make_calibration((100, 100), (130, 140), "10")
    assert cal.pixels == 50
    assert cal.mm_per_px == pytest.approx(0.2)
    assert cal.length_mm([(0, 0), (300, 400)]) == pytest.approx(100.0)
    # A 100 x 50 pixel rectangle is 20 mm x 10 mm = 200 mm².
    assert cal.area_mm2([(0, 0), (100, 0), (100, 50), (0, 50)]) == pytest.approx(200.0)
    # The polygon's winding does not matter; a triangle is half its box.
    assert polygon_area([(0, 50), (100, 50), (100, 0), (0, 0)]) == 5000
    assert polygon_area([(0, 0), (10, 0), (0, 10)]) == 50
    assert polyline_length([(0, 0), (3, 4), (3, 10)]) == 11
    assert rounded(12.345) == Decimal("12.3") and rounded(12.35) == Decimal("12.4")
    # Round-trips through the JSON kept with the photo.
    again = Calibration.from_dict(cal.as_dict())
    assert again == cal and cal.as_dict()["mm"] == "10"


@pytest.mark.parametrize("a, b, mm, field", [
    ((0, 0), (5, 0), "10", "points"),  # two clicks on top of each other
    ((0, 0), (100, 0), "0", "mm"),
    ((0, 0), (100, 0), "-3", "mm"),
    ((0, 0), (100, 0), "ten", "mm"),
    ((0, 0), (100, 0), "5000", "mm"),
    ((0, float("nan")), (100, 0), "10", "points"),
])
def test_bad_calibrations_say_what_is_wrong(a, b, mm, field):
    with pytest.raises(ValidationError) as caught:
        make_calibration(a, b, mm)
    assert field in caught.value.errors


def test_two_point_alignment_maps_landmarks_onto_each_other():
    # The second photo is the first one turned 90°, twice as large and moved.
    first = [(100.0, 100.0), (300.0, 100.0)]
    second = [(50.0, 20.0), (50.0, 120.0)]
    sim = similarity_from_landmarks(second, first)
    assert sim.scale == pytest.approx(2.0)
    assert sim.degrees == pytest.approx(-90.0)
    for src, dst in zip(second, first):
        assert sim.apply(src) == pytest.approx(dst)
    # Any other point goes along: the midpoint lands on the midpoint.
    assert sim.apply((50.0, 70.0)) == pytest.approx((200.0, 100.0))
    with pytest.raises(ValidationError):
        similarity_from_landmarks([(1, 1), (1, 1)], first)


@pytest.fixture
def measured_photo(db, clinic, tmp_path):  # noqa: ANN001, ANN201
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    clinic.record(p.id, [clinic.injection(lesion.id, points=4)], day=date(2026, 4, 10))
    path = camera_jpeg(tmp_path / "k.jpg", taken=datetime(2026, 4, 10, 11, 0), size=(800, 600))
    photo = import_photos(db, None, p.id, [ImportItem(path, lesion_id=lesion.id)]).photos[0]
    return p, lesion, photo


def test_measurements_are_saved_as_assessments_of_the_lesion(db, clinic, measured_photo):
    _p, lesion, photo = measured_photo
    with pytest.raises(ValidationError) as caught:
        save_measurement(db, clinic.doctor.id, photo.id, LENGTH, [(0, 0), (10, 0)])
    assert "calibrate" in str(caught.value)

    calibrated = set_calibration(db, clinic.doctor.id, photo.id, (100, 500), (160, 500), "10")  # 6 px per mm
    assert calibrated.calibration["mm_per_px"].startswith("0.1666")
    length = save_measurement(db, clinic.doctor.id, photo.id, LENGTH, [(200, 200), (290, 320)])  # 150 px
    area = save_measurement(db, clinic.doctor.id, photo.id, AREA, [(200, 200), (320, 200), (320, 260), (200, 260)])
    assert (length.value, length.unit, length.text) == (Decimal("25.0"), "mm", "Length 25.0 mm")
    assert area.value == Decimal("200.0") and area.unit == "mm²"  # 120 x 60 px = 20 x 10 mm

    with db.read() as s:
        rows = s.execute(select(Assessment).order_by(Assessment.id)).scalars().all()
        audit = s.execute(select(AuditEvent.action).where(AuditEvent.entity == "assessment")).scalars().all()
    assert [(r.instrument, r.lesion_id, r.photo_id, r.assessed_on) for r in rows] == [
        ("photo_length", lesion.id, photo.id, date(2026, 4, 10)), ("photo_area", lesion.id, photo.id, date(2026, 4, 10))]
    assert rows[0].session_id == photo.session_id is not None
    assert rows[0].items["points"] == [[200.0, 200.0], [290.0, 320.0]]
    assert rows[0].items["calibration"]["mm"] == "10"
    assert audit == ["create", "create"]

    # Re-calibrating later does not change what was measured.
    set_calibration(db, clinic.doctor.id, photo.id, (100, 500), (220, 500), "10")
    assert [m.value for m in photo_measurements(db, photo.id)] == [Decimal("25.0"), Decimal("200.0")]

    # The lesion's timeline shows the visit and that day's scores beside the photo.
    entry = lesion_timeline(db, lesion.id)[0]
    assert entry.photo.id == photo.id and entry.session_date == date(2026, 4, 10)
    assert "Triamcinolone acetonide 10 mg/mL x 0.4 mL = 4 mg" in entry.treatment
    assert entry.scores_text == "Length on photo 25 mm; Area on photo 200 mm²"

    void_measurement(db, clinic.doctor.id, area.id, "traced the wrong lesion")
    assert [m.instrument for m in photo_measurements(db, photo.id)] == [LENGTH]
    with pytest.raises(ValidationError, match="already voided"):  # the first reason stays
        void_measurement(db, clinic.doctor.id, area.id, "another reason")


def test_measuring_needs_a_lesion_and_enough_points(db, clinic, tmp_path, measured_photo):
    p, _lesion, photo = measured_photo
    loose = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "loose.jpg", seed=3))]).photos[0]
    set_calibration(db, None, loose.id, (0, 0), (100, 0), "10")
    with pytest.raises(ValidationError, match="lesion"):
        save_measurement(db, None, loose.id, LENGTH, [(0, 0), (10, 0)])
    set_calibration(db, None, photo.id, (0, 0), (100, 0), "10")
    with pytest.raises(ValidationError, match="three points"):
        save_measurement(db, None, photo.id, AREA, [(0, 0), (10, 0)])
    with pytest.raises(ValidationError, match="two points"):
        save_measurement(db, None, photo.id, LENGTH, [(0, 0)])
    assert math.isclose(float(save_measurement(db, None, photo.id, LENGTH, [(0, 0), (0, 100)]).value), 10.0)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_turning_the_view_maps_points_both_ways(rotation):
    from tracker.services.photo_geometry import turn_point, unturn_point

    for point in [(0.0, 0.0), (800.0, 0.0), (120.0, 522.0), (800.0, 600.0)]:
        assert unturn_point(turn_point(point, rotation, 800, 600), rotation, 800, 600) == pytest.approx(point)
    # Turned a quarter clockwise, the top-left corner of an 800 x 600 picture is at the top right of a 600 x 800 view.
    assert turn_point((0, 0), 90, 800, 600) == (600, 0)
    assert turn_point((800, 0), 90, 800, 600) == (600, 800)


def test_voiding_a_photo_voids_the_measurements_made_on_it(db, clinic, tmp_path, measured_photo):
    """A photo voided as another patient's stops counting in the lesion's
    progress: its measurements go with it, in the same transaction, each
    with its own audit event; other photos' measurements stay."""
    from tracker.services.photo_void import measurement_count, void_photo
    from tracker.services.progress import lesion_progress

    p, lesion, first = measured_photo
    clinic.record(p.id, [clinic.injection(lesion.id, points=4)], day=date(2026, 6, 10))
    later = import_photos(db, None, p.id, [ImportItem(camera_jpeg(tmp_path / "l.jpg", taken=datetime(2026, 6, 10, 11, 0),
                                                                   seed=3, size=(800, 600)), lesion_id=lesion.id)]).photos[0]
    for photo, side in ((first, 200), (later, 100)):
        set_calibration(db, clinic.doctor.id, photo.id, (0, 0), (100, 0), "10")
        save_measurement(db, clinic.doctor.id, photo.id, AREA, [(0, 0), (side, 0), (side, side), (0, side)])
    save_measurement(db, clinic.doctor.id, later.id, LENGTH, [(0, 0), (50, 0)])
    assert any("75% improvement" in line for line in lesion_progress(db, lesion.id).summary)
    assert measurement_count(db, later.id) == 2

    voided = void_photo(db, clinic.doctor.id, later.id, "another patient's elbow")

    assert voided.photo.voided and voided.measurements == 2
    assert photo_measurements(db, later.id) == []
    gone = photo_measurements(db, later.id, include_voided=True)
    assert {m.instrument for m in gone} == {AREA, LENGTH}
    with db.read() as s:
        reasons = s.execute(select(Assessment.void_reason).where(Assessment.photo_id == later.id)).scalars().all()
        actions = s.execute(select(AuditEvent.entity, AuditEvent.action).where(AuditEvent.action == "void")).all()
    assert reasons == ["its photo was voided: another patient's elbow"] * 2
    assert sorted(actions) == [("assessment", "void"), ("assessment", "void"), ("photo", "void")]
    assert [m.instrument for m in photo_measurements(db, first.id)] == [AREA]
    assert not any("improvement" in line or "Length" in line for line in lesion_progress(db, lesion.id).summary)
    assert measurement_count(db, later.id) == 0
