"""The Patients workspace: the finder on the left (always at hand, Ctrl+F),
the open patient's chart on the right.

Opening another patient goes through the switch protocol: the chart's
editors and panels are asked about unsaved work first, and can stop it.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from tracker.services.errors import ServiceError
from tracker.services.patients import get_patient
from tracker.ui import unsaved
from tracker.ui.chart.chart import PatientChart
from tracker.ui.extensions import Workspace, register_workspace
from tracker.ui.patients.finder import PatientFinder
from tracker.ui.patients.patient_dialog import PatientDialog
from tracker.ui.preferences import remember_splitter
from tracker.ui.session_editor.recovery import Recovered
from tracker.ui.shortcuts import key

log = logging.getLogger(__name__)

class PatientsWorkspace(QWidget):
    #: the open patient changed: its id
    patient_opened = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.finder = PatientFinder(ctx)
        self.chart = PatientChart(ctx)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("patientsSplit")
        self.split.addWidget(self.finder)
        self.split.addWidget(self.chart)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setCollapsible(1, False)
        # The finder gets about 5/17 of the width (some 60 characters in a 1200-pixel window).
        unit = self.fontMetrics().averageCharWidth() * 12
        remember_splitter(self.split, "patients_split", [unit * 5, unit * 12])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        for name, slot in self.chart.shortcut_actions():
            action = QAction(self, shortcut=key(name), shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, run=slot: self.chart.patient_id is not None and run())
            self.addAction(action)
        self.finder.open_requested.connect(self.open_patient)
        self.chart.edit_patient_requested.connect(self.edit_patient)
        # Keep the ids for compatibility with the first version of this page.
        self.search = self.finder.search
        self.patients = self.finder.patients

    # -- public --------------------------------------------------------------
    def focus_search(self) -> None:
        sizes = self.split.sizes()
        if sizes and sizes[0] == 0:
            self.split.setSizes([max(self.width() // 4, self.finder.minimumSizeHint().width()), sizes[1]])
        self.finder.focus_search()

    def open_patient(self, patient_id: int) -> bool:
        """Open a patient's chart, unless unsaved work stops it. True if it opened."""
        if patient_id == self.chart.patient_id:
            self.chart.reload()
            self.chart.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if not unsaved.settle(self, self.chart.holders(), "open another patient"):
            return False
        self.chart.set_patient(patient_id)
        self.finder.remember(patient_id)
        self.patient_opened.emit(patient_id)
        return True

    def new_patient(self) -> PatientDialog:
        dialog = PatientDialog(self.ctx, self)
        dialog.saved.connect(self.open_patient)
        dialog.open()
        return dialog

    def edit_patient(self) -> PatientDialog | None:
        if self.chart.patient_id is None:
            return None
        try:
            patient = get_patient(self.ctx.db, self.chart.patient_id)
        except ServiceError as exc:
            self.ctx.banner.emit(str(exc), "error")
            return None
        dialog = PatientDialog(self.ctx, self, patient=patient)
        dialog.open()
        return dialog

    def restore_recovered(self, recovered: Recovered) -> bool:
        """Reopen work a crash interrupted: its patient, then its editor."""
        if not self.open_patient(int(recovered.payload["patient_id"])):
            return False
        self.chart.restore_editor(recovered)
        return True

    # -- the switch protocol (asked by the main window before closing) ----------
    def holders(self) -> list[object]:
        """Everything on this page that may hold unsaved work."""
        return self.chart.holders()

    def has_unsaved_changes(self) -> bool:
        return bool(unsaved.dirty(self.holders()))


register_workspace(Workspace("patients", "Patients", PatientsWorkspace, shortcut="Ctrl+1", order=10))
