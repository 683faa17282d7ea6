"""Doses are exact decimals; each safety finding is raised and needs a reason
(or, for an expired lot, cannot be overridden)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tracker.services.dosing import FindingCode, Severity, compute_dose, dose_unit_for, total_volume
from tracker.services.errors import BlockedError, FindingsNeedReasonError
from tracker.services.lesions import set_atrophic
from tracker.services.safety import safety_report
from tracker.services.sessions import preview_check
from tracker.ui.session_editor.safety_panel import agent_lines, lesion_line
from tracker.models import Condition


def codes(findings):  # noqa: ANN001, ANN201
    return {f.code for f in findings}


def test_exact_decimal_arithmetic(clinic):
    assert compute_dose(Decimal("10"), total_volume(Decimal("0.1"), 3)) == Decimal("3")
    assert compute_dose(Decimal("40"), Decimal("0.1")) + compute_dose(Decimal("40"), Decimal("0.2")) == Decimal("12")
    with pytest.raises(TypeError):
        compute_dose(10.0, Decimal("0.1"))  # type: ignore[arg-type]
    assert dose_unit_for("mg/mL") == "mg" and dose_unit_for("PFU/mL") == "PFU"
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    view = clinic.record(p.id, [clinic.injection(lesion.id, conc="10", per_point="0.1", points=3)])
    inj = view.injections[0]
    assert inj.dose == Decimal("3") and inj.dose_unit == "mg" and inj.volume_ml == Decimal("0.3")
    assert str(inj.dose) == "3"


@pytest.fixture
def patient(clinic):  # noqa: ANN001, ANN201
    p = clinic.patient()
    return clinic, p


def test_over_session_limit(patient):
    clinic, p = patient
    keloid = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="earlobe")
    injections = [clinic.injection(keloid.id, conc="40", per_point="0.1", points=11)]  # 44 mg
    with pytest.raises(FindingsNeedReasonError) as err:
        clinic.record(p.id, injections)
    assert FindingCode.OVER_SESSION_LIMIT in codes(err.value.findings)
    view = clinic.record(p.id, injections, reason="large keloid, discussed with patient")
    assert view.findings_reason == "large keloid, discussed with patient"
    assert "over_session_limit" in {f["code"] for f in view.findings}


@pytest.mark.parametrize("reason", ["x", "ok", "agreed", "  ;  ", "no x"])
def test_a_letter_or_a_word_is_not_a_reason_to_go_past_a_limit(patient, reason):
    """Crossing a limit needs a reason that says why: a letter or a single word
    is refused, by the one-step save and by signing a draft alike."""
    from tracker.services.sessions import create_draft, sign_session

    clinic, p = patient
    keloid = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="earlobe")
    injections = [clinic.injection(keloid.id, conc="40", per_point="0.1", points=11)]  # 44 mg
    with pytest.raises(FindingsNeedReasonError, match="the reason given is not enough") as err:
        clinic.record(p.id, injections, reason=reason)
    assert err.value.problem.startswith("say why in a few words")
    draft = create_draft(clinic.db, clinic.doctor.id, clinic.session_input(p.id, injections))
    with pytest.raises(FindingsNeedReasonError, match="the reason given is not enough"):
        sign_session(clinic.db, clinic.doctor.id, draft.id, reason)
    assert sign_session(clinic.db, clinic.doctor.id, draft.id, "keloid trial dose, agreed").is_signed


def test_over_rolling_30_day_limit(patient):
    clinic, p = patient
    a = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="left lobe")
    b = clinic.lesion(p.id, Condition.KELOID, site="244107007", label="chest")
    clinic.record(p.id, [clinic.injection(a.id, conc="40", points=6)], day=date(2026, 5, 1))  # 24 mg
    findings = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(b.id, conc="40", points=5)], day=date(2026, 5, 20)))  # +20
    rolling = [f for f in findings if f.code == FindingCode.OVER_ROLLING_LIMIT]
    assert rolling and rolling[0].value == "44" and rolling[0].limit == "40"
    # Thirty days later the first dose has left the window.
    later = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(b.id, conc="40", points=5)], day=date(2026, 5, 31)))
    assert FindingCode.OVER_ROLLING_LIMIT not in codes(later)


def test_interval_too_short_for_this_lesion(patient):
    clinic, p = patient
    patch = clinic.lesion(p.id)  # alopecia areata: catalog minimum 28 days
    clinic.record(p.id, [clinic.injection(patch.id, conc="5")], day=date(2026, 3, 1))
    soon = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(patch.id, conc="5")], day=date(2026, 3, 15)))
    interval = [f for f in soon if f.code == FindingCode.INTERVAL_TOO_SHORT]
    assert interval and interval[0].value == "14" and interval[0].limit == "28"
    other = clinic.lesion(p.id, label="second patch")
    fine = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(other.id, conc="5")], day=date(2026, 3, 15)))
    assert FindingCode.INTERVAL_TOO_SHORT not in codes(fine)


def test_atrophic_lesion(patient):
    clinic, p = patient
    patch = clinic.lesion(p.id)
    set_atrophic(clinic.db, clinic.doctor.id, patch.id, True, "dent seen at review")
    findings = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(patch.id, conc="5")]))
    assert FindingCode.ATROPHIC_SITE in codes(findings)


def test_expired_lot_cannot_be_overridden(patient):
    clinic, p = patient
    patch = clinic.lesion(p.id)
    expired = clinic.injection(patch.id, conc="5", lot_expiry=date(2026, 5, 31))
    with pytest.raises(BlockedError, match="expired"):
        clinic.record(p.id, [expired], day=date(2026, 6, 1), reason="we had no other vial")


def test_concentration_outside_the_catalog_range(patient):
    clinic, p = patient
    patch = clinic.lesion(p.id)
    findings = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(patch.id, conc="40", points=1)]))
    assert FindingCode.CONCENTRATION_OUT_OF_RANGE in codes(findings)


def test_per_lesion_and_volume_limits(patient):
    clinic, p = patient
    wart = clinic.lesion(p.id, Condition.WART, site="local:hand", label="hand wart")
    bleo = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(wart.id, "bleomycin", conc="1", per_point="0.6", points=2)]))
    assert {FindingCode.OVER_LESION_LIMIT} <= codes(bleo)
    candida = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(wart.id, "candida", conc="1", per_point="0.1", points=4)]))
    assert FindingCode.OVER_SESSION_VOLUME in codes(candida)


def test_within_limits_gives_no_findings(patient):
    clinic, p = patient
    patch = clinic.lesion(p.id)
    view = clinic.record(p.id, [clinic.injection(patch.id, conc="5", points=6)])
    assert view.findings == () and view.findings_reason is None


def test_amended_and_voided_doses_do_not_count_twice(patient):
    from tracker.services import sessions

    clinic, p = patient
    a = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="lobe")
    first = clinic.record(p.id, [clinic.injection(a.id, conc="40", points=8)], day=date(2026, 5, 1))  # 32 mg
    sessions.amend_session(clinic.db, clinic.doctor.id, first.id,
                           clinic.session_input(p.id, [clinic.injection(a.id, conc="40", points=8)], day=date(2026, 5, 1)), "lot")
    later = clinic.session_input(p.id, [clinic.injection(a.id, conc="40", points=1)], day=date(2026, 5, 1) + timedelta(days=10))
    rolling = [f for f in preview_check(clinic.db, later) if f.code == FindingCode.OVER_ROLLING_LIMIT]
    assert not rolling  # 32 + 4 = 36, not 68


def test_a_child_needs_a_reason_until_the_clinic_sets_a_childrens_limit(clinic):
    from tracker.services.catalog import update_agent

    child = clinic.patient(born=date(2016, 1, 1))
    patch = clinic.lesion(child.id)
    findings = preview_check(clinic.db, clinic.session_input(child.id, [clinic.injection(patch.id, conc="5")]))
    [child_note] = [f for f in findings if f.code == FindingCode.CHILD]
    assert child_note.severity == Severity.WARNING
    assert "the 30-day limit checked is the adult one (no limit for children is published" in child_note.message
    assert "File > Agent catalog" in child_note.message
    with pytest.raises(FindingsNeedReasonError):
        clinic.record(child.id, [clinic.injection(patch.id, conc="5")])
    tac = clinic.agent("tac")
    update_agent(clinic.db, clinic.doctor.id, tac.id, {"child_rolling_30d_limit": "20"},
                 source="clinic policy", reason="children's limit")
    [child_note] = [f for f in preview_check(clinic.db, clinic.session_input(child.id, [clinic.injection(patch.id, conc="5")]))
                    if f.code == FindingCode.CHILD]
    assert child_note.severity == Severity.INFO and "the clinic's limit for children" in child_note.message
    assert clinic.record(child.id, [clinic.injection(patch.id, conc="5")]).is_signed  # a note needs no reason


def test_a_childrens_30_day_limit_set_by_the_clinic_is_checked_for_children_only(clinic):
    """domain.md: a rolling 30-day limit "stricter for children", with no number: the clinic sets one."""
    from tracker.services.catalog import update_agent

    tac = clinic.agent("tac")
    update_agent(clinic.db, clinic.doctor.id, tac.id, {"child_rolling_30d_limit": "20"},
                 source="Clinic policy 2026/4: children 20 mg per 30 days", reason="stricter limit for children")
    child, adult = clinic.patient(born=date(2016, 1, 1)), clinic.patient()
    dose = lambda lesion: [clinic.injection(lesion.id, conc="10", per_point="0.1", points=24)]  # noqa: E731 - 24 mg
    for person in (child, adult):
        findings = preview_check(clinic.db, clinic.session_input(person.id, dose(clinic.lesion(person.id))))
        rolling = [f for f in findings if f.code == FindingCode.OVER_ROLLING_LIMIT]
        if person is child:
            [over] = rolling
            assert over.limit == "20" and over.source == "Clinic policy 2026/4: children 20 mg per 30 days"
            [note] = [f for f in findings if f.code == FindingCode.CHILD]
            assert "the clinic's limit for children" in note.message
        else:
            assert not rolling  # 24 of the adult 40 mg


def test_t_vec_is_offered_at_its_first_dose_strength(clinic):
    melanoma = clinic.agent("tvec").indication(Condition.MELANOMA)
    assert melanoma.concentration_default == Decimal("1000000")  # 10^6 PFU/mL, not the later 10^8
    assert "first dose at 10^6 PFU/mL" in melanoma.sources["concentration_default"]


def test_a_session_entered_late_is_checked_against_doses_recorded_after_its_date(patient):
    """Paper notes typed in a week late: the doses already recorded on later
    dates fill the 30-day window and follow the lesion's interval too."""
    clinic, p = patient
    a = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="left lobe")
    b = clinic.lesion(p.id, Condition.KELOID, site="244107007", label="chest")
    c = clinic.lesion(p.id, Condition.KELOID, site="36141000", label="cheek")
    clinic.record(p.id, [clinic.injection(a.id, conc="40", points=6)], day=date(2026, 5, 10))  # 24 mg
    clinic.record(p.id, [clinic.injection(b.id, conc="40", points=4)], day=date(2026, 5, 25))  # 16 mg
    late = clinic.session_input(p.id, [clinic.injection(c.id, conc="10", points=10)], day=date(2026, 5, 5))  # 10 mg
    findings = preview_check(clinic.db, late)
    [rolling] = [f for f in findings if f.code == FindingCode.OVER_ROLLING_LIMIT]
    assert (rolling.value, rolling.limit) == ("50", "40")
    assert "already recorded after 2026-05-05" in rolling.message and "the 30 days to 2026-05-25" in rolling.message
    report = safety_report(clinic.db, late)
    [tally] = report.agents
    assert tally.rolling_total == Decimal("10")  # the window ending on the session's own day
    assert (tally.rolling_peak, tally.peak_end) == (Decimal("50"), date(2026, 5, 25))
    assert "With doses recorded after this date: 50 mg in the 30 days to 2026-05-25 (limit 40 mg)" in agent_lines(tally)[-1]
    with pytest.raises(FindingsNeedReasonError):  # signing checks the same
        clinic.record(p.id, late.injections, day=date(2026, 5, 5))
    # Far enough before the later doses, nothing is found.
    early = clinic.session_input(p.id, [clinic.injection(c.id, conc="10", points=10)], day=date(2026, 4, 1))
    assert FindingCode.OVER_ROLLING_LIMIT not in codes(preview_check(clinic.db, early))


