"""Every keyboard shortcut in one table: the actions use it, and the
Help > Keyboard shortcuts dialog lists it, so the two never disagree."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shortcut:
    name: str
    keys: str
    what: str
    where: str


SHORTCUTS = (
    Shortcut("find_patient", "Ctrl+F", "Find a patient (the search field)", "Anywhere"),
    Shortcut("new_patient", "Ctrl+N", "Register a new patient", "Anywhere"),
    Shortcut("edit_patient", "Ctrl+E", "Edit the open patient's details", "Patients page, a patient open"),
    Shortcut("new_session", "Ctrl+Shift+N", "Start a new treatment session for the open patient", "Patients page, a patient open"),
    Shortcut("new_lesion", "Ctrl+L", "Add a lesion to the open patient", "Patients page, a patient open"),
    Shortcut("save_draft", "Ctrl+S", "Save the session as a draft", "Session editor"),
    Shortcut("sign_session", "Ctrl+Return", "Sign the session (checks first)", "Session editor"),
    Shortcut("close_editor", "Ctrl+W", "Close the session editor (asks about unsaved changes)", "Session editor"),
    Shortcut("reminder_done", "Ctrl+D", "Mark the selected reminder done", "Today page"),
    Shortcut("reminder_snooze", "Ctrl+Shift+S", "Snooze the selected reminder to a later day", "Today page"),
    Shortcut("reminder_dismiss", "Delete", "Dismiss the selected reminder (asks for a reason)", "Today page"),
    Shortcut("print_call_list", "Ctrl+P", "Preview and print today's call list", "Today page"),
    Shortcut("switch_staff", "Ctrl+Shift+U", "Switch the acting staff member", "Anywhere"),
    Shortcut("shortcuts", "F1", "Show this list of keyboard shortcuts", "Anywhere"),
    Shortcut("quit", "Ctrl+Q", "Quit (asks about unsaved changes)", "Anywhere"),
)
GENERAL = (
    ("Enter / double-click", "Open the selected patient or session", "Lists"),
    ("Down arrow", "Move from the search field to the results", "Patient search"),
    ("Ctrl+Tab / Ctrl+Shift+Tab", "Next / previous tab of the chart", "Patients page, a patient open"),
    ("Tab / Shift+Tab", "Next / previous field", "Forms"),
    ("Alt + underlined letter", "Jump to that field or button", "Forms"),
    ("Escape", "Close a dialog without saving", "Dialogs"),
)

_BY_NAME = {s.name: s for s in SHORTCUTS}


def key(name: str) -> str:
    return _BY_NAME[name].keys
