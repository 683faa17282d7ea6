"""An agent given as a per-visit regimen to the whole patient (bleomycin,
Candida antigen, MMR, T-VEC, interferon, methotrexate) counts its minimum
interval between visits, whichever lesion takes the dose; triamcinolone and
5-FU count it per lesion. The catalog says which (``interval_scope``), with
its source, and the clinic can change it."""
from __future__ import annotations

from datetime import date

import pytest

from tracker.models import Condition
from tracker.services.catalog import agent_by_code, update_agent
from tracker.services.catalog_rows import agent_rows
from tracker.services.dosing import FindingCode
from tracker.services.errors import FindingsNeedReasonError, ValidationError
from tracker.services.safety import safety_report
from tracker.services.sessions import amend_session, preview_check
from tracker.ui.session_editor.safety_panel import lesion_line


def intervals(findings):  # noqa: ANN001, ANN201
    return [f for f in findings if f.code == FindingCode.INTERVAL_TOO_SHORT]


def test_a_second_candida_dose_into_another_wart_two_days_later_is_found(clinic):
    p = clinic.patient()
    w1, w2 = (clinic.lesion(p.id, Condition.WART, site="66643007", label=name) for name in ("W1", "W2"))
    candida = lambda lesion: [clinic.injection(lesion.id, code="candida", conc="1", per_point="0.1", points=3)]  # noqa: E731
    clinic.record(p.id, candida(w1), day=date(2026, 5, 1))
    [found] = intervals(preview_check(clinic.db, clinic.session_input(p.id, candida(w2), day=date(2026, 5, 3))))
    assert (found.value, found.limit, found.severity.value, found.lesion_id) == ("2", "14", "warning", None)
    assert "Candida antigen: the last injection (into W1) was 2 days ago (2026-05-01)" in found.message
    assert "minimum interval between visits is 14 days" in found.message
    assert "Candida antigen: 0.1-0.3 mL every 2-4 weeks" in found.source and "[single]" in found.source
    with pytest.raises(FindingsNeedReasonError):
        clinic.record(p.id, candida(w2), day=date(2026, 5, 3))
    assert not intervals(preview_check(clinic.db, clinic.session_input(p.id, candida(w2), day=date(2026, 5, 15))))
    # The live panel counts the same way.
    report = safety_report(clinic.db, clinic.session_input(p.id, candida(w2), day=date(2026, 5, 3)))
    [tally] = report.lesions
    assert (tally.last_given, tally.days_since, tally.per_patient) == (date(2026, 5, 1), 2, True)
    assert "last Candida antigen 2 days ago (2026-05-01, into W1)" in lesion_line(tally)
    assert "minimum interval between visits (any lesion) 14 days" in lesion_line(tally)


def test_bleomycin_into_two_other_warts_the_next_day_and_t_vec_into_another_tumour(clinic):
    p = clinic.patient()
    warts = [clinic.lesion(p.id, Condition.WART, site="66643007", label=f"W{n}") for n in (1, 2, 3)]
    bleo = lambda lesion: clinic.injection(lesion.id, code="bleomycin", conc="1", per_point="0.5", points=2)  # noqa: E731
    clinic.record(p.id, [bleo(warts[0]), bleo(warts[1])], day=date(2026, 6, 1))
    [found] = intervals(preview_check(clinic.db, clinic.session_input(p.id, [bleo(warts[2])], day=date(2026, 6, 2))))
    assert (found.value, found.limit) == ("1", "21") and "(into W1, W2)" in found.message
    m1, m2 = (clinic.lesion(p.id, Condition.MELANOMA, site="66643007", label=name) for name in ("M1", "M2"))
    tvec = lambda lesion, conc: [clinic.injection(lesion.id, code="tvec", conc=conc, per_point="1", points=4)]  # noqa: E731
    clinic.record(p.id, tvec(m1, "1000000"), day=date(2026, 4, 1))
    clinic.record(p.id, tvec(m1, "100000000"), day=date(2026, 4, 22))
    clinic.record(p.id, tvec(m1, "100000000"), day=date(2026, 5, 22))
    [found] = intervals(preview_check(clinic.db, clinic.session_input(p.id, tvec(m2, "100000000"), day=date(2026, 5, 25))))
    assert (found.value, found.limit) == ("3", "14") and "(into M1)" in found.message