def test_a_late_entry_too_close_before_the_next_injection_of_the_lesion(patient):
    clinic, p = patient
    patch = clinic.lesion(p.id)  # alopecia areata: catalog minimum 28 days
    clinic.record(p.id, [clinic.injection(patch.id, conc="5")], day=date(2026, 3, 15))
    late = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5")], day=date(2026, 3, 1))
    [interval] = [f for f in preview_check(clinic.db, late) if f.code == FindingCode.INTERVAL_TOO_SHORT]
    assert (interval.value, interval.limit) == ("14", "28")
    assert "later Triamcinolone acetonide injection is already recorded 14 days after" in interval.message
    [lesion] = safety_report(clinic.db, late).lesions
    assert lesion.next_given == date(2026, 3, 15)
    assert "next already recorded on 2026-03-15" in lesion_line(lesion)
    well_before = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5")], day=date(2026, 2, 1))
    assert FindingCode.INTERVAL_TOO_SHORT not in codes(preview_check(clinic.db, well_before))


def test_eyebrows_and_face_take_a_weaker_steroid_than_the_scalp(patient):
    from tracker.models import Sex

    clinic, _ = patient
    p = clinic.patient(sex=Sex.FEMALE)
    brow = clinic.lesion(p.id, site="367577003", label="left eyebrow patch", laterality="left")
    scalp = clinic.lesion(p.id, label="vertex patch")
    man = clinic.patient(sex=Sex.MALE)
    beard = clinic.lesion(man.id, site="23747009", label="beard patch")
    findings = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(brow.id, conc="5", points=2)]))
    [site] = [f for f in findings if f.code == FindingCode.CONCENTRATION_OUT_OF_RANGE]
    assert (site.value, site.limit, site.lesion_id) == ("5", "at most 2.5", brow.id)
    assert "stronger than the 2.5 mg/mL used at this site for alopecia areata" in site.message
    assert "eyebrows, face 2.5 mg/mL" in site.source
    for who, lesion, conc in ((p, brow, "2.5"), (p, scalp, "5"), (man, beard, "5")):  # a man's beard takes 5-10
        fine = preview_check(clinic.db, clinic.session_input(who.id, [clinic.injection(lesion.id, conc=conc, points=2)]))
        assert FindingCode.CONCENTRATION_OUT_OF_RANGE not in codes(fine), (lesion.label, conc)
    # The same chin in a woman, or in a boy, is face: 2.5 mg/mL.
    boy = clinic.patient(sex=Sex.MALE, born=date.today() - timedelta(days=365 * 12))
    for who in (p, boy):
        chin = clinic.lesion(who.id, site="23747009", label="chin patch")
        found = preview_check(clinic.db, clinic.session_input(who.id, [clinic.injection(chin.id, conc="5", points=2)]))
        assert [f.limit for f in found if f.code == FindingCode.CONCENTRATION_OUT_OF_RANGE] == ["at most 2.5"]
    # 2.5 mg/mL is the face's strength, below the scalp's 5-10 (and an adult man's beard's).
    for who, lesion in ((p, scalp), (man, beard)):
        weak = preview_check(clinic.db, clinic.session_input(who.id, [clinic.injection(lesion.id, conc="2.5", points=2)]))
        [low] = [f for f in weak if f.code == FindingCode.CONCENTRATION_OUT_OF_RANGE]
        assert (low.value, low.limit) == ("2.5", "5-10"), lesion.label
        assert "scalp 5-10 mg/mL" in low.source
    too_weak = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(brow.id, conc="2", points=2)]))
    [low] = [f for f in too_weak if f.code == FindingCode.CONCENTRATION_OUT_OF_RANGE]
    assert low.limit == "2.5-10" and "alopecia areata at this site" in low.message and "eyebrows, face" in low.source
    alopecia = clinic.agent("tac").indication(Condition.ALOPECIA_AREATA)
    assert alopecia.default_for("367577003") == Decimal("2.5") and alopecia.default_for("61719002") == Decimal("5")
    assert alopecia.default_for("23747009") == Decimal("2.5")
    assert alopecia.default_for("23747009", adult_man=True) == Decimal("5")


