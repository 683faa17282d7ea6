"""Fields of the audited records in words: a label for each column staff care
about, and a value as a person reads it (names for staff, lesion and medicine
ids, dates in the clinic's time zone, "yes"/"no"). Used by the record history
(services/record_history.py) to list what an edit changed."""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tracker.models import CONDITION_LABELS, Condition
from tracker.services.body_sites import site_by_code
from tracker.services.instruments.definitions import instrument

#: Columns that are bookkeeping, derived or fixed at creation: never listed as a change.
HIDDEN = frozenset({
    "id", "row_version", "created_at", "updated_at", "created_by_id", "family_key", "given_key", "patient_id",
    "root_id", "amends_id", "sha256", "stored_path", "media_type", "byte_size", "width", "height", "uid", "rule_id",
    "item_key", "source", "instrument_version", "mix_group", "dose_unit", "concentration_unit", "version_no",
})

_COMMON = {"notes": "Notes", "voided_at": "Voided at", "voided_by_id": "Voided by", "void_reason": "Reason voided",
           "lesion_id": "Lesion", "session_id": "Visit"}

#: audited table -> column -> label
LABELS: dict[str, dict[str, str]] = {
    "patient": {"chart_number": "Chart number", "family_name": "Family name", "given_names": "Given names",
                "date_of_birth": "Date of birth", "sex": "Sex", "phone": "Phone", "email": "E-mail",
                "address": "Address", "fitzpatrick": "Fitzpatrick skin type", "allergies": "Allergies",
                "diabetes": "Diabetes", "pregnant": "Pregnant", "immunosuppressed": "Immunosuppressed"},
    "lesion": {"label": "Name", "condition": "Condition", "site_code": "Body site", "laterality": "Side",
               "site_text": "Site detail", "map_view": "Body map view", "map_x": "Body map position across",
               "map_y": "Body map position down", "status": "Status", "onset_date": "Onset date",
               "atrophic": "Atrophy seen"},
    "treatment_session": {"clinician_id": "Clinician", "performed_at": "Time given", "clinic_date": "Date",
                          "consent_obtained": "Consent obtained", "consent_note": "Consent note", "state": "State",
                          "signed_at": "Signed at", "signed_by_id": "Signed by",
                          "amendment_reason": "Reason for the amendment", "findings": "Safety findings acknowledged",
                          "findings_reason": "Reason for going past the findings"},
    "injection": {"agent_id": "Medicine", "concentration": "Concentration", "volume_ml": "Volume (mL)",
                  "points": "Points", "dose": "Dose", "needle_gauge": "Needle gauge", "depth": "Depth",
                  "lot_number": "Lot", "lot_expiry": "Lot expiry", "technique": "Technique",
                  "map_points": "Body map points"},
    "photo": {"original_name": "File name", "taken_at": "Taken", "view_label": "View",
              "view_settings": "View settings (rotation, crop, calibration)"},
    "assessment": {"assessed_on": "Date assessed", "instrument": "Instrument", "items": "Item scores",
                   "score": "Score", "assessor_id": "Assessed by", "photo_id": "Photo"},
    "checklist_item": {"text": "Step", "phase": "Phase", "required": "Required", "done_at": "Done at",
                       "done_by_id": "Done by", "not_done_reason": "Why not done"},
    "reminder": {"title": "Reminder", "kind": "Kind", "detail": "Detail", "due_on": "Due", "status": "Status",
                 "snoozed_until": "Snoozed until", "closed_at": "Closed at", "closed_by_id": "Closed by",
                 "close_reason": "Reason closed"},
}

STAFF_FIELDS = frozenset({"clinician_id", "signed_by_id", "voided_by_id", "done_by_id", "closed_by_id", "assessor_id"})
EMPTY = "\u2014"


def field_label(entity: str, column: str) -> str | None:
    """The label of ``column`` of ``entity``'s rows (None: a column never listed)."""
    if column in HIDDEN:
        return None
    return LABELS.get(entity, {}).get(column) or _COMMON.get(column) or column.replace("_", " ").capitalize()


def field_order(entity: str, column: str) -> tuple[int, str]:
    """Fields in the order their record's form shows them (then the shared ones, then the rest)."""
    own = list(LABELS.get(entity, {}))
    if column in own:
        return own.index(column), column
    shared = list(_COMMON)
    return (len(own) + shared.index(column) if column in shared else len(own) + len(shared)), column


def day_text(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def moment_text(value: datetime, zone: ZoneInfo) -> str:
    local = value.astimezone(zone)
    return f"{day_text(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class Names:
    """What ids in a snapshot stand for: staff, lesions, medicines, visits."""

    zone: ZoneInfo
    staff: Mapping[int, str]
    lesions: Mapping[int, str]
    agents: Mapping[int, str]
    session_days: Mapping[int, date]

    def person(self, staff_id: Any) -> str:
        return self.staff.get(staff_id, f"staff #{staff_id}") if staff_id is not None else "the program"

    def lesion(self, lesion_id: Any) -> str:
        return self.lesions.get(lesion_id, f"lesion #{lesion_id}")

    def agent(self, agent_id: Any) -> str:
        return self.agents.get(agent_id, f"medicine #{agent_id}")

    def visit(self, session_id: Any) -> str:
        day = self.session_days.get(session_id)
        return f"visit of {day_text(day)}" if day else f"visit #{session_id}"


def iso_day_text(text: str) -> str:
    try:
        return day_text(date.fromisoformat(text))
    except ValueError:
        return text


def iso_moment_text(text: str, zone: ZoneInfo) -> str:
    try:
        return moment_text(datetime.fromisoformat(text), zone)
    except ValueError:
        return text


def _condition(value: str) -> str:
    try:
        return CONDITION_LABELS[Condition(value)]
    except ValueError:
        return value


def _site(value: str) -> str:
    site = site_by_code(value)
    return site.name if site else value


def _instrument(value: str) -> str:
    found = instrument(value)
    return found.name if found else value


def _by_column(names: Names) -> dict[str, Callable[[Any], str]]:
    return {"condition": _condition, "site_code": _site, "instrument": _instrument, "lesion_id": names.lesion,
            "agent_id": names.agent, "session_id": names.visit, "photo_id": lambda v: f"photo #{v}",
            "map_x": lambda v: f"{float(v):.0%}", "map_y": lambda v: f"{float(v):.0%}"}


def value_text(column: str, value: Any, names: Names) -> str:
    """A snapshot value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if column in STAFF_FIELDS:
        return names.person(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    special = _by_column(names).get(column)
    if special is not None:
        return special(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if column.endswith("_at"):
        return iso_moment_text(text, names.zone)
    if column.endswith(("_on", "_date", "_expiry", "_until")) or column == "date_of_birth":
        return iso_day_text(text)
    if isinstance(value, str) and column in {"sex", "status", "state", "phase", "laterality", "kind", "view_label"}:
        return text.replace("_", " ")
    return text
