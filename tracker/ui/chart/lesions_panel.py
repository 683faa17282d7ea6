"""The Lesions tab: the patient's lesions, and what can be done to one."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QPushButton, QToolButton, QVBoxLayout, QWidget

from tracker.models import LesionStatus
from tracker.services.errors import ConflictError, ServiceError
from tracker.services.lesions import LesionView, set_atrophic, set_status, void_lesion
from tracker.ui.bodymap import BodyMapWidget, MapMarker
from tracker.ui.chart.lesion_dialog import LesionDialog
from tracker.ui.chart.lesion_model import LesionTableModel
from tracker.ui.shortcuts import key
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.reason_dialog import ask_reason
from tracker.ui.widgets.tables import read_only_table


class LesionsPanel(QWidget):
    #: ask the chart to start a session with these lesions ticked
    session_requested = Signal(list)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id: int | None = None
        self.model = LesionTableModel(self)
        self.table = read_only_table(self.model, "Lesions")
        self.table.horizontalHeader().setStretchLastSection(True)

        self.add_button = QPushButton("&New lesion\u2026")
        self.add_button.setToolTip(f"Add a lesion ({key('new_lesion')})")
        self.edit_button = QPushButton("&Edit\u2026")
        self.atrophy_button = QPushButton("Mark &atrophic\u2026")
        self.status_button = QToolButton(text="Stat&us")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.status_button)
        for status in LesionStatus:
            menu.addAction(status.value.capitalize(), lambda s=status: self.change_status(s))
        self.status_button.setMenu(menu)
        self.void_button = QPushButton("&Void\u2026")
        self.treat_button = QPushButton("&Treat in a new session")
        for widget, name in ((self.status_button, "Lesion status"),):
            widget.setAccessibleName(name)
        buttons = FlowLayout()  # wraps in a narrow window instead of widening the chart
        for b in (self.add_button, self.edit_button, self.atrophy_button, self.status_button, self.void_button,
                  self.treat_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self.add_button.clicked.connect(self.new_lesion)
        self.edit_button.clicked.connect(self.edit_lesion)
        self.atrophy_button.clicked.connect(self.toggle_atrophy)
        self.void_button.clicked.connect(self.void_selected)
        self.treat_button.clicked.connect(lambda: self.session_requested.emit([l.id for l in self.selected()]))
        self.table.activated.connect(lambda _index: self.edit_lesion())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_lesions(self, patient_id: int, lesions: tuple[LesionView, ...]) -> None:
        keep = self.selected()
        self.patient_id = patient_id
        self.model.set_lesions(lesions)
        row = self.model.row_of(keep[0].id) if keep else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> list[LesionView]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [lesion for r in rows if (lesion := self.model.lesion_at(r.row())) is not None]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        for b in (self.edit_button, self.atrophy_button, self.status_button, self.void_button, self.treat_button):
            b.setEnabled(bool(chosen))
        self.add_button.setEnabled(self.patient_id is not None)
        if chosen:
            self.atrophy_button.setText("Clear &atrophy\u2026" if chosen[0].atrophic else "Mark &atrophic\u2026")

    # -- actions ---------------------------------------------------------------
    def new_lesion(self) -> LesionDialog | None:
        if self.patient_id is None:
            return None
        return self._open_dialog(None)

    def edit_lesion(self) -> LesionDialog | None:
        chosen = self.selected()
        if not chosen or self.patient_id is None:
            return None
        return self._open_dialog(chosen[0])

    def _open_dialog(self, lesion: LesionView | None) -> LesionDialog:
        dialog = LesionDialog(self.ctx, self.patient_id, self, lesion=lesion)
        dialog.install_map(BodyMapWidget(), MapMarker)
        dialog.open()
        return dialog

    def toggle_atrophy(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        lesion = chosen[0]
        marking = not lesion.atrophic
        ask_reason(
            self, "Atrophy" if marking else "Clear atrophy",
            f"{'Mark' if marking else 'Clear'} atrophy for \u201c{lesion.label}\u201d. What was seen? "
            "(Re-injecting an atrophic area is then raised as a safety finding.)" if marking else
            f"Why is the atrophy flag of \u201c{lesion.label}\u201d cleared?",
            "Mark atrophic" if marking else "Clear flag",
            lambda reason: self._run(set_atrophic, lesion.id, marking, reason, expected_version=lesion.row_version))

    def change_status(self, status: LesionStatus) -> None:
        chosen = self.selected()
        if not chosen:
            return
        try:
            self._run(set_status, chosen[0].id, status, expected_version=chosen[0].row_version)
        except ConflictError as exc:
            self.ctx.banner.emit(f"{exc}. The list now shows the lesion as stored: check it and choose again.", "error")
        except ServiceError as exc:
            self.ctx.banner.emit(str(exc), "error")

    def void_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        lesion = chosen[0]
        ask_reason(self, "Void lesion", f"Void \u201c{lesion.label}\u201d? It stays readable in the record. Why?",
                   "Void lesion", lambda reason: self._run(void_lesion, lesion.id, reason))

    def _run(self, fn, lesion_id: int, *args, **kw) -> None:  # noqa: ANN001, ANN002, ANN003
        try:
            fn(self.ctx.db, self.ctx.actor_id, lesion_id, *args, **kw)
        finally:  # refused too: a lesion changed at another workstation is listed as it is now
            self.ctx.notify("lesion", lesion_id)
