"""Saving a new session and signing it in one step (record_session).

The same rules as a draft saved and then signed (sessions.py): the draft's
field checks, the signing checks, the safety check with its reason, the
checklist and reminders from the guidance rules, and an audit event for each
change, all in one write transaction. Written as plain rows with statements
prepared once and run on the driver (sign_context, plain_rows,
audit.append_events, db/driver.py), on a connection without an ORM session
(one is made, in a savepoint, only where existing rows must be reconciled),
so the save costs little more than the rows it writes; the view returned is
built from those rows, not read back.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime
from functools import partial

from sqlalchemy import Connection, bindparam, select, update

from tracker.db.bulk import IdBook
from tracker.db.driver import Statements, binds, driver_of, spread
from tracker.models import (
    ChecklistItem, Injection, Reminder, SessionState, Setting, Staff, TreatmentSession,
)
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.check_inputs import SignContext, context_for, input_errors, inputs_from
from tracker.services.dosing import Finding, check_session, compute_dose, dose_unit_for
from tracker.services.errors import ValidationError
from tracker.services.guidance import persist as guidance_rows
from tracker.services.guidance.engine import Guidance, evaluate
from tracker.services.guidance.facts import SessionFacts, facts_from
from tracker.services.guidance.loader import ruleset_for
from tracker.services.plain_rows import insert_new
from tracker.services.reasons import passed_findings
from tracker.services.session_input import SessionInput, not_yet_held, signing_errors
from tracker.services.session_views import InjectionView, SessionView
from tracker.services.settings import clinic_date, zone_of
from tracker.services.snapshot import canonical_json

log = logging.getLogger(__name__)


SIGNED_COLUMNS = ("findings", "findings_reason", "state", "signed_at", "signed_by_id", "updated_at", "row_version")


def _sign_statement():  # noqa: ANN202
    table = TreatmentSession.__table__
    return (update(table).where(table.c.id == bindparam("row_id"))
            .values({k: bindparam(k, type_=table.c[k].type) for k in SIGNED_COLUMNS}))


# The tables a save adds rows to, whose new ids are read with one statement (IdBook).
_NEW_ROWS = (TreatmentSession.__table__, Injection.__table__, ChecklistItem.__table__, Reminder.__table__)


# Prepared once, run on the driver (db/driver.py): building and running a Core
# statement costs more than SQLite needs to run these.
_STATEMENTS = Statements(
    settings=lambda: select(Setting.key, Setting.value),
    sign=_sign_statement,
    taken=lambda n: select(Reminder.uid).where(Reminder.uid.in_(binds("uids", n))).limit(1),
    names=lambda n: select(Staff.id, Staff.display_name).where(Staff.id.in_(binds("ids", n))),
)


def _json_round_trip(value):  # noqa: ANN001, ANN202
    """What a JSON column gives back for ``value`` (tuples become lists)."""
    return json.loads(json.dumps(value)) if value else []


def _checked(ctx: SignContext, data: SessionInput, today, day, findings_reason: str | None) -> tuple[list[Finding], str | None]:  # noqa: ANN001
    errors = input_errors(ctx, data, today)
    if errors:
        raise ValidationError(errors)
    errors = signing_errors(data) | not_yet_held(day, today)
    if errors:
        raise ValidationError(errors)
    inputs = inputs_from(ctx, data, day)
    findings = check_session(inputs.day, list(inputs.planned), inputs.agents, list(inputs.prior),
                             patient_is_child=inputs.patient_is_child, adult_man=inputs.adult_man)
    return findings, passed_findings(findings, findings_reason)


def _injection_rows(ctx: SignContext, data: SessionInput, session_id: int, actor_id: int) -> list[dict]:
    rows = []
    for inj in data.injections:
        agent = ctx.agents[inj.agent_id]
        volume = inj.total_volume_ml
        rows.append(dict(
            session_id=session_id, lesion_id=inj.lesion_id, agent_id=agent.id, mix_group=inj.mix_group,
            concentration=inj.concentration, concentration_unit=agent.concentration_unit, volume_ml=volume,
            points=inj.points, dose=compute_dose(inj.concentration, volume),
            dose_unit=dose_unit_for(agent.concentration_unit), needle_gauge=inj.needle_gauge, depth=inj.depth,
            lot_number=(inj.lot_number or "").strip() or None, lot_expiry=inj.lot_expiry, technique=inj.technique,
            map_points=_json_round_trip(list(inj.map_points or ())), created_by_id=actor_id,
        ))
    return rows


class _PendingEvents:
    """The save's audit events, not yet written: they go in with the guidance's
    in one executemany, or first, before any ORM work reads the chain's head."""

    def __init__(self, conn: Connection, actor_id: int, events: list[audit.Event]) -> None:
        self._conn, self._actor_id, self._events = conn, actor_id, events

    def write(self, more: list[audit.Event] | None = None) -> None:
        events, self._events = [*self._events, *(more or ())], []
        if events:
            audit.append_events(self._conn, audit.read_head(self._conn), self._actor_id, events)


