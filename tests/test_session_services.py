"""Services behind the session editor: the live safety report, recent lots,
discarding a draft amendment, no signing before the session's day."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tracker.models import Condition
from tracker.services import sessions
from tracker.services.dosing import FindingCode
from tracker.services.errors import ConflictError, ValidationError
from tracker.services.guidance.reminders import clinic_today
from tracker.services.lesions import set_atrophic
from tracker.services.lots import recent_lots
from tracker.services.safety import safety_report
from tracker.services.session_views import list_sessions, patient_sessions, session_versions


def test_safety_report_gives_the_numbers_behind_the_findings(clinic):
    p = clinic.patient()
    keloid = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="lobe")
    clinic.record(p.id, [clinic.injection(keloid.id, conc="40", points=5)], day=date(2026, 5, 1))  # 20 mg
    data = clinic.session_input(p.id, [clinic.injection(keloid.id, conc="40", points=6)], day=date(2026, 5, 4))  # 24 mg
    report = safety_report(clinic.db, data)
    [tac] = report.agents
    assert (tac.session_total, tac.session_limit, tac.rolling_before, tac.rolling_total) == (
        Decimal("24"), Decimal("40"), Decimal("20"), Decimal("44"))
    assert tac.rolling_source and "30-day" in tac.rolling_source
    [lesion] = report.lesions
    assert (lesion.last_given, lesion.days_since, lesion.min_interval_days) == (date(2026, 5, 1), 3, 7)
    codes = {f.code for f in report.findings}
    assert {FindingCode.OVER_ROLLING_LIMIT, FindingCode.INTERVAL_TOO_SHORT} <= codes
    assert report.needs_reason and not report.blocked
    set_atrophic(clinic.db, clinic.doctor.id, keloid.id, True)
    assert safety_report(clinic.db, data).lesions[0].atrophic


def test_recent_lots_of_an_agent_newest_first(clinic):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    clinic.record(p.id, [clinic.injection(lesion.id, conc="5", lot_number="OLD1", lot_expiry=date(2027, 1, 1))], day=date(2026, 1, 5))
    clinic.record(p.id, [clinic.injection(lesion.id, conc="5", lot_number="NEW2", lot_expiry=date(2028, 2, 1))], day=date(2026, 3, 5))
    clinic.record(p.id, [clinic.injection(lesion.id, "candida", conc="1", lot_number="CAN9")], day=date(2026, 4, 5))
    lots = recent_lots(clinic.db, clinic.agent("tac").id)
    assert [(lot.lot_number, lot.expiry, lot.last_used) for lot in lots] == [
        ("NEW2", date(2028, 2, 1), date(2026, 3, 5)), ("OLD1", date(2027, 1, 1), date(2026, 1, 5))]


def test_the_lot_list_leaves_out_corrected_and_voided_lots(clinic):
    """A lot number an amendment corrected, or one of a session voided as
    entered on the wrong patient, is not offered again; a draft's still is."""
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    typo = clinic.record(p.id, [clinic.injection(lesion.id, conc="5", lot_number="KN1O0A")], day=date(2026, 1, 5))
    sessions.amend_session(clinic.db, clinic.doctor.id, typo.id,
                           clinic.session_input(p.id, [clinic.injection(lesion.id, conc="5", lot_number="KN100A")],
                                                day=date(2026, 1, 5)), "lot number typed wrongly")
    wrong = clinic.record(p.id, [clinic.injection(lesion.id, conc="5", lot_number="XX999")], day=date(2026, 2, 5))
    sessions.void_session(clinic.db, clinic.doctor.id, wrong.id, "entered on the wrong patient")
    sessions.create_draft(clinic.db, clinic.doctor.id, clinic.session_input(
        p.id, [clinic.injection(lesion.id, conc="5", lot_number="DR4FT")], day=date(2026, 3, 5)))
    assert [lot.lot_number for lot in recent_lots(clinic.db, clinic.agent("tac").id)] == ["DR4FT", "KN100A"]


def test_a_discarded_amendment_draft_leaves_the_signed_version_in_charge(clinic):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    signed = clinic.record(p.id, [clinic.injection(lesion.id, conc="5")])
    draft = sessions.start_amendment(clinic.db, clinic.doctor.id, signed.id, "wrong lot")
    with pytest.raises(ConflictError):
        sessions.start_amendment(clinic.db, clinic.doctor.id, signed.id, "again")
    assert [v.id for v in patient_sessions(clinic.db, p.id)] == [draft.id]
    sessions.discard_draft(clinic.db, clinic.doctor.id, draft.id, "started by mistake")
    assert [v.id for v in patient_sessions(clinic.db, p.id)] == [signed.id]
    again = sessions.start_amendment(clinic.db, clinic.doctor.id, signed.id, "wrong lot")
    assert again.version_no == 3 and again.amends_id == signed.id
    assert [(v.version_no, v.voided) for v in session_versions(clinic.db, signed.id)] == [(1, False), (2, True), (3, False)]


def test_a_session_dated_tomorrow_is_kept_as_a_draft_and_not_signed(clinic):
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, label="Vertex patch")
    tomorrow = clinic_today(clinic.db) + timedelta(days=1)
    data = clinic.session_input(p.id, [clinic.injection(patch.id, conc="5", lot_number="KN1")], day=tomorrow)
    draft = sessions.create_draft(clinic.db, clinic.doctor.id, data)  # planned ahead: a draft is fine
    message = f"a session is signed once it has taken place: this one is dated {tomorrow.day} {tomorrow:%B %Y}; keep it as a draft until then"
    with pytest.raises(ValidationError) as caught:
        sessions.sign_session(clinic.db, clinic.doctor.id, draft.id)
    assert caught.value.errors == {"performed_at": message}
    with pytest.raises(ValidationError) as caught:
        sessions.record_session(clinic.db, clinic.doctor.id, data)
    assert caught.value.errors == {"performed_at": message}
    assert [v.is_signed for v in patient_sessions(clinic.db, p.id)] == [False]


def test_numbers_too_long_to_multiply_exactly_are_refused(clinic):
    """A script or import cannot store a dose rounded by Decimal's 28 digits."""
    from tracker.services.errors import ValidationError
    from tracker.services.sessions import create_draft

    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    data = clinic.session_input(p.id, [clinic.injection(lesion.id, conc="9" * 24, per_point="0.1", points=2)])
    with pytest.raises(ValidationError) as caught:
        create_draft(clinic.db, clinic.doctor.id, data)
    assert caught.value.errors == {"injections[0].concentration": "a concentration has at most 12 digits"}


def test_the_newest_sessions_listed_with_a_limit_carry_their_own_injections(clinic):
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.KELOID, label="Earlobe keloid")
    for n in range(6):
        clinic.record(p.id, [clinic.injection(patch.id, points=n + 1)], day=date(2026, 1, 5) + timedelta(days=42 * n),
                      reason="Spacing reviewed")
    newest = list_sessions(clinic.db, limit=3)
    assert [v.clinic_date for v in newest] == [date(2026, 1, 5) + timedelta(days=42 * n) for n in (5, 4, 3)]
    assert [[i.points for i in v.injections] for v in newest] == [[6], [5], [4]]
