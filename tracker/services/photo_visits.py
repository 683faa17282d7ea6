"""Which visit a photo belongs to: the patient's sessions as plain data, found
by id (any version of the visit) or by the day the photo was taken."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.models import TreatmentSession
from tracker.services.dosing import fmt
from tracker.services.session_views import SessionView, patient_sessions


@dataclass(frozen=True)
class PatientVisits:
    """The latest version of each of a patient's visits, and every version's id mapped to its visit."""

    sessions: tuple[SessionView, ...]
    root_of: dict[int, int]

    def by_id(self, session_id: int | None) -> SessionView | None:
        if session_id is None:
            return None
        root = self.root_of.get(session_id, session_id)
        return next((v for v in self.sessions if v.root_id == root), None)

    def on_day(self, day: date | None, lesion_id: int | None = None) -> SessionView | None:
        """The visit on that clinic date (not voided), preferring one that treated the lesion."""
        if day is None:
            return None
        candidates = [v for v in self.sessions if v.clinic_date == day and not v.voided]
        if lesion_id is not None:
            treated = [v for v in candidates if any(i.lesion_id == lesion_id and not i.voided for i in v.injections)]
            candidates = treated or candidates
        return candidates[0] if candidates else None


def patient_visits(db, patient_id: int) -> PatientVisits:  # noqa: ANN001
    sessions = tuple(patient_sessions(db, patient_id, include_voided=True))
    with db.read() as s:
        pairs = s.execute(select(TreatmentSession.id, TreatmentSession.root_id)
                          .where(TreatmentSession.patient_id == patient_id)).all()
    return PatientVisits(sessions, {sid: (root or sid) for sid, root in pairs})


def treatment_text(visit: SessionView, lesion_id: int | None = None) -> str:
    """'Triamcinolone acetonide 10 mg/mL x 0.6 mL = 6 mg' for the lesion (or the whole visit)."""
    parts = []
    for inj in visit.injections:
        if inj.voided or (lesion_id is not None and inj.lesion_id != lesion_id):
            continue
        parts.append(f"{inj.agent_name} {fmt(inj.concentration)} {inj.concentration_unit} x "
                     f"{fmt(inj.volume_ml)} mL = {fmt(inj.dose)} {inj.dose_unit}")
    return "; ".join(parts) if parts else "no injection of this lesion"


def visit_status(visit: SessionView) -> str:
    if visit.voided:
        return "voided"
    if not visit.is_signed:
        return "draft"
    return f"signed, version {visit.version_no}" if visit.version_no > 1 else "signed"
