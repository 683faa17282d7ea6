"""A realistic demo clinic: staff, about 30 patients, months of sessions.

Deterministic (seeded) so screenshots and tests see the same clinic. Doses use
the catalog's usual concentrations and intervals; a few sessions are amended
and one is voided, as in real life.
"""
from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from tracker.models import Condition, Laterality, Sex, StaffRole
from tracker.services import catalog, demo_bodymap, demo_guidance, demo_photos, lesions, patients, sessions, settings, staff
from tracker.services.demo_assessments import add_demo_assessments
from tracker.services.session_input import InjectionInput, SessionInput

log = logging.getLogger(__name__)

FAMILY = ["Okafor", "Nguyen", "Schmidt", "Haddad", "Kowalski", "Fernandes", "Lindqvist", "Murphy", "Tanaka",
          "Osei", "Rossi", "Dubois", "Novak", "Khan", "Petrov", "Garcia", "Brown", "Mensah", "Yilmaz", "Costa",
          "Ahmed", "Jensen", "Moreau", "Silva", "Walker", "Ivanova", "Park", "O'Neill", "Becker", "Alvarez"]
GIVEN_F = ["Amara", "Linh", "Sofia", "Leila", "Marta", "Ines", "Freja", "Siobhan", "Yuki", "Abena", "Giulia", "Chloe", "Eva", "Zara", "Olga"]
GIVEN_M = ["Chidi", "Minh", "Jonas", "Karim", "Piotr", "Tiago", "Erik", "Declan", "Kenji", "Kwame", "Marco", "Louis", "Tomas", "Imran", "Dmitri"]

# (condition, agent code, site code, laterality, label, mix with)
PLANS = [
    (Condition.KELOID, "tac", "2059009", Laterality.LEFT, "Left earlobe keloid", None),
    (Condition.KELOID, "5fu", "244107007", Laterality.NONE, "Presternal keloid", "tac"),
    (Condition.KELOID, "tac", "local:shoulder", Laterality.RIGHT, "Right shoulder keloid", None),
    (Condition.ALOPECIA_AREATA, "tac", "61719002", Laterality.NONE, "Vertex patch", None),
    (Condition.ALOPECIA_AREATA, "tac", "79951008", Laterality.NONE, "Occipital patch", None),
    (Condition.ALOPECIA_AREATA, "tac", "367577003", Laterality.LEFT, "Left eyebrow patch", None),
    (Condition.PSORIASIS, "tac", "local:elbow", Laterality.RIGHT, "Right elbow plaque", None),
    (Condition.PSORIASIS, "tac", "local:knee", Laterality.LEFT, "Left knee plaque", None),
    (Condition.WART, "candida", "local:hand", Laterality.RIGHT, "Right hand wart", None),
    (Condition.WART, "bleomycin", "local:sole", Laterality.LEFT, "Left plantar wart", None),
]
LOT_PREFIX = {"tac": "KN", "5fu": "FU", "candida": "CA", "bleomycin": "BL", "mmr": "MM"}
MAX_VISITS = 8
# The usual course, where it has an end (domain.md, Other agents: bleomycin for warts "up to 3
# times" [strong]; Candida antigen "3-6 sessions"): the demo's histories stop there.
COURSE_VISITS = {"bleomycin": 3, "candida": 6}


@dataclass
class DemoSummary:
    staff_ids: list[int] = field(default_factory=list)
    patient_ids: list[int] = field(default_factory=list)
    lesion_ids: list[int] = field(default_factory=list)
    session_ids: list[int] = field(default_factory=list)
    amended: int = 0
    voided: int = 0


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(8 + rng.randrange(9), rng.choice([0, 15, 30, 45])), tzinfo=timezone.utc)


def _lot(code: str, day: date, rng: random.Random) -> tuple[str, date]:
    batch = (day.year * 12 + day.month) // 3  # a new lot each quarter
    return f"{LOT_PREFIX.get(code, 'LT')}{batch % 1000:03d}{rng.choice('ABC')}", date(day.year + 1, day.month, 1)


