"""The patient chart's "History" tab: who created, changed, signed, amended,
voided, printed or saved what in this patient's records, and when; the
selected event's changed fields below. Read in the background, only while the
tab is shown (opening a patient reads nothing for it)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from tracker.services.record_history import KINDS, PAGE, HistoryPage, patient_history
from tracker.ui.extensions import ChartPanel, ReadWhenShown, register_chart_panel
from tracker.ui.history_model import HistoryModel, entry_html
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.main_column import MainColumn
from tracker.ui.widgets.tables import read_only_table

FILTER_PAUSE_MS = 250  # a pause in typing, not a delay anyone waits through
#: ctx.changed entities that can add events to a patient's history
REFRESH_ON = frozenset({"patient", "lesion", "session", "injection", "photo", "assessment", "checklist", "reminder",
                        "audit"})


class HistoryPanel(ReadWhenShown, QWidget):
    def __init__(self, ctx, patient_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id = patient_id
        self.page: HistoryPage | None = None
        self._asked = 0  # the latest request; older answers are dropped
        self.page_size = PAGE

        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of record")
        for kind in KINDS:
            self.kind.addItem(kind.title, kind.key)
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Filter the history by words")
        self.filter.setPlaceholderText("Words: a person, a lesion, a reason\u2026")
        self.filter.setClearButtonEnabled(True)
        kind_label, filter_label = QLabel("Kin&d:"), QLabel("Filte&r:")
        kind_label.setBuddy(self.kind)
        filter_label.setBuddy(self.filter)
        self.status = QLabel()
        self.status.setAccessibleName("History status")
        self.older = QPushButton("Show &older events")
        self.older.setAccessibleName("Show older events")
        self.older.setEnabled(False)
        bar = FlowLayout()  # wraps in a narrow window instead of widening the chart
        for w in (kind_label, self.kind, filter_label, self.filter, self.older):
            bar.addWidget(w)
        self.filter.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.filter.placeholderText()) + 40)

        self.rows = HistoryModel(self)
        self.table = read_only_table(self.rows, "Record history")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(HistoryModel.REASON, QHeaderView.ResizeMode.Interactive)  # long reasons: tooltip, detail
        header.resizeSection(HistoryModel.REASON, self.fontMetrics().averageCharWidth() * 24)
        self.what_column = MainColumn(self.table, header, HistoryModel.WHAT, min_chars=30)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Changed fields of the selected event")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.setTabOrder(self.kind, self.filter)
        self.setTabOrder(self.filter, self.table)
        self.setTabOrder(self.table, self.detail)

        self.kind.currentIndexChanged.connect(lambda _: self.reload())
        # Words are read once typing pauses: a word matching nothing reads the whole trail.
        self._typing = QTimer(self, singleShot=True, interval=FILTER_PAUSE_MS)
        self._typing.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _: self._typing.start())
        self.older.clicked.connect(self.show_older)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_detail(current.row()))
        ctx.changed.connect(self._on_changed)
        self._show_detail(-1)  # read when first shown (a new panel has no tab yet, so it cannot tell it is hidden)

    # ---- data ------------------------------------------------------------
    def set_patient(self, patient_id: int) -> None:
        if patient_id != self.patient_id:
            self.rows.set_rows([])
            self.page = None
        self.patient_id = patient_id
        self.reload()

    def read(self) -> None:
        """The newest page for the kind and words chosen (the selected event stays selected)."""
        self._typing.stop()  # a pause in typing still pending would read the same page again
        self._ask(None)

    def show_older(self) -> None:
        if self.page is not None and self.page.more:
            self._ask(self.page.next_before)

    def _ask(self, before: int | None) -> None:
        self._asked += 1
        asked, patient_id = self._asked, self.patient_id
        self.status.setText("Reading the history\u2026")
        self.older.setEnabled(False)
        self.ctx.tasks.run(patient_history, self.ctx.db, patient_id, kind=self.kind.currentData(),
                           text=self.filter.text(), before=before, limit=self.page_size,
                           on_done=lambda page: self._arrived(asked, page, before is not None),
                           on_error=lambda exc: self._failed(asked, exc), owner=self)

    def _arrived(self, asked: int, page: HistoryPage, older: bool) -> None:
        if asked != self._asked or page.patient_id != self.patient_id:
            return  # the person asked for something else meanwhile
        self.page = page
        if older:
            self.rows.add_rows(list(page.entries))
        else:
            keep = self._selected_seq()
            self.rows.set_rows(list(page.entries))
            row = self.rows.row_of(keep)
            self.table.selectRow(row if row >= 0 else 0)
            self._show_detail(self.table.currentIndex().row())
        self.older.setEnabled(page.more)
        count = self.rows.rowCount()
        more = " (older events: Show older events)" if page.more else ""
        self.status.setText(f"{count} event{'s' if count != 1 else ''}{more}" if count else "No events match.")

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.status.setText(f"Could not read the history: {exc}")

    def _on_changed(self, entity: str, entity_id: int) -> None:
        if entity not in REFRESH_ON or (entity == "patient" and entity_id not in (0, self.patient_id)):
            return
        self.reload()

    def has_unsaved_changes(self) -> bool:
        return False  # nothing here is edited

    # ---- the selected event ------------------------------------------------
    def _selected_seq(self) -> int | None:
        entry = self.rows.row_at(self.table.currentIndex().row())
        return entry.seq if entry is not None else None

    def _show_detail(self, row: int) -> None:
        entry = self.rows.row_at(row)
        if entry is None:
            self.detail.setHtml("<p>Select an event to see the fields it changed.</p>")
        else:
            self.detail.setHtml(entry_html(entry))


register_chart_panel(ChartPanel("history", "History", HistoryPanel, order=90))
