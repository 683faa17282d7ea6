"""What can be printed for a patient: the visits (aftercare sheets) and lesions (progress reports)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.services.body_sites import describe_site
from tracker.services.lesions import patient_lesions
from tracker.services.patients import get_patient
from tracker.services.session_views import patient_sessions


@dataclass(frozen=True)
class PrintableVisit:
    session_id: int
    day: date
    treated: str
    medicines: str
    signed: bool


@dataclass(frozen=True)
class PrintableLesion:
    lesion_id: int
    label: str
    detail: str


@dataclass(frozen=True)
class PatientDocuments:
    patient_id: int
    chart_number: str
    name: str
    visits: tuple[PrintableVisit, ...]
    lesions: tuple[PrintableLesion, ...]


def _unique(items) -> str:  # noqa: ANN001
    return ", ".join(dict.fromkeys(items))


def patient_documents(db, patient_id: int) -> PatientDocuments:  # noqa: ANN001
    """The patient's current visits with injections (newest first) and lesions (not voided)."""
    patient = get_patient(db, patient_id)
    visits = []
    for view in patient_sessions(db, patient_id, include_voided=False):
        given = [i for i in view.injections if not i.voided]
        if given:
            visits.append(PrintableVisit(session_id=view.id, day=view.clinic_date,
                                         treated=_unique(i.lesion_label for i in given),
                                         medicines=_unique(i.agent_name for i in given), signed=view.is_signed))
    lesions = tuple(
        PrintableLesion(lesion_id=lv.id, label=lv.label,
                        detail=f"{lv.condition.label}, {describe_site(lv.site_code, lv.laterality, lv.site_text)} · {lv.session_count} visit{'s' if lv.session_count != 1 else ''}")
        for lv in patient_lesions(db, patient_id))
    return PatientDocuments(patient_id=patient.id, chart_number=patient.chart_number,
                            name=f"{patient.given_names} {patient.family_name}", visits=tuple(visits), lesions=lesions)
