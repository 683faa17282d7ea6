"""One injected agent (one component of a mixture) into one lesion.

Choosing the agent fills that agent's usual values for the lesion's condition
from the catalog; the dose is computed live from concentration x volume with
its unit. Wrong or unfinished text is reported under its field and keeps the
session from being saved.
"""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout, QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from tracker.services.catalog import AgentView, IndicationView
from tracker.services.dosing import compute_dose, dose_unit_for, fmt
from tracker.services.lesions import LesionView
from tracker.services.lots import LotView, recent_lots
from tracker.services.session_input import MAX_POINTS, InjectionInput
from tracker.services.session_views import InjectionView
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.fields import DateField, DecimalField, ParseError
from tracker.ui.widgets.form import FieldSet
from tracker.ui.wording import capitalised

log = logging.getLogger(__name__)

PER_POINT, IN_TOTAL = 0, 1
DEPTHS = ("", "intradermal", "mid-dermis", "deep dermis", "upper subcutis")
NEEDLES = ("", "30G 0.5 inch", "30G", "27G", "26G", "25G")
_point_keys = itertools.count(1)
TWO_COLUMNS_CHARS = 100


@dataclass(frozen=True)
class Parsed:
    """What the form holds: the injection when complete, and what is wrong."""

    injection: InjectionInput | None
    errors: dict[str, str]


def _range_text(low: Decimal | None, high: Decimal | None, unit: str) -> str:
    if low is None and high is None:
        return ""
    if low is None or high is None:
        return f"at least {fmt(low)} {unit}" if high is None else f"at most {fmt(high)} {unit}"
    span = fmt(low) if low == high else f"{fmt(low)}\u2013{fmt(high)}"
    return f"{span} {unit}"


