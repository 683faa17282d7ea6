"""A session's checklist: read it, tick steps (who and when, audited), and sign
with a reason when a required step was left unticked.

For the session editor:
- ``prepare_checklist(db, actor_id, session_id)`` brings a draft's checklist in
  line with its injections (new steps added, ticks kept, stale steps voided).
- ``checklist_gaps(db, session_id)`` lists the required before/after steps
  still unticked (read only).
- ``sign_with_checklist(db, actor_id, session_id, checklist_reason=...,
  findings_reason=..., expected_version=...)`` signs; with gaps and no reason it raises
  ``ChecklistNeedsReasonError`` (``.gaps``) and writes nothing; a draft changed
  since ``expected_version`` raises ``ConflictError`` first (nothing written).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import ChecklistItem, ChecklistPhase, Staff, TreatmentSession
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.errors import NotFoundError, ServiceError, SignedRecordError, ValidationError
from tracker.services.guidance.persist import CHECKLIST_ENTITY, NOT_DONE_PHASES, plan_for, sync_checklist
from tracker.services.guidance.rules import PHASES
from tracker.services.session_views import SessionView
from tracker.services.row_versions import require_version
from tracker.services.sessions import sign_session
from tracker.services.snapshot import row_values


@dataclass(frozen=True)
class ChecklistItemView:
    id: int
    session_id: int
    rule_id: str
    item_key: str | None
    phase: str
    text: str
    required: bool
    source: str
    done_at: datetime | None
    done_by_name: str | None
    not_done_reason: str | None
    row_version: int

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class ChecklistView:
    session_id: int
    patient_id: int
    clinic_date: date
    signed: bool
    voided: bool
    items: tuple[ChecklistItemView, ...]

    def phase(self, name: str) -> tuple[ChecklistItemView, ...]:
        return tuple(i for i in self.items if i.phase == name)

    def editable(self, item: ChecklistItemView) -> bool:
        """Before/after steps freeze when the session is signed; follow-up steps stay open."""
        return not self.voided and (not self.signed or item.phase == ChecklistPhase.FOLLOW_UP.value)


@dataclass(frozen=True)
class ChecklistGap:
    rule_id: str
    key: str
    phase: str
    text: str
    source: str


class ChecklistNeedsReasonError(ServiceError):
    """Required checklist steps are unticked; signing past them needs a reason."""

    def __init__(self, gaps: list[ChecklistGap]) -> None:
        self.gaps = list(gaps)
        super().__init__("a reason is needed to sign with these checklist steps unticked: "
                         + "; ".join(g.text for g in self.gaps))


def _names(s: Session) -> dict[int, str]:
    return dict(s.execute(select(Staff.id, Staff.display_name)).all())


def _item_view(item: ChecklistItem, names: dict[int, str]) -> ChecklistItemView:
    return ChecklistItemView(
        id=item.id, session_id=item.session_id, rule_id=item.rule_id, item_key=item.item_key, phase=item.phase.value,
        text=item.text, required=item.required, source=item.source, done_at=item.done_at,
        done_by_name=names.get(item.done_by_id) if item.done_by_id else None, not_done_reason=item.not_done_reason,
        row_version=item.row_version,
    )


def _view(s: Session, row: TreatmentSession) -> ChecklistView:
    items = s.execute(select(ChecklistItem).where(ChecklistItem.session_id == row.id, ChecklistItem.voided_at.is_(None))
                      .order_by(ChecklistItem.id)).scalars().all()
    names = _names(s)
    ordered = sorted(items, key=lambda i: (PHASES.index(i.phase.value), i.id))
    return ChecklistView(session_id=row.id, patient_id=row.patient_id, clinic_date=row.clinic_date, signed=row.is_signed,
                         voided=row.is_voided, items=tuple(_item_view(i, names) for i in ordered))


def _session(s: Session, session_id: int) -> TreatmentSession:
    row = s.get(TreatmentSession, session_id)
    if row is None:
        raise NotFoundError(f"no treatment session with id {session_id}")
    return row


def session_checklist(db, session_id: int) -> ChecklistView:  # noqa: ANN001
    with db.read() as s:
        return _view(s, _session(s, session_id))


def prepare_checklist(db, actor_id: int | None, session_id: int) -> ChecklistView:  # noqa: ANN001
    """The checklist to work through: a draft's is regenerated from the rules first."""
    with db.read() as s:
        row = _session(s, session_id)
        if row.is_signed or row.is_voided:
            return _view(s, row)
    with db.write() as s:
        row = _session(s, session_id)
        if not row.is_signed and not row.is_voided:
            _, guidance = plan_for(s, row.id, s.info.get("location"))
            sync_checklist(s, actor_id, row, guidance.checklist)
    return session_checklist(db, session_id)


def _check_tickable(s: Session, item: ChecklistItem, sessions: dict[int, TreatmentSession]) -> None:
    if item.is_voided:
        raise ValidationError({"item": "this checklist step no longer applies to the session"})
    row = sessions.get(item.session_id) or sessions.setdefault(item.session_id, _session(s, item.session_id))
    if row.is_voided:
        raise ValidationError({"item": "the session is voided"})
    if row.is_signed and item.phase != ChecklistPhase.FOLLOW_UP:
        raise SignedRecordError("the session is signed: its before and after steps cannot change (amend the session instead)")


