"""The snooze dialog for reminders (the reason for dismissing one is asked by
tracker.ui.widgets.reason_dialog). ``SnoozeDialog.ask(...)`` returns plain
values: (date, note), or None when cancelled."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)


class SnoozeDialog(QDialog):
    """Choose the day a reminder comes back (tomorrow at the earliest), with an optional note."""

    def __init__(self, parent: QWidget | None, today: date, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snooze reminder")
        self.today = today
        heading = QLabel(f"Snooze: <b>{title}</b>")
        heading.setWordWrap(True)
        self.until = QDateEdit(QDate(today + timedelta(days=1)))
        self.until.setCalendarPopup(True)
        self.until.setMinimumDate(QDate(today + timedelta(days=1)))
        self.until.setDisplayFormat("ddd d MMM yyyy")
        self.until.setAccessibleName("Snooze until")
        quick = QHBoxLayout()
        for label, days in (("Tomorrow", 1), ("In 3 days", 3), ("In a week", 7), ("In 2 weeks", 14)):
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, d=days: self.until.setDate(QDate(today + timedelta(days=d))))
            quick.addWidget(button)
        self.note = QLineEdit(placeholderText="Why (optional), e.g. patient away until Monday")
        self.note.setAccessibleName("Snooze note")
        form = QFormLayout()
        until_label, note_label = QLabel("&Until:"), QLabel("&Note:")
        until_label.setBuddy(self.until)
        note_label.setBuddy(self.note)
        form.addRow(until_label, self.until)
        form.addRow("", quick)
        form.addRow(note_label, self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Snooze", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[date, str]:
        return self.until.date().toPython(), self.note.text().strip()

    @staticmethod
    def ask(parent: QWidget | None, today: date, title: str) -> tuple[date, str] | None:
        dialog = SnoozeDialog(parent, today, title)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
