"""The "Documents" tab of the patient chart: aftercare sheets per visit and
progress reports per lesion (or all lesions), to print, preview or save as PDF."""
from __future__ import annotations

import logging

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from tracker.services.documents_index import PatientDocuments, patient_documents
from tracker.ui.documents_models import ReportsModel, VisitsModel, report_choices
from tracker.ui.extensions import ChartPanel, ReadWhenShown, register_chart_panel
from tracker.ui.gui_thread_call import GuiThreadCall
from tracker.ui.print_jobs import DocumentJobs, DocumentRequest
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.tables import read_only_table

log = logging.getLogger(__name__)

RELOAD_ON = frozenset({"patient", "session", "lesion", "injection"})


def _progress_chart(data, width: int, height: int):  # noqa: ANN001, ANN202
    from tracker.charts.progress_chart import render_progress_chart  # QtCharts only when a report is made

    return render_progress_chart(data, width, height)


class _Actions(QWidget):
    """Print… / Preview… / Save PDF… for one list."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.print_button = QPushButton("Print…")
        self.preview_button = QPushButton("Preview…")
        self.save_button = QPushButton("Save PDF…")
        layout = FlowLayout(self)  # wraps in a narrow window instead of widening the chart
        layout.setContentsMargins(0, 0, 0, 0)
        for button, verb in ((self.print_button, "Print"), (self.preview_button, "Preview"), (self.save_button, "Save as PDF")):
            button.setAccessibleName(f"{verb} the {what}")
            layout.addWidget(button)

    def set_enabled(self, enabled: bool) -> None:
        for button in (self.print_button, self.preview_button, self.save_button):
            button.setEnabled(enabled)


def _list(model: VisitsModel | ReportsModel, name: str, stretch: int) -> QTableView:
    table = read_only_table(model, name)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class DocumentsPanel(ReadWhenShown, QWidget):
    def __init__(self, ctx, patient_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id = patient_id
        self.data: PatientDocuments | None = None
        self.busy = False
        self.jobs = DocumentJobs(ctx, self, chart=GuiThreadCall(_progress_chart, self))
        self.jobs.started.connect(self._on_started)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.progressed.connect(lambda text: self.status.setText(text))

        self.visit_rows = VisitsModel(self)
        self.report_rows = ReportsModel(self)
        self.visits = _list(self.visit_rows, "Visits", stretch=1)
        self.visit_actions = _Actions("aftercare sheet")
        self.lesions = _list(self.report_rows, "Progress reports", stretch=1)
        self.lesion_actions = _Actions("progress report")

        left = QGroupBox("Aftercare sheet for a visit")
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.visits)
        left_layout.addWidget(self.visit_actions)
        right = QGroupBox("Progress report")
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.lesions)
        right_layout.addWidget(self.lesion_actions)
        self.status = QLabel()
        self.status.setAccessibleName("Document status")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the document being made")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.jobs.cancel)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.cancel_button)
        columns = QHBoxLayout()
        columns.addWidget(left, 3)
        columns.addWidget(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(status_row)

        self.visits.selectionModel().selectionChanged.connect(self._update_buttons)
        self.visits.doubleClicked.connect(lambda _index: self._run(self.jobs.preview_document, self.visit_request()))
        self.lesions.selectionModel().selectionChanged.connect(self._update_buttons)
        self.lesions.doubleClicked.connect(lambda _index: self._run(self.jobs.preview_document, self.lesion_request()))
        for actions, request in ((self.visit_actions, self.visit_request), (self.lesion_actions, self.lesion_request)):
            actions.print_button.clicked.connect(lambda _=False, r=request: self._run(self.jobs.print_document, r()))
            actions.preview_button.clicked.connect(lambda _=False, r=request: self._run(self.jobs.preview_document, r()))
            actions.save_button.clicked.connect(lambda _=False, r=request: self._run(self.jobs.save_pdf, r()))
        ctx.changed.connect(self._on_changed)
        self._update_buttons()
        self.reload()

    # ---- data ------------------------------------------------------------
    def set_patient(self, patient_id: int) -> None:
        self.patient_id = patient_id
        self.reload()

    def read(self) -> None:
        patient_id = self.patient_id
        self.ctx.tasks.run(patient_documents, self.ctx.db, patient_id,
                           on_done=lambda data: self._show(data) if data.patient_id == self.patient_id else None,
                           on_error=lambda exc: self.status.setText(f"Could not list the documents: {exc}"), owner=self)

    def _show(self, data: PatientDocuments) -> None:
        self.data = data
        self.visit_rows.set_rows(list(data.visits))
        self.report_rows.set_rows(report_choices(data))
        if data.visits:
            self.visits.selectRow(0)
        self.lesions.selectRow(1 if data.lesions else 0)
        self._update_buttons()

    def _on_changed(self, entity: str, _id: int) -> None:
        if entity in RELOAD_ON:
            self.reload()

    # ---- requests --------------------------------------------------------
    @staticmethod
    def _selected(table: QTableView):  # noqa: ANN205
        rows = table.selectionModel().selectedRows()
        return table.model().row_at(rows[0].row()) if rows else None

    def visit_request(self) -> DocumentRequest | None:
        visit = self._selected(self.visits)
        if visit is None or self.data is None:
            return None
        return DocumentRequest("aftercare", visit.session_id, f"aftercare sheet of {visit.day.isoformat()}",
                               f"aftercare-{self.data.chart_number}-{visit.day.isoformat()}.pdf")

    def lesion_request(self) -> DocumentRequest | None:
        choice = self._selected(self.lesions)
        if choice is None or self.data is None:
            return None
        if choice.kind == "patient_progress":
            return DocumentRequest(choice.kind, choice.record_id, "progress report (all lesions)",
                                   f"progress-{self.data.chart_number}-all-lesions.pdf")
        return DocumentRequest(choice.kind, choice.record_id, f"progress report for {choice.title}",
                               f"progress-{self.data.chart_number}-lesion-{choice.record_id}.pdf")

    def _run(self, job, request: DocumentRequest | None) -> None:  # noqa: ANN001
        if request is not None and not self.busy:
            job(request)

    # ---- state -----------------------------------------------------------
    def _update_buttons(self) -> None:
        self.visit_actions.set_enabled(not self.busy and self.visit_request() is not None)
        self.lesion_actions.set_enabled(not self.busy and self.lesion_request() is not None)

    def _set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        self.status.setText(text)
        self.cancel_button.setVisible(busy)
        self._update_buttons()

    def _on_started(self, text: str) -> None:
        self._set_busy(True, text)

    def _on_finished(self, text: str, level: str) -> None:
        self._set_busy(False, text)
        if level == "error":
            self.ctx.banner.emit(text, level)
        elif text:
            self.ctx.notify("audit", 0)


register_chart_panel(ChartPanel("documents", "Documents", DocumentsPanel, order=80))
