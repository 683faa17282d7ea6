"""One audit event in words a nurse understands ("Session of 12 Mar 2026
signed", "Lesion 'Left earlobe keloid' edited", "Aftercare sheet for the visit
of 3 Feb 2026 printed"), and the fields an edit changed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.services.documents_audit import ACTIONS as DOCUMENT_ACTIONS
from tracker.services.guidance.persist import CHECKLIST_ENTITY
from tracker.services.record_fields import Names, field_label, field_order, iso_day_text, value_text

#: what a record is called, whatever happened to it
ENTITY_NAMES = {"patient": "Patient details", "lesion": "Lesion", "treatment_session": "Session",
                "injection": "Injection", "photo": "Photo", "assessment": "Outcome score",
                CHECKLIST_ENTITY: "Checklist", "checklist_item": "Checklist step", "reminder": "Reminder"}

#: action -> verb (entity-specific ones first)
_VERBS = {
    ("patient", "create"): "registered", ("treatment_session", "create"): "created",
    ("photo", "create"): "imported", ("reminder", "create"): "set", ("assessment", "create"): "recorded",
    ("patient", "void"): "voided (record closed)",
    "create": "added", "update": "edited", "sign": "signed", "void": "voided", "discard": "discarded (draft)",
    "view-settings": "view settings changed", "tick": "ticked", "untick": "unticked", "not_done": "marked not done",
    "generate": "made", "snooze": "snoozed", "done": "marked done", "dismissed": "dismissed", "open": "reopened",
    "snoozed": "snoozed", "atrophy": "atrophy changed",
}
_DOCUMENTS = {"aftercare": "Aftercare sheet", "lesion_progress": "Progress report", "patient_progress":
              "Progress report (all lesions)"}
_DOCUMENT_VERBS = {"print": "printed", "export": "saved as PDF"}


@dataclass(frozen=True)
class FieldChange:
    """One field an event changed, as a person reads it."""

    label: str
    before: str
    after: str


def _short(text: Any, width: int = 60) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _subject(entity: str, row: dict, names: Names) -> str:
    name = ENTITY_NAMES.get(entity, entity.replace("_", " ").capitalize())
    if entity == "lesion" and row.get("label"):
        return f"Lesion '{_short(row['label'])}'"
    if entity == "treatment_session" and row.get("clinic_date"):
        version = row.get("version_no") or 1
        return f"Session of {iso_day_text(row['clinic_date'])}" + (f" (version {version})" if version > 1 else "")
    if entity == "injection" and row.get("lesion_id") is not None:
        volume = value_text("volume_ml", row.get("volume_ml"), names)
        return (f"Injection into '{names.lesion(row['lesion_id'])}' ({names.agent(row.get('agent_id'))}, {volume} mL)"
                f" at the {names.visit(row.get('session_id'))}")
    if entity == "photo" and row.get("original_name"):
        return f"Photo '{_short(row['original_name'], 40)}'"
    if entity == "assessment" and row.get("instrument"):
        score = f": {row['score']}" if row.get("score") not in (None, "") else ""
        return (f"{value_text('instrument', row['instrument'], names)} for "
                f"'{names.lesion(row.get('lesion_id'))}'{score}")
    if entity == CHECKLIST_ENTITY:
        return f"Checklist of the {names.visit(row.get('session_id'))}"
    if entity == "checklist_item" and row.get("text"):
        return f"Checklist step '{_short(row['text'], 50)}'"
    if entity == "reminder" and row.get("title"):
        return f"Reminder '{_short(row['title'])}'"
    return name


def _verb(entity: str, action: str, before: dict, after: dict, reason: str | None, names: Names) -> str:
    if entity == "photo" and action == "create" and (reason or "").startswith("filed again"):
        return "filed again"
    if action == "amend":
        return "amended (correction opened)"
    if action == "status":
        return f"status changed to {value_text('status', after.get('status'), names)}"
    if action == "atrophy":
        return "marked atrophic" if after.get("atrophic") else "no longer marked atrophic"
    if action == "snooze" and after.get("snoozed_until"):
        return f"snoozed until {value_text('snoozed_until', after['snoozed_until'], names)}"
    if entity == CHECKLIST_ENTITY and action in ("generate", "tick"):
        steps = after.get("items") or []
        count = f"{len(steps)} step{'s' if len(steps) != 1 else ''}"
        return f"made ({count})" if action == "generate" else f"ticked ({count})"
    return _VERBS.get((entity, action)) or _VERBS.get(action) or action.replace("_", " ").replace("-", " ")


def _document(entity: str, action: str, entity_id: int, after: dict, names: Names) -> str:
    kind = after.get("document", "")
    title = _DOCUMENTS.get(kind, "Document")
    if kind == "aftercare":
        title += f" for the {names.visit(entity_id)}"
    elif kind == "lesion_progress":
        title += f" for '{names.lesion(entity_id)}'"
    return f"{title} {_DOCUMENT_VERBS.get(action, action)}"


def describe(entity: str, action: str, entity_id: int | None, before: dict | None, after: dict | None,
             reason: str | None, names: Names) -> str:
    """What happened, in one line."""
    before, after = before or {}, after or {}
    if action in DOCUMENT_ACTIONS:
        return _document(entity, action, entity_id, after, names)
    row = {**before, **after}
    if entity == CHECKLIST_ENTITY:
        row["session_id"] = entity_id
    return f"{_subject(entity, row, names)} {_verb(entity, action, before, after, reason, names)}"


def changed_fields(entity: str, before: dict | None, after: dict | None, names: Names) -> tuple[FieldChange, ...]:
    """The labelled fields whose value differs between the snapshots (an edit,
    a signature, a void); none for an event without both."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ()
    changes = []
    for column in sorted(set(before) | set(after), key=lambda c: field_order(entity, c)):
        old, new = before.get(column), after.get(column)
        label = field_label(entity, column)
        if label is None or old == new:
            continue
        old_text, new_text = value_text(column, old, names), value_text(column, new, names)
        if old_text != new_text:  # "16.0" and "16" read the same
            changes.append(FieldChange(label, old_text, new_text))
    return tuple(changes)
