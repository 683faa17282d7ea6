"""Per-lesion trends and flags, the plain-language summary, and the clinic's
outcome numbers, from records made through the real services."""
from __future__ import annotations

from decimal import Decimal

from outcome_story import alopecia_course, days_ago, keloid_items, salt_items, score, treat

from tracker.models import Condition, LesionStatus
from tracker.services.instruments.trends import Trend
from tracker.services.lesions import set_status
from tracker.services.outcome_clinic import clinic_outcomes
from tracker.services.outcome_overview import patient_overview
from tracker.services.response_summary import day_text
from tracker.services.progress import lesion_progress
from tracker.services.response_summary import span_text


def flags_of(db, patient_id: int) -> list[str]:  # noqa: ANN001
    return [f.key for o in patient_overview(db, patient_id) for f in o.flags]


def test_a_responding_patch_reads_as_improving_with_a_plain_summary(db, clinic):
    patient, lesion, days = alopecia_course(clinic, [60, 40, 25, 15], every=50)
    [outcome] = patient_overview(db, patient.id)
    assert outcome.trend == Trend.IMPROVING and outcome.instrument == "salt"
    assert outcome.headline == "SALT score 60 → 15, 75% improvement over 5 months"
    assert outcome.flags == () and outcome.sessions == 4
    data = lesion_progress(db, lesion.id)
    assert data.summary[0] == "SALT score 60 → 15, 75% improvement over 5 months."
    assert data.summary[-1] == (f"4 injection sessions from {days[0].day} {days[0]:%b %Y} to {days[-1].day} {days[-1]:%b %Y}: "
                                "6 mg triamcinolone acetonide in total.")
    series = data.series_for(None)
    assert series.key == "salt.salt" and [p.band for p in series.points] == ["S3", "S2", "S2", "S1"]
    assert series.reference_lines == ((Decimal(20), "Success: SALT 20 or less"),)
    assert [total for _, ((_, total),) in data.cumulative()] == [Decimal("1.5"), Decimal(3), Decimal("4.5"), Decimal(6)]


def test_no_regrowth_after_three_months_of_injections_is_flagged(db, clinic):
    patient, _, _ = alopecia_course(clinic, [40, 42, 39], every=46)  # 92 days of injections, no change
    [outcome] = patient_overview(db, patient.id)
    assert outcome.trend == Trend.STABLE
    assert [f.text for f in outcome.flags] == ["No regrowth after 3 months of injections: reassess the treatment"]
    assert "3 months [single]" in outcome.flags[0].source


def test_no_flag_before_three_months_or_when_regrowing(db, clinic):
    early, _, _ = alopecia_course(clinic, [40, 41], every=42, first_days_ago=60)
    regrowing, _, _ = alopecia_course(clinic, [40, 38, 20], every=46)
    assert flags_of(db, early.id) == []
    assert flags_of(db, regrowing.id) == []


def _patch_course(clinic, regrowth: list[int]):  # noqa: ANN001, ANN202
    """Three months of injections into a patch, its regrowth scored at the last ones."""
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, label="Occipital patch")
    sessions = treat(clinic, patient.id, lesion.id, [days_ago(clinic.db, n) for n in (100, 50, 5)])
    for ses, value in zip(sessions[-len(regrowth):], regrowth):
        score(clinic.db, clinic.doctor.id, lesion.id, "patch_regrowth", ses.clinic_date, {"regrowth": str(value)}, session_id=ses.id)
    return patient


def test_a_patch_already_regrowing_is_not_flagged_for_no_regrowth(db, clinic):
    once = _patch_course(clinic, [80])             # one assessment: 80% regrown
    slowly = _patch_course(clinic, [30, 50])       # less than 25 points between the two, but half regrown
    barely = _patch_course(clinic, [10])           # under the 25% threshold of the studies
    assert flags_of(db, once.id) == [] and flags_of(db, slowly.id) == []
    assert flags_of(db, barely.id) == ["no_regrowth"]


def test_three_months_of_injections_and_no_assessment_is_flagged_too(db, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA)
    treat(clinic, patient.id, lesion.id, [days_ago(db, 100), days_ago(db, 50)])
    [outcome] = patient_overview(db, patient.id)
    assert outcome.trend == Trend.NOT_ENOUGH and outcome.headline == "No assessment yet"
    assert outcome.flags[0].text.endswith("(no regrowth assessment recorded)")


def keloid_course(clinic, heights: list[float]):  # noqa: ANN001, ANN201
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.KELOID, site="2059009", label="Left earlobe keloid")
    days = [days_ago(clinic.db, 30 * (len(heights) - i)) for i in range(len(heights))]
    treat(clinic, patient.id, lesion.id, days, conc="40")
    for day, height in zip(days, heights):
        score(clinic.db, clinic.doctor.id, lesion.id, "keloid_size", day, keloid_items(20, 10, height))
    return patient, lesion


