"""Filing a photo again where it belongs: the chart (this patient's by
default, or another's by its chart number), the lesion or none, the day it
was taken (when the camera's date was wrong), and why.

The misfiled record is voided with the reason and a new one is made from the
same stored file (services/photo_void.refile_photo), in one transaction."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from tracker.services.lesions import patient_lesions
from tracker.services.patients import PatientView, get_patient, patient_by_chart
from tracker.services.photo_void import measurement_count, refile_photo
from tracker.services.photos import PhotoView
from tracker.ui.photos.shared import measurements_text
from tracker.ui.widgets.fields import DateField, ParseError
from tracker.ui.widgets.form_dialog import FormDialog
from tracker.ui.wording import capitalised

NO_LESION = "No lesion (photo of the patient)"


class RefileDialog(FormDialog):
    """Window-modal; open with ``open()``. ``saved(new_photo_id)`` once filed again."""

    def __init__(self, ctx, photo: PhotoView, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent, "File photo again", "File &again")
        self.photo = photo
        self.patient: PatientView | None = get_patient(ctx.db, photo.patient_id)
        where = f"{self.patient.display_name} ({self.patient.chart_number})"
        lesion = f", lesion {photo.lesion_label}" if photo.lesion_id else ", no lesion"
        measured = measurement_count(ctx.db, photo.id)
        intro = QLabel(
            f"This photo is filed on {where}{lesion}. Choose where it belongs, or the day it was taken when the "
            "camera's date was wrong. The record here is voided with "
            "your reason and stays readable; a new record is made from the same stored file, on the visit of "
            "the day it was taken." + (f" The {measurements_text(measured)} made on it {'is' if measured == 1 else 'are'} voided with it; measure the "
                                       "new record again." if measured else ""))
        intro.setWordWrap(True)
        self.chart = QLineEdit(self.patient.chart_number)
        self.lesion = QComboBox()
        self.taken = DateField()
        self.taken.set_value(photo.taken_on)
        self.reason = QLineEdit(placeholderText="e.g. this is the left ear keloid, not the scalp patch")
        add = self.fields.add_row
        self.chart_message = add(self.form, "&Chart number:", "patient_id", self.chart)
        add(self.form, "&Lesion:", "lesion_id", self.lesion)
        add(self.form, "&Date taken:", "taken_on", self.taken, accessible="Date the photo was taken")
        add(self.form, "&Why:", "reason", self.reason, accessible="Why the photo is filed again")
        body = QVBoxLayout()
        body.addWidget(intro)
        body.addLayout(self.form)
        self.finish(body)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.lesion.currentIndexChanged.connect(lambda _i: self.fields.message("lesion_id").clear_message())
        self.chart.editingFinished.connect(self.look_up_chart)
        self._fill_lesions()

    def look_up_chart(self) -> None:
        """The chart typed: whose it is, and their lesions to choose from."""
        if self.patient is not None and self.chart.text().strip().lower() == self.patient.chart_number.lower():
            return  # the same chart again (focus leaving the field): nothing to look up
        found = patient_by_chart(self.ctx.db, self.chart.text())
        if found is not None and found.id == (self.patient.id if self.patient else None):
            self._show_patient()
            return
        self.patient = found
        self._fill_lesions()
        if found is None:
            self.chart_message.show_message(f"No patient has chart number {self.chart.text().strip() or '(empty)'}")

    def _show_patient(self) -> None:
        p = self.patient
        self.chart_message.show_message(f"{p.display_name}, born {p.date_of_birth}" + (" (record voided)" if p.voided else ""),
                                        "info")

    def _fill_lesions(self) -> None:
        self.lesion.clear()
        if self.patient is None:
            return
        self._show_patient()
        self.lesion.addItem(NO_LESION, None)
        for lesion in patient_lesions(self.ctx.db, self.patient.id):
            self.lesion.addItem(f"{lesion.label} ({lesion.site_name})", lesion.id)
        # Nothing chosen for the person: where the photo belongs is asked for, not guessed.
        self.lesion.setCurrentIndex(-1)
        self.lesion.setPlaceholderText("choose the lesion, or no lesion")

    def submit(self) -> None:
        self.fields.clear()
        if self.patient is None:
            self.look_up_chart()
            if self.patient is None:
                self.chart.setFocus()
                return
        if self.lesion.currentIndex() < 0:
            self.show_field_errors({"lesion_id": "choose the lesion the photo shows, or no lesion"})
            return
        try:
            taken_on = self.taken.value()
        except ParseError as exc:
            self.show_field_errors({"taken_on": str(exc)})
            return
        result = self.attempt(refile_photo, self.ctx.db, self.ctx.actor_id, self.photo.id, patient_id=self.patient.id,
                              lesion_id=self.lesion.currentData(), reason=self.reason.text(), taken_on=taken_on,
                              expected_version=self.photo.row_version)
        if result is not None:
            self.saved_as("photo", result.photo.id)

    def show_conflict(self, text: str) -> None:
        """Changed at another workstation meanwhile: nothing was filed."""
        self.general.show_message(f"{capitalised(text)}. Nothing was filed; close this window and select "
                                  "the photo again.", "error")
