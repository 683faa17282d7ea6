"""SQLAlchemy ORM models (no Qt). Importing this package registers every table."""

from tracker.models.agent import Agent, AgentClass, AgentIndication, IntervalScope
from tracker.models.assessment import Assessment
from tracker.models.audit import AuditEvent, AuditHead
from tracker.models.base import Base
from tracker.models.guidance import ChecklistItem, ChecklistPhase, Reminder, ReminderStatus
from tracker.models.lesion import CONDITION_LABELS, Condition, Laterality, Lesion, LesionStatus
from tracker.models.patient import Patient, PatientNameWord, Sex
from tracker.models.photo import Photo
from tracker.models.setting import Setting
from tracker.models.staff import Staff, StaffRole
from tracker.models.treatment import Injection, SessionState, TreatmentSession

# Tables whose rows are clinical records: a raw DELETE on them is refused by
# the database itself (see migrations).
CLINICAL_TABLES = (
    "patient",
    "lesion",
    "treatment_session",
    "injection",
    "photo",
    "assessment",
    "checklist_item",
    "reminder",
    "audit_event",
    "audit_head",
)

__all__ = [
    "Agent", "AgentClass", "AgentIndication", "IntervalScope", "Assessment", "AuditEvent", "AuditHead", "Base",
    "CLINICAL_TABLES", "CONDITION_LABELS", "ChecklistItem", "ChecklistPhase", "Condition",
    "Injection", "Laterality", "Lesion", "LesionStatus", "Patient", "PatientNameWord", "Photo", "Reminder",
    "ReminderStatus", "SessionState", "Setting", "Sex", "Staff", "StaffRole", "TreatmentSession",
]
