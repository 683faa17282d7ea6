"""The clinic's "Outcomes" page: numbers by condition and agent, response at
3 and 6 months, flagged lesions and overdue outcome reviews."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from tracker.services.outcome_clinic import ClinicOutcomes, clinic_outcomes
from tracker.ui.extensions import Workspace, register_workspace
from tracker.ui.progress.common import FLAG_COLOUR, cell, day_cell, make_table, muted
from tracker.ui.theme import scale_font

log = logging.getLogger(__name__)

REFRESH_ON = {"assessment", "session", "lesion", "patient", "photo"}  # a photo voided takes its measurements


def _titled(title: str, widget: QWidget, note: QLabel | None = None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 6, 0, 0)
    heading = QLabel(f"<b>{title}</b>")
    layout.addWidget(heading)
    if note is not None:
        layout.addWidget(note)
    layout.addWidget(widget)
    return box


class OutcomesWorkspace(QWidget):
    #: the numbers were (re)computed
    loaded = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.result: ClinicOutcomes | None = None
        self._stale = True
        self._task = None
        self.heading = QLabel("<b>Outcomes</b>")
        self.status = muted("")
        self.status.setAccessibleName("Outcomes status")
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.refresh_button)

        self.groups = make_table(["Condition", "Agents", "Lesions", "Patients", "Sessions", "Improving", "Stable",
                                  "Worse", "Not enough data", "Response at 3 months", "Response at 6 months"],
                                 "Outcomes by condition and agent", stretch=1, least_chars=30)
        self.flagged = make_table(["Chart no.", "Patient", "Lesion", "Flag"], "Flagged lesions")
        self.overdue = make_table(["Chart no.", "Patient", "Lesion", "Condition", "Last assessed", "Last injection",
                                   "Review due", "Days overdue"], "Overdue reviews", stretch=2)
        for table in (self.flagged, self.overdue):
            # Enter on the selected row, or a double-click (both are "activated")
            table.activated.connect(lambda index, t=table: self._open_patient(t, index.row()))
        self.sources = muted()
        scale_font(self.sources, 0.9)
        response_note = muted("A responder is a lesion whose main score improved (by the thresholds in "
                              "outcomes.yaml) from its baseline to the assessment nearest to 3 or 6 months "
                              "after the first injection. Double-click a patient below, or select one and press "
                              "Enter, to open the chart.")
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(_titled("By condition and agent", self.groups, response_note))
        splitter.addWidget(_titled("Flagged lesions", self.flagged))
        splitter.addWidget(_titled("Overdue outcome reviews", self.overdue))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.sources)
        ctx.changed.connect(self._on_changed)

    def refresh(self) -> None:
        """Recompute in the background (every lesion of the clinic is read)."""
        if self._task is not None:
            return
        self._stale = False
        self.status.setText("Computing…")
        self.refresh_button.setEnabled(False)
        self._task = self.ctx.tasks.run(clinic_outcomes, self.ctx.db, on_done=self._show, on_error=self._failed, owner=self)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        self.status.setText(f"Could not compute the outcomes: {exc}")
        log.error("clinic outcomes failed: %s", exc)

    def _show(self, result: ClinicOutcomes) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        self.result = result
        self.heading.setText(f"<b>Outcomes as of {result.as_of:%d %b %Y}</b>")
        lesions = sum(r.lesions for r in result.rows)
        self.status.setText(f"{lesions} lesions · {len(result.flagged)} flagged · {len(result.overdue)} reviews overdue")
        self._fill_groups(result)
        self._fill_flagged(result)
        self._fill_overdue(result)
        self.sources.setText("Rules from outcomes.yaml. " + ". ".join(result.sources) + ".")
        self.loaded.emit()
        if self._stale:
            self.refresh()

    def _fill_groups(self, result: ClinicOutcomes) -> None:
        self.groups.setRowCount(0)
        for row in result.rows:
            r = self.groups.rowCount()
            self.groups.insertRow(r)
            values = [row.condition_label, row.agents]
            numbers = [row.lesions, row.patients, row.sessions, row.improving, row.stable, row.worse, row.not_enough]
            for c, text in enumerate(values):
                self.groups.setItem(r, c, cell(text))
            for c, number in enumerate(numbers, start=len(values)):
                self.groups.setItem(r, c, cell(str(number), align_right=True))
            for c, response in enumerate(row.responses, start=len(values) + len(numbers)):
                self.groups.setItem(r, c, cell(response.text, align_right=True,
                                               tip=f"{response.responders} responders among {response.assessed} lesions assessed near {response.months} months"))

    def _fill_flagged(self, result: ClinicOutcomes) -> None:
        self.flagged.setRowCount(0)
        for outcome in result.flagged:
            for flag in outcome.flags:
                r = self.flagged.rowCount()
                self.flagged.insertRow(r)
                self.flagged.setItem(r, 0, cell(outcome.chart_number, data=outcome.patient_id))
                self.flagged.setItem(r, 1, cell(outcome.patient_name))
                self.flagged.setItem(r, 2, cell(outcome.label))
                self.flagged.setItem(r, 3, cell(flag.text, colours=("#fde2e1", FLAG_COLOUR), tip=f"Source: {flag.source}"))

    def _fill_overdue(self, result: ClinicOutcomes) -> None:
        self.overdue.setRowCount(0)
        for review in result.overdue:
            r = self.overdue.rowCount()
            self.overdue.insertRow(r)
            texts = [review.chart_number, review.patient_name, review.lesion_label, review.condition_label,
                     day_cell(review.last_assessed) if review.last_assessed else "never",
                     day_cell(review.last_injection), day_cell(review.due_on)]
            for c, text in enumerate(texts):
                self.overdue.setItem(r, c, cell(text, data=review.patient_id if c == 0 else None))
            self.overdue.setItem(r, len(texts), cell(str(review.days_overdue), align_right=True))

    def _open_patient(self, table, row: int) -> None:  # noqa: ANN001
        item = table.item(row, 0)
        if item is not None:
            self.ctx.open_patient_requested.emit(item.data(Qt.UserRole))

    def _on_changed(self, entity: str, _id: int) -> None:
        if entity not in REFRESH_ON:
            return
        self._stale = True
        if self.isVisible():
            self.refresh()


register_workspace(Workspace("outcomes", "Outcomes", OutcomesWorkspace, shortcut="Ctrl+7", order=70))