def test_t_vec_course_first_dose_strength_and_second_dose_gap(patient):
    clinic, p = patient
    tumour = clinic.lesion(p.id, Condition.MELANOMA, site="66643007", label="back nodule")
    dose = lambda conc: [clinic.injection(tumour.id, code="tvec", conc=conc, per_point="1", points=2)]  # noqa: E731
    first_strong = preview_check(clinic.db, clinic.session_input(p.id, dose("100000000"), day=date(2026, 3, 2)))
    [strength] = [f for f in first_strong if f.code == FindingCode.CONCENTRATION_OUT_OF_RANGE]
    assert strength.limit == "at most 1000000" and "no earlier Talimogene laherparepvec dose" in strength.message
    assert "at most 10^6 (1000000) PFU/mL (this is 10^8 (100000000) PFU/mL)" in strength.message
    clinic.record(p.id, dose("1000000"), day=date(2026, 3, 2))  # the first dose, as the label gives it
    second_weak = preview_check(clinic.db, clinic.session_input(p.id, dose("1000000"), day=date(2026, 3, 23)))
    [weak] = [f for f in second_weak if f.code == FindingCode.CONCENTRATION_OUT_OF_RANGE]
    assert weak.limit == "at least 100000000" and "from the second Talimogene laherparepvec dose on" in weak.message
    second_soon = preview_check(clinic.db, clinic.session_input(p.id, dose("100000000"), day=date(2026, 3, 16)))
    [gap] = [f for f in second_soon if f.code == FindingCode.INTERVAL_TOO_SHORT]
    assert (gap.value, gap.limit) == ("14", "21") and "second dose" in gap.message
    assert FindingCode.CONCENTRATION_OUT_OF_RANGE not in codes(second_soon)  # 10^8 is right from the second dose
    clinic.record(p.id, dose("100000000"), day=date(2026, 3, 23))  # three weeks later: no finding
    third = preview_check(clinic.db, clinic.session_input(p.id, dose("100000000"), day=date(2026, 4, 6)))
    assert not {FindingCode.INTERVAL_TOO_SHORT, FindingCode.CONCENTRATION_OUT_OF_RANGE} & codes(third)


