"""Lots (batches) of an agent the clinic has used, offered again when the same
vial or box is still in use."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.models import Injection, TreatmentSession
from tracker.services.history import superseded_clause


@dataclass(frozen=True)
class LotView:
    lot_number: str
    expiry: date | None
    last_used: date


def recent_lots(db, agent_id: int, *, limit: int = 8) -> list[LotView]:  # noqa: ANN001
    """The lots of this agent most recently recorded (drafts included), newest
    first; not those of a voided session or of a version an amendment
    corrected (a lot number typed wrongly is not offered again)."""
    last = func.max(TreatmentSession.clinic_date)
    query = (
        select(Injection.lot_number, Injection.lot_expiry, last)
        .join(TreatmentSession, Injection.session_id == TreatmentSession.id)
        .where(Injection.agent_id == agent_id, Injection.lot_number.isnot(None), Injection.voided_at.is_(None),
               TreatmentSession.voided_at.is_(None), ~superseded_clause())
        .group_by(Injection.lot_number, Injection.lot_expiry)
        .order_by(last.desc(), Injection.lot_number)
        .limit(limit)
    )
    with db.read() as s:
        return [LotView(lot, expiry, used) for lot, expiry, used in s.execute(query).all()]
