"""The record history of a patient (services/record_history.py): every change
to the patient's records, newest first, in words, with who, why and the
fields an edit changed; never another patient's; found through indexes."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from history_story import AMEND_REASON, PHOTO_REASON, VOID_REASON, ZONE, tell
from sqlalchemy import event, select, text

from tracker.models import AuditEvent
from tracker.services.record_history import KIND_KEYS, patient_history, whole_history


def _lines(db, patient_id, **kw):  # noqa: ANN001, ANN003, ANN202
    return list(whole_history(db, patient_id, **kw))


def _one(entries, what: str):  # noqa: ANN001, ANN202
    found = [e for e in entries if e.what == what]
    assert len(found) == 1, (what, [e.what for e in entries])
    return found[0]


def _changes(entry) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    return {c.label: (c.before, c.after) for c in entry.changes}


def test_the_history_tells_who_changed_what_when_and_why(db, clinic):
    story = tell(clinic)
    entries = _lines(db, story.patient_id)
    assert [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)  # newest first

    registered = _one(entries, "Patient details registered")
    assert registered.who == "Dr Test" and registered.changes == ()
    edited = _one(entries, "Patient details edited")
    assert edited.who == "Nurse Test"
    assert _changes(edited) == {"Phone": ("\u2014", "555 0101"), "Allergies": ("None known", "Latex")}

    assert _one(entries, "Lesion 'Left earlobe keloid' added").who == "Dr Test"
    lesion_edit = _one(entries, "Lesion 'Left earlobe keloid (upper)' edited")
    assert _changes(lesion_edit) == {"Name": ("Left earlobe keloid", "Left earlobe keloid (upper)"),
                                     "Site detail": ("\u2014", "upper rim")}

    signed = [e for e in entries if e.what == "Session of 12 Mar 2026 signed"]
    assert len(signed) == 1 and _changes(signed[0])["State"] == ("draft", "signed")
    assert _changes(signed[0])["Signed by"] == ("\u2014", "Dr Test")
    amended = _one(entries, "Session of 12 Mar 2026 (version 2) amended (correction opened)")
    assert amended.reason == AMEND_REASON and amended.who == "Dr Test"
    assert _one(entries, "Session of 12 Mar 2026 (version 2) signed").who == "Dr Test"
    voided = _one(entries, "Session of 20 Mar 2026 voided")
    assert voided.who == "Nurse Test" and voided.reason == VOID_REASON
    assert _changes(voided)["Reason voided"] == ("\u2014", VOID_REASON)
    assert _changes(voided)["Voided by"] == ("\u2014", "Nurse Test")

    photo = [e for e in entries if e.kind == "photos"]
    assert [e.what.rsplit(" ", 1)[-1] for e in photo] == ["voided", "imported"]
    assert photo[0].reason == PHOTO_REASON and photo[0].who == "Nurse Test"

    printed = _one(entries, "Aftercare sheet for the visit of 12 Mar 2026 printed")
    assert printed.who == "Nurse Test" and printed.kind == "documents"

    lots = [e for e in entries if "Injection into 'Left earlobe keloid (upper)'" in e.what and e.what.endswith("added")]
    assert len(lots) == 3  # the first visit, its correction, the voided visit

    zone = ZoneInfo(ZONE)
    with db.read() as s:
        moments = dict(s.execute(select(AuditEvent.seq, AuditEvent.occurred_at)).all())
    for entry in entries:
        assert entry.when == moments[entry.seq] and entry.when.utcoffset() == moments[entry.seq].astimezone(zone).utcoffset()
        assert entry.when_text.startswith(f"{entry.when.day} {entry.when:%b %Y %H:%M}")


def test_another_patients_records_never_show(db, clinic):
    story = tell(clinic)
    mine, theirs = _lines(db, story.patient_id), _lines(db, story.other_id)
    assert not any("Olga" in e.what or "wart" in e.what.lower() for e in mine)
    assert not {e.seq for e in mine} & {e.seq for e in theirs}
    assert any(e.what == "Lesion 'Plantar wart of Olga, left' edited" for e in theirs)
    assert not any("keloid" in e.what for e in theirs)


def test_each_kind_of_record_filters_the_history(db, clinic):
    story = tell(clinic)
    everything = _lines(db, story.patient_id)
    by_kind = {kind: _lines(db, story.patient_id, kind=kind) for kind in KIND_KEYS if kind != "all"}
    for kind, entries in by_kind.items():
        assert entries and all(e.kind == kind for e in entries), kind
    assert sorted(e.seq for rows in by_kind.values() for e in rows) == sorted(e.seq for e in everything)
    assert [e.what for e in by_kind["documents"]] == ["Aftercare sheet for the visit of 12 Mar 2026 printed"]
    assert {e.what for e in by_kind["patient"]} == {"Patient details registered", "Patient details edited"}
    with pytest.raises(ValueError, match="unknown kind"):
        patient_history(db, story.patient_id, kind="staff")


def test_pages_and_text_filter_walk_the_whole_history(db, clinic):
    story = tell(clinic)
    everything = _lines(db, story.patient_id)
    pages, before = [], None
    while True:
        page = patient_history(db, story.patient_id, before=before, limit=4)
        pages.extend(page.entries)
        assert len(page.entries) <= 4
        if not page.more:
            break
        before = page.next_before
    assert [e.seq for e in pages] == [e.seq for e in everything]

    nurse = _lines(db, story.patient_id, text="nurse VOIDED")
    assert nurse and all("nurse" in (e.who + e.what).lower() for e in nurse)
    assert {e.what for e in nurse} >= {"Session of 20 Mar 2026 voided"}
    expected = [e.seq for e in everything if e.matches("keloid")]
    small = []
    before = None
    while True:  # a text filter pages too
        page = patient_history(db, story.patient_id, text="keloid", before=before, limit=2)
        small.extend(e.seq for e in page.entries)
        if not page.more:
            break
        before = page.next_before
    assert small == expected and 2 < len(expected) < len(everything)
    assert _lines(db, story.patient_id, text="no such words anywhere") == []


def test_the_history_reads_audit_events_through_the_entity_index(db, clinic):
    story = tell(clinic)
    for n in range(2):  # more events of another patient, and fresh statistics, tempt the planner to walk the table
        clinic.record(story.other_id, [clinic.injection(story.other_lesion_id, "tac", "10", "0.1", 1)],
                      day=date(2026, 4, 1 + 14 * n))
    with db.write() as s:
        s.execute(text("ANALYZE"))
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, PLR0913
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        for kind in KIND_KEYS:
            patient_history(db, story.patient_id, kind=kind)
            patient_history(db, story.patient_id, kind=kind, text="signed", limit=1)
            patient_history(db, story.patient_id, kind=kind, before=10**6, limit=2)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    audited = [(sql, params) for sql, params in seen if "audit_event" in sql]
    assert audited
    with db.read() as s:
        conn = s.connection().connection.driver_connection
        for sql, params in audited:
            plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
            on_audit = [step for step in plan if " e " in f" {step} " or "audit_event" in step]
            assert on_audit, plan
            assert all(step.startswith("SEARCH e USING INDEX ix_audit_event_entity_id") for step in on_audit), plan
            assert not any(step.startswith("SCAN") and ("audit_event" in step or step.split()[1] == "e") for step in plan), plan


def test_the_statements_do_not_grow_with_the_records(db, clinic):
    """A page costs the same number of statements for a patient with one visit or many."""
    story = tell(clinic)
    counts = []

    def count():  # noqa: ANN202
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            patient_history(db, story.patient_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    counts.append(count())
    for n in range(4):
        clinic.record(story.patient_id, [clinic.injection(story.lesion_id, "tac", "10", "0.1", 1)],
                      day=date(2026, 5, 1 + 7 * n))
    counts.append(count())
    assert counts[0] == counts[1] <= 7