def test_t_vec_entered_late_before_the_recorded_first_dose_makes_that_one_the_second(patient):
    """A first dose given on paper and typed in after a later dose was recorded:
    the recorded dose becomes the second, so its gap from the late one counts."""
    from tracker.services import sessions

    clinic, p = patient
    tumour = clinic.lesion(p.id, Condition.MELANOMA, site="66643007", label="back nodule")
    dose = lambda conc: [clinic.injection(tumour.id, code="tvec", conc=conc, per_point="1", points=2)]  # noqa: E731
    clinic.record(p.id, dose("1000000"), day=date(2026, 3, 20))  # recorded as the first dose
    too_close = preview_check(clinic.db, clinic.session_input(p.id, dose("1000000"), day=date(2026, 3, 9)))
    [gap] = [f for f in too_close if f.code == FindingCode.INTERVAL_TOO_SHORT and f.lesion_id is None]
    assert (gap.value, gap.limit, gap.severity.value) == ("11", "21", "warning")
    assert "already recorded 11 days after this date (2026-03-20)" in gap.message and "is the second" in gap.message
    assert FindingCode.CONCENTRATION_OUT_OF_RANGE not in codes(too_close)  # 10^6 is right for a first dose
    with pytest.raises(FindingsNeedReasonError):
        clinic.record(p.id, dose("1000000"), day=date(2026, 3, 9))
    far_enough = preview_check(clinic.db, clinic.session_input(p.id, dose("1000000"), day=date(2026, 2, 20)))
    assert not [f for f in far_enough if f.code == FindingCode.INTERVAL_TOO_SHORT and f.lesion_id is None]
    late = clinic.record(p.id, dose("1000000"), day=date(2026, 3, 9), reason="given on paper, typed in late")
    # Correcting that late entry's lot, same date and dose: the note stays a note.
    fixed = clinic.session_input(p.id, [clinic.injection(tumour.id, code="tvec", conc="1000000", per_point="1", points=2,
                                                         lot_number="TV-0309")], day=date(2026, 3, 9))
    [note] = [f for f in preview_check(clinic.db, fixed, session_id=late.id)
              if f.code == FindingCode.INTERVAL_TOO_SHORT and f.lesion_id is None]
    assert note.severity.value == "info" and "a note only" in note.message
    assert sessions.amend_session(clinic.db, clinic.doctor.id, late.id, fixed, "lot typed wrongly").is_signed


