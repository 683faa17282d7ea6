"""File > Staff…: everyone who works with the program; add, edit, deactivate
and reactivate (nobody is deleted: a deactivated person stays named on what
they did). Refusals (the last active clinician) are said under the list."""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tracker.services.errors import ServiceError
from tracker.services.staff import ROLE_LABELS, StaffView, deactivate_staff, list_staff, reactivate_staff
from tracker.ui.staff_form import StaffFormDialog
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.tables import RowsModel, read_only_table

log = logging.getLogger(__name__)


class StaffModel(RowsModel):
    columns = ("Name", "User name", "Role", "Status")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: ANN401
        person: StaffView | None = self.row_at(index.row())
        if person is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return (person.display_name, person.username, ROLE_LABELS[person.role],
                "active" if person.active else "deactivated")[index.column()]

    def set_rows(self, rows: list[StaffView]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class StaffWindow(QDialog):
    """Window-modal; open it with ``open()``."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Staff")
        note = QLabel("Everyone who works with the program. Nobody is deleted: deactivate someone who has left "
                      "and they stay named on what they did.")
        note.setWordWrap(True)
        self.model = StaffModel(self)
        self.table = read_only_table(self.model, "Staff members")
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.message = FieldMessage()
        self.add_button = QPushButton("&Add\u2026")
        self.edit_button = QPushButton("&Edit\u2026")
        self.active_button = QPushButton("&Deactivate")
        self.add_button.setAccessibleName("Add a staff member")
        self.edit_button.setAccessibleName("Edit the selected staff member")
        for button, slot in ((self.add_button, self.add), (self.edit_button, self.edit),
                             (self.active_button, self.toggle_active)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.active_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(640, 380)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._follow_selection())
        self.reload()

    # -- the list ------------------------------------------------------------------
    def selected(self) -> StaffView | None:
        return self.model.row_at(self.table.currentIndex().row())

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else getattr(self.selected(), "id", None)
        people = list_staff(self.ctx.db, active_only=False)
        people.sort(key=lambda p: (not p.active, p.display_name.casefold()))
        self.model.set_rows(people)
        at = next((n for n, p in enumerate(people) if p.id == keep), 0)
        if people:
            self.table.selectRow(at)
            self.table.setCurrentIndex(self.model.index(at, 0))
        self.table.resizeColumnsToContents()
        self._follow_selection()

    def _follow_selection(self) -> None:
        person = self.selected()
        self.edit_button.setEnabled(person is not None)
        self.active_button.setEnabled(person is not None)
        reactivate = person is not None and not person.active
        self.active_button.setText("&Reactivate" if reactivate else "&Deactivate")
        if person is not None:
            self.active_button.setAccessibleName(f"{'Reactivate' if reactivate else 'Deactivate'} {person.display_name}")

    # -- changes -------------------------------------------------------------------
    def add(self) -> StaffFormDialog:
        return self._form(None)

    def edit(self) -> StaffFormDialog | None:
        person = self.selected()
        return self._form(person) if person is not None else None

    def _form(self, person: StaffView | None) -> StaffFormDialog:
        self.message.clear_message()
        dialog = StaffFormDialog(self.ctx, self, person)
        dialog.saved.connect(lambda staff_id: self._saved(staff_id, "Saved" if person else "Added"))
        dialog.open()
        return dialog

    def _saved(self, staff_id: int, verb: str) -> None:
        self.reload(staff_id)
        self.message.show_message(f"{verb}: {self.selected().display_name}.", "ok")
        self.table.setFocus()

    def toggle_active(self) -> None:
        person = self.selected()
        if person is None:
            return
        if person.active and person.id == self.ctx.actor_id:
            self.message.show_message(f"You are working as {person.display_name}: switch to another staff member "
                                      "first (File > Switch staff member\u2026).", "error")
            return
        change = deactivate_staff if person.active else reactivate_staff
        try:
            changed = change(self.ctx.db, self.ctx.actor_id, person.id)
        except ServiceError as exc:
            log.info("staff change refused: %s", exc)
            self.message.show_message(str(exc), "error")
            return
        self.ctx.notify("staff", changed.id)
        self.reload(changed.id)
        self.message.show_message(
            f"{changed.display_name} is deactivated: no longer offered, still named on their records." if not changed.active
            else f"{changed.display_name} is active again.", "ok")
        self.active_button.setFocus()
