"""Registering a patient or editing one: every problem is shown under its field.
A new patient with the same name and date of birth as an active one is saved
only after a second, explicit "Register anyway"."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialogButtonBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget,
)

from tracker.models import Sex
from tracker.services.patient_duplicates import likely_same_person, same_person_message
from tracker.services.patients import (
    PatientInput, PatientView, clean_input, get_patient, name_key, register_patient, update_patient, validate,
    void_patient,
)
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.fields import DateField, ParseError, long_date
from tracker.ui.widgets.form_dialog import FormDialog
from tracker.ui.widgets.reason_dialog import ReasonDialog, ask_reason
from tracker.ui.widgets.tables import notes_box

FITZPATRICK = ("not recorded", "I", "II", "III", "IV", "V", "VI")


def _text(edit: QLineEdit | QPlainTextEdit) -> str:
    return (edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()).strip()


class PatientDialog(FormDialog):
    """Window-modal; open it with ``open()``. ``saved(patient_id)`` after a successful save."""

    def __init__(self, ctx, parent: QWidget | None = None, patient: PatientView | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent, "Edit patient" if patient else "New patient",
                         "Save changes" if patient else "Register patient")
        self.patient = patient
        self.register_text = self.save_button.text()
        self._confirmed: tuple | None = None  # the name and birth date "Register anyway" was pressed for
        form = self.form
        self.chart_number = QLineEdit()
        self.family_name = QLineEdit()
        self.given_names = QLineEdit()
        self.date_of_birth = DateField()
        self.sex = QComboBox()
        for sex in Sex:
            self.sex.addItem(sex.value.capitalize(), sex)
        self.sex.setCurrentIndex(self.sex.findData(Sex.UNKNOWN))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.address = QLineEdit()
        self.fitzpatrick = QComboBox()
        self.fitzpatrick.addItems(FITZPATRICK)
        self.allergies = QLineEdit(placeholderText="e.g. lidocaine, latex (leave empty if none known)")
        self.diabetes = QCheckBox("&Diabetes")
        self.pregnant = QCheckBox("&Pregnant")
        self.immunosuppressed = QCheckBox("&Immunosuppressed")
        self.notes = notes_box()

        add = self.fields.add_row
        add(form, "&Chart number:", "chart_number", self.chart_number)
        add(form, "&Family name:", "family_name", self.family_name)
        add(form, "&Given names:", "given_names", self.given_names)
        self.dob_message = add(form, "Date of &birth:", "date_of_birth", self.date_of_birth)
        add(form, "&Sex:", "sex", self.sex)
        add(form, "P&hone:", "phone", self.phone)
        add(form, "&E-mail:", "email", self.email)
        add(form, "&Address:", "address", self.address)
        add(form, "Fitzpatrick skin &type:", "fitzpatrick", self.fitzpatrick)
        add(form, "A&llergies:", "allergies", self.allergies)
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        for box in (self.diabetes, self.pregnant, self.immunosuppressed):
            row.addWidget(box)
        row.addStretch(1)
        flag_message = FieldMessage()
        form.addRow("Care flags:", flags)
        form.addRow("", flag_message)
        self.fields.register("pregnant", self.pregnant, flag_message)
        add(form, "&Notes:", "notes", self.notes)

        self.void_button = None
        if patient and not patient.voided:  # a chart registered twice or by mistake
            self.void_button = self.buttons.addButton("&Void record…", QDialogButtonBox.ButtonRole.ResetRole)
            self.void_button.setAccessibleName("Void this patient record")
            self.void_button.setToolTip("For a chart registered twice or by mistake: it stays readable, "
                                        "leaves the search and takes no new records")
            self.void_button.clicked.connect(self.void_record)
        self.finish()
        self.date_of_birth.textEdited.connect(self._echo_date)
        for edit in (self.family_name, self.given_names, self.date_of_birth):
            edit.textEdited.connect(self._identity_edited)
        if patient:
            self.load_record(patient)

    def shown_record(self) -> PatientView:
        return self.patient

    def stored_record(self) -> PatientView:
        return get_patient(self.ctx.db, self.patient.id)

    def load_record(self, p: PatientView) -> None:
        """Fill the fields; later saves compare against this version."""
        self.patient = p
        self.chart_number.setText(p.chart_number)
        self.family_name.setText(p.family_name)
        self.given_names.setText(p.given_names)
        self.date_of_birth.set_value(p.date_of_birth)
        self.sex.setCurrentIndex(self.sex.findData(p.sex))
        self.phone.setText(p.phone or "")
        self.email.setText(p.email or "")
        self.address.setText(p.address or "")
        self.fitzpatrick.setCurrentIndex(p.fitzpatrick or 0)
        self.allergies.setText(p.allergies or "")
        self.diabetes.setChecked(p.diabetes)
        self.pregnant.setChecked(p.pregnant)
        self.immunosuppressed.setChecked(p.immunosuppressed)
        self.notes.setPlainText(p.notes or "")

    def _echo_date(self, _text: str) -> None:
        """Say back the date understood, so 4/3/1975 is not mistaken for April."""
        try:
            day = self.date_of_birth.value()
        except ParseError:
            self.dob_message.clear_message()
            return
        if day is None:
            self.dob_message.clear_message()
        else:
            self.dob_message.show_message(long_date(day), "info")

    def _identity_edited(self, _text: str) -> None:
        """Another name or birth date: a warning about the one before no longer holds."""
        if self._confirmed is not None or self.general.kind == "warning":
            self._confirmed = None
            self.general.clear_message()
            self.save_button.setText(self.register_text)

    def _likely_registered(self, data: PatientInput) -> bool:
        """Warn (and ask for "Register anyway") when this looks like someone
        already registered; True when the warning is shown and nothing saved."""
        identity = (name_key(data.family_name), name_key(data.given_names), data.date_of_birth)
        if self._confirmed == identity:
            return False
        charts = self.attempt(likely_same_person, self.ctx.db, data)
        if not charts:
            return False
        self._confirmed = identity
        self.general.show_message(same_person_message(charts), "warning")
        self.save_button.setText("Register anyway")
        self.save_button.setFocus()
        return True

    def collect(self) -> PatientInput | None:
        """The typed patient, or None when the date of birth cannot be read: then every other
        field's problem the form can tell (not one a stored chart shows) is shown with it, at once."""
        try:
            born, unreadable = self.date_of_birth.value(), None
        except ParseError as exc:
            born, unreadable = None, str(exc)
        data = PatientInput(
            chart_number=self.chart_number.text().strip(), family_name=self.family_name.text().strip(),
            given_names=self.given_names.text().strip(), date_of_birth=born, sex=self.sex.currentData(),
            phone=_text(self.phone), email=_text(self.email), address=_text(self.address),
            fitzpatrick=self.fitzpatrick.currentIndex() or None, allergies=_text(self.allergies),
            diabetes=self.diabetes.isChecked(), pregnant=self.pregnant.isChecked(),
            immunosuppressed=self.immunosuppressed.isChecked(), notes=_text(self.notes),
        )
        if unreadable is None:
            return data
        others = {k: v for k, v in validate(clean_input(data)).items() if k != "date_of_birth"}
        self.show_field_errors({**others, "date_of_birth": unreadable})
        return None

    def void_record(self) -> ReasonDialog:
        """Ask why, then void the chart; a refusal (it holds records in use: what to do first) is shown in
        the reason dialog, which stays open."""
        p = self.patient

        def void(reason: str) -> None:
            voided = void_patient(self.ctx.db, self.ctx.actor_id, p.id, reason, p.row_version)
            self.ctx.banner.emit(f"The record of {voided.display_name} ({voided.chart_number}) is voided.", "info")
            self.saved_as("patient", voided.id)

        return ask_reason(self, "Void patient record",
                          f"Void the record of {p.display_name} ({p.chart_number})?\n\nUse this for a chart registered "
                          "twice or by mistake. The record stays readable; it leaves the patient search and takes no "
                          "new sessions, lesions or photos.\n\nWhy is it voided?", "Void record", void,
                          on_conflict=lambda exc: self.show_conflict(str(exc)))  # the bar offers Reload

    def submit(self) -> None:
        self.fields.clear()
        data = self.collect()
        if data is None:
            return
        if self.patient is None:
            if self._likely_registered(data):
                return
            saved = self.attempt(register_patient, self.ctx.db, self.ctx.actor_id, data)
        else:
            saved = self.attempt(update_patient, self.ctx.db, self.ctx.actor_id, self.patient.id, data, self.patient.row_version)
        if saved is not None:
            self.saved_as("patient", saved.id)
