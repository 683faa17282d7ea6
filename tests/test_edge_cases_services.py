"""Edge cases of trends, children's limits, courses, aftercare dates and number lengths (found by review)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tracker.models import Condition, Laterality
from tracker.services.guidance.reminders import patient_reminders
from tracker.services.instruments import instruments
from tracker.services.instruments.outcome_rules import outcome_rules
from tracker.services.instruments.trends import Trend, classify
from tracker.services.outcome_data import Point
from tracker.services.response_summary import instrument_line

D = Decimal
DAY = date(2026, 6, 1)


def test_a_keloid_back_near_its_start_size_is_worse_again_as_its_summary_says():
    """1000 -> 100 -> 900 mm³: 9x its best, still 10% under the start. classify says
    Stable (grey, counted as stable); the summary line says worse again since its best."""
    start = date(2026, 1, 5)
    values = [D(1000), D(100), D(900)]
    pts = [(start + timedelta(days=42 * i), v) for i, v in enumerate(values)]
    rule = outcome_rules().trends["keloid_size"]
    inst = instruments()["keloid_size"]
    line = instrument_line(inst, {"volume": [Point(d, v, i) for i, (d, v) in enumerate(pts)]})
    assert "worse again since its best" in line
    result = classify(pts, rule, True)
    assert result.trend == Trend.WORSE_AGAIN, f"trend is {result.trend.label} while the summary says: {line}"


def test_a_child_limit_looser_than_the_adult_one_does_not_replace_it(clinic):
    from tracker.services.catalog import update_agent
    from tracker.services.sessions import preview_check

    from tracker.services.errors import ValidationError

    tac = clinic.agent("tac")
    with pytest.raises(ValidationError, match="meant to be stricter"):  # a typo for 40? or 4.00
        update_agent(clinic.db, clinic.doctor.id, tac.id, {"child_rolling_30d_limit": "400"},
                     source="clinic policy", reason="children's limit")
    child = clinic.patient(born=date(2016, 3, 1))
    keloid = clinic.lesion(child.id, Condition.KELOID, site="2059009", label="Ear keloid")
    clinic.record(child.id, [clinic.injection(keloid.id, conc="10", points=30)], day=DAY - timedelta(days=10),
                  reason="trial dose agreed")  # 30 mg
    findings = preview_check(clinic.db, clinic.session_input(child.id, [clinic.injection(keloid.id, conc="10", points=30)],
                                                             day=DAY))
    codes = [f.code.value for f in findings]
    # 60 mg in 30 days for a 10-year-old: over the adult 40 mg, which still applies.
    assert "over_rolling_30d_limit" in codes, [f.message for f in findings]


def test_candida_course_is_counted_per_patient_across_warts(clinic):
    """Candida antigen: 3-6 sessions (domain.md). Injected into two warts in turn,
    the patient's sixth session still books a next injection."""
    p = clinic.patient()
    a = clinic.lesion(p.id, Condition.WART, site="local:hand", label="Hand wart", laterality=Laterality.RIGHT)
    b = clinic.lesion(p.id, Condition.WART, site="local:hand", label="Other hand wart", laterality=Laterality.LEFT)
    view = None
    for n in range(6):
        wart = a if n % 2 == 0 else b
        view = clinic.record(p.id, [clinic.injection(wart.id, "candida", conc="1", per_point="0.1", points=2)],
                             day=DAY + timedelta(days=21 * n))
    booked = [r for r in patient_reminders(clinic.db, p.id) if r.session_id == view.id and r.kind == "next_injection"
              and r.is_open]
    assert not booked, f"after the patient's 6th Candida session: {[r.title for r in booked]}"


def test_a_draft_amendment_sheet_shows_the_planned_visit_once_the_first_versions_reminders_are_closed(clinic):
    from tracker.services.guidance.aftercare import aftercare_for_session
    from tracker.services.guidance.reminders import complete_reminder
    from tracker.services.sessions import start_amendment

    today = date.today()
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="61719002", label="Vertex patch")
    v1 = clinic.record(p.id, [clinic.injection(patch.id, conc="5", points=4)], day=today - timedelta(days=2))
    planned_v1 = aftercare_for_session(clinic.db, v1.id).next_review
    assert planned_v1 is not None
    for r in patient_reminders(clinic.db, p.id):
        if r.is_open and r.kind in ("review", "next_injection"):
            complete_reminder(clinic.db, clinic.doctor.id, r.id)
    draft = start_amendment(clinic.db, clinic.doctor.id, v1.id, "points were 6")
    sheet = aftercare_for_session(clinic.db, draft.id)
    assert not sheet.signed if hasattr(sheet, "signed") else True
    # A draft's sheet shows what the rules plan (aftercare._next_review docstring); it prints a blank line.
    assert sheet.next_review is not None


def test_a_twelve_digit_volume_per_point_is_accepted(clinic):
    from tracker.services.session_input import validate_session
    from tracker.ui.widgets.fields import parse_decimal

    p = clinic.patient()
    patch = clinic.lesion(p.id)
    typed = "0.999999999999"  # 12 digits: the form takes it (parse_decimal)
    assert parse_decimal(typed) == D(typed)
    data = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5", per_point=typed, points=7)],
                                day=date.today())
    errors = validate_session(data, born=date(1980, 1, 1), today=date.today())
    # The save refuses it under the volume field with a message the typed value meets.
    assert not errors, errors