def build_demo(db, *, today: date | None = None, patients_count: int = 30, seed: int = 20261122) -> DemoSummary:  # noqa: ANN001
    rng = random.Random(seed)
    today = today or date.today()
    out = DemoSummary()
    settings.update_settings(db, None, {
        "clinic_name": "Riverside Dermatology Clinic", "clinic_address": "12 Harbour Street, Riverside",
        "clinic_phone": "+1 555 0100", "clinic_timezone": "UTC",
    })
    doctor = staff.add_staff(db, None, "dr.mensah", "Dr Ama Mensah", StaffRole.CLINICIAN)
    second = staff.add_staff(db, doctor.id, "dr.keller", "Dr Jonas Keller", StaffRole.CLINICIAN)
    nurse = staff.add_staff(db, doctor.id, "n.reyes", "Nurse Carla Reyes", StaffRole.NURSE)
    staff.add_staff(db, doctor.id, "admin", "Front desk", StaffRole.ADMIN)
    out.staff_ids = [doctor.id, second.id, nurse.id]
    agents = {a.code: a for a in catalog.list_agents(db)}

    for n in range(patients_count):
        female = rng.random() < 0.55
        plan = PLANS[n % len(PLANS)]
        child = plan[0] == Condition.WART and rng.random() < 0.4
        age = rng.randrange(8, 16) if child else rng.randrange(19, 78)
        born = date(today.year - age, rng.randrange(1, 13), rng.randrange(1, 28))
        p = patients.register_patient(db, nurse.id, patients.PatientInput(
            chart_number=f"RDC-{1001 + n}", family_name=FAMILY[n % len(FAMILY)],
            given_names=rng.choice(GIVEN_F if female else GIVEN_M), date_of_birth=born,
            sex=Sex.FEMALE if female else Sex.MALE, phone=f"+1 555 01{n:02d}",
            fitzpatrick=rng.randrange(1, 7), allergies="Lidocaine" if n % 11 == 4 else None,
            diabetes=n % 7 == 3 and not child, immunosuppressed=n % 13 == 5,
        ))
        out.patient_ids.append(p.id)
        condition, code, site, side, label, mix = plan
        start = today - timedelta(days=rng.randrange(90, 240))
        map_rng = demo_bodymap.lesion_rng(seed, label, n)
        spot = demo_bodymap.lesion_spot(site, side.value, map_rng)
        lesion = lesions.add_lesion(db, nurse.id, lesions.LesionInput(
            patient_id=p.id, label=label, condition=condition, site_code=site, laterality=side,
            onset_date=start - timedelta(days=rng.randrange(60, 700)),
            map_view=spot[0] if spot else None, map_x=spot[1] if spot else None, map_y=spot[2] if spot else None,
        ))
        out.lesion_ids.append(lesion.id)
        _treat(db, rng, out, p.id, lesion.id, condition, agents, code, mix, start, today,
               clinician=rng.choice([doctor.id, second.id]), site=site,
               place=lambda count, volume, site=site, side=side, spot=spot, map_rng=map_rng:
               demo_bodymap.visit_points(spot, site, side.value, count, volume, map_rng))
    _amend_and_void(db, rng, out, doctor.id)
    add_demo_assessments(db, out, seed=seed)
    demo_photos.add_demo_photos(db, nurse.id, out.lesion_ids)  # drawn to agree with the scores
    demo_guidance.settle_demo_reminders(db, nurse.id, today)
    return out


