"""A patient chart with a keloid photographed at three visits, for the photo GUI tests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from photo_fixtures import follow_up_photo

from tracker.models import Assessment, Condition
from tracker.services import audit
from tracker.services.photo_import import ImportItem, import_photos
from tracker.services.photos import PhotoView

VISITS = (date(2026, 2, 2), date(2026, 3, 9), date(2026, 4, 13))


@dataclass
class PhotoChart:
    patient_id: int
    lesion_id: int
    other_lesion_id: int
    photos: list[PhotoView]
    session_ids: list[int]


def make_photo_chart(db, clinic, folder: Path) -> PhotoChart:  # noqa: ANN001
    p = clinic.patient(family_name="Okafor", given_names="Amara")
    keloid = clinic.lesion(p.id, condition=Condition.KELOID, site="2059009", label="Left earlobe keloid")
    other = clinic.lesion(p.id, label="Vertex patch")
    sessions = [clinic.record(p.id, [clinic.injection(keloid.id, conc="40", points=3)], day=day).id for day in VISITS]
    items = []
    for n, day in enumerate(VISITS):
        path = follow_up_photo(folder / f"keloid-{n}.jpg", Condition.KELOID, n / 2, datetime(day.year, day.month, day.day, 10, 30),
                               label="T0001  Left earlobe keloid")
        items.append(ImportItem(path, lesion_id=keloid.id, view_label="close-up"))
    photos = list(import_photos(db, clinic.nurse.id, p.id, items).photos)
    with db.write() as s:  # an outcome score recorded by another instrument on the last visit
        row = Assessment(lesion_id=keloid.id, session_id=sessions[2], assessed_on=VISITS[2], instrument="vss",
                         items={"vascularity": 1, "pigmentation": 1, "pliability": 2, "height": 1}, score=Decimal(5))
        s.add(row)
        audit.record_row(s, clinic.doctor.id, "create", row)
    return PhotoChart(p.id, keloid.id, other.id, photos, sessions)


def panel_ready(qtbot, panel) -> None:  # noqa: ANN001
    """The Photos panel reads its lists in the background: wait until what it shows is read."""
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)


def show_lesion(qtbot, panel, lesion_id: int) -> None:  # noqa: ANN001
    """Choose a lesion on the panel's left, as a click does, and wait for its photos."""
    panel_ready(qtbot, panel)
    panel.select_lesion(lesion_id)
    panel_ready(qtbot, panel)
