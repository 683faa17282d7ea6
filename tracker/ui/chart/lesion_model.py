"""The patient's lesions as a table: condition, site, status, sessions, last
treatment and cumulative dose."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from tracker.services.lesions import LesionView
from tracker.ui.widgets.tables import RowsModel

COLUMNS = ("Lesion", "Condition", "Site", "Status", "Sessions", "Last treated", "Cumulative dose")
LesionIdRole = Qt.ItemDataRole.UserRole


def status_text(lesion: LesionView) -> str:
    return lesion.status.value.capitalize() + (", ATROPHIC" if lesion.atrophic else "")


class LesionTableModel(RowsModel):
    columns = COLUMNS

    def set_lesions(self, lesions: list[LesionView] | tuple[LesionView, ...]) -> None:
        self.beginResetModel()
        self.rows = list(lesions)
        self.endResetModel()

    def lesion_at(self, row: int) -> LesionView | None:
        return self.row_at(row)

    def row_of(self, lesion_id: int) -> int:
        return next((i for i, lesion in enumerate(self.rows) if lesion.id == lesion_id), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        lesion = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                lesion.label, lesion.condition.label, lesion.site_display, status_text(lesion),
                str(lesion.session_count), lesion.last_treated.isoformat() if lesion.last_treated else "-",
                lesion.cumulative_text,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 3 and lesion.atrophic:
                return "Atrophy (a dent) was seen: re-injecting it is a safety finding"
            return self.data(index, Qt.ItemDataRole.DisplayRole)  # the whole text when a column is narrow
        if role == LesionIdRole:
            return lesion.id
        return None