def test_amending_an_earlier_session_asks_again_only_if_it_gives_more_or_moves(patient):
    """B was signed 14 days after A and checked against A then (with its reason).
    Correcting A's lot number changes nothing B was checked against: a note, no
    new reason. Moving A closer to B, or giving more, needs one."""
    from tracker.services import sessions

    clinic, p = patient
    patch = clinic.lesion(p.id)  # alopecia areata: minimum 28 days
    first = clinic.record(p.id, [clinic.injection(patch.id, conc="5", lot_number="LOT-TYPO")], day=date(2026, 3, 1))
    clinic.record(p.id, [clinic.injection(patch.id, conc="5")], day=date(2026, 3, 15), reason="relapse, discussed")
    fixed = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5", lot_number="LOT1")], day=date(2026, 3, 1))
    [note] = [f for f in preview_check(clinic.db, fixed, session_id=first.id) if f.code == FindingCode.INTERVAL_TOO_SHORT]
    assert note.severity.value == "info" and "a note only: this correction keeps the date and gives no more" in note.message
    amended = sessions.amend_session(clinic.db, clinic.doctor.id, first.id, fixed, "lot number typed wrongly")
    assert amended.is_signed and amended.findings_reason is None
    set_atrophic(clinic.db, clinic.doctor.id, patch.id, True)  # noticed at the later visit
    relabelled = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5", lot_number="LOT2")], day=date(2026, 3, 1))
    atrophy = [f for f in preview_check(clinic.db, relabelled, session_id=amended.id) if f.code == FindingCode.ATROPHIC_SITE]
    assert [f.severity.value for f in atrophy] == ["info"]  # the dose was given before the flag
    larger = clinic.session_input(p.id, [clinic.injection(patch.id, conc="10", points=6)], day=date(2026, 3, 1))
    atrophy = [f for f in preview_check(clinic.db, larger, session_id=amended.id) if f.code == FindingCode.ATROPHIC_SITE]
    assert [f.severity.value for f in atrophy] == ["warning"]  # a correction giving more into it needs a reason
    set_atrophic(clinic.db, clinic.doctor.id, patch.id, False)
    moved = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5")], day=date(2026, 3, 8))
    with pytest.raises(FindingsNeedReasonError):
        sessions.amend_session(clinic.db, clinic.doctor.id, amended.id, moved, "date typed wrongly")
    # The 30-day window: more than the replaced version gave needs a reason again.
    keloid = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="lobe")
    k1 = clinic.record(p.id, [clinic.injection(keloid.id, conc="40", points=5)], day=date(2026, 5, 1))  # 20 mg
    clinic.record(p.id, [clinic.injection(keloid.id, conc="40", points=6)], day=date(2026, 5, 29),
                  reason="large keloid")  # 24 mg: 44 in the window
    same = clinic.session_input(p.id, [clinic.injection(keloid.id, conc="40", points=5)], day=date(2026, 5, 1))
    more = clinic.session_input(p.id, [clinic.injection(keloid.id, conc="40", points=7)], day=date(2026, 5, 1))
    severity = lambda data: {f.severity.value for f in preview_check(clinic.db, data, session_id=k1.id)  # noqa: E731
                             if f.code == FindingCode.OVER_ROLLING_LIMIT}
    assert severity(same) == {"info"} and severity(more) == {"warning"}


