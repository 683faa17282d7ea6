"""The Documents tab's two lists as table models: visits (for aftercare sheets) and
the progress reports that can be made (all lesions, or one)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from tracker.services.documents_index import PatientDocuments, PrintableVisit
from tracker.ui.widgets.tables import RowsModel


@dataclass(frozen=True)
class ReportChoice:
    """One progress report on offer: ``kind`` and ``record_id`` as the printing code takes them."""

    kind: str
    record_id: int
    title: str
    detail: str


def report_choices(data: PatientDocuments) -> list[ReportChoice]:
    count = len(data.lesions)
    everything = ReportChoice("patient_progress", data.patient_id, "All lesions",
                              f"{count} lesion{'s' if count != 1 else ''}: a report for a referral")
    return [everything] + [ReportChoice("lesion_progress", lesion.lesion_id, lesion.label, lesion.detail)
                           for lesion in data.lesions]


class _Model(RowsModel):
    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def cells(self, row) -> tuple[str, ...]:  # noqa: ANN001
        raise NotImplementedError

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.cells(self.rows[index.row()])[index.column()]


class VisitsModel(_Model):
    columns = ("Date", "Treated", "Medicine")

    def cells(self, visit: PrintableVisit) -> tuple[str, ...]:
        return (visit.day.isoformat() + ("" if visit.signed else " (draft)"), visit.treated, visit.medicines)


class ReportsModel(_Model):
    columns = ("Report on", "Details")

    def cells(self, choice: ReportChoice) -> tuple[str, ...]:
        return (choice.title, choice.detail)