def _write_guidance(db, conn: Connection, pending: _PendingEvents, actor_id: int, session: dict,  # noqa: ANN001
                    facts: SessionFacts, guidance: Guidance, installation: str | None, now: datetime,
                    ids: IdBook) -> None:
    """Checklist rows and reminders of the new session. A reminder that already
    exists (once per lesion) or a visit entered after a later one goes through
    the general regeneration with mapped objects, which reconciles with what
    is there (in a savepoint: a failure there is logged, the signing stays)."""
    if installation is None:  # the first save of a new clinic database
        pending.write()
        with db.orm_on(conn) as s:
            installation = guidance_rows.installation_id(s, actor_id)
    wanted = {guidance_rows.reminder_uid(installation, p.identity): p for p in guidance.reminders}
    taken = _STATEMENTS.get(conn.dialect, "taken", len(wanted)).first(driver_of(conn), spread("uids", list(wanted))) \
        if wanted else None
    if taken is not None or any(lesion.next_visit_on for lesion in facts.lesions):
        pending.write()
        try:
            with db.orm_on(conn) as s:
                row = s.get(TreatmentSession, session["id"])
                guidance_rows.sync_checklist(s, actor_id, row, guidance.checklist)
                guidance_rows.sync_reminders(s, actor_id, row, facts, guidance.reminders)
        except Exception:  # noqa: BLE001 - as apply_on_sign: never stops the signing
            log.exception("could not generate the guidance for session %s", session["id"])
            return
    else:
        items = insert_new(conn, ChecklistItem.__table__, [
            guidance_rows.checklist_values(session["id"], item, actor_id) for item in guidance.checklist], now, ids=ids)
        reminders = insert_new(conn, Reminder.__table__, [
            guidance_rows.reminder_values(uid, facts.patient_id, session["id"], p, actor_id) for uid, p in wanted.items()],
            now, ids=ids)
        events = [audit.Event("generate", guidance_rows.CHECKLIST_ENTITY, session["id"],
                              after=canonical_json({"items": items}))] if items else []
        events += [audit.Event("create", Reminder.__tablename__, r["id"], after=canonical_json(r)) for r in reminders]
        pending.write(events)
    waiting = guidance_rows.waiting_for_visit(conn, facts)
    if waiting:
        with db.orm_on(conn) as s:
            guidance_rows.settle_by_visit(s, actor_id, facts, waiting)


def _guidance(db, conn: Connection, pending: _PendingEvents, actor_id: int, session: dict, ctx: SignContext,  # noqa: ANN001
              injections: list[dict], installation: str | None, now: datetime, ids: IdBook) -> None:
    """As sessions._sign's guidance step (guidance.persist.apply_on_sign), a
    failure of the rules is logged and leaves the signing intact, with no
    guidance rows. The rules run first, writing nothing; their rows then go
    in with the session's (a database error there fails the whole save, and
    nothing is written), or through the general regeneration in a savepoint."""
    try:
        facts = facts_from(ctx, session_id=session["id"], root_id=session["id"], version_no=1,
                           clinic_date=session["clinic_date"], injections=[_Plain(i) for i in injections])
        guidance = evaluate(ruleset_for(db.location).active, facts, aftercare=False)
    except Exception:  # noqa: BLE001 - guidance must never stop a session from being signed
        log.exception("could not generate the guidance for session %s", session["id"])
        return
    _write_guidance(db, conn, pending, actor_id, session, facts, guidance, installation, now, ids)


