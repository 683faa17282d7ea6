"""Filling benchmark clinics through the program's own services, so the data
is what the program would have written (audit chain included)."""
from __future__ import annotations

import logging
import random
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from tracker.bench.people import patients
from tracker.models import Condition, Laterality, StaffRole
from tracker.services import catalog, lesions, staff
from tracker.services.patient_import import import_patients
from tracker.services.patients import PatientInput, register_patient
from tracker.services.session_input import InjectionInput, SessionInput
from tracker.services.sessions import record_session

log = logging.getLogger(__name__)

IMPORT_CHUNK = 20_000
HEAVY_CHART = "HEAVY-0001"
GRID_CHART = "PHOTOS-0001"
# (label, condition, body-site code, side); every one treated with triamcinolone
HEAVY_LESIONS = (
    ("Left earlobe keloid", Condition.KELOID, "2059009", Laterality.LEFT),
    ("Vertex patch", Condition.ALOPECIA_AREATA, "61719002", Laterality.NONE),
    ("Right elbow plaque", Condition.PSORIASIS, "local:elbow", Laterality.RIGHT),
)


def add_clinician(db) -> int:  # noqa: ANN001
    return staff.add_staff(db, None, "dr.bench", "Dr Bench Mark", StaffRole.CLINICIAN).id


def add_patients(db, actor_id: int, count: int, *, seed: int, chart_prefix: str) -> None:  # noqa: ANN001
    batch: list[PatientInput] = []
    for person in patients(count, seed=seed, chart_prefix=chart_prefix):
        batch.append(person)
        if len(batch) == IMPORT_CHUNK:
            import_patients(db, actor_id, batch)
            batch = []
    if batch:
        import_patients(db, actor_id, batch)


def add_named_patient(db, actor_id: int, chart: str, family: str, given: str) -> int:  # noqa: ANN001
    return register_patient(db, actor_id, PatientInput(chart_number=chart, family_name=family, given_names=given,
                                                       date_of_birth=date(1961, 3, 14))).id


def _map_spot(site: str, side: Laterality) -> tuple[str, float, float] | None:
    """A point inside the body-map region of a site: (view, x, y)."""
    try:
        from tracker.services.body_map import view_for_site, view_info

        view = view_for_site(site, side.value)
        region = next(r for r in view_info(view).regions if r.site_code == site
                      and (side == Laterality.NONE or r.laterality == side.value))
    except (ImportError, KeyError, StopIteration):
        return None
    polygon = region.polygons[0]
    return view, sum(x for x, _ in polygon) / len(polygon), sum(y for _, y in polygon) / len(polygon)


def add_heavy_history(db, actor_id: int, patient_id: int, sessions: int) -> list[int]:  # noqa: ANN001
    """``sessions`` signed visits, one every two weeks up to today, rotating over
    three lesions, each with its injection points placed on the body map."""
    rng = random.Random(8)
    tac = catalog.agent_by_code(db, "tac")
    lesion_ids, spots = [], []
    for label, condition, site, side in HEAVY_LESIONS:
        spot = _map_spot(site, side)
        lesion_ids.append(lesions.add_lesion(db, actor_id, lesions.LesionInput(
            patient_id=patient_id, label=label, condition=condition, site_code=site, laterality=side,
            map_view=spot[0] if spot else None, map_x=spot[1] if spot else None, map_y=spot[2] if spot else None)).id)
        spots.append(spot)
    first = date.today() - timedelta(days=14 * sessions)
    ids = []
    for n in range(sessions):
        day = first + timedelta(days=14 * n)
        lesion_id, spot = lesion_ids[n % len(lesion_ids)], spots[n % len(spots)]
        points = rng.randrange(2, 6)
        marks = tuple({"view": spot[0], "x": round(spot[1] + rng.uniform(-0.01, 0.01), 4),
                       "y": round(spot[2] + rng.uniform(-0.01, 0.01), 4), "volume_ml": "0.1"}
                      for _ in range(points)) if spot else ()
        injection = InjectionInput(
            lesion_id=lesion_id, agent_id=tac.id, concentration=Decimal("10"), points=points,
            volume_per_point_ml=Decimal("0.1"), needle_gauge="30G", depth="mid-dermis", map_points=marks,
            lot_number=f"KN{day.year % 100:02d}{day.month:02d}", lot_expiry=date(day.year + 2, 1, 1),
        )
        data = SessionInput(patient_id=patient_id, clinician_id=actor_id,
                            performed_at=datetime.combine(day, time(9 + n % 8, 15), tzinfo=timezone.utc),
                            injections=(injection,), consent_obtained=True, notes=f"Visit {n + 1}: tolerated well.")
        ids.append(record_session(db, actor_id, data, findings_reason="benchmark history").id)
    log.info("recorded %d sessions for patient %d", len(ids), patient_id)
    return ids
