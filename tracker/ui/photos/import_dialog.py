"""Adding photos: a preview grid of every file chosen, dropped or found in a
folder (a camera card), where each photo gets its lesion, view and date
BEFORE anything is stored. Looking at the files and importing them both run
in a worker with progress and Cancel; every file that cannot be imported
gets its own message and the rest go on."""
from __future__ import annotations

import logging
from datetime import datetime, time, timezone
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QProgressBar,
    QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget,
)

from tracker.services.capture_standards import capture_standards
from tracker.services.lesions import patient_lesions
from tracker.services.photo_dates import date_check
from tracker.services.photo_import import ImportReport, import_photos
from tracker.services.photo_scan import Survey, survey
from tracker.services.photo_visits import patient_visits
from tracker.services.settings import clinic_zone
from tracker.ui.photos.cards import CardGridView
from tracker.ui.photos.checklist import PhotographyChecklist
from tracker.ui.photos.import_model import PreviewItem, PreviewModel
from tracker.ui.photos.shared import preview_loader, run_for

log = logging.getLogger(__name__)

PREVIEW_CARD = QSize(206, 262)
DATE_MESSAGE = "date"  # marks the messages that follow the photos' dates


class ImportDialog(QDialog):
    surveyed = Signal()
    finished_import = Signal(object)  # ImportReport

    def __init__(self, ctx, patient_id: int, paths: list[Path], *, lesion_id: int | None = None,  # noqa: ANN001
                 session_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id = patient_id
        self.default_lesion, self.default_session = lesion_id, session_id
        self.task = None
        self.report: ImportReport | None = None
        self._importing = False
        self._close_when_stopped = False
        self.setWindowTitle("Add photos")
        self.resize(1180, 760)
        lesions = patient_lesions(ctx.db, patient_id)
        self.lesion_names = {lesion.id: lesion.label for lesion in lesions}
        self.loader = preview_loader(self)
        zone = clinic_zone(ctx.db)
        self.model = PreviewModel(self.loader, self.lesion_names, patient_visits(ctx.db, patient_id), zone,
                                  date_check(ctx.db, patient_id, zone), self)
        self._build(lesions)
        self.model.dataChanged.connect(self._data_changed)
        self.model.modelReset.connect(self._show_date_messages)
        self._start_survey(paths)

    # ---- layout -------------------------------------------------------------------------------
    def _build(self, lesions) -> None:  # noqa: ANN001
        self.grid = CardGridView(card=PREVIEW_CARD, thumb_height=140)
        self.grid.setAccessibleName("Photos to import")
        self.grid.setModel(self.model)
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        # A blank box (the selected photos differ) keeps each photo's own lesion or view.
        self.lesion = QComboBox(accessibleName="Lesion for selected photos", placeholderText="Each keeps its own lesion")
        self.lesion.addItem("No lesion (photo of the patient)", None)
        for lesion in lesions:
            self.lesion.addItem(lesion.label, lesion.id)
        self.view = QComboBox(accessibleName="View for selected photos", placeholderText="Each keeps its own view")
        self.view.addItem("No view label", None)
        for view in capture_standards().views:
            self.view.addItem(view.label, view.code)
            self.view.setItemData(self.view.count() - 1, view.hint, Qt.ItemDataRole.ToolTipRole)
        self.date = QDateEdit(accessibleName="Date taken for selected photos", calendarPopup=True, displayFormat="dd MMM yyyy")
        self.date.setDate(QDate.currentDate())
        self.apply_button = QPushButton("Apply lesion and view to selected", accessibleName="Apply lesion and view")
        self.apply_button.clicked.connect(self.apply_to_selected)
        self.date_button = QPushButton("Set date of selected", accessibleName="Set date of selected")
        self.date_button.clicked.connect(self.set_date_of_selected)
        self.leave_out_button = QPushButton("Leave out / include selected", accessibleName="Leave out or include")
        self.leave_out_button.clicked.connect(self.toggle_selected)
        select_all = QPushButton("Select all", accessibleName="Select all photos")
        select_all.clicked.connect(self.grid.selectAll)

        assign = QGroupBox("Assign the selected photos")
        form = QFormLayout(assign)
        form.addRow("Lesion:", self.lesion)
        form.addRow("View:", self.view)
        form.addRow(self.apply_button)
        form.addRow("Date taken:", self.date)
        form.addRow(self.date_button)
        row = QHBoxLayout()
        row.addWidget(select_all)
        row.addWidget(self.leave_out_button)
        form.addRow(row)

        self.checklist = PhotographyChecklist()
        panel = QWidget()
        side_layout = QVBoxLayout(panel)
        side_layout.setContentsMargins(0, 0, 4, 0)
        side_layout.addWidget(assign)
        side_layout.addWidget(self.checklist)
        side_layout.addStretch(1)
        side = QScrollArea()
        side.setWidget(panel)
        side.setWidgetResizable(True)
        side.setFrameShape(QScrollArea.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setMinimumWidth(350)

        self.messages = QListWidget(accessibleName="Import messages")
        self.messages.setMaximumHeight(100)
        self.messages.setWordWrap(True)  # a message says what to do: all of it is read
        self.summary = QLabel(accessibleName="Import summary", wordWrap=True)
        self.progress = QProgressBar(accessibleName="Progress")
        self.progress.setTextVisible(True)
        self.import_button = QPushButton("Import", accessibleName="Import photos")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("Cancel", accessibleName="Cancel")
        self.cancel_button.clicked.connect(self.cancel)

        splitter = QSplitter()
        splitter.addWidget(self.grid)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([820, 340])
        self.progress.setFixedWidth(360)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        intro = QLabel("Check each photo's lesion, view and date before importing. Nothing is stored until you press Import.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(QLabel("Messages:"))
        layout.addWidget(self.messages)
        layout.addLayout(bottom)
        self._show_choices_of([])
        self._set_busy(False)

    # ---- looking at the files --------------------------------------------------------------------
    def _start_survey(self, paths: list[Path]) -> None:
        self.summary.setText("Looking at the files…")
        self._set_busy(True)
        self.task = run_for(self, survey, self.ctx.db, list(paths), on_done=self._surveyed,
                                       on_error=self._failed, on_progress=self._progress)

    def _surveyed(self, found: Survey) -> None:
        self.task = None
        self._set_busy(False)
        items = [PreviewItem(c, self.default_lesion, None, self.default_session, include=c.usable) for c in found.candidates]
        self.model.set_items(items)
        for _path, message in found.problems:
            self.messages.addItem(message)
        for c in found.candidates:
            if c.problem or c.note:
                self.messages.addItem(c.problem or c.note)
        usable = len(self.model.importable_rows())
        self.summary.setText(f"{len(items)} picture{'s' if len(items) != 1 else ''} found, {usable} ready to import."
                             + ("" if self.default_lesion else " Choose a lesion and a view for them on the right."))
        self._sync_buttons()
        self.surveyed.emit()
        if self._close_when_stopped:
            self.reject()

    def _data_changed(self, _first, _last, roles=()) -> None:  # noqa: ANN001
        if list(roles) != [Qt.ItemDataRole.DecorationRole]:  # a thumbnail arriving changes no date
            self._show_date_messages()

    def _show_date_messages(self) -> None:
        """The photos whose date needs correcting, first in the messages; a corrected date's message goes."""
        shown = [row for row in range(self.messages.count())
                 if self.messages.item(row).data(Qt.ItemDataRole.UserRole) == DATE_MESSAGE]
        wanted = self.model.date_messages()
        if [self.messages.item(row).text() for row in shown] == wanted:
            return  # e.g. only a thumbnail arrived
        for row in reversed(shown):
            self.messages.takeItem(row)
        for row, text in enumerate(wanted):
            self.messages.insertItem(row, text)
            self.messages.item(row).setData(Qt.ItemDataRole.UserRole, DATE_MESSAGE)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{text} ({done} of {total})" if text and done < total else "%v of %m")

    def _failed(self, exc: Exception) -> None:
        self.task = None
        self._set_busy(False)
        self.summary.setText(f"Stopped: {exc}")
        self.messages.addItem(str(exc))

    # ---- assigning -------------------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return self.grid.selected_rows()

    def _selection_changed(self) -> None:
        self._show_choices_of(self.selected_rows())
        self._sync_buttons()

    def _show_choices_of(self, rows: list[int]) -> None:
        """The Lesion and View boxes show what the selected photos have (with none selected,
        the lesion they were dropped on), or stay blank when the photos differ."""
        chosen = [self.model.items[r] for r in rows]
        lesions = {i.lesion_id for i in chosen} if chosen else {self.default_lesion}
        views = {i.view_label or None for i in chosen} if chosen else {None}
        self.lesion.setCurrentIndex(self.lesion.findData(lesions.pop()) if len(lesions) == 1 else -1)
        self.view.setCurrentIndex(self.view.findData(views.pop()) if len(views) == 1 else -1)

    def apply_to_selected(self) -> None:
        """Give the selected photos the lesion and view in the boxes; a blank box changes nothing."""
        changes = {}
        if self.lesion.currentIndex() >= 0:
            changes["lesion_id"] = self.lesion.currentData()
        if self.view.currentIndex() >= 0:
            changes["view_label"] = self.view.currentData()
        self.model.update(self.selected_rows(), **changes)
        self._sync_buttons()

    def set_date_of_selected(self) -> None:
        day = self.date.date().toPython()
        # Noon in the clinic's time zone keeps the clinic date whatever the offset.
        moment = datetime.combine(day, time(12, 0), tzinfo=clinic_zone(self.ctx.db)).astimezone(timezone.utc)
        self.model.update(self.selected_rows(), taken_at=moment)

    def toggle_selected(self) -> None:
        rows = [r for r in self.selected_rows() if self.model.items[r].candidate.usable]
        include = not all(self.model.items[r].include for r in rows)
        self.model.update(rows, include=include)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        count = len(self.model.importable_rows())
        busy = self.task is not None
        self.import_button.setText(f"Import {count} photo{'s' if count != 1 else ''}")
        self.import_button.setEnabled(count > 0 and not busy)
        has_selection = bool(self.grid.selectionModel().selectedIndexes())
        for w in (self.apply_button, self.date_button, self.leave_out_button):
            w.setEnabled(has_selection and not busy)
        if busy:
            self.cancel_button.setText("Cancel import" if self._importing else "Stop looking")
        else:
            self.cancel_button.setText("Close" if self.report is not None else "Cancel")

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._sync_buttons()

    # ---- importing ----------------------------------------------------------------------------------------
    def start_import(self) -> None:
        rows = self.model.importable_rows()
        if not rows or self.task is not None:
            return
        items = [self.model.items[r].as_import_item() for r in rows]
        self._importing = True
        self.summary.setText(f"Importing {len(items)} photos…")
        self.task = run_for(self, import_photos, self.ctx.db, self.ctx.actor_id, self.patient_id, items,
                                       on_done=self._imported, on_error=self._failed, on_progress=self._progress)
        self._set_busy(True)

    def _imported(self, report: ImportReport) -> None:
        self.task = None
        self._importing = False
        self.report = report
        self._set_busy(False)
        self.model.apply_results(list(report.results))
        for result in report.problems + report.to_check:
            self.messages.addItem(result.message)
        self.summary.setText(report.summary() + ".")
        if report.imported:
            self.ctx.notify("photo", 0)
        self._sync_buttons()
        self.finished_import.emit(report)
        if self._close_when_stopped:
            self.accept()

    def cancel(self) -> None:
        """Cancel looking or importing (files already stored stay stored); close when idle."""
        if self.task is not None:
            self.task.cancel()
            self.summary.setText("Stopping after the current file…")
            return
        self.loader.cancel_pending()
        if self.report is not None:
            self.accept()
        else:
            self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.task is not None:
            self._close_when_stopped = True
            self.cancel()
            event.ignore()
            return
        self.loader.cancel_pending()
        super().closeEvent(event)

    def reject(self) -> None:
        if self.task is not None:
            self._close_when_stopped = True
            self.cancel()
            return
        super().reject()
