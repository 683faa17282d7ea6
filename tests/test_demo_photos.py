"""The demo clinic comes with follow-up photos that visibly change: keloids
shrink, bald patches fill in; each is attached to its lesion and the visit of
that day, and the store passes `tracker check`."""
from __future__ import annotations

from PIL import Image

from tracker.models import Condition
from tracker.services.demo import build_demo
from tracker.services.lesions import get_lesion
from tracker.services.photo_visits import patient_visits
from tracker.services.photos import lesion_photos


def _share(path, test, box=(250, 150, 550, 380)) -> float:  # noqa: ANN001
    """Share of the pixels around the lesion (centre of the frame) that pass ``test``."""
    with Image.open(path) as im:
        raw = im.convert("RGB").crop(box).tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3]))
    return sum(1 for p in pixels if test(p)) / len(pixels)


def _reddish(p) -> bool:  # noqa: ANN001
    return p[0] - p[1] > 60


def _hair(p) -> bool:  # noqa: ANN001
    return sum(p) < 240


def test_demo_photos_change_over_the_months_and_sit_beside_their_visits(db, cli):
    summary = build_demo(db, patients_count=4)
    kinds = {}
    for lesion_id in summary.lesion_ids:
        lesion = get_lesion(db, lesion_id)
        photos = lesion_photos(db, lesion_id)
        assert 2 <= len(photos) <= 4, lesion.label
        visits = patient_visits(db, lesion.patient_id)
        for photo in photos:
            visit = visits.by_id(photo.session_id)
            assert visit is not None and visit.clinic_date == photo.taken_on and not visit.voided
            assert photo.view_label == "close-up" and photo.width == 800 and photo.height == 600
        first, last = photos[0].file_path(db.location), photos[-1].file_path(db.location)
        kinds.setdefault(lesion.condition, []).append((first, last))
    for first, last in kinds[Condition.KELOID]:
        assert _share(last, _reddish) < 0.5 * _share(first, _reddish)  # the keloid shrinks and pales
    for first, last in kinds[Condition.ALOPECIA_AREATA]:
        assert _share(last, _hair, (330, 220, 470, 320)) > 3 * _share(first, _hair, (330, 220, 470, 320))  # hair regrows

    result = cli("--data-dir", str(db.location.data_dir), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "photo files: ok" in result.stdout


def test_demo_pictures_are_the_same_every_time(tmp_path):
    from tracker.services.demo_photos import SKIN, draw_follow_up

    a = draw_follow_up(Condition.ALOPECIA_AREATA, 0.4, skin=SKIN[2], seed=77, label=["x"])
    b = draw_follow_up(Condition.ALOPECIA_AREATA, 0.4, skin=SKIN[2], seed=77, label=["x"])
    assert a.tobytes() == b.tobytes()
