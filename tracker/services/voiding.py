"""Voiding a clinical row: a reason, a named user, an audit event; never a delete."""
from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.models.base import Voidable
from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.errors import ValidationError
from tracker.services.snapshot import row_values


def clean_reason(reason: str | None, what: str = "record") -> str:
    """The reason, trimmed; refused when empty."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"say why this {what} is voided"})
    return reason


def void_row(s: Session, actor_id: int | None, row: Voidable, reason: str, what: str = "record", action: str = "void") -> None:
    """Mark ``row`` voided inside the caller's write transaction, with its audit event
    (``action`` names it in the audit trail: "void", or "discard" for a draft)."""
    if row.is_voided:
        raise ValidationError({"reason": f"this {what} is already voided"})
    before = row_values(row)
    row.voided_at, row.voided_by_id, row.void_reason = utcnow(), actor_id, reason
    audit.record_row(s, actor_id, action, row, before=before, reason=reason)
