"""Adding or editing a lesion: site from the body-site vocabulary, laterality,
free text, and (once installed) a position on the body map."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from tracker.models import Condition, Laterality
from tracker.services.body_sites import body_sites, site_by_code
from tracker.services.errors import ServiceError, ValidationError
from tracker.services.lesions import LesionInput, LesionView, add_lesion, update_lesion
from tracker.ui.body_map_slot import MapSlot, MarkerFactory
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.fields import DateField, ParseError
from tracker.ui.widgets.form import FieldSet

SIDES = (("No side", Laterality.NONE), ("Left", Laterality.LEFT), ("Right", Laterality.RIGHT), ("Both sides", Laterality.BILATERAL))


class LesionDialog(QDialog):
    """Window-modal; open with ``open()``. ``saved(lesion_id)`` after a successful save."""

    saved = Signal(int)

    def __init__(self, ctx, patient_id: int, parent: QWidget | None = None, lesion: LesionView | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.patient_id, self.lesion = ctx, patient_id, lesion
        self.setWindowTitle("Edit lesion" if lesion else "New lesion")
        self.map_position: tuple[str, float, float] | None = (
            (lesion.map_view, lesion.map_x, lesion.map_y) if lesion and lesion.map_view else None)
        self.general = FieldMessage()
        self.fields = FieldSet(self.general)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.label = QLineEdit(placeholderText="a short name, e.g. left earlobe keloid")
        self.condition = QComboBox()
        for condition in Condition:
            self.condition.addItem(condition.label, condition)
        self.site = QComboBox()
        for site in sorted(body_sites(), key=lambda s: s.name):
            self.site.addItem(f"{site.name} ({site.region})", site.code)
        # Type any part of the name ("lob" finds "Ear lobule"); only listed sites are accepted.
        self.site.setEditable(True)
        self.site.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.site.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.side = QComboBox()
        for text, side in SIDES:
            self.side.addItem(text, side)
        self.site_text = QLineEdit(placeholderText="optional detail, e.g. 2 cm above the lobe")
        self.onset = DateField()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.notes.fontMetrics().lineSpacing() * 4 + 12)
        add = self.fields.add_row
        add(form, "&Name:", "label", self.label, accessible="Lesion name")
        add(form, "&Condition:", "condition", self.condition)
        add(form, "Body &site:", "site_code", self.site)
        add(form, "Si&de:", "laterality", self.side)
        add(form, "Site &detail:", "site_text", self.site_text)
        add(form, "&Onset date:", "onset_date", self.onset)
        add(form, "No&tes:", "notes", self.notes)
        self.map_slot = MapSlot()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save lesion", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(form, 1)
        body.addWidget(self.map_slot, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.site.currentIndexChanged.connect(self._site_changed)
        self.site.editTextChanged.connect(self._site_changed)
        if lesion:
            self._load(lesion)
        self._site_changed()

    # -- the body map ----------------------------------------------------------
    def install_map(self, widget: QWidget, make_marker: MarkerFactory) -> None:
        """Put the body map in its slot: a click there sets the site, side and position."""
        self.map_slot.install(widget)
        self._make_marker = make_marker
        widget.pointPlaced.connect(lambda c: self.place_on_map(c.view, c.x, c.y, c.site_code, c.laterality))
        if self.map_position:
            widget.set_view(self.map_position[0])
        self._show_marker()

    def place_on_map(self, view: str, x: float, y: float, site_code: str | None, laterality=None) -> None:  # noqa: ANN001
        """A place chosen on the map: it proposes the site and side (staff may correct them)."""
        self.map_position = (view, x, y)
        index = self.site.findData(site_code) if site_code else -1
        if index >= 0:
            self.site.setCurrentIndex(index)
        if laterality is not None:
            side = self.side.findData(Laterality(laterality))
            if side >= 0 and self.side.isEnabled():
                self.side.setCurrentIndex(side)
        self._show_marker()

    def _show_marker(self) -> None:
        widget = self.map_slot.map
        if widget is None or not self.map_position:
            return
        view, x, y = self.map_position
        widget.set_markers([self._make_marker(view, x, y, self.label.text() or "lesion", "lesion", "lesion")])

    # -- form ------------------------------------------------------------------
    def _load(self, lesion: LesionView) -> None:
        self.label.setText(lesion.label)
        self.condition.setCurrentIndex(self.condition.findData(lesion.condition))
        self.site.setCurrentIndex(self.site.findData(lesion.site_code))
        self.side.setCurrentIndex(self.side.findData(lesion.laterality))
        self.site_text.setText(lesion.site_text or "")
        self.onset.set_value(lesion.onset_date)
        self.notes.setPlainText(lesion.notes or "")

    def site_code(self) -> str | None:
        """The listed site whose name is in the field, or None for other text."""
        index = self.site.findText(self.site.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return self.site.itemData(index) if index >= 0 else None

    def _site_changed(self, *_args) -> None:  # noqa: ANN002
        site = site_by_code(self.site_code() or "")
        lateral = bool(site and site.lateral)
        self.side.setEnabled(lateral)
        if not lateral:
            self.side.setCurrentIndex(self.side.findData(Laterality.NONE))

    def submit(self) -> None:
        self.fields.clear()
        try:
            onset = self.onset.value()
        except ParseError as exc:
            self.fields.show_errors({"onset_date": str(exc)})
            return
        if self.site_code() is None:
            self.fields.show_errors({"site_code": "choose a body site from the list (type part of its name)"})
            return
        view, x, y = self.map_position or (None, None, None)
        data = LesionInput(
            patient_id=self.patient_id, label=self.label.text().strip(), condition=self.condition.currentData(),
            site_code=self.site_code(), laterality=self.side.currentData(),
            site_text=self.site_text.text().strip() or None, map_view=view, map_x=x, map_y=y, onset_date=onset,
            notes=self.notes.toPlainText().strip() or None,
        )
        try:
            if self.lesion is None:
                saved = add_lesion(self.ctx.db, self.ctx.actor_id, data)
            else:
                saved = update_lesion(self.ctx.db, self.ctx.actor_id, self.lesion.id, data)
        except ValidationError as exc:
            self.fields.show_errors(exc.errors)
            return
        except ServiceError as exc:
            self.general.show_message(str(exc), "error")
            return
        self.ctx.notify("lesion", saved.id)
        self.saved.emit(saved.id)
        self.accept()
