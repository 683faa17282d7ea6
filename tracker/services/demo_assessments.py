"""Outcome assessments for the demo clinic, on the demo's own session dates.

Plausible courses: most lesions respond (SALT falls, patches regrow, keloids
flatten, plaques clear), the first occipital alopecia patch does not respond
(flagged after 3 months), the first right-shoulder keloid flattens and then
comes back (marked as recurred), one knee plaque stays the same, and one
elbow plaque has had no review since its first visits (an overdue review).
Deterministic for a given seed.
"""
from __future__ import annotations

import logging
import random
from decimal import Decimal

from tracker.models import Condition, LesionStatus
from tracker.services import lesions
from tracker.services.assessments import AssessmentInput, record_assessments
from tracker.services.outcome_data import DoseSession, load_facts

log = logging.getLogger(__name__)


def _d(value: float, places: int = 0) -> Decimal:
    return Decimal(str(round(max(value, 0.0), places)))


def _curve(k: int, n: int, remaining: float, rng: random.Random) -> float:
    """Share of the starting value left at visit k of n (1.0 at the first visit)."""
    if n <= 1 or k == 0:
        return 1.0
    progress = (k / (n - 1)) ** 0.8
    return max(0.0, 1 - (1 - remaining) * progress + rng.uniform(-0.03, 0.03))


def _salt(lesion_label: str, n: int, rng: random.Random, responder: bool) -> list[dict]:
    occipital = "ccipital" in lesion_label
    base = {"vertex": rng.uniform(20, 40) if occipital else rng.uniform(55, 85),
            "back": rng.uniform(60, 85) if occipital else rng.uniform(15, 40),
            "left": rng.uniform(5, 20), "right": rng.uniform(5, 20)}
    remaining = rng.uniform(0.1, 0.3) if responder else 1.0
    out = []
    for k in range(n):
        share = _curve(k, n, remaining, rng) if responder else 1 + rng.uniform(-0.04, 0.05)
        out.append({view: _d(min(100.0, v * share)) for view, v in base.items()})
    return out


def _regrowth(n: int, rng: random.Random) -> list[dict]:
    final = rng.choice([60, 75, 90, 100])
    return [{"regrowth": _d(0 if k == 0 else min(100, final * (k / max(n - 1, 1)) ** 0.9 + rng.uniform(-3, 3)))}
            for k in range(n)]


def _vss_height(height_mm: float) -> int:
    return 0 if height_mm < 0.5 else 1 if height_mm < 2 else 2 if height_mm <= 5 else 3


