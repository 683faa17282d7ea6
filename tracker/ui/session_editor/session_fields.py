"""The session itself: when, who, consent, notes (and why, for an amendment)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QFormLayout, QLineEdit, QWidget

from tracker.services.staff import StaffView
from tracker.ui.widgets.form import FieldSet
from tracker.ui.widgets.tables import notes_box


class SessionFields(QWidget):
    changed = Signal()

    def __init__(self, staff: tuple[StaffView, ...], zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.fields = FieldSet()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.amendment_reason = QLineEdit(placeholderText="what this amendment corrects, e.g. lot number typed wrongly")
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.clinician = QComboBox()
        self.clinician.setPlaceholderText("choose who gave the injections")
        # Only active clinicians give injections (services/staff.py); a record naming someone else keeps them.
        for person in sorted((p for p in staff if p.gives_injections and p.active), key=lambda p: p.display_name):
            self.clinician.addItem(person.display_name, person.id)
        self.consent = QCheckBox("Consent &obtained")
        self.consent_note = QLineEdit(placeholderText="optional: how or what was consented")
        self.notes = notes_box(3)
        add = self.fields.add_row
        self.reason_message = add(form, "Amendment &reason:", "amendment_reason", self.amendment_reason)
        self._reason_row = form.rowCount() - 1
        add(form, "&Date and time:", "performed_at", self.when, accessible="Session date and time")
        add(form, "&Clinician:", "clinician_id", self.clinician)
        add(form, "Consent:", "consent_obtained", self.consent, accessible="Consent obtained")
        add(form, "Consent note:", "consent_note", self.consent_note)  # Alt+O is the consent box's; Tab follows it
        add(form, "Not&es:", "notes", self.notes, accessible="Session notes")
        self.form = form
        self.show_amendment(False)
        # A refusal's message under a field goes once that field is changed (the date's is check_dates').
        for name, signal in (("amendment_reason", self.amendment_reason.textEdited),
                             ("clinician_id", self.clinician.currentIndexChanged), ("consent_obtained", self.consent.toggled),
                             ("consent_note", self.consent_note.textEdited), ("notes", self.notes.textChanged)):
            self.fields.clear_when_changed(name, signal)
        self.when.dateTimeChanged.connect(lambda _dt: self.changed.emit())
        self.clinician.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.consent.toggled.connect(lambda _on: self.changed.emit())
        self.consent_note.textEdited.connect(lambda _t: self.changed.emit())
        self.notes.textChanged.connect(self.changed.emit)
        self.amendment_reason.textEdited.connect(lambda _t: self.changed.emit())

    def show_amendment(self, visible: bool) -> None:
        self.form.setRowVisible(self._reason_row, visible)

    def performed_at(self) -> datetime:
        """The moment typed, in the clinic's time zone (stored as UTC by the service)."""
        return self.when.dateTime().toPython().replace(second=0, microsecond=0, tzinfo=self.zone)

    def clinic_day(self) -> date:
        return self.performed_at().date()

    def set_performed_at(self, moment: datetime) -> None:
        local = moment.astimezone(self.zone).replace(tzinfo=None)
        self.when.setDateTime(QDateTime(local))

    def set_clinician(self, staff_id: int | None, name: str | None = None) -> None:
        """Choose ``staff_id`` when they are offered; a saved record's clinician who is not
        (has left, or was never a clinician) is shown by ``name``; else nobody is chosen."""
        index = self.clinician.findData(staff_id)
        if index < 0 and staff_id is not None and name:
            self.clinician.addItem(f"{name} (not offered now)", staff_id)
            index = self.clinician.count() - 1
        self.clinician.setCurrentIndex(index)

    def check_dates(self, born: date, today: date) -> None:
        """Say at once when the date cannot be right (the service checks again)."""
        message = self.fields.message("performed_at")
        day = self.clinic_day()
        if day < born:
            message.show_message(f"The session date is before the patient's birth ({born.isoformat()}).", "error")
        elif day > today + timedelta(days=1):  # as the save decides (session_input.validate_session)
            message.show_message("The session date is more than a day ahead: a draft can be dated tomorrow at the "
                                 "latest, so this cannot be saved.", "error")
        elif day > today:
            message.show_message("The session date is tomorrow: it can be saved as a draft, and signed once it has "
                                 "taken place.", "warning")
        else:
            message.clear_message()

    def snapshot(self) -> dict:
        return {"performed_at": self.performed_at().isoformat(), "clinician_id": self.clinician.currentData(),
                "consent": self.consent.isChecked(), "consent_note": self.consent_note.text(),
                "notes": self.notes.toPlainText(), "amendment_reason": self.amendment_reason.text()}

    def restore(self, snap: dict) -> None:
        self.set_performed_at(datetime.fromisoformat(snap["performed_at"]))
        self.set_clinician(snap.get("clinician_id"))
        self.consent.setChecked(bool(snap.get("consent")))
        self.consent_note.setText(snap.get("consent_note", ""))
        self.notes.setPlainText(snap.get("notes", ""))
        self.amendment_reason.setText(snap.get("amendment_reason", ""))

    def set_read_only(self, read_only: bool) -> None:
        self.fields.set_read_only(read_only)
        for edit in (self.amendment_reason, self.consent_note):
            edit.setReadOnly(read_only)
        self.notes.setReadOnly(read_only)
        for widget in (self.when, self.clinician, self.consent):
            widget.setEnabled(not read_only)
