"""Voiding a clinical row: the one way records leave the active record."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tracker.models.types import utcnow
from tracker.services import audit
from tracker.services.errors import ValidationError
from tracker.services.snapshot import row_values


def clean_reason(reason: str | None, what: str = "this record is voided") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": f"say why {what}"})
    return text


def void_row(s: Session, actor_id: int | None, obj: Any, reason: str) -> None:
    """Mark ``obj`` voided by ``actor_id`` with ``reason`` and audit it, in the open transaction."""
    before = row_values(obj)
    obj.voided_at, obj.voided_by_id, obj.void_reason = utcnow(), actor_id, reason
    audit.record_row(s, actor_id, "void", obj, before=before, reason=reason)
