"""Everything the patient chart shows, read in one go (for a background task)."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tracker.services.catalog import AgentView, list_agents
from tracker.services.lesions import LesionView, patient_lesions
from tracker.services.patients import PatientView, get_patient
from tracker.services.session_views import CountedDose, SessionView, counted_doses, patient_sessions
from tracker.services.settings import clinic_zone
from tracker.services.staff import StaffView, list_staff


@dataclass(frozen=True)
class ReferenceData:
    """What forms pick from: the agent catalog, the staff, the clinic's time zone."""

    agents: tuple[AgentView, ...]
    staff: tuple[StaffView, ...]
    zone: ZoneInfo


@dataclass(frozen=True)
class ChartData:
    patient: PatientView
    lesions: tuple[LesionView, ...]
    sessions: tuple[SessionView, ...]
    reference: ReferenceData
    #: the doses that count, per agent and day (what the injection form offers depends on them)
    counted: tuple[CountedDose, ...] = ()


def reference_data(db) -> ReferenceData:  # noqa: ANN001
    return ReferenceData(tuple(list_agents(db)), tuple(list_staff(db)), clinic_zone(db))


def chart_data(db, patient_id: int, reference: ReferenceData | None = None) -> ChartData:  # noqa: ANN001
    """The chart of one patient; ``reference`` is the catalog, staff and zone
    from an earlier chart (they do not change from patient to patient)."""
    return ChartData(
        patient=get_patient(db, patient_id),
        lesions=tuple(patient_lesions(db, patient_id)),
        sessions=tuple(patient_sessions(db, patient_id)),
        reference=reference or reference_data(db),
        counted=counted_doses(db, patient_id),
    )
