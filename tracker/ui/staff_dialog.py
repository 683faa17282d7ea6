"""Switching the acting staff member: whose name goes on what is recorded next."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from tracker.services.staff import StaffView, list_staff


class StaffDialog(QDialog):
    chosen = Signal(object)  # StaffView

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("Switch staff member")
        self.people: list[StaffView] = list_staff(ctx.db)
        note = QLabel("Records you save, sign, amend or void from now on carry this name.")
        note.setWordWrap(True)
        self.person = QComboBox()
        self.person.setAccessibleName("Staff member")
        for person in self.people:
            self.person.addItem(f"{person.display_name} ({person.role.value})", person.id)
        current = self.person.findData(ctx.actor_id)
        if current >= 0:
            self.person.setCurrentIndex(current)
        form = QFormLayout()
        caption = QLabel("&Staff member:")
        caption.setBuddy(self.person)
        form.addRow(caption, self.person)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Switch", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(bool(self.people))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        person = next((p for p in self.people if p.id == self.person.currentData()), None)
        if person is not None:
            self.chosen.emit(person)
        self.accept()
