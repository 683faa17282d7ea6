"""A table model over the patient search that loads rows in batches.

Search and sorting happen in SQL (indexed prefix queries in the patients
service); the model only holds the rows fetched so far and asks for the next
batch when the view scrolls near the end (canFetchMore/fetchMore).
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from tracker.services.patients import PatientView, search_patients

BATCH = 200
COLUMNS = ("Chart", "Name", "Date of birth", "Flags")


class PatientListModel(QAbstractTableModel):
    def __init__(self, db, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._db = db
        self._text = ""
        self._rows: list[PatientView] = []
        self._exhausted = False

    # -- public --------------------------------------------------------------
    def set_search(self, text: str) -> None:
        self.beginResetModel()
        self._text = text
        self._rows = []
        self._exhausted = False
        self._load_batch()
        self.endResetModel()

    def patient_at(self, row: int) -> PatientView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def refresh(self) -> None:
        self.set_search(self._text)

    # -- Qt model ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: ANN001, N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        p = self._rows[index.row()]
        if role == Qt.DisplayRole:
            return (p.chart_number, p.display_name, p.date_of_birth.isoformat(), ", ".join(f.split(":")[0] for f in p.flags))[index.column()]
        if role == Qt.ToolTipRole and index.column() == 3 and p.flags:
            return "\n".join(p.flags)
        if role == Qt.UserRole:
            return p.id
        return None

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._exhausted:
            return
        start = len(self._rows)
        batch = search_patients(self._db, self._text, limit=BATCH, offset=start)
        if not batch:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()
        self._exhausted = len(batch) < BATCH

    def _load_batch(self) -> None:
        batch = search_patients(self._db, self._text, limit=BATCH, offset=0)
        self._rows = list(batch)
        self._exhausted = len(batch) < BATCH