class InjectionForm(QFrame):
    changed = Signal()
    #: the person is working in this form (map clicks go to the focused form)
    activated = Signal(object)
    remove_requested = Signal(object)

    def __init__(self, ctx, lesion: LesionView, agents: tuple[AgentView, ...], *, removable: bool = False,  # noqa: ANN001
                 adult_man: Callable[[date | None], bool] | None = None,
                 given_before: Callable[[int, date | None], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.lesion, self.agents = ctx, lesion, agents
        #: session day -> the patient is an adult man on that day (a beard area takes the beard's strength)
        self.adult_man_on = adult_man or (lambda _day: False)
        #: (agent id, session day) -> a counting dose of that agent is recorded before the day
        self.given_before = given_before or (lambda _agent_id, _day: False)
        self._offered: Decimal | None = None  # the strength the form last offered
        self._held: dict[str, tuple[str, str]] = {}  # field -> (its text when refused, the message)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.map_points: list[dict] = []
        self.session_day: date | None = None
        self.fields = FieldSet()
        self.agent = QComboBox()
        # As wide as the column allows, not as wide as the longest agent's name (the list shows it whole).
        self.agent.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.agent.setMinimumContentsLength(12)
        self.agent.addItem("Choose an agent\u2026", None)
        for agent in agents:
            usual = " (usual for this condition)" if agent.indication(lesion.condition) else ""
            self.agent.addItem(agent.name + usual, agent.id)
        self.concentration = DecimalField(what="a concentration")
        self.conc_unit = QLabel()
        self.points = QSpinBox()
        self.points.setRange(1, MAX_POINTS)
        self.volume = DecimalField(what="a volume")
        self.volume_mode = QComboBox()
        self.volume_mode.addItems(["mL per point", "mL in total"])
        self.volume_mode.setAccessibleName("Volume entered as")
        self.volume_total = QLabel()
        self.volume_total.setWordWrap(True)
        self.dose = QLabel("Dose: \u2013")
        self.dose.setWordWrap(True)
        self.dose.setAccessibleName("Dose")
        bold = QFont(self.dose.font())
        bold.setBold(True)
        self.dose.setFont(bold)
        self.lot = QComboBox()
        self.lot.setEditable(True)
        self.lot.lineEdit().setPlaceholderText("from the vial or box")
        self.expiry = DateField()
        self.needle = QComboBox()
        self.needle.setEditable(True)
        self.needle.addItems(NEEDLES)
        self.depth = QComboBox()
        self.depth.setEditable(True)
        self.depth.addItems(DEPTHS)
        self.technique = QLineEdit(placeholderText="e.g. serial puncture, 1 cm grid")

        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        add = self.fields.add_row
        add(left, "&Agent:", "agent_id", self.agent)
        self.hint = FieldMessage()
        left.addRow("", self.hint)
        add(left, "&Concentration:", "concentration", self._pair(self.concentration, self.conc_unit), focus=self.concentration)
        add(left, "&Points:", "points", self.points, accessible="Number of points")
        add(left, "&Volume:", "volume", self._pair(self.volume, self.volume_mode), focus=self.volume)
        for alias in ("volume_per_point_ml", "volume_ml"):
            self.fields.register(alias, self.volume, self.fields.message("volume"))
        left.addRow("", self.volume_total)
        left.addRow("", self.dose)
        add(right, "&Lot number:", "lot_number", self.lot)
        add(right, "E&xpiry date:", "lot_expiry", self.expiry, accessible="Lot expiry date")
        add(right, "&Needle:", "needle_gauge", self.needle, accessible="Needle gauge")
        add(right, "&Depth:", "depth", self.depth)
        add(right, "&Technique:", "technique", self.technique)
        self.remove_button = QPushButton("Remove this component")
        self.removable = removable  # a mixture's second component on (isVisible() is False while the editor is hidden)
        self.remove_button.setVisible(removable)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        # Two columns when there is room for them, one under the other when not.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.columns)
        layout.addWidget(self.remove_button)

        self.agent.currentIndexChanged.connect(self._agent_changed)
        for edit in (self.concentration, self.volume, self.expiry, self.technique, self.lot.lineEdit()):
            edit.textEdited.connect(self._edited)
        self.needle.editTextChanged.connect(self._edited)
        self.depth.editTextChanged.connect(self._edited)
        self.points.valueChanged.connect(self._edited)
        self.volume_mode.currentIndexChanged.connect(self._edited)
        self.lot.activated.connect(self._lot_chosen)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)
        self._refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * TWO_COLUMNS_CHARS
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    @staticmethod
    def _pair(first: QWidget, second: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first, 1)
        row.addWidget(second)
        return box

    # -- agent and catalog defaults -------------------------------------------
    def current_agent(self) -> AgentView | None:
        agent_id = self.agent.currentData()
        return next((a for a in self.agents if a.id == agent_id), None)

    def set_agents(self, agents: tuple[AgentView, ...]) -> None:
        """The catalog as stored now (edited since the form opened): its ranges and hints
        are shown again; what the person typed stays."""
        self.agents = agents
        self._refresh()

    def choose_agent(self, code: str) -> None:
        agent = next((a for a in self.agents if a.code == code), None)
        if agent is not None:
            self.agent.setCurrentIndex(self.agent.findData(agent.id))

    def _agent_changed(self) -> None:
        agent = self.current_agent()
        self.lot.clear()
        if agent is not None:
            ind = agent.indication(self.lesion.condition)
            if ind is not None:
                self._offered = self._offer(agent, ind)
                self.concentration.set_value(self._offered)
                if ind.volume_per_point_ml is not None:
                    self.volume.set_value(ind.volume_per_point_ml)
                    self.volume_mode.setCurrentIndex(PER_POINT)
                if ind.needle_gauge:
                    self.needle.setEditText(ind.needle_gauge)
            self.ctx.tasks.run(recent_lots, self.ctx.db, agent.id,
                               on_done=lambda lots, a=agent.id: self._lots_loaded(a, lots),
                               on_error=lambda exc: log.warning("recent lots not loaded: %s", exc), owner=self)
        self._edited()

    def _lots_loaded(self, agent_id: int, lots: list[LotView]) -> None:
        if self.agent.currentData() != agent_id:
            return
        typed = self.lot.currentText()
        self.lot.blockSignals(True)
        self.lot.clear()
        for lot in lots:
            expiry = lot.expiry.isoformat() if lot.expiry else "no expiry recorded"
            self.lot.addItem(lot.lot_number, (lot.lot_number, lot.expiry))
            self.lot.setItemData(self.lot.count() - 1, f"expires {expiry}; last used {lot.last_used.isoformat()}",
                                 Qt.ItemDataRole.ToolTipRole)
        self.lot.setCurrentIndex(-1)  # offered, not chosen: Down or the list picks one
        self.lot.setEditText(typed)
        self.lot.blockSignals(False)

    def _lot_chosen(self, index: int) -> None:
        data = self.lot.itemData(index)
        if data:
            self.lot.setEditText(data[0])
            self.expiry.set_value(data[1])
        self._edited()

    # -- body-map points -------------------------------------------------------
    def add_point(self, view: str, x: float, y: float) -> str:
        """A point marked on the map. The count follows the map only up from
        a typed one: 8 points typed, then one spot marked, stays 8."""
        key = f"pt{next(_point_keys)}"
        self.map_points.append({"view": view, "x": x, "y": y, "key": key})
        self.points.setValue(max(self.points.value(), len(self.map_points)))
        self._edited()
        return key

    def remove_point(self, key: str) -> bool:
        before = len(self.map_points)
        self.map_points = [p for p in self.map_points if p.get("key") != key]
        if len(self.map_points) == before:
            return False
        if self.points.value() == before:  # the count was the map's
            self.points.setValue(max(len(self.map_points), 1))
        self._edited()
        return True

    def marker_points(self) -> list[dict]:
        """Points placed so far, each with its key and the volume per point typed now."""
        try:
            per_point = self.volume.value() if self.volume_mode.currentIndex() == PER_POINT else None
        except ParseError:
            per_point = None
        return [{**p, "volume_ml": fmt(per_point) if per_point else None} for p in self.map_points]

    def stored_points(self, per_point: Decimal | None) -> tuple:
        volume = None if per_point is None else fmt(per_point)
        return tuple({"view": p["view"], "x": p["x"], "y": p["y"], "volume_ml": volume} for p in self.map_points)

    # -- values ---------------------------------------------------------------
    def _offer(self, agent: AgentView, ind: IndicationView) -> Decimal | None:
        """The strength offered: the site's, or a course's later one once a dose is recorded before the day."""
        return ind.default_for(self.lesion.site_code, adult_man=self.adult_man(),
                               given_before=self.given_before(agent.id, self.session_day))

    def adult_man(self) -> bool:
        """On the session's day, as the check decides it (a late entry may be from before an 18th birthday)."""
        return self.adult_man_on(self.session_day)

    def set_session_day(self, day: date | None) -> None:
        changed = day != self.session_day
        self.session_day = day
        agent = self.current_agent()
        ind = agent.indication(self.lesion.condition) if agent is not None else None
        if changed and ind is not None:
            try:
                untouched = self.concentration.value() == self._offered  # not a strength staff typed
            except ParseError:
                untouched = False
            offer = self._offer(agent, ind)
            if untouched and offer != self._offered:  # a date moved before or after a course's first dose
                self._offered = offer
                self.concentration.set_value(offer)
        self._refresh()

    def parse(self) -> Parsed:
        errors: dict[str, str] = {}
        agent = self.current_agent()
        if agent is None:
            errors["agent_id"] = "choose the agent injected"
        values: dict = {}
        for name, field, missing in (("concentration", self.concentration, "enter the concentration"),
                                     ("volume", self.volume, "enter the volume"),
                                     ("lot_expiry", self.expiry, None)):
            try:
                values[name] = field.value()
            except ParseError as exc:
                errors[name] = str(exc)
                continue
            if values[name] is None and missing:
                errors[name] = missing
            elif name != "lot_expiry" and values[name] is not None and values[name] <= 0:
                errors[name] = f"the {name} must be more than zero"
        if errors:
            return Parsed(None, errors)
        per_point = values["volume"] if self.volume_mode.currentIndex() == PER_POINT else None
        injection = InjectionInput(
            lesion_id=self.lesion.id, agent_id=agent.id, concentration=values["concentration"],
            points=self.points.value(), volume_per_point_ml=per_point,
            volume_ml=None if per_point is not None else values["volume"],
            needle_gauge=self.needle.currentText().strip() or None, depth=self.depth.currentText().strip() or None,
            lot_number=self.lot.currentText().strip() or None, lot_expiry=values["lot_expiry"],
            technique=self.technique.text().strip() or None, map_points=self.stored_points(per_point),
        )
        return Parsed(injection, {})

    def unreadable(self) -> str | None:
        """Why this injection cannot be read (its first field in trouble, named, with the lesion), or None."""
        errors = self.parse().errors
        if not errors:
            return None
        name, text = next(iter(errors.items()))
        return f"{self.fields.widgets[name].accessibleName()} ({self.lesion.label}): {text}"

    def show_errors(self, errors: dict[str, str]) -> None:
        """Errors of a refused save or signing: each stays under its field
        until that field is changed (a reload of the chart does not clear it)."""
        self.fields.show_errors(errors)
        self._held.update({name: (self._text_of(name), text) for name, text in errors.items() if name in self.fields.widgets})

    def _text_of(self, name: str) -> str:
        widget = self.fields.widgets[name]
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()

    def _edited(self, *_args) -> None:  # noqa: ANN002
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        """Live feedback: unit, dose, catalog range, expiry, parse errors."""
        self.fields.clear()
        self._held = {name: held for name, held in self._held.items() if self._text_of(name) == held[0]}
        for name, (_text, message) in self._held.items():
            self.fields.message(name).show_message(capitalised(message), "error")
        agent = self.current_agent()
        unit = agent.concentration_unit if agent else ""
        self.conc_unit.setText(unit or "per mL")
        parsed = self.parse()
        for name in ("concentration", "volume", "lot_expiry"):
            if name in parsed.errors and (name == "lot_expiry" or self.fields.widgets[name].text().strip()):
                self.fields.message(name).show_message(parsed.errors[name].capitalize(), "error")
        self._show_hint(agent)
        inj = parsed.injection
        if inj is None or agent is None:
            self.volume_total.setText("")
            self.dose.setText("Dose: \u2013")
            return
        volume = inj.total_volume_ml
        if self.volume_mode.currentIndex() == PER_POINT:
            self.volume_total.setText(f"= {fmt(volume)} mL in total ({inj.points} \u00d7 {fmt(inj.volume_per_point_ml)} mL)")
        else:
            self.volume_total.setText(f"{inj.points} point{'s' if inj.points != 1 else ''}, {fmt(volume)} mL in total")
        dose_unit = dose_unit_for(agent.concentration_unit)
        dose = compute_dose(inj.concentration, volume)
        self.dose.setText(f"Dose: {fmt(dose)} {dose_unit}   ({fmt(inj.concentration)} {unit} \u00d7 {fmt(volume)} mL)")
        self._check_range(agent, inj.concentration)
        if inj.lot_expiry is not None and self.session_day is not None and inj.lot_expiry < self.session_day:
            self.fields.message("lot_expiry").show_message(
                f"This lot expired on {inj.lot_expiry.isoformat()}, before the session date: it cannot be used. "
                "Use another lot.", "error")

    def _show_hint(self, agent: AgentView | None) -> None:
        ind = agent.indication(self.lesion.condition) if agent else None
        if ind is None:
            text = "" if agent is None else f"The catalog has no usual values of {agent.name} for {self.lesion.condition.label.lower()}."
            self.hint.show_message(text, "info")
            return
        unit = agent.concentration_unit
        parts = [f"Usual for {self.lesion.condition.label.lower()}: {_range_text(ind.concentration_min, ind.concentration_max, unit)}"]
        code, adult_man = self.lesion.site_code, self.adult_man()
        site_low, site_high = ind.site_min(code, adult_man=adult_man), ind.site_max(code, adult_man=adult_man)
        if site_low is not None or site_high is not None:
            parts.append(f"at this site {_range_text(site_low, site_high, unit)}")
        volume_max = ind.site_volume_max(self.lesion.site_code)
        if volume_max is not None:
            parts.append(f"at most {fmt(volume_max)} mL into this site")
        if ind.volume_per_point_ml is not None:
            parts.append(f"{fmt(ind.volume_per_point_ml)} mL per point")
        if ind.usual_interval_days:
            parts.append(f"every {ind.usual_interval_days} days")
        self.hint.show_message(", ".join(p for p in parts if p), "info")
        self.hint.setToolTip("\n".join(f"{k}: {v}" for k, v in ind.sources.items()))

    def _check_range(self, agent: AgentView, concentration: Decimal) -> None:
        ind = agent.indication(self.lesion.condition)
        if ind is None:
            return
        site_low = ind.site_min(self.lesion.site_code, adult_man=self.adult_man())  # the face takes less than the scalp
        low, high = site_low if site_low is not None else ind.concentration_min, ind.concentration_max
        if (low is not None and concentration < low) or (high is not None and concentration > high):
            where = " at this site" if site_low is not None else ""
            self.fields.message("concentration").show_message(
                f"Outside the catalog's range for {self.lesion.condition.label.lower()}{where} "
                f"({_range_text(low, high, agent.concentration_unit)}): allowed, but signing will ask for a reason.", "warning")
            return
        site_max = ind.site_max(self.lesion.site_code, adult_man=self.adult_man())
        if site_max is not None and concentration > site_max:
            self.fields.message("concentration").show_message(
                f"Stronger than the {fmt(site_max)} {agent.concentration_unit} used at this site for "
                f"{self.lesion.condition.label.lower()}: allowed, but signing will ask for a reason.", "warning")

    # -- loading, snapshots, read-only ----------------------------------------
    def load(self, inj: InjectionView) -> None:
        self.agent.setCurrentIndex(max(self.agent.findData(inj.agent_id), 0))
        self.concentration.set_value(inj.concentration)
        self.points.setValue(inj.points)
        per_point = inj.volume_ml / inj.points
        exact = per_point * inj.points == inj.volume_ml and per_point == per_point.quantize(Decimal("0.0001"))
        self.volume_mode.setCurrentIndex(PER_POINT if exact else IN_TOTAL)
        self.volume.set_value(per_point if exact else inj.volume_ml)
        self.lot.setEditText(inj.lot_number or "")
        self.expiry.set_value(inj.lot_expiry)
        self.needle.setEditText(inj.needle_gauge or "")
        self.depth.setEditText(inj.depth or "")
        self.technique.setText(inj.technique or "")
        self.map_points = [{**p, "key": f"pt{next(_point_keys)}"} for p in inj.map_points]
        self._refresh()

    def snapshot(self) -> dict:
        agent = self.current_agent()
        return {
            "agent": agent.code if agent else None, "concentration": self.concentration.text(),
            "points": self.points.value(), "volume": self.volume.text(), "volume_mode": self.volume_mode.currentIndex(),
            "lot": self.lot.currentText(), "expiry": self.expiry.text(), "needle": self.needle.currentText(),
            "depth": self.depth.currentText(), "technique": self.technique.text(),
            "map_points": [{k: v for k, v in p.items() if k != "key"} for p in self.map_points],
        }

    def restore(self, snap: dict) -> None:
        if snap.get("agent"):
            self.choose_agent(snap["agent"])
        self.concentration.setText(snap.get("concentration", ""))
        self.points.setValue(int(snap.get("points", 1)))
        self.volume_mode.setCurrentIndex(int(snap.get("volume_mode", PER_POINT)))
        self.volume.setText(snap.get("volume", ""))
        self.lot.setEditText(snap.get("lot", ""))
        self.expiry.setText(snap.get("expiry", ""))
        self.needle.setEditText(snap.get("needle", ""))
        self.depth.setEditText(snap.get("depth", ""))
        self.technique.setText(snap.get("technique", ""))
        self.map_points = [{**p, "key": f"pt{next(_point_keys)}"} for p in snap.get("map_points", [])]
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        self.fields.set_read_only(read_only)
        for edit in (self.concentration, self.volume, self.expiry, self.technique):
            edit.setReadOnly(read_only)
        for widget in (self.agent, self.points, self.volume_mode, self.lot, self.needle, self.depth):
            widget.setEnabled(not read_only)
        self.remove_button.setVisible(self.removable and not read_only)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn:
            self.activated.emit(self)
        return super().eventFilter(watched, event)
