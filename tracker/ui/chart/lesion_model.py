"""The patient's lesions as a table: condition, site, status, sessions, last
treatment and cumulative dose."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from tracker.services.lesions import LesionView

COLUMNS = ("Lesion", "Condition", "Site", "Status", "Sessions", "Last treated", "Cumulative dose")
LesionIdRole = Qt.ItemDataRole.UserRole


def status_text(lesion: LesionView) -> str:
    return lesion.status.value.capitalize() + (", ATROPHIC" if lesion.atrophic else "")


class LesionTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[LesionView] = []

    def set_lesions(self, lesions: list[LesionView] | tuple[LesionView, ...]) -> None:
        self.beginResetModel()
        self._rows = list(lesions)
        self.endResetModel()

    def lesion_at(self, row: int) -> LesionView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, lesion_id: int) -> int:
        return next((i for i, lesion in enumerate(self._rows) if lesion.id == lesion_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        lesion = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                lesion.label, lesion.condition.label, lesion.site_display, status_text(lesion),
                str(lesion.session_count), lesion.last_treated.isoformat() if lesion.last_treated else "-",
                lesion.cumulative_text,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and lesion.atrophic:
            return "Atrophy (a dent) was seen: re-injecting it is a safety finding"
        if role == LesionIdRole:
            return lesion.id
        return None
