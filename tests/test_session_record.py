"""Recording a session in one step (create and sign) keeps the same record as
saving a draft and signing it: the rows, the view it returns, the audit trail,
the checklist and reminders."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.models import AuditEvent, ChecklistItem, Injection, Reminder, TreatmentSession
from tracker.services.audit import verify_chain
from tracker.services.errors import FindingsNeedReasonError, ValidationError
from tracker.services.session_views import get_session
from tracker.services.snapshot import row_values


def _events(db, entity: str, entity_id: int) -> list[AuditEvent]:  # noqa: ANN001
    with db.read() as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
                              .order_by(AuditEvent.seq)).scalars())


def test_recorded_view_is_what_reading_it_back_gives(clinic):
    p = clinic.patient()
    keloid, patch = clinic.lesion(p.id, label="earlobe"), clinic.lesion(p.id, label="crown")
    view = clinic.record(p.id, [clinic.injection(keloid.id, map_points=((0.25, 0.5),)),
                                clinic.injection(patch.id, conc="5", per_point="0.05", points=4, mix_group=1)],
                         notes="tolerated well")
    assert view == get_session(clinic.db, view.id)
    assert view.is_signed and view.root_id == view.id and [i.lesion_label for i in view.injections] == ["earlobe", "crown"]


def test_audit_events_carry_the_rows_as_stored(clinic):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    view = clinic.record(p.id, [clinic.injection(lesion.id)])
    with clinic.db.read() as s:
        row = s.get(TreatmentSession, view.id)
        stored_session = row_values(row)
        stored_injection = row_values(s.execute(select(Injection).where(Injection.session_id == view.id)).scalar_one())
        items = [row_values(i) for i in s.execute(select(ChecklistItem).where(ChecklistItem.session_id == view.id)
                                                  .order_by(ChecklistItem.id)).scalars()]
        reminders = list(s.execute(select(Reminder).where(Reminder.session_id == view.id)).scalars())
        assert verify_chain(s) == []
    create, sign = _events(clinic.db, "treatment_session", view.id)
    assert (create.action, sign.action) == ("create", "sign")
    assert json.loads(sign.after) == stored_session
    assert json.loads(sign.before)["state"] == "draft" and json.loads(create.after)["state"] == "draft"
    [inj_event] = _events(clinic.db, "injection", stored_injection["id"])
    assert json.loads(inj_event.after) == stored_injection
    [generated] = _events(clinic.db, "checklist", view.id)
    assert items and json.loads(generated.after)["items"] == items
    assert reminders, "the guidance rules plan at least one reminder for a steroid injection"
    for rem in reminders:
        [made] = _events(clinic.db, "reminder", rem.id)
        assert json.loads(made.after) == row_values(rem)


def test_a_second_visit_settles_the_first_visits_review(clinic):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    first = clinic.record(p.id, [clinic.injection(lesion.id)], day=date(2026, 3, 2))
    second = clinic.record(p.id, [clinic.injection(lesion.id)], day=date(2026, 3, 2) + timedelta(days=42))
    with clinic.db.read() as s:
        earlier = list(s.execute(select(Reminder).where(Reminder.session_id == first.id)).scalars())
        later = list(s.execute(select(Reminder).where(Reminder.session_id == second.id)).scalars())
    settled = [r for r in earlier if r.close_reason and "settled by the visit" in r.close_reason]
    assert settled, [(r.kind, r.status, r.close_reason) for r in earlier]
    assert later and all(r.status.value == "open" for r in later)


def test_refused_saves_write_nothing(clinic):
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    with clinic.db.read() as s:
        before = (s.query(TreatmentSession).count(), s.query(AuditEvent).count())
    with pytest.raises(ValidationError) as missing:
        clinic.record(p.id, [clinic.injection(lesion.id, lot_number="")])
    assert "injections[0].lot_number" in missing.value.errors
    with pytest.raises(FindingsNeedReasonError):  # 40 mg/mL x 0.3 mL x 3 points: over the per-session limit
        clinic.record(p.id, [clinic.injection(lesion.id, conc="40", per_point="0.3", points=3)])
    with clinic.db.read() as s:
        assert (s.query(TreatmentSession).count(), s.query(AuditEvent).count()) == before


def test_a_broken_rule_leaves_the_signing_intact(clinic, monkeypatch, caplog):
    def broken(*_args, **_kw):  # noqa: ANN002, ANN003, ANN202
        raise KeyError("a rule names a field that does not exist")

    monkeypatch.setattr("tracker.services.session_record.evaluate", broken)
    p = clinic.patient()
    view = clinic.record(p.id, [clinic.injection(clinic.lesion(p.id).id)])
    assert view == get_session(clinic.db, view.id) and view.is_signed
    with clinic.db.read() as s:
        assert s.query(ChecklistItem).filter_by(session_id=view.id).count() == 0
        assert verify_chain(s) == []
    assert "could not generate the guidance" in caplog.text


def test_a_visit_entered_late_reconciles_its_reminders_and_keeps_the_chain(clinic):
    """The lesion was already seen again on a later day: the general regeneration
    runs (mapped rows, in a savepoint) and closes what the later visit settled."""
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    later = clinic.record(p.id, [clinic.injection(lesion.id)], day=date(2026, 5, 4))
    earlier = clinic.record(p.id, [clinic.injection(lesion.id)], day=date(2026, 3, 2))
    assert earlier == get_session(clinic.db, earlier.id)
    with clinic.db.read() as s:
        mine = list(s.execute(select(Reminder).where(Reminder.session_id == earlier.id)).scalars())
        assert s.query(ChecklistItem).filter_by(session_id=earlier.id).count() > 0
        assert verify_chain(s) == []
    waiting_for_a_visit = [r for r in mine if r.close_reason and "settled by the visit on 2026-05-04" in r.close_reason]
    assert waiting_for_a_visit, [(r.kind, r.status, r.close_reason) for r in mine]
    assert later.is_signed


def test_a_failing_reconciliation_is_undone_alone_and_the_signing_stays(clinic, monkeypatch, caplog):
    def broken(*_args, **_kw):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("disk trouble half way through the reminders")

    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    clinic.record(p.id, [clinic.injection(lesion.id)], day=date(2026, 5, 4))
    monkeypatch.setattr("tracker.services.guidance.persist.sync_reminders", broken)
    earlier = clinic.record(p.id, [clinic.injection(lesion.id)], day=date(2026, 3, 2))
    assert earlier == get_session(clinic.db, earlier.id) and earlier.is_signed
    with clinic.db.read() as s:
        # the checklist written before the failure went with it: no half-made guidance
        assert s.query(ChecklistItem).filter_by(session_id=earlier.id).count() == 0
        assert s.query(Reminder).filter_by(session_id=earlier.id).count() == 0
        assert verify_chain(s) == []
    assert "could not generate the guidance" in caplog.text


def test_the_id_book_continues_each_table_after_its_highest_id(clinic):
    from tracker.db.bulk import IdBook

    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    view = clinic.record(p.id, [clinic.injection(lesion.id), clinic.injection(lesion.id, conc="5")])
    tables = (TreatmentSession.__table__, Injection.__table__)
    with clinic.db.write_connection() as conn:
        book = IdBook(conn, tables)
        assert book.take(TreatmentSession.__table__, 1) == [view.id + 1]
        assert book.take(TreatmentSession.__table__, 2) == [view.id + 2, view.id + 3]
        assert book.take(Injection.__table__, 2) == [view.injections[-1].id + 1, view.injections[-1].id + 2]
        conn.rollback()