def test_keloid_summary_names_height_and_volume(db, clinic):
    patient, lesion = keloid_course(clinic, [6, 4, 2])
    data = lesion_progress(db, lesion.id)
    assert data.default_key == "keloid_size.height"
    assert data.summary[0] == ("Keloid height 6 mm → 2 mm, 67% improvement; keloid volume 1200 mm³ → 400 mm³, "
                               "67% improvement over 9 weeks.")
    [outcome] = patient_overview(db, patient.id)
    assert outcome.trend == Trend.IMPROVING and outcome.flags == ()


def test_a_resolved_keloid_that_comes_back_is_flagged(db, clinic):
    patient, lesion = keloid_course(clinic, [6, 2, 0.5, 1.5])
    assert flags_of(db, patient.id) == []  # still under treatment: just a course
    set_status(db, clinic.doctor.id, lesion.id, LesionStatus.RESOLVED, "flat at review")
    [outcome] = patient_overview(db, patient.id)
    assert [f.key for f in outcome.flags] == ["recurrence"]
    assert outcome.flags[0].text == "Resolved keloid is coming back: keloid volume 300 mm³ now, 100 mm³ at its best"
    set_status(db, clinic.doctor.id, lesion.id, LesionStatus.RECURRED, "grew back")
    assert patient_overview(db, patient.id)[0].flags[0].text == "Resolved keloid is coming back (marked as recurred)"
    # Smaller than at the start, but growing back: not shown or counted as improving.
    [outcome] = patient_overview(db, patient.id)
    assert outcome.trend == Trend.WORSE_AGAIN
    assert outcome.headline.endswith("but worse again since its best (100 mm³ on "
                                     f"{day_text(days_ago(db, 30 * 2))})")
    assert lesion_progress(db, lesion.id).summary[0].endswith(
        f"over 3 months; keloid volume worse again since its best (100 mm³ on {day_text(days_ago(db, 60))}).")


def test_a_resolved_keloid_that_stays_flat_is_not_flagged(db, clinic):
    patient, lesion = keloid_course(clinic, [6, 2, 0.5, 0.5])
    set_status(db, clinic.doctor.id, lesion.id, LesionStatus.RESOLVED, "flat")
    assert flags_of(db, patient.id) == []


def test_clinic_outcomes_count_responders_at_three_months_and_overdue_reviews(db, clinic):
    alopecia_course(clinic, [60, 40, 25], every=46)       # responder at 3 months (92 days)
    alopecia_course(clinic, [50, 52, 49], every=46)       # not a responder
    unreviewed = clinic.patient(family_name="Unreviewed")
    wart = clinic.lesion(unreviewed.id, Condition.WART, site="61719002", label="Scalp wart")
    treat(clinic, unreviewed.id, wart.id, [days_ago(db, 120)], code="candida", conc="1")
    result = clinic_outcomes(db)
    rows = {(r.condition, r.agents): r for r in result.rows}
    aa = rows[("alopecia_areata", "Triamcinolone acetonide")]
    assert (aa.lesions, aa.patients, aa.sessions, aa.improving, aa.stable) == (2, 2, 6, 1, 1)
    three, six = aa.responses
    assert (three.months, three.assessed, three.responders, three.text) == (3, 2, 1, "1 of 2 (50%)")
    assert (six.assessed, six.text) == (0, "—")
    wart_row = rows[("wart", "Candida antigen")]
    assert wart_row.not_enough == 1
    assert [(r.lesion_label, r.last_assessed) for r in result.overdue] == [("Scalp wart", None)]
    assert result.overdue[0].days_overdue == 120 - 56
    assert [(o.headline, [f.key for f in o.flags]) for o in result.flagged] == [
        ("SALT score 50 → 49, 2% improvement over 3 months", ["no_regrowth"])]


def test_span_text_rounds_to_days_weeks_or_months():
    from datetime import date

    start = date(2026, 1, 1)
    assert span_text(start, date(2026, 1, 11)) == "10 days"
    assert span_text(start, date(2026, 2, 12)) == "6 weeks"
    assert span_text(start, date(2026, 6, 1)) == "5 months"


def test_review_without_injection_and_salt_from_zero(db, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA)
    score(db, clinic.doctor.id, lesion.id, "salt", days_ago(db, 40), salt_items(0))
    score(db, clinic.doctor.id, lesion.id, "salt", days_ago(db, 1), salt_items(10))
    data = lesion_progress(db, lesion.id)
    assert data.summary == ("SALT score 0 → 10 (worse) over 6 weeks.", "No injections recorded for this lesion.")
    assert patient_overview(db, patient.id)[0].trend == Trend.WORSE