def _keloid(n: int, rng: random.Random, recurs: bool) -> list[dict]:
    length, width, height = rng.uniform(15, 40), rng.uniform(8, 20), rng.uniform(3.5, 8)
    itch, pain = rng.randrange(5, 9), rng.randrange(3, 7)
    out = []
    flat_at = max(2, n // 2)
    for k in range(n):
        if recurs:
            share = max(0.08, 1 - k / flat_at) if k <= flat_at else min(0.45, 0.08 + 0.15 * (k - flat_at))
        else:
            share = _curve(k, n, rng.uniform(0.25, 0.5), rng)
        h = height * share
        size = 0.7 + 0.3 * share
        out.append({
            "length": _d(length * size, 1), "width": _d(width * size, 1), "height": _d(h, 1),
            "itch": _d(min(10, itch * (0.3 + 0.7 * share))), "pain": _d(min(10, pain * (0.2 + 0.8 * share))),
            "vss": {"vascularity": _d(min(3, 1 + 2 * share)), "pigmentation": Decimal(2 if share > 0.4 else 1),
                    "pliability": _d(min(5, 1 + 3 * share)), "height": Decimal(_vss_height(h))},
        })
    return out


def _posas(share: float, keys: tuple[str, ...], rng: random.Random) -> dict:
    return {key: _d(min(10, max(1, 1 + 8 * share + rng.uniform(-1.5, 1.5)))) for key in keys}


def _plaque(n: int, rng: random.Random, responder: bool) -> list[dict]:
    start = {"erythema": rng.randrange(3, 5), "induration": rng.randrange(2, 5), "scaling": rng.randrange(2, 5)}
    out = []
    for k in range(n):
        share = _curve(k, n, rng.uniform(0.1, 0.3), rng) if responder else 1.0
        items = {key: _d(min(4, v * share)) for key, v in start.items()}
        grade = min(4, max(0, round(3 * share)))
        out.append({"tps": items, "pga": {"grade": Decimal(grade if k else 3)}})
    return out


def _inputs(lesion_id: int, sessions: tuple[DoseSession, ...], instrument: str, values: list[dict], **kw) -> list[AssessmentInput]:  # noqa: ANN003
    return [AssessmentInput(lesion_id=lesion_id, instrument=instrument, assessed_on=ses.day, items=items,
                            session_id=ses.session_id, **kw)
            for ses, items in zip(sessions, values)]


def _keloid_inputs(facts, rng: random.Random, recurs: bool) -> list[AssessmentInput]:  # noqa: ANN001
    sessions = facts.sessions
    courses = _keloid(len(sessions), rng, recurs)
    sizes = [{k: v for k, v in c.items() if k != "vss"} for c in courses]
    out = _inputs(facts.lesion_id, sessions, "keloid_size", sizes)
    every_other = [i for i in range(len(sessions)) if i % 2 == 0 or i == len(sessions) - 1]
    out += _inputs(facts.lesion_id, tuple(sessions[i] for i in every_other), "vss",
                   [courses[i]["vss"] for i in every_other], version="original")
    ends = sorted({0, len(sessions) - 1})
    for instrument, keys in (("posas_observer", ("vascularity", "pigmentation", "thickness", "relief", "pliability", "surface_area", "overall")),
                             ("posas_patient", ("pain", "itch", "colour", "stiffness", "thickness", "irregularity", "overall"))):
        shares = [float(Decimal(courses[i]["height"]) / max(Decimal(courses[0]["height"]), Decimal("0.1"))) for i in ends]
        out += _inputs(facts.lesion_id, tuple(sessions[i] for i in ends), instrument, [_posas(s, keys, rng) for s in shares])
    return out


def add_demo_assessments(db, summary, *, seed: int = 20261122) -> int:  # noqa: ANN001
    """Record assessments for the demo's lesions; returns how many were recorded."""
    rng = random.Random(seed + 7)
    actor = summary.staff_ids[0] if summary.staff_ids else None
    seen: dict[str, int] = {}
    inputs: list[AssessmentInput] = []
    recurred: list[int] = []
    with db.read() as s:
        all_facts = [f for f in load_facts(s) if f.lesion_id in set(summary.lesion_ids)]
    for facts in all_facts:
        nth = seen[facts.label] = seen.get(facts.label, -1) + 1
        sessions = facts.sessions
        if not sessions:
            continue
        condition = Condition(facts.condition)
        if condition == Condition.ALOPECIA_AREATA and "eyebrow" in facts.label.lower():
            inputs += _inputs(facts.lesion_id, sessions, "patch_regrowth", _regrowth(len(sessions), rng))
        elif condition == Condition.ALOPECIA_AREATA:
            responder = not ("ccipital" in facts.label and nth == 0)
            inputs += _inputs(facts.lesion_id, sessions, "salt", _salt(facts.label, len(sessions), rng, responder))
        elif condition == Condition.KELOID:
            recurs = "shoulder" in facts.label and nth == 0
            inputs += _keloid_inputs(facts, rng, recurs)
            if recurs:
                recurred.append(facts.lesion_id)
        elif condition == Condition.PSORIASIS:
            responder = not ("knee" in facts.label and nth == 0)
            courses = _plaque(len(sessions), rng, responder)
            kept = sessions[:2] if ("elbow" in facts.label and nth == 0) else sessions
            inputs += _inputs(facts.lesion_id, kept, "tps", [c["tps"] for c in courses])
            inputs += _inputs(facts.lesion_id, kept, "pga", [c["pga"] for c in courses])
    views = record_assessments(db, actor, inputs)
    for lesion_id in recurred:
        lesions.set_status(db, actor, lesion_id, LesionStatus.RECURRED, "Flattened with injections, then grew back at the same site")
    log.info("demo: %d assessments recorded", len(views))
    return len(views)
