"""A patient's lesions at a glance: trend, course and flags, one row each."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tracker.services.outcome_overview import LesionOutcome, patient_overview
from tracker.ui.progress.common import FLAG_COLOUR, cell, day_cell, make_table, trend_cell

COLUMNS = ["Lesion", "Condition", "Trend", "Course", "Sessions", "Last assessed", "Flags"]


class PatientOverview(QWidget):
    #: a lesion row was chosen
    lesion_selected = Signal(int)

    def __init__(self, ctx, patient_id: int | None = None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id = patient_id
        self.outcomes: list[LesionOutcome] = []
        self.flags = QLabel()
        self.flags.setAccessibleName("Flags")
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet(f"QLabel {{ background: #fde2e1; color: {FLAG_COLOUR}; border-radius: 4px; padding: 6px; }}")
        self.flags.hide()
        self.table = make_table(COLUMNS, "Lesion trends")
        self.table.itemSelectionChanged.connect(self._selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.flags)
        layout.addWidget(self.table)
        self.reload()

    def set_patient(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        self.reload()

    def reload(self) -> None:
        selected = self.selected_lesion()
        self.outcomes = patient_overview(self.ctx.db, self.patient_id) if self.patient_id is not None else []
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for outcome in self.outcomes:
            row = self.table.rowCount()
            self.table.insertRow(row)
            trends = "\n".join(f"{t.instrument}: {t.trend.label}" for t in outcome.trends) or "no assessments"
            flag_text = "; ".join(f.text for f in outcome.flags)
            self.table.setItem(row, 0, cell(outcome.label, data=outcome.lesion_id))
            self.table.setItem(row, 1, cell(outcome.condition_label + ("" if outcome.status == "active" else f" ({outcome.status})")))
            self.table.setItem(row, 2, trend_cell(outcome.trend, tip=trends))
            self.table.setItem(row, 3, cell(outcome.headline, tip=outcome.headline))
            self.table.setItem(row, 4, cell(str(outcome.sessions), align_right=True))
            self.table.setItem(row, 5, cell(day_cell(outcome.last_assessed)))
            self.table.setItem(row, 6, cell(flag_text, colours=("#fde2e1", FLAG_COLOUR) if flag_text else None,
                                            tip="\n".join(f"{f.text}\nSource: {f.source}" for f in outcome.flags) or None))
        self.table.blockSignals(False)
        flagged = [(o, f) for o in self.outcomes for f in o.flags]
        self.flags.setText("<br>".join(f"<b>{o.label}</b>: {f.text}" for o, f in flagged))
        self.flags.setVisible(bool(flagged))
        ids = [o.lesion_id for o in self.outcomes]
        if ids:
            self.select_lesion(selected if selected in ids else ids[0])

    def preferred_height(self) -> int:
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount())) or table.verticalHeader().defaultSectionSize()
        flags = self.flags.heightForWidth(max(300, self.width())) + 6 if self.flags.isVisibleTo(self) else 0
        return table.horizontalHeader().height() + rows + 2 * table.frameWidth() + flags + 4

    def selected_lesion(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item is not None else None

    def select_lesion(self, lesion_id: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.UserRole) == lesion_id:
                self.table.selectRow(row)
                return

    def _selected(self) -> None:
        lesion_id = self.selected_lesion()
        if lesion_id is not None:
            self.lesion_selected.emit(lesion_id)
