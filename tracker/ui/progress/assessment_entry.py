"""Entering one outcome assessment for one lesion, with the scoring shown as
the person types: each item's range and meaning, invalid values named next to
the field, the live total and band.

Used on its own (a review visit: "New assessment") and inside the session
editor: ``AssessmentEntry(ctx, lesion_id, session_id=None)``, with
``has_unsaved_changes()``, ``save()`` and the ``saved(int)`` signal.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from tracker.services.assessments import AssessmentInput, AssessmentView, check_input, clinic_today, record_assessment
from tracker.services.errors import ServiceError, ValidationError
from tracker.services.instruments import Instrument, instrument, instruments_for, plain, score_items
from tracker.services.instruments.definitions import round_to
from tracker.services.lesions import get_lesion
from tracker.services.session_views import get_session
from tracker.ui.progress.common import error_label, muted, show_error
from tracker.ui.theme import scale_font

log = logging.getLogger(__name__)

#: Names a scalp drawing may use for the four SALT views (the body map's
#: ScalpPaintWidget reports scalp_top, scalp_back, scalp_left, scalp_right;
#: its left and right views are the patient's left and right sides).
SALT_VIEW_NAMES = {"vertex": "vertex", "top": "vertex", "back": "back", "occiput": "back", "posterior": "back",
                   "left": "left", "right": "right", "scalp_top": "vertex", "scalp_back": "back",
                   "scalp_left": "left", "scalp_right": "right"}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _title(inst: Instrument) -> str:
    return inst.name if inst.short_name.lower() in inst.name.lower() else f"{inst.short_name} — {inst.name}"


class ItemRow:
    """The widgets of one item: input, range, live meaning, error."""

    def __init__(self, item, grid: QGridLayout, row: int) -> None:  # noqa: ANN001
        self.item = item
        label = QLabel(item.label + ("" if item.required else " (optional)"))
        self.edit = QLineEdit()
        self.edit.setAccessibleName(item.label)
        self.edit.setPlaceholderText(item.range_text)
        self.edit.setMaximumWidth(90)
        self.edit.setAlignment(Qt.AlignRight)
        label.setBuddy(self.edit)
        tip = [item.help] if item.help else []
        tip += [f"{plain(v)} = {text}" for v, text in item.anchors]
        self.edit.setToolTip("\n".join(tip) or item.range_text)
        self.range = muted(item.range_text)
        self.meaning = QLabel()
        self.meaning.setStyleSheet("color: #1f5fbf;")
        self.error = error_label()
        grid.addWidget(label, row, 0)
        grid.addWidget(self.edit, row, 1)
        grid.addWidget(self.range, row, 2)
        grid.addWidget(self.meaning, row, 3)
        grid.addWidget(self.error, row + 1, 1, 1, 3)

    def update(self, value: Decimal | None, problem: str | None) -> None:
        item = self.item
        text = ""
        if value is not None:
            anchor = item.anchor_for(value)
            if item.weight is not None:
                text = f"× {plain(item.weight * 100)}% = {plain(round_to(value * item.weight, 2))}"
            elif anchor:
                text = anchor
        self.meaning.setText(text)
        show_error(self.error, problem)


class AssessmentEntry(QWidget):
    #: the id of the assessment just saved
    saved = Signal(int)
    #: True when typed values are not saved yet
    dirty_changed = Signal(bool)
    #: anything typed or chosen changed (for an embedding editor's recovery copy)
    edited = Signal()

    def __init__(self, ctx, lesion_id: int, session_id: int | None = None, *,  # noqa: ANN001
                 assessed_on: date | None = None, show_save_button: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.lesion_id, self.session_id = ctx, lesion_id, session_id
        self.lesion = get_lesion(ctx.db, lesion_id)
        self._values: dict[str, dict[str, str]] = {}  # typed text per instrument, kept when switching
        self._rows: dict[str, ItemRow] = {}
        self._dirty = False
        self._building = False

        header = QLabel(f"<b>{self.lesion.label}</b> — {self.lesion.condition.label}, {self.lesion.site_phrase}")
        header.setWordWrap(True)
        self.instrument_box = QComboBox()
        self.instrument_box.setAccessibleName("Instrument")
        # Narrow enough for the session editor's page; the list shows the full names.
        self.instrument_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.instrument_box.setMinimumContentsLength(12)
        suggested, others = instruments_for(self.lesion.condition.value)
        for inst in suggested:
            self.instrument_box.addItem(_title(inst), inst.code)
        if suggested and others:
            self.instrument_box.insertSeparator(self.instrument_box.count())
        for inst in others:
            self.instrument_box.addItem(_title(inst), inst.code)
        self.version_box = QComboBox()
        self.version_box.setAccessibleName("Version")
        self.date_edit = QDateEdit()
        self.date_edit.setAccessibleName("Date of assessment")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        today = clinic_today(ctx.db)
        self.date_edit.setMaximumDate(_qdate(today))
        day = assessed_on or (get_session(ctx.db, session_id).clinic_date if session_id else today)
        self.date_edit.setDate(_qdate(day))
        self.date_error = error_label()
        if session_id is not None:
            self.follow_visit(day)

        # Instrument, date and version one under another (fits the session editor's narrow page too).
        top = QGridLayout()
        top.addWidget(QLabel("&Instrument"), 0, 0)
        top.itemAtPosition(0, 0).widget().setBuddy(self.instrument_box)
        top.addWidget(self.instrument_box, 0, 1)
        top.addWidget(QLabel("&Date"), 1, 0)
        top.itemAtPosition(1, 0).widget().setBuddy(self.date_edit)
        top.addWidget(self.date_edit, 1, 1, Qt.AlignmentFlag.AlignLeft)
        top.addWidget(self.date_error, 2, 1)
        top.addWidget(QLabel("Version"), 3, 0)
        top.addWidget(self.version_box, 3, 1, Qt.AlignmentFlag.AlignLeft)
        top.setColumnStretch(1, 1)

        self.description = muted()
        self.items_frame = QFrame()
        self.grid = QGridLayout(self.items_frame)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setColumnStretch(3, 1)

        self.result = QLabel()
        self.result.setAccessibleName("Result")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.RichText)
        self.result.setStyleSheet("QLabel { background: #f3f6fb; border: 1px solid #d5deea; border-radius: 4px; }")
        self.result.setMargin(8)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Assessment notes")
        self.notes.setPlaceholderText("Notes (optional)")
        self.notes.setFixedHeight(54)
        self.source = muted()
        scale_font(self.source, 0.9)
        self.general_error = error_label()
        self.status = muted()
        self.status.setAccessibleName("Save status")

        self.save_button = QPushButton("&Save assessment")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        self.save_button.setVisible(show_save_button)
        self.clear_button.setVisible(show_save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(top)
        layout.addWidget(self.description)
        layout.addWidget(self.items_frame)
        layout.addWidget(self.result)
        layout.addWidget(self.notes)
        layout.addWidget(self.general_error)
        layout.addWidget(self.source)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.instrument_box.currentIndexChanged.connect(self._instrument_changed)
        self.notes.textChanged.connect(self._refresh_dirty)
        self._instrument_changed()

    # ---- public API ----------------------------------------------------------

    @property
    def instrument(self) -> Instrument:
        return instrument(self.instrument_box.currentData())

    def select_instrument(self, code: str) -> None:
        index = self.instrument_box.findData(code)
        if index < 0:
            raise ValueError(f"no instrument {code!r} in this form")
        self.instrument_box.setCurrentIndex(index)

    def set_values(self, values: Mapping[str, object]) -> None:
        """Fill items of the current instrument (as if typed)."""
        for key, value in values.items():
            if key not in self._rows:
                raise ValueError(f"{self.instrument.short_name} has no item {key!r}")
            self._rows[key].edit.setText("" if value is None else str(value))

    def set_salt_views(self, percents: Mapping[str, object]) -> None:
        """Take per-view percent hair loss (e.g. from the scalp drawings):
        {'vertex' or 'top', 'back', 'left', 'right': percent}. Switches to SALT."""
        self.select_instrument("salt")
        values = {}
        for name, percent in percents.items():
            key = SALT_VIEW_NAMES.get(str(name).lower())
            if key is None:
                raise ValueError(f"unknown scalp view {name!r} (use vertex/top, back, left, right)")
            try:
                number = Decimal(str(percent))
            except InvalidOperation:
                raise ValueError(f"not a percentage for {name}: {percent!r}") from None
            values[key] = plain(round_to(number, self.instrument.item(key).decimals))
        self.set_values(values)

    def set_session_id(self, session_id: int | None) -> None:
        """Link what is saved next to a visit (the session editor calls this once its draft exists)."""
        self.session_id = session_id

    def set_assessed_on(self, day: date) -> None:
        self.date_edit.setDate(_qdate(day))

    def follow_visit(self, day: date) -> None:
        """The assessment belongs to a visit: its date is the visit's and is not edited here."""
        self.date_edit.setDate(_qdate(day))
        self.date_edit.setEnabled(False)
        self.date_edit.setToolTip("The date of the visit this assessment belongs to")

    def field(self, key: str) -> QLineEdit:
        """The input of one item of the current instrument (for the embedding editor and tests)."""
        return self._rows[key].edit

    def item_error(self, key: str) -> str:
        """The message shown beside an item ('' when it is fine)."""
        label = self._rows[key].error
        return label.text() if not label.isHidden() else ""

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def current_result(self):  # noqa: ANN201
        """The live ScoreResult of what is typed now."""
        return score_items(self.instrument, self._typed())

    def pending_input(self) -> AssessmentInput:
        """What would be saved now (the current instrument's items, the date, the notes)."""
        return AssessmentInput(
            lesion_id=self.lesion_id, instrument=self.instrument.code, assessed_on=self.date_edit.date().toPython(),
            items=self._typed(), version=self.version_box.currentData(), session_id=self.session_id,
            notes=self.notes.toPlainText().strip() or None,
        )

    def check(self) -> bool:
        """Show what is missing or wrong beside the items, without saving. True when it could be saved."""
        errors, _stored = check_input(self.instrument, self.pending_input())
        self._show_errors(errors)
        return not errors

    def save(self) -> AssessmentView | None:
        """Save what is typed for the current instrument. Returns the saved
        assessment, or None when something is missing or wrong (shown beside it)."""
        try:
            view = record_assessment(self.ctx.db, self.ctx.actor_id, self.pending_input())
        except ServiceError as exc:
            self.show_refusal(exc)
            return None
        self.accept_saved(view)
        return view

    def show_refusal(self, exc: ServiceError) -> None:
        """A refused save (here or by an embedding editor): messages beside the items."""
        if isinstance(exc, ValidationError):
            self._show_errors(exc.errors)
        else:
            show_error(self.general_error, str(exc))

    def accept_saved(self, view: AssessmentView) -> None:
        """The typed assessment was stored (here or by an embedding editor): clear the form, say so."""
        self._values.pop(view.instrument, None)
        self._building = True
        for row in self._rows.values():
            row.edit.clear()
        self.notes.clear()
        self._building = False
        self._update()
        self.status.setText(f"Saved: {view.result_text} on {view.assessed_on:%d %b %Y}.")
        log.info("assessment %s saved from the form", view.id)
        self.saved.emit(view.id)
        self.ctx.notify("assessment", view.id)

    def snapshot(self) -> dict:
        """What is typed, per instrument, as JSON-safe data (for a recovery copy)."""
        current = self.instrument.code
        values = {code: dict(typed) for code, typed in self._values.items() if typed and code != current}
        if self._typed():
            values[current] = self._typed()
        return {"instrument": self.instrument.code, "values": values, "notes": self.notes.toPlainText()}

    def restore(self, snap: dict) -> None:
        """Show a snapshot again (as if typed)."""
        current = snap.get("instrument")
        if current and self.instrument_box.findData(current) >= 0:
            self.select_instrument(current)
        values = snap.get("values") or {}
        self._values = {code: dict(typed) for code, typed in values.items() if self.instrument_box.findData(code) >= 0}
        typed = self._values.get(self.instrument.code, {})
        for key, row in self._rows.items():
            row.edit.setText(typed.get(key, ""))
        self.notes.setPlainText(snap.get("notes", ""))
        self._refresh_dirty()

    def clear(self) -> None:
        self._values.clear()
        for row in self._rows.values():
            row.edit.clear()
        self.notes.clear()
        self.status.clear()
        self._update()

    # ---- internals -------------------------------------------------------------

    def _typed(self) -> dict[str, str]:
        return {key: row.edit.text() for key, row in self._rows.items() if row.edit.text().strip()}

    def _instrument_changed(self) -> None:
        if self._rows:
            self._values[self._current_code] = self._typed()
        inst = self.instrument
        self._current_code = inst.code
        self._building = True
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._rows = {}
        for n, item in enumerate(inst.items):
            row = ItemRow(item, self.grid, 2 * n)
            row.edit.textChanged.connect(self._update)
            row.edit.returnPressed.connect(lambda key=item.key: self._focus_after(key))
            self._rows[item.key] = row
        for key, text in self._values.get(inst.code, {}).items():
            self._rows[key].edit.setText(text)
        chain = [self.date_edit, *(row.edit for row in self._rows.values()), self.notes, self.clear_button, self.save_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self.version_box.clear()
        for version in inst.versions:
            self.version_box.addItem(version.label, version.code)
        self.version_box.setEnabled(len(inst.versions) > 1)
        self.description.setText(inst.description)
        sources = [inst.source] + [text for key, text in inst.sources.items() if key != "source"]
        self.source.setText("Source: " + "; ".join(sources))
        self._building = False
        show_error(self.general_error, None)
        self._update()

    def _focus_after(self, key: str) -> None:
        """Enter in an item moves to the next item (then to the notes), like Tab."""
        keys = list(self._rows)
        following = keys[keys.index(key) + 1:]
        target = self._rows[following[0]].edit if following else self.notes
        target.setFocus(Qt.TabFocusReason)

    def _update(self) -> None:
        if self._building:
            return
        inst = self.instrument
        result = self.current_result()
        for key, row in self._rows.items():
            row.update(result.values.get(key), result.errors.get(key))
        self.result.setText(self._result_html(inst, result))
        self._refresh_dirty()

    def _result_html(self, inst: Instrument, result) -> str:  # noqa: ANN001
        metric = inst.score_metric
        extra = [f"{m.label}: <b>{m.format(result.metrics[m.key])}</b>" for m in inst.metrics
                 if m.key != inst.score and m.key in result.metrics and m.formula != "item"]
        if result.score is not None:
            band = f" — <b>{result.band.code}</b>: {result.band.label}" if result.band else ""
            scale = f" (of {plain(metric.min)}–{plain(metric.max)})" if metric.max is not None else ""
            head = f"{metric.label}: <b style='font-size: 13pt'>{metric.format(result.score)}</b>{scale}{band}"
            for line in inst.reference_lines:
                reached = result.score <= line.value if metric.lower_is_better else result.score >= line.value
                if line.metric == metric.key and reached:
                    head += f" <span style='color:#1c6b34'>✓ {line.label}</span>"
        else:
            still = [inst.item(k).label for k in result.missing]
            wrong = [inst.item(k).label for k in result.errors if k in self._rows]
            parts = []
            if wrong:
                parts.append("check " + ", ".join(wrong))
            if still:
                parts.append("still to enter: " + ", ".join(still))
            head = f"{metric.label}: <b>—</b> <span style='color:#6b6b6b'>({'; '.join(parts)})</span>"
        return head + ("<br>" + " · ".join(extra) if extra else "")

    def _refresh_dirty(self) -> None:
        dirty = bool(self._typed() or self.notes.toPlainText().strip() or any(self._values.values()))
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        if dirty:
            self.status.clear()
        if not self._building:
            self.edited.emit()

    def _show_errors(self, errors: dict[str, str]) -> None:
        general = []
        for key, message in errors.items():
            if key.startswith("items.") and key[6:] in self._rows:
                show_error(self._rows[key[6:]].error, message)
            elif key == "assessed_on":
                show_error(self.date_error, message)
            else:
                general.append(message)
        show_error(self.general_error, "; ".join(general) if general else None)
        if "assessed_on" not in errors:
            show_error(self.date_error, None)
        first = next((self._rows[k[6:]].edit for k in errors if k.startswith("items.") and k[6:] in self._rows), None)
        if first is not None:
            first.setFocus(Qt.OtherFocusReason)
