"""Recently opened patients, per workstation and database (kept in QSettings)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from tracker.ui.preferences import database_key, int_list, preferences

KEEP = 8


class RecentPatients(QObject):
    changed = Signal()

    def __init__(self, database_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = f"recent_patients/{database_key(database_name)}"

    def ids(self) -> list[int]:
        return int_list(preferences().value(self._key))

    def push(self, patient_id: int) -> None:
        ids = [patient_id] + [i for i in self.ids() if i != patient_id]
        preferences().setValue(self._key, ids[:KEEP])
        self.changed.emit()