class _Plain:
    """Attribute access to a row's values (facts_from reads injections by attribute)."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)


def _view(ctx: SignContext, session: dict, injections: list[dict], names: dict[int, str]) -> SessionView:
    return SessionView(
        id=session["id"], root_id=session["id"], version_no=1, amends_id=None, patient_id=session["patient_id"],
        clinician_id=session["clinician_id"], clinician_name=names.get(session["clinician_id"], "?"),
        performed_at=session["performed_at"], clinic_date=session["clinic_date"],
        consent_obtained=session["consent_obtained"], consent_note=session["consent_note"], notes=session["notes"],
        state=SessionState.SIGNED, signed_at=session["signed_at"], signed_by_name=names.get(session["signed_by_id"]),
        amendment_reason=None, findings=tuple(session["findings"]), findings_reason=session["findings_reason"],
        voided=False, void_reason=None, superseded=False, row_version=session["row_version"],
        injections=tuple(InjectionView(
            id=i["id"], lesion_id=i["lesion_id"], lesion_label=ctx.lesions[i["lesion_id"]].label,
            agent_id=i["agent_id"], agent_code=ctx.agents[i["agent_id"]].code, agent_name=ctx.agents[i["agent_id"]].name,
            concentration=i["concentration"], concentration_unit=i["concentration_unit"], volume_ml=i["volume_ml"],
            points=i["points"], dose=i["dose"], dose_unit=i["dose_unit"], needle_gauge=i["needle_gauge"],
            depth=i["depth"], lot_number=i["lot_number"], lot_expiry=i["lot_expiry"], technique=i["technique"],
            map_points=tuple(i["map_points"]), mix_group=i["mix_group"], voided=False,
        ) for i in injections),
    )


def record_session(db, actor_id: int, data: SessionInput, findings_reason: str | None = None) -> SessionView:  # noqa: ANN001
    """Create and sign a session in one transaction (scripts, imports, the demo)."""
    with db.write_connection() as conn:
        driver, q = driver_of(conn), partial(_STATEMENTS.get, conn.dialect)
        settings = dict(q("settings").rows(driver))
        zone = zone_of(settings)
        now = utcnow()
        day = clinic_date(data.performed_at, zone)
        ctx = context_for(conn, data, day, None)
        findings, reason = _checked(ctx, data, now.astimezone(zone).date(), day, findings_reason)
        ids = IdBook(conn, _NEW_ROWS)
        [draft] = insert_new(conn, TreatmentSession.__table__, [dict(
            patient_id=data.patient_id, clinician_id=data.clinician_id, performed_at=data.performed_at,
            clinic_date=day, consent_obtained=data.consent_obtained, consent_note=data.consent_note, notes=data.notes,
            state=SessionState.DRAFT, version_no=1, created_by_id=actor_id)], now, own_id=("root_id",), ids=ids)
        injections = insert_new(conn, Injection.__table__, _injection_rows(ctx, data, draft["id"], actor_id), now,
                                ids=ids)
        stored = _json_round_trip([f.as_dict() for f in findings])
        signed = {**draft, "findings": stored, "findings_reason": reason, "state": SessionState.SIGNED,
                  "signed_at": now, "signed_by_id": actor_id, "updated_at": now, "row_version": 2}
        q("sign").execute(driver, {"row_id": draft["id"], **{k: signed[k] for k in SIGNED_COLUMNS}})
        created = canonical_json(draft)
        pending = _PendingEvents(conn, actor_id, [
            *(audit.Event("create", Injection.__tablename__, i["id"], after=canonical_json(i)) for i in injections),
            audit.Event("create", TreatmentSession.__tablename__, draft["id"], after=created),
            audit.Event("sign", TreatmentSession.__tablename__, draft["id"], before=created,
                        after=canonical_json(signed), reason=reason),
        ])
        _guidance(db, conn, pending, actor_id, signed, ctx, injections, settings.get(guidance_rows.INSTALLATION_KEY),
                  now, ids)
        pending.write()  # when the guidance wrote none (its rules failed, or the regeneration did the writing)
        names = {data.clinician_id: ctx.clinician.display_name}  # read with the context
        if actor_id not in names:
            names.update(q("names", 1).rows(driver, spread("ids", [actor_id])))
        return _view(ctx, signed, injections, names)
