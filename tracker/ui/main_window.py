"""The main window: workspaces as tabs, a banner for messages, the status bar
with the acting staff member and the database in use."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from tracker.ui.banner import Banner
from tracker.ui.context import AppContext
from tracker.ui.extensions import workspaces
from tracker.ui.registry import load_features


class MainWindow(QMainWindow):
    def __init__(self, db, actor, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        load_features()
        self.ctx = AppContext(db, actor, parent=self)
        self.setWindowTitle("Injection Tracker")
        self.resize(1200, 780)

        self.banner = Banner()
        self.ctx.banner.connect(self.banner.show_message)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, QWidget] = {}
        for item in workspaces():
            page = item.factory(self.ctx)
            self.pages[item.key] = page
            self.tabs.addTab(page, item.title)
            if item.shortcut:
                QShortcut(QKeySequence(item.shortcut), self, activated=lambda p=page: self.tabs.setCurrentWidget(p))

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self.setCentralWidget(body)

        who = actor.display_name if actor else "no staff member"
        self.user_label = QLabel(f"User: {who}")
        self.user_label.setAccessibleName("Current user")
        self.db_label = QLabel(f"Database: {db.describe()}")
        self.db_label.setAccessibleName("Database in use")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        QShortcut(QKeySequence.Find, self, activated=self.focus_search)

    def page(self, key: str) -> QWidget:
        return self.pages[key]

    def focus_search(self) -> None:
        patients = self.pages.get("patients")
        if patients is not None:
            self.tabs.setCurrentWidget(patients)
            patients.focus_search()

    def unsaved_work(self) -> list[str]:
        """Titles of pages that hold edits not yet saved."""
        return [self.tabs.tabText(self.tabs.indexOf(p)) for p in self.pages.values()
                if getattr(p, "has_unsaved_changes", lambda: False)()]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        pending = self.unsaved_work()
        if pending:
            answer = QMessageBox.question(
                self, "Unsaved changes",
                "There are unsaved changes in: " + ", ".join(pending) + ".\nClose anyway and lose them?",
                QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Discard:
                event.ignore()
                return
        self.ctx.tasks.wait(5000)
        event.accept()
