"""Checklists and reminders as clinical records: ticking records who and when,
signing past an unticked required step needs a reason, amendments regenerate
without duplicating, reminders are done / snoozed / dismissed with audit."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from tracker.models import AuditEvent, ChecklistItem, Condition, Reminder
from tracker.services.audit import verify_chain
from tracker.services.errors import SignedRecordError, ValidationError
from tracker.services.guidance.checklist import (
    ChecklistNeedsReasonError, checklist_gaps, prepare_checklist, session_checklist, set_item_done, sign_with_checklist,
)
from tracker.services.guidance.reminders import (
    complete_reminder, dismiss_reminder, patient_reminders, snooze_reminder, today_view,
)
from tracker.services.sessions import amend_session, create_draft, update_draft, void_session

DAY = date(2026, 6, 1)


@pytest.fixture
def wart_draft(clinic):  # noqa: ANN001, ANN201
    p = clinic.patient()
    wart = clinic.lesion(p.id, Condition.WART, site="local:hand", label="Hand wart")
    data = clinic.session_input(p.id, [clinic.injection(wart.id, "candida", conc="1", per_point="0.1", points=2)], day=DAY)
    draft = create_draft(clinic.db, clinic.nurse.id, data)
    return clinic, p, wart, data, draft


def audit_actions(db, entity: str) -> list[str]:  # noqa: ANN001
    with db.read() as s:
        return list(s.execute(select(AuditEvent.action).where(AuditEvent.entity == entity).order_by(AuditEvent.seq)).scalars())


def test_a_drafts_checklist_follows_its_injections_and_keeps_ticks(wart_draft):
    clinic, p, wart, data, draft = wart_draft
    checklist = prepare_checklist(clinic.db, clinic.nurse.id, draft.id)
    observed = next(i for i in checklist.items if i.rule_id == "general.observation")
    consent = next(i for i in checklist.items if i.rule_id == "general.consent")
    ticked = set_item_done(clinic.db, clinic.nurse.id, consent.id)
    assert ticked.done and ticked.done_by_name == "Nurse Test" and ticked.done_at is not None

    # The draft changes to triamcinolone: the observation step goes (voided), the tick stays.
    tac = replace(data, injections=(clinic.injection(wart.id, "tac", conc="10", per_point="0.1", points=2),))
    update_draft(clinic.db, clinic.doctor.id, draft.id, tac)
    again = prepare_checklist(clinic.db, clinic.nurse.id, draft.id)
    assert "general.observation" not in {i.rule_id for i in again.items}
    assert next(i for i in again.items if i.rule_id == "general.consent").done
    with clinic.db.read() as s:
        stale = s.get(ChecklistItem, observed.id)
        assert stale.voided_at is not None and "no longer applies" in stale.void_reason
    assert prepare_checklist(clinic.db, clinic.nurse.id, draft.id).items == again.items  # nothing new on a second look
    with clinic.db.read() as s:
        voided = set(s.execute(select(ChecklistItem.rule_id).where(ChecklistItem.voided_at.is_not(None))).scalars())
    assert voided == {"general.observation", "candida.reaction"}
    assert audit_actions(clinic.db, "checklist_item").count("void") == 2
    assert "steroid.skin-changes" in {i.rule_id for i in again.items}


def test_signing_with_unticked_required_steps_needs_a_reason(wart_draft):
    clinic, p, _, _, draft = wart_draft
    checklist = prepare_checklist(clinic.db, clinic.nurse.id, draft.id)
    for item in checklist.items:
        if item.required and item.rule_id != "general.photo":
            set_item_done(clinic.db, clinic.nurse.id, item.id)
    gaps = checklist_gaps(clinic.db, draft.id)
    assert [(g.rule_id, g.phase) for g in gaps] == [("general.photo", "before")]
    assert "Clinical photography" in gaps[0].source

    with pytest.raises(ChecklistNeedsReasonError) as refused:
        sign_with_checklist(clinic.db, clinic.doctor.id, draft.id, checklist_reason="  ")
    assert [g.rule_id for g in refused.value.gaps] == ["general.photo"]
    assert not session_checklist(clinic.db, draft.id).signed  # nothing was written

    signed = sign_with_checklist(clinic.db, clinic.doctor.id, draft.id, checklist_reason="Camera broken today")
    assert signed.is_signed
    after = session_checklist(clinic.db, draft.id)
    photo = next(i for i in after.items if i.rule_id == "general.photo")
    assert photo.not_done_reason == "Camera broken today" and not photo.done
    assert "not_done" in audit_actions(clinic.db, "checklist_item")
    # The signed session's before/after steps are frozen; follow-up steps stay open.
    with pytest.raises(SignedRecordError):
        set_item_done(clinic.db, clinic.nurse.id, photo.id)
    follow = next(i for i in after.items if i.phase == "follow_up")
    assert after.editable(follow) and not after.editable(photo)
    assert set_item_done(clinic.db, clinic.nurse.id, follow.id).done


def test_signing_with_every_required_step_ticked_needs_no_reason(wart_draft):
    clinic, _, _, _, draft = wart_draft
    for item in prepare_checklist(clinic.db, clinic.nurse.id, draft.id).items:
        if item.required:
            set_item_done(clinic.db, clinic.nurse.id, item.id)
    assert checklist_gaps(clinic.db, draft.id) == []
    assert sign_with_checklist(clinic.db, clinic.doctor.id, draft.id).is_signed


def test_an_amendment_regenerates_without_duplicating_and_keeps_uids(clinic):
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="61719002", label="Vertex patch")
    keloid = clinic.lesion(p.id, Condition.KELOID, site="66643007", label="Back keloid")
    first = clinic.record(p.id, [clinic.injection(patch.id, "tac", conc="5", points=4),
                                 clinic.injection(keloid.id, "tac", conc="40", points=2)], day=DAY)
    before = {r.uid: r for r in patient_reminders(clinic.db, p.id)}
    consent = next(i for i in session_checklist(clinic.db, first.id).items if i.rule_id == "general.consent")
    assert consent.done is False

    # Correct the record: the keloid was not injected after all.
    data = clinic.session_input(p.id, [clinic.injection(patch.id, "tac", conc="5", points=4)], day=DAY)
    amended = amend_session(clinic.db, clinic.doctor.id, first.id, data, reason="keloid entered by mistake")
    after = {r.uid: r for r in patient_reminders(clinic.db, p.id)}
    assert set(after) == set(before)  # same uids, nothing added
    keloid_next = next(r for r in after.values() if r.lesion_label == "Back keloid")
    assert keloid_next.status == "dismissed" and "version 2" in keloid_next.close_reason
    patch_open = [r for r in after.values() if r.lesion_label == "Vertex patch"]
    assert all(r.is_open and r.session_id == amended.id for r in patch_open) and len(patch_open) == 3
    # The amendment's checklist is its own rows; the keloid's sun advice is gone.
    rules = {i.rule_id for i in session_checklist(clinic.db, amended.id).items}
    assert "keloid.sun" not in rules and "alopecia.regrowth-review" in rules
    with clinic.db.read() as s:
        assert s.execute(select(func.count()).select_from(Reminder)).scalar_one() == len(before)
        assert verify_chain(s) == []


def test_reminders_done_snoozed_dismissed_and_audited(clinic):
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="61719002", label="Vertex patch")
    clinic.record(p.id, [clinic.injection(patch.id, "tac", conc="5", points=4)], day=DAY)
    today = DAY + timedelta(days=42)
    view = today_view(clinic.db, today)
    assert [r.kind for r in view.overdue] == ["review"]
    assert [r.kind for r in view.due_today] == ["next_injection"]
    assert view.coming == ()
    review, nxt = view.overdue[0], view.due_today[0]

    snoozed = snooze_reminder(clinic.db, clinic.nurse.id, review.id, today + timedelta(days=3), "patient away", today=today)
    assert snoozed.status == "snoozed" and snoozed.when == today + timedelta(days=3)
    assert [r.id for r in today_view(clinic.db, today).coming] == [review.id]
    with pytest.raises(ValidationError):
        snooze_reminder(clinic.db, clinic.nurse.id, review.id, today, today=today)
    with pytest.raises(ValidationError, match="say why"):
        dismiss_reminder(clinic.db, clinic.nurse.id, nxt.id, " ")
    done = complete_reminder(clinic.db, clinic.nurse.id, nxt.id, "booked for Friday")
    assert done.status == "done" and done.closed_by_name == "Nurse Test" and done.close_reason == "booked for Friday"
    with pytest.raises(ValidationError, match="already done"):
        complete_reminder(clinic.db, clinic.nurse.id, nxt.id)
    gone = dismiss_reminder(clinic.db, clinic.doctor.id, review.id, "seen at another clinic")
    assert gone.status == "dismissed" and gone.close_reason == "seen at another clinic"
    assert audit_actions(clinic.db, "reminder")[-3:] == ["snooze", "done", "dismissed"]


def test_a_visit_entered_late_does_not_leave_stale_follow_ups(clinic):
    p = clinic.patient()
    keloid = clinic.lesion(p.id, Condition.KELOID, site="66643007", label="Back keloid")
    later = clinic.record(p.id, [clinic.injection(keloid.id, "tac", conc="40")], day=DAY)
    earlier = clinic.record(p.id, [clinic.injection(keloid.id, "tac", conc="40")], day=DAY - timedelta(days=28))
    by_visit = {r.session_id: r for r in patient_reminders(clinic.db, p.id) if r.kind == "next_injection"}
    assert by_visit[earlier.id].status == "done" and by_visit[earlier.id].close_reason == f"settled by the visit on {DAY.isoformat()}"
    assert by_visit[later.id].is_open


def test_reminders_of_a_voided_visit_are_left_out(clinic):
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="61719002", label="Vertex patch")
    visit = clinic.record(p.id, [clinic.injection(patch.id, "tac", conc="5", points=4)], day=DAY)
    assert today_view(clinic.db, DAY + timedelta(days=100)).overdue
    void_session(clinic.db, clinic.doctor.id, visit.id, "wrong patient")
    assert today_view(clinic.db, DAY + timedelta(days=100)).overdue == ()


def test_checklist_rows_cannot_be_deleted_after_the_migration(clinic):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    visit = clinic.record(p.id, [clinic.injection(lesion.id)], day=DAY)
    item_id = session_checklist(clinic.db, visit.id).items[0].id
    with pytest.raises((IntegrityError, OperationalError), match="voided, not deleted"):
        with clinic.db.write() as s:
            s.execute(text("DELETE FROM checklist_item WHERE id = :id"), {"id": item_id})
