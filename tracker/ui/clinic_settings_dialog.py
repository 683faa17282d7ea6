"""File > Clinic settings: the clinic's name, phone and address (what the
printed sheets carry) and its time zone (a searchable list of IANA zones, with
the time there now). Problems show under their field; a change of time zone
says what it affects before it is saved. Settings changed at another
workstation since the dialog opened are not overwritten (Reload shows them)."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from tracker.services.settings import get_settings, known_zone, time_zones, update_settings
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.form_dialog import FormDialog

#: the settings this dialog edits, in its order
EDITED = ("clinic_name", "clinic_phone", "clinic_address", "clinic_timezone")
ZONE_NOTE = ("Changing the time zone changes the clinical date given to records made from now on (new sessions, "
             "photos, reminders and the editor's default time). Times are stored in UTC: records already saved "
             "keep their moment and their date.")


def zone_clock(name: str, now: datetime | None = None) -> str:
    """'Now there: Sat 5 Dec 2026, 08:56 (CET, UTC+01:00)', or '' for a name that is not a zone."""
    zone = known_zone(name)
    if zone is None:
        return ""
    moment = (now or datetime.now(timezone.utc)).astimezone(zone)
    offset = moment.strftime("%z")
    return f"Now there: {moment:%a %d %b %Y, %H:%M} ({moment.tzname()}, UTC{offset[:3]}:{offset[3:]})"


class ClinicSettingsDialog(FormDialog):
    """Window-modal; ``open_clinic_settings`` reads the settings off the GUI thread and opens it."""

    def __init__(self, ctx, parent: QWidget | None, values: dict[str, str], zones: list[str]) -> None:  # noqa: ANN001
        super().__init__(ctx, parent, "Clinic settings", "Save settings")
        self.values: dict[str, str] = {}
        intro = QLabel("The name, phone and address are printed on aftercare sheets and progress reports; "
                       "patients are told to call this number. The time zone gives records their clinical date.")
        intro.setWordWrap(True)
        self.name = QLineEdit(placeholderText="e.g. Riverside Dermatology Clinic")
        self.phone = QLineEdit(placeholderText="the number patients call, e.g. +44 20 7946 0000")
        self.address = QLineEdit(placeholderText="street, town (one line on the letterhead)")
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItems(zones)
        completer = QCompleter(zones, self.zone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone.setCompleter(completer)
        self.zone.lineEdit().setPlaceholderText("type a city, e.g. Paris")
        self.clock = QLabel()
        self.clock.setAccessibleName("Time in the chosen zone")
        self.zone_note = FieldMessage()
        zone_box = QWidget()
        column = QVBoxLayout(zone_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.zone)
        column.addWidget(self.clock)
        column.addWidget(self.zone_note)
        add = self.fields.add_row
        add(self.form, "Clinic &name:", "clinic_name", self.name)
        add(self.form, "&Phone:", "clinic_phone", self.phone)
        add(self.form, "&Address:", "clinic_address", self.address)
        add(self.form, "&Time zone:", "clinic_timezone", zone_box, focus=self.zone)
        body = QVBoxLayout()
        body.addWidget(intro)
        body.addLayout(self.form)
        self.finish(body)
        self.zone.currentTextChanged.connect(self._zone_typed)
        self._tick = QTimer(self, interval=20_000)
        self._tick.timeout.connect(self._show_clock)
        self._tick.start()
        self.load_record(values)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.sizeHint().height())

    # -- what is shown and typed ---------------------------------------------------------
    def load_record(self, values: dict[str, str]) -> None:
        """Fill the fields; a later save is refused if the stored values are no longer these."""
        self.values = {k: values.get(k, "") for k in EDITED}
        self.name.setText(self.values["clinic_name"])
        self.phone.setText(self.values["clinic_phone"])
        self.address.setText(self.values["clinic_address"])
        self.zone.setCurrentText(self.values["clinic_timezone"])
        self._zone_typed()

    def shown_record(self) -> dict[str, str]:
        return self.values

    def stored_record(self) -> dict[str, str]:
        return get_settings(self.ctx.db)

    def collect(self) -> dict[str, str]:
        return {"clinic_name": self.name.text().strip(), "clinic_phone": self.phone.text().strip(),
                "clinic_address": self.address.text().strip(), "clinic_timezone": self.zone.currentText().strip()}

    def compared_values(self, data: dict[str, str]) -> dict[str, str]:
        return {k: data.get(k, "") for k in EDITED}

    def _show_clock(self) -> None:
        text = zone_clock(self.zone.currentText())
        self.clock.setText(text or "Not a time zone this computer knows: choose one from the list.")

    def _zone_typed(self, *_args: object) -> None:
        self._show_clock()
        if self.zone.currentText().strip() != self.values.get("clinic_timezone"):
            if self.zone_note.isHidden():
                self.zone_note.show_message(ZONE_NOTE, "warning")
                self.fit_height()  # the dialog grows to hold the note
        else:
            self.zone_note.clear_message()

    # -- saving --------------------------------------------------------------------------
    def submit(self) -> None:
        self.fields.clear()
        typed = self.collect()
        zone_changed = typed["clinic_timezone"] != self.values["clinic_timezone"]
        saved = self.attempt(update_settings, self.ctx.db, self.ctx.actor_id, typed, expected=self.values)
        if saved is None:
            return
        note = f" New records take their date in {saved['clinic_timezone']}." if zone_changed else ""
        self.ctx.banner.emit(f"Clinic settings saved.{note}", "info")
        self.saved_as("setting", 0)


def open_clinic_settings(ctx, parent: QWidget) -> None:  # noqa: ANN001
    """Read the settings and the zone list in the task pool, then open the dialog."""

    def ready(found: tuple[dict[str, str], list[str]]) -> None:
        dialog = ClinicSettingsDialog(ctx, parent, *found)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    ctx.tasks.run(lambda db: (get_settings(db), time_zones()), ctx.db, on_done=ready,
                  on_error=lambda exc: ctx.banner.emit(f"The clinic settings could not be read: {exc}", "error"),
                  owner=parent)
