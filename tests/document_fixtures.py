"""Records the printed documents draw on, made for tests.

Visits, outcome scores and photos go through the real services (signing a
visit also makes its guidance reminders; photos are imported into the store).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from PIL import Image, ImageDraw

from tracker.models import Condition, Laterality

#: Where the injections go on the body-map drawings (checked against the drawings' regions in the tests).
VERTEX_POINTS = ((0.47, 0.5), (0.53, 0.5), (0.5, 0.55))
EARLOBE = (0.765, 0.572)


@dataclass(frozen=True)
class TreatedVisit:
    patient_id: int
    scalp_lesion: int
    ear_lesion: int
    session_id: int


def scalp_visit(clinic, day: date = date(2026, 6, 1)) -> TreatedVisit:  # noqa: ANN001
    """Linh Nguyen: triamcinolone into one alopecia areata patch, three points on the scalp drawing (a typical visit)."""
    patient = clinic.patient(family_name="Nguyen", given_names="Linh", chart_number="RDC-2002")
    scalp = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, "61719002", label="Vertex patch")
    points = tuple({"view": "scalp_top", "x": x, "y": y, "volume_ml": "0.1"} for x, y in VERTEX_POINTS)
    visit = clinic.record(patient.id, [clinic.injection(scalp.id, "tac", "10", "0.1", 3, map_points=points)], day=day)
    return TreatedVisit(patient.id, scalp.id, 0, visit.id)


def treated_visit(clinic, day: date = date(2026, 6, 1)) -> TreatedVisit:  # noqa: ANN001
    """Amara Okafor: triamcinolone into a scalp patch (3 points on the map) and an earlobe keloid."""
    patient = clinic.patient(family_name="Okafor", given_names="Amara", chart_number="RDC-2001")
    scalp = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, "61719002", label="Vertex patch")
    ear = clinic.lesion(patient.id, Condition.KELOID, "2059009", label="Left earlobe keloid", laterality=Laterality.LEFT,
                        map_view="face", map_x=EARLOBE[0], map_y=EARLOBE[1])
    points = tuple({"view": "scalp_top", "x": x, "y": y, "volume_ml": "0.1"} for x, y in VERTEX_POINTS)
    visit = clinic.record(patient.id, [
        clinic.injection(scalp.id, "tac", "10", "0.1", 3, map_points=points),
        clinic.injection(ear.id, "tac", "40", "0.1", 2),
    ], day=day, notes="Tolerated well.")
    return TreatedVisit(patient.id, scalp.id, ear.id, visit.id)


def add_photo(db, actor_id: int, patient_id: int, lesion_id: int, taken: date, colour: str, *, rotation: int = 0,  # noqa: ANN001
              crop: list[float] | None = None, size: tuple[int, int] = (640, 480), right_half: str | None = None) -> int:
    """A JPEG (an arrow points up in it; the right half in another colour if asked) imported through
    the photos feature, with its view turned or framed as a person would set it in the viewer."""
    from tracker.services.photo_import import ImportItem, import_photos
    from tracker.services.photos import update_view_settings

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    if right_half:
        draw.rectangle([w // 2, 0, w, h], fill=right_half)
    draw.polygon([(w // 4, h // 8), (w // 4 - w // 10, h // 3), (w // 4 + w // 10, h // 3)], fill="white")
    draw.rectangle([2, 2, 2 + taken.toordinal() % 400, 4], fill="white")  # a different file for each day
    folder = db.location.data_dir / "camera"
    folder.mkdir(exist_ok=True)
    path = folder / f"{colour.strip('#')}-{taken.isoformat()}.jpg"
    image.save(path, "JPEG", quality=90)
    report = import_photos(db, actor_id, patient_id, [ImportItem(
        path, lesion_id=lesion_id, view_label="close-up",
        taken_at=datetime(taken.year, taken.month, taken.day, 9, tzinfo=timezone.utc))])
    (result,) = report.results
    assert result.outcome == "imported", result.message
    if rotation or crop:
        update_view_settings(db, actor_id, result.photo_id, {"rotation": rotation or None, "crop": crop})
    return result.photo_id


def add_keloid_size(db, actor_id: int, lesion_id: int, day: date, length: str, width: str, height: str) -> None:  # noqa: ANN001
    """A caliper measurement, through the outcomes feature's own service."""
    from tracker.services.assessments import AssessmentInput, record_assessment

    record_assessment(db, actor_id, AssessmentInput(lesion_id=lesion_id, instrument="keloid_size", assessed_on=day,
                                                    version="calipers",
                                                    items={"length": length, "width": width, "height": height}))