def test_triamcinolone_still_counts_per_lesion(clinic):
    p = clinic.patient()
    a, b = clinic.lesion(p.id, label="patch A"), clinic.lesion(p.id, label="patch B")
    clinic.record(p.id, [clinic.injection(a.id, conc="5")], day=date(2026, 3, 1))
    assert not intervals(preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(b.id, conc="5")],
                                                                       day=date(2026, 3, 8))))
    [found] = intervals(preview_check(clinic.db, clinic.session_input(p.id, [clinic.injection(a.id, conc="5")],
                                                                      day=date(2026, 3, 8))))
    assert found.lesion_id == a.id and found.message.startswith("patch A: last Triamcinolone acetonide injection")


def test_a_late_entry_and_its_same_day_correction_per_patient(clinic):
    p = clinic.patient()
    w1, w2 = (clinic.lesion(p.id, Condition.WART, site="66643007", label=name) for name in ("W1", "W2"))
    candida = lambda lesion, lot="LOT1": [clinic.injection(lesion.id, code="candida", conc="1", per_point="0.1",  # noqa: E731
                                                           points=3, lot_number=lot)]
    clinic.record(p.id, candida(w1), day=date(2026, 5, 10))
    [later] = intervals(preview_check(clinic.db, clinic.session_input(p.id, candida(w2), day=date(2026, 5, 3))))
    assert later.severity.value == "warning" and "a later injection (into W1) is already recorded 7 days after" in later.message
    late = clinic.record(p.id, candida(w2), day=date(2026, 5, 3), reason="given on paper, typed in late")
    fixed = clinic.session_input(p.id, candida(w2, "LOT-FIXED"), day=date(2026, 5, 3))
    [note] = intervals(preview_check(clinic.db, fixed, session_id=late.id))  # not counted against itself
    assert note.severity.value == "info" and "a note only" in note.message
    assert amend_session(clinic.db, clinic.doctor.id, late.id, fixed, "lot typed wrongly").is_signed


def test_the_clinic_sees_and_changes_the_scope_with_a_source_and_a_reason(clinic):
    bleo = agent_by_code(clinic.db, "bleomycin")
    [row] = [r for r in agent_rows(bleo) if r.field == "interval_scope"]
    assert (row.raw, row.kind) == ("patient", "choice") and "Bleomycin: every 3 weeks" in row.source
    assert any(r.label == "Minimum interval between visits (any lesion)" for r in agent_rows(bleo))
    with pytest.raises(ValidationError, match="choose one of: lesion, patient"):
        update_agent(clinic.db, clinic.doctor.id, bleo.id, {"interval_scope": "visit"}, source="x", reason="y")
    changed = update_agent(clinic.db, clinic.doctor.id, bleo.id, {"interval_scope": "lesion"},
                           source="clinic protocol 2026-12", reason="our protocol counts each wart",
                           expected_version=bleo.row_version)
    assert changed.interval_scope.value == "lesion" and changed.source("interval_scope") == "clinic protocol 2026-12"
    p = clinic.patient()
    w1, w2 = (clinic.lesion(p.id, Condition.WART, site="66643007", label=name) for name in ("W1", "W2"))
    clinic.record(p.id, [clinic.injection(w1.id, code="bleomycin", conc="1", per_point="0.5", points=2)],
                  day=date(2026, 6, 1))
    assert not intervals(preview_check(clinic.db, clinic.session_input(
        p.id, [clinic.injection(w2.id, code="bleomycin", conc="1", per_point="0.5", points=2)], day=date(2026, 6, 2))))
