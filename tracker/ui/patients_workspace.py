"""The Patients workspace: type-ahead search and the patient list."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from tracker.ui.extensions import Workspace, register_workspace
from tracker.ui.patient_list_model import PatientListModel


class PatientsWorkspace(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(placeholderText="Find a patient: chart number, name or date of birth (Ctrl+F)")
        self.search.setAccessibleName("Patient search")
        self.search.setClearButtonEnabled(True)
        self.patients = PatientListModel(ctx.db, self)
        self.table = QTableView()
        self.table.setAccessibleName("Patients")
        self.table.setModel(self.patients)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.search.textChanged.connect(self.patients.set_search)
        ctx.changed.connect(self._on_changed)
        self.patients.set_search("")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()

    def _on_changed(self, entity: str, _id: int) -> None:
        if entity == "patient":
            self.patients.refresh()


register_workspace(Workspace("patients", "Patients", PatientsWorkspace, shortcut="Ctrl+1", order=10))
