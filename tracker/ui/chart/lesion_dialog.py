"""Adding or editing a lesion: site from the body-site vocabulary, laterality,
free text, and a position on the body map: a click there proposes the site
and side (corrected in the bar under the drawing or in the fields) and keeps
the position (map_view, map_x, map_y)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from tracker.models import Condition, Laterality
from tracker.services.body_map import view_for_site
from tracker.services.body_sites import body_sites, site_by_code
from tracker.services.lesions import LesionInput, LesionView, add_lesion, get_lesion, update_lesion, validate
from tracker.ui.body_map_slot import MapSlot, MarkerFactory
from tracker.ui.widgets.fields import DateField, ParseError
from tracker.ui.widgets.form_dialog import FormDialog
from tracker.ui.widgets.tables import notes_box

SIDES = (("No side", Laterality.NONE), ("Left", Laterality.LEFT), ("Right", Laterality.RIGHT), ("Both sides", Laterality.BILATERAL))


class LesionDialog(FormDialog):
    """Window-modal; open with ``open()``. ``saved(lesion_id)`` after a successful save."""

    def __init__(self, ctx, patient_id: int, parent: QWidget | None = None, lesion: LesionView | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, parent, "Edit lesion" if lesion else "New lesion", "Save lesion")
        self.patient_id, self.lesion = patient_id, lesion
        self.map_position: tuple[str, float, float] | None = (
            (lesion.map_view, lesion.map_x, lesion.map_y) if lesion and lesion.map_view else None)
        form = self.form
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
        self.notes = notes_box()
        add = self.fields.add_row
        add(form, "&Name:", "label", self.label, accessible="Lesion name")
        add(form, "&Condition:", "condition", self.condition)
        add(form, "Body &site:", "site_code", self.site)
        add(form, "Si&de:", "laterality", self.side)
        add(form, "Site &detail:", "site_text", self.site_text)
        add(form, "&Onset date:", "onset_date", self.onset)
        add(form, "No&tes:", "notes", self.notes)
        self.map_slot = MapSlot()
        self.map_slot.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self._make_marker: MarkerFactory | None = None
        fields = QVBoxLayout()
        fields.addLayout(form)
        fields.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(fields, 1)
        body.addWidget(self.map_slot, 1)
        self.finish(body)
        self.site.currentIndexChanged.connect(self._site_changed)
        self.site.editTextChanged.connect(self._site_changed)
        if lesion:
            self.load_record(lesion)
        else:  # nothing chosen for the person: a forgotten choice is asked for, not guessed
            self.condition.setPlaceholderText("choose the condition")
            self.condition.setCurrentIndex(-1)
            self.site.setCurrentIndex(-1)
            self.site.lineEdit().setPlaceholderText("type part of the site's name, e.g. lobule")
        self._site_changed()

    # -- the body map ----------------------------------------------------------
    def install_map(self, widget: QWidget, make_marker: MarkerFactory) -> None:
        """Put the body map in its slot: a click there sets the site, side and position."""
        self.map_slot.install(widget)
        self._make_marker = make_marker
        for signal in (widget.pointPlaced, widget.siteCorrected):
            signal.connect(lambda c: self.place_on_map(c.view, c.x, c.y, c.site_code, c.laterality, c.site_name,
                                                       corrected=c.corrected))
        widget.set_view(self.map_position[0] if self.map_position else self._site_view())
        self.label.textChanged.connect(self._show_marker)
        self._show_marker()
        # Room for the drawing beside the form, within the screen.
        unit, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().lineSpacing()
        width, height = max(self.sizeHint().width(), unit * 180), max(self.sizeHint().height(), line * 40)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def _site_view(self) -> str:
        """The drawing that shows the site chosen in the form best (the body's front when none is chosen)."""
        code = self.site_code()
        side = self.side.currentData()
        return view_for_site(code, side.value if side in (Laterality.LEFT, Laterality.RIGHT) else None) if code \
            else "body_front"

    def place_on_map(self, view: str, x: float, y: float, site_code: str | None, laterality=None,  # noqa: ANN001
                     site_name: str = "", *, corrected: bool = False) -> None:
        """A place chosen on the map: it proposes the site and side (staff may correct them)."""
        self.map_position = (view, x, y)
        index = self.site.findData(site_code) if site_code else -1
        if index >= 0:
            self.site.setCurrentIndex(index)
        if laterality is not None:
            side = self.side.findData(Laterality(laterality))
            if side >= 0 and self.side.isEnabled():
                self.side.setCurrentIndex(side)
        if index >= 0:
            where = self.side.currentText().lower() if self.side.currentData() != Laterality.NONE else ""
            source = "From the map, as corrected" if corrected else "From the map"
            self.fields.message("site_code").show_message(
                f"{source}: {site_name or self.site.currentText()}{f', {where}' if where else ''}. "
                "Correct it under the drawing or here if the drawing is not exact.", "info")
        self._show_marker()

    def _show_marker(self, *_args) -> None:  # noqa: ANN002
        widget = self.map_slot.map
        if widget is None or not self.map_position:
            return
        view, x, y = self.map_position
        widget.set_markers([self._make_marker(view, x, y, self.label.text() or "lesion", "lesion", "lesion")])

    # -- form ------------------------------------------------------------------
    def shown_record(self) -> LesionView:
        return self.lesion

    def stored_record(self) -> LesionView:
        return get_lesion(self.ctx.db, self.lesion.id)

    def load_record(self, lesion: LesionView) -> None:
        """Fill the fields (and the map's position); later saves compare against this version."""
        self.lesion = lesion
        self.map_position = (lesion.map_view, lesion.map_x, lesion.map_y) if lesion.map_view else None
        self._show_marker()
        self.label.setText(lesion.label)
        self.condition.setCurrentIndex(self.condition.findData(lesion.condition))
        self.site.setCurrentIndex(self.site.findData(lesion.site_code))
        self.side.setCurrentIndex(self.side.findData(lesion.laterality))
        self.site_text.setText(lesion.site_text or "")
        self.onset.set_value(lesion.onset_date)
        self.notes.setPlainText(lesion.notes or "")

    def site_code(self) -> str | None:
        """The listed site the field names, or None: an entry of the list as shown ("Hand (limb)"),
        a site's name alone ("hand"), or a part of a name only one entry has ("lobule")."""
        typed = self.site.currentText().strip().casefold()
        if not typed:
            return None
        codes = [self.site.itemData(n) for n in range(self.site.count())]
        for n, code in enumerate(codes):
            site = site_by_code(code)
            if typed in (self.site.itemText(n).casefold(), site.name.casefold() if site else None):
                return code
        named = [code for n, code in enumerate(codes) if typed in self.site.itemText(n).casefold()]
        return named[0] if len(named) == 1 else None

    def _site_changed(self, *_args) -> None:  # noqa: ANN002
        site = site_by_code(self.site_code() or "")
        lateral = bool(site and site.lateral)
        self.side.setEnabled(lateral)
        if not lateral:
            self.side.setCurrentIndex(self.side.findData(Laterality.NONE))
        widget = self.map_slot.map
        if widget is not None and not self.map_position and site is not None:
            widget.set_view(self._site_view())  # not placed yet: show where the chosen site is

    def compared_values(self, data: LesionInput) -> dict:
        values = super().compared_values(data)
        position = tuple(values.pop(k) for k in ("map_view", "map_x", "map_y"))
        values["map_position"] = position if position[0] else None
        return values

    def caption(self, name: str) -> str:
        return "Place on the body map" if name == "map_position" else super().caption(name)

    def shown_value(self, name: str, value) -> str:  # noqa: ANN001
        if name == "site_code" and value:
            site = site_by_code(value)
            return site.name if site else value
        if name == "map_position" and value:
            return f"marked on the {value[0].replace('_', ' ')} drawing"
        return super().shown_value(name, value)

    def collect(self) -> LesionInput | None:
        """The lesion as typed, or None with every problem the form can tell shown under its field, at once."""
        try:
            onset, unreadable = self.onset.value(), None
        except ParseError as exc:
            onset, unreadable = None, str(exc)
        site_code = self.site_code()
        missing = {}
        if not self.label.text().strip():
            missing["label"] = "give the lesion a short name"
        if self.condition.currentData() is None:
            missing["condition"] = "choose the condition"
        if site_code is None:
            missing["site_code"] = "choose a body site from the list (type part of its name)"
        view, x, y = self.map_position or (None, None, None)
        data = LesionInput(
            patient_id=self.patient_id, label=self.label.text().strip(), condition=self.condition.currentData(),
            site_code=site_code or "", laterality=self.side.currentData(),
            site_text=self.site_text.text().strip() or None, map_view=view, map_x=x, map_y=y, onset_date=onset,
            notes=self.notes.toPlainText().strip() or None,
        )
        if unreadable is None and not missing:
            return data
        others = {k: v for k, v in validate(data).items() if k not in missing and k != "site_code"}
        self.show_field_errors({**others, **missing, **({"onset_date": unreadable} if unreadable else {})})
        return None

    def submit(self) -> None:
        self.fields.clear()
        data = self.collect()
        if data is None:
            return
        if self.lesion is None:
            saved = self.attempt(add_lesion, self.ctx.db, self.ctx.actor_id, data)
        else:  # refused (nothing written) when the lesion was changed at another workstation since it was opened
            saved = self.attempt(update_lesion, self.ctx.db, self.ctx.actor_id, self.lesion.id, data,
                                 expected_version=self.lesion.row_version)
        if saved is not None:
            self.saved_as("lesion", saved.id)
