"""Recording treatment sessions: draft, check, sign, amend, void.

Every operation is one write transaction with its audit events. A signed
version never changes: an amendment is a new version linked to the one it
corrects, and both stay readable.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Agent, Injection, SessionState, TreatmentSession
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.check_inputs import context_for, gather, input_errors
from tracker.services.dosing import Finding, Severity, check_session, compute_dose, dose_unit_for
from tracker.services.errors import (
    ConflictError, NotFoundError, SignedRecordError, ValidationError,
)
from tracker.services.guidance.persist import apply_on_sign as apply_guidance_on_sign
from tracker.services.history import discarded_clause
from tracker.services.reasons import passed_findings
from tracker.services.row_versions import require_version, touch
from tracker.services.session_input import InjectionInput, SessionInput, not_yet_held, signing_errors
from tracker.services.session_record import record_session  # noqa: F401 - part of this module's interface
from tracker.services.session_views import SessionView, get_session
from tracker.services.settings import clinic_date, clinic_zone
from tracker.services.snapshot import row_values
from tracker.services.voiding import clean_reason, void_row



def _validate(s: Session, data: SessionInput, zone, kept_clinician: int | None = None) -> date:  # noqa: ANN001
    """The session's clinic date, once ``data`` passes a draft's rules
    (``kept_clinician``: the clinician the record already names, see check_inputs.clinician_error)."""
    day = clinic_date(data.performed_at, zone)
    ctx = context_for(s.connection(), data, day, None, with_doses=False)
    errors = input_errors(ctx, data, utcnow().astimezone(zone).date(), kept_clinician)
    if errors:
        raise ValidationError(errors)
    return day


def _add_injections(s: Session, row: TreatmentSession, items: tuple[InjectionInput, ...], actor_id: int | None) -> None:
    for inj in items:
        agent = s.get(Agent, inj.agent_id)
        volume = inj.total_volume_ml
        unit = dose_unit_for(agent.concentration_unit)
        child = Injection(
            session_id=row.id, lesion_id=inj.lesion_id, agent_id=agent.id, mix_group=inj.mix_group,
            concentration=inj.concentration, concentration_unit=agent.concentration_unit, volume_ml=volume,
            points=inj.points, dose=compute_dose(inj.concentration, volume), dose_unit=unit,
            needle_gauge=inj.needle_gauge, depth=inj.depth, lot_number=(inj.lot_number or "").strip() or None,
            lot_expiry=inj.lot_expiry, technique=inj.technique, map_points=list(inj.map_points or ()),
            created_by_id=actor_id,
        )
        s.add(child)
        audit.record_row(s, actor_id, "create", child)


def _fill(row: TreatmentSession, data: SessionInput, day: date) -> None:
    row.patient_id, row.clinician_id = data.patient_id, data.clinician_id
    row.performed_at, row.clinic_date = data.performed_at, day
    row.consent_obtained, row.consent_note, row.notes = data.consent_obtained, data.consent_note, data.notes


def _new_draft(s: Session, actor_id: int | None, data: SessionInput, zone,  # noqa: ANN001
               findings_reason: str | None = None, given_for: list[str] | None = None) -> TreatmentSession:
    day = _validate(s, data, zone)
    row = TreatmentSession(state=SessionState.DRAFT, version_no=1, created_by_id=actor_id)
    _fill(row, data, day)
    s.add(row)
    s.flush()
    row.root_id = row.id
    _add_injections(s, row, data.injections, actor_id)
    _keep_reason(s, row, data, findings_reason, given_for)
    audit.record_row(s, actor_id, "create", row)
    return row


def _keep_reason(s: Session, row: TreatmentSession, data: SessionInput, reason: str | None,
                 given_for: list[str] | None = None) -> None:
    """A draft keeps the reason typed for its findings, with the findings it
    was given for (the editor shows it again and asks anew for findings it
    does not cover); signing checks again and records what it finds then.
    ``given_for``: the words of the findings a reason carried from a signed
    version was given for (it does not cover the draft's other findings);
    otherwise the reason covers the findings the draft has now."""
    reason = (reason or "").strip() or None
    row.findings_reason = reason
    if reason is None:
        row.findings = []
    elif given_for is not None:
        row.findings = [{"message": text, "severity": Severity.WARNING.value} for text in given_for]
    else:
        row.findings = [f.as_dict() for f in _run_check(s, data, row.clinic_date, row.root_id)]


def _load(s: Session, session_id: int) -> TreatmentSession:
    row = s.get(TreatmentSession, session_id, options=[selectinload(TreatmentSession.injections)])
    if row is None:
        raise NotFoundError(f"no treatment session with id {session_id}")
    return row


def _load_draft(s: Session, session_id: int, signed_message: str, expected_version: int | None = None,
                refused: str = "nothing was saved") -> TreatmentSession:
    """A draft that may still change: not signed, not voided (or discarded), and,
    given ``expected_version``, as the screen writing to it last saw it (signed or
    discarded meanwhile counts as changed: the screen is told to reload)."""
    row = _load(s, session_id)
    require_version(row, expected_version, "This draft", refused)
    if row.is_signed:
        raise SignedRecordError(signed_message)
    if row.is_voided:
        raise ValidationError({"session": "this draft is voided (discarded)"})
    return row


def _input_of(row: TreatmentSession) -> SessionInput:
    live = [i for i in row.injections if not i.is_voided]
    return SessionInput(
        patient_id=row.patient_id, clinician_id=row.clinician_id, performed_at=row.performed_at,
        consent_obtained=row.consent_obtained, consent_note=row.consent_note, notes=row.notes,
        injections=tuple(
            InjectionInput(
                lesion_id=i.lesion_id, agent_id=i.agent_id, concentration=i.concentration, points=i.points,
                volume_ml=i.volume_ml, needle_gauge=i.needle_gauge, depth=i.depth, lot_number=i.lot_number,
                lot_expiry=i.lot_expiry, technique=i.technique, map_points=tuple(i.map_points or ()), mix_group=i.mix_group,
            )
            for i in live
        ),
    )


# ---- the safety check --------------------------------------------------------

def _run_check(s: Session, data: SessionInput, day: date, exclude_root: int | None) -> list[Finding]:
    inputs = gather(s, data, day, exclude_root)
    return check_session(inputs.day, list(inputs.planned), inputs.agents, list(inputs.prior),
                         patient_is_child=inputs.patient_is_child, replaced=inputs.replaced,
                         adult_man=inputs.adult_man)


def preview_check(db, data: SessionInput, *, session_id: int | None = None) -> list[Finding]:  # noqa: ANN001
    """The findings this session would raise, without saving anything (live safety panel)."""
    from tracker.services.safety import safety_report

    return list(safety_report(db, data, session_id=session_id).findings)


def _sign(s: Session, actor_id: int, row: TreatmentSession, findings_reason: str | None, zone,  # noqa: ANN001
          checklist_reason: str | None = None) -> None:
    data = _input_of(row)
    errors = signing_errors(data) | not_yet_held(row.clinic_date, utcnow().astimezone(zone).date())
    if errors:
        raise ValidationError(errors)
    findings = _run_check(s, data, row.clinic_date, row.root_id)
    reason = passed_findings(findings, findings_reason)
    before = row_values(row)
    row.findings = [f.as_dict() for f in findings]
    row.findings_reason = reason
    row.state, row.signed_at, row.signed_by_id = SessionState.SIGNED, utcnow(), actor_id
    s.flush()
    audit.record_row(s, actor_id, "sign", row, before=before, reason=row.findings_reason)
    # Checklist rows and reminders from the guidance rules, in the same transaction.
    apply_guidance_on_sign(s, actor_id, row, checklist_reason=checklist_reason)


# ---- operations ------------------------------------------------------------

def create_draft(db, actor_id: int | None, data: SessionInput, findings_reason: str | None = None,  # noqa: ANN001
                 given_for: list[str] | None = None) -> SessionView:
    """``findings_reason``: typed in the safety panel, kept with the draft (_keep_reason)."""
    zone = clinic_zone(db)
    with db.write() as s:
        session_id = _new_draft(s, actor_id, data, zone, findings_reason, given_for).id
    return get_session(db, session_id)


def update_draft(db, actor_id: int | None, session_id: int, data: SessionInput, expected_version: int | None = None,  # noqa: ANN001
                 findings_reason: str | None = None, given_for: list[str] | None = None) -> SessionView:
    """Replace a draft's content; injections no longer listed are voided, not deleted."""
    zone = clinic_zone(db)
    with db.write() as s:
        row = _load_draft(s, session_id, "this session is signed: record an amendment instead", expected_version)
        if data.patient_id != row.patient_id:
            raise ValidationError({"patient_id": "a session cannot move to another patient"})
        day = _validate(s, data, zone, row.clinician_id)
        before = row_values(row)
        _fill(row, data, day)
        for old in row.injections:
            if not old.is_voided:
                void_row(s, actor_id, old, "replaced while editing the draft")
        _add_injections(s, row, data.injections, actor_id)
        _keep_reason(s, row, data, findings_reason, given_for)
        touch(row)  # new injections alone are a new version of the draft: a screen showing the old one is refused
        audit.record_row(s, actor_id, "update", row, before=before)
    return get_session(db, session_id)


def sign_session(db, actor_id: int, session_id: int, findings_reason: str | None = None,  # noqa: ANN001
                 checklist_reason: str | None = None, *, expected_version: int | None = None) -> SessionView:
    """Sign a draft. ``checklist_reason`` is written on required checklist steps
    left unticked (guidance.checklist.sign_with_checklist asks for it).
    ``expected_version``: the draft's row_version the signer's screen shows; a
    draft changed since (at another workstation) is refused, nothing written."""
    zone = clinic_zone(db)
    with db.write() as s:
        row = _load(s, session_id)
        require_version(row, expected_version, "This draft", "it was not signed")
        if row.is_signed:
            raise SignedRecordError("this session is already signed")
        if row.is_voided:
            raise ValidationError({"session": "a voided session cannot be signed"})
        _sign(s, actor_id, row, findings_reason, zone, checklist_reason)
    return get_session(db, session_id)


def _open_amendment(s: Session, actor_id: int, session_id: int, reason: str,
                    data: SessionInput | None = None, zone=None) -> TreatmentSession:  # noqa: ANN001
    """A new draft version of a signed session: a copy of it, or ``data`` if given."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"amendment_reason": "say what this amendment corrects"})
    original = _load(s, session_id)
    if not original.is_signed:
        raise ValidationError({"session": "only a signed session is amended; edit the draft instead"})
    if original.is_voided:
        raise ValidationError({"session": "a voided session cannot be amended"})
    root = original.root_id or original.id
    in_chain = TreatmentSession.root_id == root
    latest = s.execute(select(func.max(TreatmentSession.version_no)).where(in_chain, ~discarded_clause())).scalar_one()
    if latest != original.version_no:
        raise ConflictError("a newer version of this session exists (perhaps a draft amendment): "
                            "amend or discard the latest version")
    highest = s.execute(select(func.max(TreatmentSession.version_no)).where(in_chain)).scalar_one()
    day = original.clinic_date
    if data is None:
        data = _input_of(original)
    else:
        if data.patient_id != original.patient_id:
            raise ValidationError({"patient_id": "a session cannot move to another patient"})
        day = _validate(s, data, zone, original.clinician_id)
    row = TreatmentSession(state=SessionState.DRAFT, version_no=highest + 1, root_id=root,
                           amends_id=original.id, amendment_reason=reason, created_by_id=actor_id)
    _fill(row, data, day)
    s.add(row)
    s.flush()
    _add_injections(s, row, data.injections, actor_id)
    audit.record_row(s, actor_id, "amend", row, reason=reason)
    return row


def start_amendment(db, actor_id: int, session_id: int, reason: str) -> SessionView:  # noqa: ANN001
    """Open a draft correction of a signed session (a new version, copied from it)."""
    with db.write() as s:
        new_id = _open_amendment(s, actor_id, session_id, reason).id
    return get_session(db, new_id)


def draft_amendment(db, actor_id: int, session_id: int, data: SessionInput, reason: str,  # noqa: ANN001
                    findings_reason: str | None = None, given_for: list[str] | None = None) -> SessionView:
    """The first save of a correction from the editor: the new draft version
    with ``data``, in one transaction, so input refused leaves no version."""
    zone = clinic_zone(db)
    with db.write() as s:
        row = _open_amendment(s, actor_id, session_id, reason, data, zone)
        if findings_reason:
            before = row_values(row)
            _keep_reason(s, row, data, findings_reason, given_for)
            audit.record_row(s, actor_id, "update", row, before=before)
        new_id = row.id
    return get_session(db, new_id)


def amend_session(db, actor_id: int, session_id: int, data: SessionInput, reason: str, findings_reason: str | None = None) -> SessionView:  # noqa: ANN001
    """Correct a signed session in one step: a new signed version linked to it."""
    zone = clinic_zone(db)
    with db.write() as s:
        row = _open_amendment(s, actor_id, session_id, reason, data, zone)
        s.flush()
        s.refresh(row)
        _sign(s, actor_id, row, findings_reason, zone)
        new_id = row.id
    return get_session(db, new_id)


def void_session(db, actor_id: int, session_id: int, reason: str) -> list[SessionView]:  # noqa: ANN001
    """Void a visit: every version of it, with the reason. The rows stay readable."""
    reason = clean_reason(reason, "session")
    with db.write() as s:
        row = _load(s, session_id)
        root = row.root_id or row.id
        versions = s.execute(select(TreatmentSession).where(TreatmentSession.root_id == root)).scalars().all()
        if all(v.is_voided for v in versions):
            raise ValidationError({"reason": "this session is already voided"})
        ids = []
        for v in versions:
            if not v.is_voided:
                void_row(s, actor_id, v, reason)
                ids.append(v.id)
    return [get_session(db, i) for i in ids]


def discard_draft(db, actor_id: int, session_id: int, reason: str, *,  # noqa: ANN001
                  expected_version: int | None = None) -> SessionView:
    """Give up a draft (a new session or an amendment not yet signed).

    Only that draft version is voided, with the reason; a signed version it
    would have amended stays the record and can be amended again. A draft
    changed since ``expected_version`` (another workstation's work) is not discarded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "say why this draft is discarded"})
    with db.write() as s:
        row = _load_draft(s, session_id, "a signed session is voided or amended, not discarded", expected_version,
                          "it was not discarded")
        for inj in row.injections:
            if not inj.is_voided:
                void_row(s, actor_id, inj, reason, "injection")
        void_row(s, actor_id, row, reason, "draft", action="discard")
    return get_session(db, session_id)