@pytest.mark.parametrize("later_by, counted", [(29, True), (30, False)])
def test_a_later_dose_counts_while_one_30_day_window_holds_both(patient, later_by, counted):
    clinic, p = patient
    a = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="lobe")
    b = clinic.lesion(p.id, Condition.KELOID, site="244107007", label="chest")
    day = date(2026, 5, 1)
    clinic.record(p.id, [clinic.injection(a.id, conc="40", points=8)], day=day + timedelta(days=later_by))  # 32 mg
    late = clinic.session_input(p.id, [clinic.injection(b.id, conc="40", points=3)], day=day)  # 12 mg
    assert (FindingCode.OVER_ROLLING_LIMIT in codes(preview_check(clinic.db, late))) is counted


@pytest.mark.parametrize("later_by, found", [(27, True), (28, False)])
def test_a_later_injection_exactly_the_minimum_interval_away_is_fine(patient, later_by, found):
    clinic, p = patient
    patch = clinic.lesion(p.id)  # alopecia areata: minimum 28 days
    day = date(2026, 3, 1)
    clinic.record(p.id, [clinic.injection(patch.id, conc="5")], day=day + timedelta(days=later_by))
    late = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5")], day=day)
    assert (FindingCode.INTERVAL_TOO_SHORT in codes(preview_check(clinic.db, late))) is found


