"""What the chart area says while no patient is open (also the stand-in the
Patients page shows there at start-up, before the chart itself is built)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tracker.ui.shortcuts import key


def no_patient_note() -> QLabel:
    note = QLabel(f"Find a patient ({key('find_patient')}) or register a new one ({key('new_patient')}).")
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setWordWrap(True)
    return note
