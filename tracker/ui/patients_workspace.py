"""The Patients workspace: the finder on the left (always at hand, Ctrl+F),
the open patient's chart on the right.

Opening another patient goes through the switch protocol: the chart's
editors and panels are asked about unsaved work first, and can stop it.

At start-up this page is shown before the database is open (the finder on
the first look, ``show_first_look``); the chart takes its place on the right
when ``ctx.opened`` says the database is ready, and a patient chosen before
that opens then. So this module imports no database layer and not the chart
at module level.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from tracker.ui import unsaved
from tracker.ui.chart.no_patient import no_patient_note
from tracker.ui.extensions import Workspace, register_workspace
from tracker.ui.patients.finder import PatientFinder
from tracker.ui.preferences import remember_splitter
from tracker.ui.shortcuts import key

if TYPE_CHECKING:
    from tracker.services.patient_first_look import FirstLook
    from tracker.ui.chart.chart import PatientChart
    from tracker.ui.patients.patient_dialog import PatientDialog
    from tracker.ui.session_editor.recovery import Recovered

log = logging.getLogger(__name__)

class PatientsWorkspace(QWidget):
    #: the open patient changed: its id
    patient_opened = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.finder = PatientFinder(ctx)
        self.chart: PatientChart | None = None  # built once the database is open
        self._open_when_built: int | None = None
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("patientsSplit")
        self.split.addWidget(self.finder)
        self.split.addWidget(no_patient_note())
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setCollapsible(1, False)
        # The finder gets about 5/17 of the width (some 60 characters in a 1200-pixel window).
        unit = self.fontMetrics().averageCharWidth() * 12
        remember_splitter(self.split, "patients_split", [unit * 5, unit * 12])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self.finder.open_requested.connect(self.open_patient)
        # Keep the ids for compatibility with the first version of this page.
        self.search = self.finder.search
        self.patients = self.finder.patients
        if ctx.db is not None:
            self._build_chart()
        else:
            ctx.opened.connect(self._build_chart)

    def _build_chart(self) -> None:
        from tracker.ui.chart.chart import PatientChart

        self.chart = chart = PatientChart(self.ctx)
        self.split.replaceWidget(1, chart).deleteLater()
        self.split.setStretchFactor(1, 3)  # kept by the widget, not the place: the chart takes most of the extra width
        self.split.setCollapsible(1, False)
        for name, slot in chart.shortcut_actions():
            action = QAction(self, shortcut=key(name), shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, run=slot: chart.patient_id is not None and run())
            self.addAction(action)
        chart.edit_patient_requested.connect(self.edit_patient)
        if self._open_when_built is not None:
            self.open_patient(self._open_when_built)

    # -- public --------------------------------------------------------------
    def show_first_look(self, look: FirstLook) -> None:
        """Start-up: the finder shows what the first look read (tracker/ui/app.py)."""
        self.finder.show_first_look(look)

    def focus_search(self) -> None:
        sizes = self.split.sizes()
        if sizes and sizes[0] == 0:
            self.split.setSizes([max(self.width() // 4, self.finder.minimumSizeHint().width()), sizes[1]])
        self.finder.focus_search()

    def open_patient(self, patient_id: int) -> bool:
        """Open a patient's chart, unless unsaved work stops it. True if it opened
        (or, before the database is open, will open as soon as it is)."""
        if self.chart is None:
            self._open_when_built = patient_id
            return True
        self._open_when_built = None
        if patient_id == self.chart.patient_id:
            self.chart.reload()
            self.chart.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if not unsaved.settle(self, self.chart.holders(), "open another patient"):
            return False
        self.chart.set_patient(patient_id)
        self.finder.remember(patient_id)
        self.finder.show_open(patient_id)
        self.patient_opened.emit(patient_id)
        return True

    def new_patient(self) -> PatientDialog:
        from tracker.ui.patients.patient_dialog import PatientDialog

        dialog = PatientDialog(self.ctx, self)
        dialog.saved.connect(self.open_patient)
        dialog.open()
        return dialog

    def edit_patient(self) -> PatientDialog | None:
        from tracker.services.errors import ServiceError
        from tracker.services.patients import get_patient
        from tracker.ui.patients.patient_dialog import PatientDialog

        if self.chart is None or self.chart.patient_id is None:
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
        if self.chart is None or not self.open_patient(int(recovered.payload["patient_id"])):
            return False
        self.chart.restore_editor(recovered)
        return True

    # -- the switch protocol (asked by the main window before closing) ----------
    def holders(self) -> list[object]:
        """Everything on this page that may hold unsaved work."""
        return self.chart.holders() if self.chart is not None else []

    def has_unsaved_changes(self) -> bool:
        return bool(unsaved.dirty(self.holders()))


register_workspace(Workspace("patients", "Patients", PatientsWorkspace, shortcut="Ctrl+1", order=10))
