"""Adding a staff member or editing one (name and role), each problem under
its field; also the first-run question for a new clinic's first clinician."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from tracker.models import StaffRole
from tracker.services.staff import ROLE_LABELS, StaffView, add_staff, update_staff
from tracker.ui.widgets.form_dialog import FormDialog

ROLE_HINT = ("A clinician gives injections and is named on a session as the one who gave them: a nurse who "
             "injects is a clinician here. A nurse assists; the front desk registers patients.")


class StaffFormDialog(FormDialog):
    """Window-modal; open it with ``open()``. ``saved(staff_id)`` after a save.
    ``person`` given: edit their name and role (the user name stays).
    ``first_clinician``: the clinic's first person, a clinician (no role to choose)."""

    def __init__(self, ctx, parent: QWidget | None = None, person: StaffView | None = None, *,  # noqa: ANN001
                 first_clinician: bool = False) -> None:
        title = "Edit staff member" if person else "Welcome: the first clinician" if first_clinician else "Add staff member"
        save = "Save changes" if person else "Add and start" if first_clinician else "Add staff member"
        super().__init__(ctx, parent, title, save)
        self.person = person
        self.display_name = QLineEdit(placeholderText="as shown on records, e.g. Dr Ama Mensah")
        self.username = QLineEdit(placeholderText="to sign in with, e.g. a.mensah (no spaces)")
        self.role = QComboBox()
        for role in StaffRole:
            self.role.addItem(ROLE_LABELS[role], role)
        add = self.fields.add_row
        if first_clinician:
            intro = QLabel("This clinic has no staff yet. Who gives the injections here? Records you save "
                           "carry this name; add the rest of the staff later in File > Staff\u2026.")
            intro.setWordWrap(True)
            self.form.addRow(intro)
        add(self.form, "&Name:", "display_name", self.display_name, accessible="Name shown on records")
        add(self.form, "&User name:", "username", self.username)
        add(self.form, "&Role:", "role", self.role)
        if first_clinician:
            self.form.setRowVisible(self.role.parentWidget(), False)
        else:
            role_hint = QLabel(ROLE_HINT)
            role_hint.setWordWrap(True)
            self.form.addRow("", role_hint)
        if person is not None:
            self.display_name.setText(person.display_name)
            self.username.setText(person.username)
            self.username.setReadOnly(True)
            self.username.setToolTip("A user name does not change: add a new staff member instead.")
            self.role.setCurrentIndex(self.role.findData(person.role))
        self.finish()
        self.setMinimumWidth(460)

    def submit(self) -> None:
        self.fields.clear()
        name, role = self.display_name.text(), self.role.currentData()
        if self.person is None:
            saved = self.attempt(add_staff, self.ctx.db, self.ctx.actor_id, self.username.text(), name, role)
        else:
            saved = self.attempt(update_staff, self.ctx.db, self.ctx.actor_id, self.person.id, name, role)
        if saved is not None:
            self.saved_as("staff", saved.id)