def _injection(agent, lesion_id: int, condition: Condition, day: date, rng: random.Random, *,  # noqa: ANN001
               points: int, mix_group: int | None = None, volume: Decimal | None = None, place=None,  # noqa: ANN001
               site: str | None = None) -> InjectionInput:
    """The strength the injection form would offer for the site (an eyebrow takes 2.5 mg/mL, not the scalp's 5)."""
    ind = agent.indication(condition)
    lot, expiry = _lot(agent.code, day, rng)
    per_point = ind.volume_per_point_ml if ind and ind.volume_per_point_ml else None
    map_points = place(points, volume / points if volume is not None else (per_point or Decimal("0.1"))) if place else ()
    return InjectionInput(
        lesion_id=lesion_id, agent_id=agent.id, concentration=ind.default_for(site) if ind else Decimal(1),
        points=points, volume_per_point_ml=None if volume is not None else (per_point or Decimal("0.1")),
        volume_ml=volume, needle_gauge=ind.needle_gauge if ind else "30G", depth="mid-dermis",
        lot_number=lot, lot_expiry=expiry, mix_group=mix_group, map_points=map_points,
    )


def _treat(db, rng, out, patient_id, lesion_id, condition, agents, code, mix, start, today, clinician, place, site):  # noqa: ANN001, PLR0913
    agent = agents[code]
    ind = agent.indication(condition)
    interval = ind.usual_interval_days if ind and ind.usual_interval_days else 28
    day, visit = start, 0
    while day <= today - timedelta(days=2) and visit < COURSE_VISITS.get(code, MAX_VISITS):
        if mix:
            # 5-FU 50 mg/mL 0.9 mL with triamcinolone 40 mg/mL 0.1 mL, as one mixture.
            items = (
                _injection(agent, lesion_id, condition, day, rng, points=1, mix_group=1, volume=Decimal("0.9"), place=place),
                _injection(agents[mix], lesion_id, condition, day, rng, points=1, mix_group=1, volume=Decimal("0.1")),
            )
        else:
            points = {Condition.ALOPECIA_AREATA: rng.randrange(4, 9), Condition.KELOID: rng.randrange(3, 7)}.get(condition, rng.randrange(1, 3))
            items = (_injection(agent, lesion_id, condition, day, rng, points=points, place=place, site=site),)
        data = SessionInput(patient_id=patient_id, clinician_id=clinician, performed_at=_at(day, rng),
                            injections=items, consent_obtained=True,
                            notes=rng.choice([None, "Tolerated well.", "Mild pain during injection.", "Slight bleeding, pressure applied."]))
        view = demo_guidance.record_with_checklist(db, clinician, data, findings_reason="Reviewed: benefit judged to outweigh the finding (demo)")
        out.session_ids.append(view.id)
        visit += 1
        day += timedelta(days=interval + rng.randrange(0, 8))


def _amend_and_void(db, rng, out: DemoSummary, actor: int) -> None:  # noqa: ANN001
    """Three sessions amended and one voided; a demo this small (fewer than four
    sessions) voids one of the two or three it has, and amends the rest."""
    picks = rng.sample(out.session_ids, min(4, len(out.session_ids)))
    void = picks.pop() if len(picks) > 1 else None
    for session_id in picks:
        original = sessions.get_session(db, session_id)
        first = original.injections[0]
        fixed = SessionInput(
            patient_id=original.patient_id, clinician_id=original.clinician_id, performed_at=original.performed_at,
            consent_obtained=True, notes=(original.notes or "") + " Lot number corrected from the vial label.",
            injections=tuple(
                InjectionInput(lesion_id=i.lesion_id, agent_id=i.agent_id, concentration=i.concentration, points=i.points,
                               volume_ml=i.volume_ml, needle_gauge=i.needle_gauge, depth=i.depth,
                               lot_number=(i.lot_number + "1") if i.id == first.id else i.lot_number,
                               lot_expiry=i.lot_expiry, mix_group=i.mix_group, map_points=i.map_points)
                for i in original.injections if not i.voided
            ),
        )
        sessions.amend_session(db, actor, session_id, fixed, "Lot number typed wrongly; corrected from the vial label",
                               findings_reason="Reviewed (demo)")
        out.amended += 1
    if void is not None:
        sessions.void_session(db, actor, void, "Entered in the wrong patient's chart")
        out.voided += 1
