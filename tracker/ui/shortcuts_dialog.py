"""Help > Keyboard shortcuts: the table every action takes its keys from."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from tracker.ui.extensions import workspaces
from tracker.ui.shortcuts import GENERAL, SHORTCUTS


def rows() -> list[tuple[str, str, str]]:
    out = [(s.keys, s.what, s.where) for s in SHORTCUTS]
    out += [(w.shortcut, f"Go to the {w.title} page", "Anywhere") for w in workspaces() if w.shortcut]
    out += list(GENERAL)
    return out


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        data = rows()
        self.table = QTableWidget(len(data), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What it does", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, values in enumerate(data):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        width = sum(self.table.columnWidth(c) for c in range(3)) + 60
        self.resize(max(width, 640), self.table.rowHeight(0) * (len(data) + 3) + 80)
