"""Records the printed documents draw on, made for tests.

Visits and outcome scores go through the real services (signing a visit
also makes its guidance reminders). Photos are written as rows here because
the photo import is built separately; the rows are what it stores.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime, timezone

from PIL import Image, ImageDraw

from tracker.models import Condition, Laterality, Photo

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


def add_photo(db, patient_id: int, lesion_id: int, taken: date, colour: str, *, rotation: int = 0,  # noqa: ANN001
              size: tuple[int, int] = (640, 480)) -> int:
    """A JPEG in the photo store (content-addressed) and its Photo row; an arrow points up in the file."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.polygon([(w // 2, h // 8), (w // 2 - w // 8, h // 3), (w // 2 + w // 8, h // 3)], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    data = buffer.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{digest[:2]}/{digest}.jpg"
    target = db.location.photos_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    with db.write() as s:
        row = Photo(patient_id=patient_id, lesion_id=lesion_id, sha256=digest, stored_path=relative,
                    original_name=f"{colour}.jpg", media_type="image/jpeg", byte_size=len(data), width=w, height=h,
                    taken_at=datetime(taken.year, taken.month, taken.day, 9, tzinfo=timezone.utc),
                    view_label="close-up", view_settings={"rotation": rotation} if rotation else {})
        s.add(row)
        s.flush()
        return row.id


def add_keloid_size(db, actor_id: int, lesion_id: int, day: date, length: str, width: str, height: str) -> None:  # noqa: ANN001
    """A caliper measurement, through the outcomes feature's own service."""
    from tracker.services.assessments import AssessmentInput, record_assessment

    record_assessment(db, actor_id, AssessmentInput(lesion_id=lesion_id, instrument="keloid_size", assessed_on=day,
                                                    version="calipers",
                                                    items={"length": length, "width": width, "height": height}))