def test_the_chart_knows_a_course_has_started_as_the_check_counts_it(patient):
    """What the injection form asks before offering T-VEC's later strength: a
    signed dose within the check's year counts; while a correction of it is
    open, the signed version (its date, not the draft's) still counts."""
    from tracker.services import sessions
    from tracker.services.session_views import counted_doses, given_before

    clinic, p = patient
    tumour = clinic.lesion(p.id, Condition.MELANOMA, site="66643007", label="back nodule")
    tvec = clinic.agent("tvec").id
    first = clinic.record(p.id, [clinic.injection(tumour.id, code="tvec", conc="1000000", per_point="1", points=2)],
                          day=date(2026, 3, 2))
    doses = lambda: counted_doses(clinic.db, p.id)  # noqa: E731
    assert given_before(doses(), tvec, date(2026, 3, 23)) and not given_before(doses(), tvec, date(2026, 3, 2))
    assert not given_before(doses(), tvec, date(2027, 6, 1), since=date(2026, 6, 1))  # over a year ago
    assert not given_before(doses(), tvec, date(2026, 3, 23), exclude_root=first.root_id)  # correcting that dose
    draft = sessions.start_amendment(clinic.db, clinic.doctor.id, first.id, "date typed wrongly")
    sessions.update_draft(clinic.db, clinic.doctor.id, draft.id, clinic.session_input(
        p.id, [clinic.injection(tumour.id, code="tvec", conc="1000000", per_point="1", points=2)], day=date(2026, 4, 20)))
    assert given_before(doses(), tvec, date(2026, 3, 23))  # the signed 2 March dose still counts


def test_a_nail_takes_at_most_0_4_ml_for_psoriasis(patient):
    clinic, p = patient
    nail = clinic.lesion(p.id, Condition.PSORIASIS, site="770809003", label="left thumb nail", laterality="left")
    plaque = clinic.lesion(p.id, Condition.PSORIASIS, site="66643007", label="back plaque")
    over = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(nail.id, conc="2.5", points=5)]))
    [volume] = [f for f in over if f.code == FindingCode.OVER_LESION_LIMIT]
    assert (volume.value, volume.limit, volume.lesion_id) == ("0.5", "0.4 mL", nail.id)
    assert "nail psoriasis (matrix)" in volume.source
    for lesion, points in ((nail, 4), (plaque, 5)):  # 0.4 mL into the nail; a plaque has no such limit
        fine = preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(lesion.id, conc="2.5", points=points)]))
        assert FindingCode.OVER_LESION_LIMIT not in codes(fine)
    psoriasis = clinic.agent("tac").indication(Condition.PSORIASIS)
    assert psoriasis.default_for("770809003") == Decimal("2.5") and psoriasis.site_volume_max("770809003") == Decimal("0.4")
    assert psoriasis.site_volume_max("66643007") is None
