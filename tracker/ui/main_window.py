"""The main window: patient search and list, status bar with user and database."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

from tracker.ui.patient_list_model import PatientListModel


class MainWindow(QMainWindow):
    def __init__(self, db, actor, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle("Injection Tracker")
        self.resize(1100, 720)

        self.search = QLineEdit(placeholderText="Find a patient: chart number, name or date of birth (Ctrl+F)")
        self.search.setAccessibleName("Patient search")
        self.search.setClearButtonEnabled(True)
        self.patients = PatientListModel(db, self)
        self.table = QTableView()
        self.table.setAccessibleName("Patients")
        self.table.setModel(self.patients)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.setAlternatingRowColors(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.setCentralWidget(body)

        who = actor.display_name if actor else "no staff member"
        self.user_label = QLabel(f"User: {who}")
        self.db_label = QLabel(f"Database: {db.describe()}")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)

        self.search.textChanged.connect(self.patients.set_search)
        QShortcut(QKeySequence.Find, self, activated=self._focus_search)
        self.patients.set_search("")

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()
