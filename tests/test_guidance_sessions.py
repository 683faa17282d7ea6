"""For typical sessions, signing produces the checklist, aftercare lines and
reminders a clinician would expect (items and offsets checked one by one)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.models import Condition, Laterality
from tracker.services.guidance.aftercare import aftercare_for_session
from tracker.services.guidance.checklist import session_checklist
from tracker.services.guidance.reminders import patient_reminders

DAY = date(2026, 6, 1)
BEFORE_CORE = {"general.consent", "general.allergies", "general.photo", "general.vial", "general.clean-site"}
AFTER_CORE = {"general.what-to-expect", "general.aftercare-sheet"}


def signed(clinic, patient_id, injections, day=DAY, **kw):  # noqa: ANN001, ANN003, ANN201
    view = clinic.record(patient_id, injections, day=day, **kw)
    checklist = session_checklist(clinic.db, view.id)
    reminders = [r for r in patient_reminders(clinic.db, patient_id) if r.session_id == view.id]
    return view, checklist, reminders


def by_phase(checklist, phase):  # noqa: ANN001, ANN201
    return {i.rule_id: i for i in checklist.phase(phase)}


def offsets(reminders, day=DAY):  # noqa: ANN001, ANN201
    return {(r.kind, r.lesion_label): (r.due_on - day).days for r in reminders if r.is_open}


def all_text(sheet):  # noqa: ANN001, ANN201
    return " ".join(line.text for _, lines in sheet.sections() for line in lines)


def test_triamcinolone_into_scalp_alopecia_areata(clinic):
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="61719002", label="Vertex patch")
    view, checklist, reminders = signed(clinic, p.id, [clinic.injection(patch.id, "tac", conc="5", per_point="0.1", points=6)])

    before, after, follow = (by_phase(checklist, ph) for ph in ("before", "after", "follow_up"))
    assert set(before) == BEFORE_CORE and all(i.required for i in before.values())
    assert set(after) == AFTER_CORE  # no observation time for triamcinolone, no eye warning on the scalp
    assert {"general.monitoring", "steroid.skin-changes", "alopecia.regrowth-review"} <= set(follow)
    assert "Vertex patch" in follow["alopecia.regrowth-review"].text

    # Review with photos at 4 weeks, next injection at the catalog's 6 weeks, reassessment at 3 months.
    assert offsets(reminders) == {("review", "Vertex patch"): 28, ("next_injection", "Vertex patch"): 42,
                                  ("reassess", "Vertex patch"): 90}
    assert not any(r.kind == "call" for r in reminders)

    sheet = aftercare_for_session(clinic.db, view.id)
    text = all_text(sheet)
    assert "New hair often starts to show within about 4 weeks" in text
    assert "dent" in text and "sun" not in text.lower()
    assert sheet.next_review == DAY + timedelta(days=28) and "Review with photos" in sheet.next_review_label
    assert sheet.medicines[0].plain_name.startswith("a corticosteroid") and sheet.medicines[0].dose_text == "3 mg"
    assert sheet.lesions[0].site == "Vertex of scalp"

    # Reprinted later, the sheet gives the appointment as it stands: a snoozed review on its new day
    # (after the next injection now), and a blank line once nothing is left to come.
    from tracker.services.guidance.reminders import complete_reminder, snooze_reminder

    review = next(r for r in reminders if r.kind == "review")
    injection = next(r for r in reminders if r.kind == "next_injection")
    away = date.today() + timedelta(days=10)
    snooze_reminder(clinic.db, clinic.doctor.id, review.id, away, "patient away")
    assert aftercare_for_session(clinic.db, view.id).next_review == DAY + timedelta(days=42)
    complete_reminder(clinic.db, clinic.doctor.id, injection.id)
    later = aftercare_for_session(clinic.db, view.id)
    assert later.next_review == away and "Review with photos" in later.next_review_label
    complete_reminder(clinic.db, clinic.doctor.id, review.id)
    assert aftercare_for_session(clinic.db, view.id).next_review is None


def test_triamcinolone_into_a_keloid(clinic):
    p = clinic.patient()
    keloid = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="Left earlobe keloid", laterality=Laterality.LEFT)
    view, checklist, reminders = signed(clinic, p.id, [clinic.injection(keloid.id, "tac", conc="40", per_point="0.1", points=3)])

    after = by_phase(checklist, "after")
    assert "keloid.sun" in after and not after["keloid.sun"].required
    assert "site.near-eyes-or-nose" not in after  # the ear is not near the eyes or nose
    assert "keloid.recurrence" in by_phase(checklist, "follow_up")
    assert offsets(reminders) == {("next_injection", "Left earlobe keloid"): 28}

    sheet = aftercare_for_session(clinic.db, view.id)
    care = " ".join(line.text for line in sheet.care)
    assert "Protect the scar from the sun" in care
    assert "flatten and soften" in all_text(sheet) and "grow back" in all_text(sheet)
    assert sheet.lesions[0].site == "left ear lobule"
    assert sheet.medicines[0].dose_text == "12 mg"


def test_fluorouracil_with_triamcinolone_into_a_keloid(clinic):
    p = clinic.patient()
    keloid = clinic.lesion(p.id, Condition.KELOID, site="244107007", label="Presternal keloid")
    mix = [clinic.injection(keloid.id, "5fu", conc="50", per_point="0.9", points=1, mix_group=1),
           clinic.injection(keloid.id, "tac", conc="40", per_point="0.1", points=1, mix_group=1)]
    view, checklist, reminders = signed(clinic, p.id, mix)

    follow = by_phase(checklist, "follow_up")
    assert {"fluorouracil.ulceration", "steroid.skin-changes", "keloid.recurrence"} <= set(follow)
    # One next-injection reminder for the lesion, not one per component of the mixture.
    assert offsets(reminders) == {("next_injection", "Presternal keloid"): 28}
    assert "5-Fluorouracil" in reminders[0].detail and "Triamcinolone" in reminders[0].detail

    sheet = aftercare_for_session(clinic.db, view.id)
    assert [m.agent_code for m in sheet.medicines] == ["5fu", "tac"]
    assert [m.dose_text for m in sheet.medicines] == ["45 mg", "4 mg"]
    assert any("open sore" in line.text for line in sheet.warning_signs)
    assert any("mixed with a small amount of steroid" in line.text for line in sheet.medicine_notes)


def test_candida_antigen_into_a_wart(clinic):
    p = clinic.patient()
    wart = clinic.lesion(p.id, Condition.WART, site="local:hand", label="Right hand wart", laterality=Laterality.RIGHT)
    view, checklist, reminders = signed(clinic, p.id, [clinic.injection(wart.id, "candida", conc="1", per_point="0.1", points=2)])

    after = by_phase(checklist, "after")
    assert after["general.observation"].text.startswith("Patient observed for 20 minutes")  # from the catalog
    assert after["general.observation"].required and after["candida.reaction"].required
    assert not any(rule.startswith("steroid.") for rule in by_phase(checklist, "follow_up"))
    assert offsets(reminders) == {("call", None): 2, ("next_injection", "Right hand wart"): 21}
    call = next(r for r in reminders if r.kind == "call")
    assert "Candida" in call.title and "1-2 days" in call.detail

    text = all_text(aftercare_for_session(clinic.db, view.id))
    assert "strongest 1 to 2 days after the injection" in text
    assert "wait at the clinic" in text and "dent" not in text


def test_patient_with_diabetes_and_a_large_steroid_dose(clinic):
    p = clinic.patient(diabetes=True)
    keloid = clinic.lesion(p.id, Condition.KELOID, site="local:shoulder", label="Right shoulder keloid")
    view, checklist, reminders = signed(clinic, p.id, [clinic.injection(keloid.id, "tac", conc="40", per_point="0.1", points=6)])

    assert view.injections[0].dose == 24
    assert by_phase(checklist, "after")["steroid.diabetes-large-dose"].required
    assert offsets(reminders) == {("call", None): 2, ("next_injection", "Right shoulder keloid"): 28}
    assert "blood sugar" in next(r for r in reminders if r.kind == "call").title
    sheet = aftercare_for_session(clinic.db, view.id)
    assert any("Check your blood sugar more often" in line.text for line in sheet.care)
    assert any("higher than usual" in line.text for line in sheet.warning_signs)


@pytest.mark.parametrize("diabetes, points", [(True, 3), (False, 6)])
def test_no_blood_sugar_advice_for_a_small_dose_or_without_diabetes(clinic, diabetes, points):
    p = clinic.patient(diabetes=diabetes)
    keloid = clinic.lesion(p.id, Condition.KELOID, site="local:shoulder", label="Keloid")
    _, checklist, reminders = signed(clinic, p.id, [clinic.injection(keloid.id, "tac", conc="40", per_point="0.1", points=points)])
    assert "steroid.diabetes-large-dose" not in by_phase(checklist, "after")
    assert not any(r.kind == "call" for r in reminders)


def test_fifth_injection_into_the_same_lesion(clinic):
    p = clinic.patient()
    keloid = clinic.lesion(p.id, Condition.KELOID, site="66643007", label="Back keloid")
    days = [DAY - timedelta(days=28 * n) for n in (4, 3, 2, 1, 0)]
    results = [signed(clinic, p.id, [clinic.injection(keloid.id, "tac", conc="40", per_point="0.1", points=3)], day=d) for d in days]

    first_checklist = results[0][1]
    assert "steroid.reinjection" not in by_phase(first_checklist, "before")
    fourth_reminders = results[3][2]
    assert not any(r.kind == "atrophy_check" for r in fourth_reminders)

    _, checklist, reminders = results[4]
    before = by_phase(checklist, "before")
    assert before["steroid.reinjection"].required and "Back keloid" in before["steroid.reinjection"].text
    assert "steroid.repeated-injections" in by_phase(checklist, "follow_up")
    assert offsets(reminders) == {("atrophy_check", "Back keloid"): 21, ("next_injection", "Back keloid"): 28}
    atrophy = next(r for r in reminders if r.kind == "atrophy_check")
    assert atrophy.title == "Atrophy check: Back keloid (5 injections so far)"

    # Each later visit settled the earlier visit's "next injection" reminder.
    everything = patient_reminders(clinic.db, p.id)
    settled = [r for r in everything if r.kind == "next_injection" and r.status == "done"]
    assert len(settled) == 4 and all(r.close_reason.startswith("settled by the visit on") for r in settled)
    assert [r.session_id for r in everything if r.is_open] == [results[4][0].id] * 2


def test_injection_near_the_eye_warns_about_vision(clinic):
    p = clinic.patient()
    brow = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="367577003", label="Left eyebrow patch", laterality=Laterality.LEFT)
    view, checklist, _ = signed(clinic, p.id, [clinic.injection(brow.id, "tac", conc="2.5", per_point="0.05", points=4)])
    assert by_phase(checklist, "after")["site.near-eyes-or-nose"].required
    sheet = aftercare_for_session(clinic.db, view.id)
    assert any("sudden change in your eyesight" in line.text for line in sheet.emergency)


def test_talimogene_needs_an_airtight_dressing_not_the_usual_site_care(clinic):
    p = clinic.patient()
    deposit = clinic.lesion(p.id, Condition.MELANOMA, site="45981001", label="Arm deposit", laterality=Laterality.LEFT)
    view, checklist, reminders = signed(clinic, p.id, [clinic.injection(deposit.id, "tvec", conc="1000000", per_point="1", points=1)])
    after = checklist.phase("after")
    assert {i.item_key for i in after} >= {"airtight-dressing", "contacts"}
    care = [line.text for line in aftercare_for_session(clinic.db, view.id).care]
    assert any("airtight dressing for at least a week" in t for t in care)
    assert not any("take it off after a few hours" in t for t in care)
    # The second dose comes 3 weeks after the first; from then on every 2 weeks (domain.md, T-VEC label).
    assert offsets(reminders) == {("next_injection", "Arm deposit"): 21}
    assert reminders[0].title == "Second T-VEC dose due: Arm deposit"
    second_day = DAY + timedelta(days=21)
    new_deposit = clinic.lesion(p.id, Condition.MELANOMA, site="45981001", label="Second deposit")
    _, _, later = signed(clinic, p.id, [clinic.injection(deposit.id, "tvec", conc="100000000", per_point="1", points=1),
                                        clinic.injection(new_deposit.id, "tvec", conc="100000000", per_point="1", points=1)],
                         day=second_day)
    # Counted per patient, as the dose check counts the course: a deposit first injected now is on the 2-week rhythm too.
    assert offsets(later, second_day) == {("next_injection", "Arm deposit"): 14, ("next_injection", "Second deposit"): 14}


def test_bleomycin_and_candida_are_not_booked_past_their_usual_course(clinic):
    """Bleomycin up to 3 treatments of one wart, Candida antigen 3 to 6
    sessions (domain.md): the last of the course books no next injection."""
    p = clinic.patient()
    wart = clinic.lesion(p.id, Condition.WART, site="local:sole", label="Plantar wart", laterality=Laterality.LEFT)
    other = clinic.lesion(p.id, Condition.WART, site="local:hand", label="Hand wart", laterality=Laterality.RIGHT)
    days = [DAY + timedelta(days=21 * n) for n in range(6)]
    booked = []
    for n, day in enumerate(days[:3]):
        _, _, reminders = signed(clinic, p.id, [clinic.injection(wart.id, "bleomycin", conc="1", per_point="0.1", points=2)],
                                 day=day)
        booked.append(offsets(reminders, day).get(("next_injection", "Plantar wart")))
    assert booked == [21, 21, None]
    booked = []
    for day in days:
        _, _, reminders = signed(clinic, p.id, [clinic.injection(other.id, "candida", conc="1", per_point="0.1", points=2)],
                                 day=day + timedelta(days=1))
        booked.append(offsets(reminders, day + timedelta(days=1)).get(("next_injection", "Hand wart")))
    assert booked == [21, 21, 21, 21, 21, None]


def test_methotrexate_and_interferon_are_not_booked_past_their_usual_course(clinic):
    """Methotrexate about 2 injections 2-3 weeks apart; interferon three times a
    week for 3 weeks (domain.md): the last of the course books no next injection."""
    p = clinic.patient()
    ka = clinic.lesion(p.id, Condition.KERATOACANTHOMA, site="local:hand", label="Hand KA", laterality=Laterality.RIGHT)
    bcc = clinic.lesion(p.id, Condition.BASAL_CELL_CARCINOMA, site="local:hand", label="Back of hand BCC",
                        laterality=Laterality.LEFT)
    booked = []
    for day in (DAY, DAY + timedelta(days=21)):
        _, _, reminders = signed(clinic, p.id, [clinic.injection(ka.id, "methotrexate", conc="20", per_point="0.5", points=1)],
                                 day=day)
        booked.append(offsets(reminders, day).get(("next_injection", "Hand KA")))
    assert booked == [21, None]
    start = DAY + timedelta(days=60)
    days = [start + timedelta(days=d) for d in (0, 2, 4, 7, 9, 11, 14, 16, 18)]  # three a week for 3 weeks
    booked = []
    for day in days:
        _, _, reminders = signed(clinic, p.id, [clinic.injection(bcc.id, "ifn_a2b", conc="10", per_point="0.15", points=1)],
                                 day=day)
        booked.append(offsets(reminders, day).get(("next_injection", "Back of hand BCC")))
    assert booked == [2] * 8 + [None]