def _set(item: ChecklistItem, actor_id: int | None, done: bool, at: datetime | None) -> None:
    if done:
        item.done_at, item.done_by_id, item.not_done_reason = at or utcnow(), actor_id, None
    else:
        item.done_at, item.done_by_id = None, None


def set_item_done(db, actor_id: int | None, item_id: int, done: bool = True, *, at: datetime | None = None) -> ChecklistItemView:  # noqa: ANN001
    """Tick (or untick) one step, recording who and when (audited)."""
    with db.write() as s:
        item = s.get(ChecklistItem, item_id)
        if item is None:
            raise NotFoundError(f"no checklist step with id {item_id}")
        _check_tickable(s, item, {})
        if (item.done_at is not None) != done:
            before = row_values(item)
            _set(item, actor_id, done, at)
            audit.record_row(s, actor_id, "tick" if done else "untick", item, before=before)
        s.flush()
        return _item_view(item, _names(s))


def _tick_many(s: Session, actor_id: int | None, items: list[ChecklistItem], at: datetime | None) -> int:
    """Tick steps without an event each: one "tick" event per session lists them."""
    sessions: dict[int, TreatmentSession] = {}
    changed = []
    for item in items:
        _check_tickable(s, item, sessions)
        if item.done_at is None:
            _set(item, actor_id, True, at)
            changed.append(item)
    if changed:
        s.flush()
        for session_id in sorted({i.session_id for i in changed}):
            audit.record(s, actor_id, "tick", CHECKLIST_ENTITY, session_id, after={"items": [
                {"id": i.id, "rule_id": i.rule_id, "item_key": i.item_key, "done_at": i.done_at, "done_by_id": i.done_by_id}
                for i in changed if i.session_id == session_id]})
    return len(changed)


def set_items_done(db, actor_id: int | None, item_ids: list[int], *, at: datetime | None = None) -> int:  # noqa: ANN001
    """Tick several steps in one transaction, audited as one event per session. Returns how many were ticked."""
    with db.write() as s:
        items = s.execute(select(ChecklistItem).where(ChecklistItem.id.in_(item_ids))).scalars().all()
        return _tick_many(s, actor_id, list(items), at)


def record_paper_checklist(db, actor_id: int | None, session_id: int, *, done_at: datetime,  # noqa: ANN001
                           skipped: tuple[str, ...] = ()) -> int:
    """A draft's before/after checklist that was worked through on paper (an
    import, the demo): the steps are made and ticked at ``done_at`` in one
    transaction, except the rules in ``skipped``. Returns how many were ticked."""
    with db.write() as s:
        row = _session(s, session_id)
        if row.is_signed or row.is_voided:
            raise SignedRecordError("only a draft's checklist is recorded this way")
        _, guidance = plan_for(s, row.id, s.info.get("location"))
        sync_checklist(s, actor_id, row, guidance.checklist)
        s.flush()
        items = s.execute(select(ChecklistItem).where(
            ChecklistItem.session_id == row.id, ChecklistItem.voided_at.is_(None),
            ChecklistItem.phase.in_(NOT_DONE_PHASES), ChecklistItem.rule_id.not_in(list(skipped) or [""]))).scalars().all()
        return _tick_many(s, actor_id, list(items), done_at)


def checklist_gaps(db, session_id: int, expected_version: int | None = None) -> list[ChecklistGap]:  # noqa: ANN001
    """Required before/after steps not yet ticked, for the draft as it is now
    (ConflictError when it is no longer at ``expected_version``)."""
    with db.read() as s:
        row = _session(s, session_id)
        require_version(row, expected_version, "This draft", "it was not signed")
        _, guidance = plan_for(s, row.id, s.info.get("location"))
        ticked = {(i.rule_id, i.item_key) for i in s.execute(
            select(ChecklistItem).where(ChecklistItem.session_id == row.id, ChecklistItem.voided_at.is_(None),
                                        ChecklistItem.done_at.is_not(None))).scalars()}
    wanted = {p.value for p in NOT_DONE_PHASES}
    return [ChecklistGap(p.rule_id, p.key, p.phase, p.text, p.why.source_text) for p in guidance.checklist
            if p.required and p.phase in wanted and (p.rule_id, p.key) not in ticked]


def sign_with_checklist(db, actor_id: int, session_id: int, *, checklist_reason: str | None = None,  # noqa: ANN001
                        findings_reason: str | None = None, expected_version: int | None = None) -> SessionView:
    """Sign a draft, asking for a reason when required steps are unticked.

    Raises ChecklistNeedsReasonError (nothing written) when there are gaps and
    no reason; otherwise signs (sessions.sign_session, which may raise
    FindingsNeedReasonError for dose findings) and writes the reason on each
    unticked required step in the same transaction.

    ``expected_version``: the draft's row_version on the signer's screen. A
    draft changed since (at another workstation) raises ConflictError before
    any reason is asked for, and again inside the signing transaction
    (sign_session), so nothing is signed that the signer did not see.
    """
    reason = (checklist_reason or "").strip()
    gaps = checklist_gaps(db, session_id, expected_version)
    if gaps and not reason:
        raise ChecklistNeedsReasonError(gaps)
    return sign_session(db, actor_id, session_id, findings_reason, checklist_reason=reason if gaps else None,
                        expected_version=expected_version)
