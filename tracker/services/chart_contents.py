"""What a chart still holds in use: the sessions (signed or draft) and the
photos not voided. A chart is voided only once it holds none, so voiding it
never hides care that counts."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Photo, TreatmentSession


def records_in_use(s: Session, patient_id: int) -> dict[str, int]:
    """Counts of the chart's records in use, by kind ("session", "photo"); empty when none."""
    sessions = s.execute(select(func.count(func.distinct(func.coalesce(TreatmentSession.root_id, TreatmentSession.id))))
                         .where(TreatmentSession.patient_id == patient_id, TreatmentSession.voided_at.is_(None))).scalar()
    photos = s.execute(select(func.count()).select_from(Photo)
                       .where(Photo.patient_id == patient_id, Photo.voided_at.is_(None))).scalar()
    return {kind: n for kind, n in (("session", sessions), ("photo", photos)) if n}


def records_in_use_message(in_use: dict[str, int]) -> str:
    held = " and ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in in_use.items())
    steps = []
    if "session" in in_use:
        steps.append("void each session, with its reason (record it again on the right chart if it happened)")
    if "photo" in in_use:
        steps.append("file each photo again on the right chart, or void it")
    return f"this chart still holds {held} in use; first {' and '.join(steps)}"
