"""The patient chart: the header with the care flags, then tabs: Lesions,
Sessions, the session editor while one is open, and the tabs other features
register (tracker/ui/extensions.chart_panels)."""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from tracker.services.chart import ChartData, ReferenceData, chart_data
from tracker.services.errors import ServiceError
from tracker.services.session_views import get_session, lesions_voided_since
from tracker.ui import unsaved
from tracker.ui.bodymap import BodyMapWidget, MapMarker
from tracker.ui.chart.header import ChartHeader
from tracker.ui.chart.lesions_panel import LesionsPanel
from tracker.ui.chart.no_patient import no_patient_note
from tracker.ui.chart.sessions_panel import SessionsPanel
from tracker.ui.extensions import chart_panels
from tracker.ui.session_editor.editor import SessionEditor
from tracker.ui.session_editor.recovery import Recovered
from tracker.ui.shortcuts import key

log = logging.getLogger(__name__)

EDITOR_TAB = 2
#: changes after which the reference data (catalog, staff, settings) is read again
REFERENCE_ENTITIES = frozenset({"agent", "catalog", "staff", "setting", "settings"})


class PatientChart(QWidget):
    loaded = Signal(int)
    edit_patient_requested = Signal()
    #: the session editor was opened (the editor widget), for wiring a body map
    editor_opened = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id: int | None = None
        self.data: ChartData | None = None
        # The catalog, staff and clinic zone, kept from one patient to the next (read again when they change).
        self._reference: ReferenceData | None = None
        self.editor: SessionEditor | None = None
        self.panels: dict[str, QWidget] = {}
        self._waiting: list[Callable[[], None]] = []
        self._generation = 0
        self._select_after_load: int | None = None

        self.empty = no_patient_note()
        self.header = ChartHeader()
        self.edit_button = QPushButton("Edit &patient\u2026")
        self.edit_button.setToolTip(f"Edit this patient's details ({key('edit_patient')})")
        self.session_button = QPushButton("Ne&w session")
        self.session_button.setToolTip(f"Start a treatment session ({key('new_session')})")
        self.header.actions.addWidget(self.edit_button)
        self.header.actions.addWidget(self.session_button)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Patient chart")
        self.lesions = LesionsPanel(ctx)
        self.sessions = SessionsPanel(ctx)
        self.tabs.addTab(self.lesions, "&Lesions")
        self.tabs.addTab(self.sessions, "Sess&ions")
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.edit_button.clicked.connect(self.edit_patient_requested)
        self.session_button.clicked.connect(lambda: self.new_session())
        self.lesions.session_requested.connect(self.new_session)
        self.sessions.open_draft.connect(self.open_session)
        self.sessions.amend_requested.connect(self.amend)
        ctx.changed.connect(self._on_changed)

    # -- the patient ----------------------------------------------------------------
    def shortcut_actions(self) -> list[tuple[str, Callable[[], object]]]:
        """(shortcut name, action) pairs the page binds for the open patient."""
        return [("edit_patient", self.edit_patient_requested.emit), ("new_session", self.new_session),
                ("new_lesion", self.lesions.new_lesion)]

    def set_patient(self, patient_id: int) -> None:
        """Show another patient (the caller has already settled unsaved work)."""
        if patient_id != self.patient_id:
            self._waiting.append(lambda: self.lesions.table.setFocus(Qt.FocusReason.OtherFocusReason))
            self._drop_editor()
            self.data = None
            self.tabs.setCurrentIndex(0)
        self.patient_id = patient_id
        self.reload()

    def reload(self) -> None:
        if self.patient_id is None:
            return
        self._generation += 1
        generation = self._generation
        self.ctx.tasks.run(chart_data, self.ctx.db, self.patient_id, self._reference,
                           on_done=lambda data: self._loaded(generation, data),
                           on_error=lambda exc: self.ctx.banner.emit(f"Could not open the chart: {exc}", "error"), owner=self)

    def _loaded(self, generation: int, data: ChartData) -> None:
        if generation != self._generation:
            return
        self.data = data
        self._reference = data.reference
        self.stack.setCurrentIndex(1)
        self.header.show_patient(data.patient)
        self.session_button.setEnabled(not data.patient.voided)  # a voided chart takes no new sessions
        self.lesions.show_lesions(data.patient.id, data.lesions)
        self.sessions.show_sessions(data.sessions)
        if self._select_after_load is not None:  # saved in the editor before this reload was asked for
            self.sessions.select_session(self._select_after_load)
            self._select_after_load = None
        if self.editor is not None:
            self.editor.update_chart(data)
        self._show_panels(data.patient.id)
        waiting, self._waiting = self._waiting, []
        for step in waiting:
            step()
        self.loaded.emit(data.patient.id)

    def _when_loaded(self, step: Callable[[], None]) -> None:
        if self.data is not None and self.data.patient.id == self.patient_id:
            step()
        else:
            self._waiting.append(step)

    def _show_panels(self, patient_id: int) -> None:
        for item in chart_panels():
            panel = self.panels.get(item.key)
            if panel is not None and hasattr(panel, "set_patient"):
                panel.set_patient(patient_id)
                continue
            index = self.tabs.indexOf(panel) if panel is not None else self.tabs.count()
            if panel is not None:
                self.tabs.removeTab(index)
                panel.deleteLater()
            panel = item.factory(self.ctx, patient_id)
            self.panels[item.key] = panel
            self.tabs.insertTab(index, panel, item.title)

    def _on_changed(self, entity: str, _entity_id: int) -> None:
        if entity in REFERENCE_ENTITIES:
            self._reference = None
        if self.patient_id is not None and entity in ("patient", "lesion", "session", "photo", "assessment"):
            self.reload()

    # -- the session editor ----------------------------------------------------------------
    def new_session(self, lesion_ids: list[int] | tuple[int, ...] = ()) -> None:
        self._when_loaded(lambda: self._editor_for("start a new session", lambda e: e.start_new(lesion_ids)))

    def open_session(self, session_id: int) -> None:
        self._with_session(session_id, "open another session", lambda e, v: e.open_view(v))

    def amend(self, session_id: int) -> None:
        gone = self._voided_lesions_in(session_id)
        if gone:  # an amendment could not hold those injections: it would leave them out
            self.ctx.banner.emit(f"This visit cannot be amended: it holds injections into {', '.join(gone)}, voided "
                                 "since. If the visit itself is wrong, void it and record it again.", "warning")
            return
        self._with_session(session_id, "amend a session", lambda e, v: e.start_amendment(v))

    def _voided_lesions_in(self, session_id: int) -> tuple[str, ...]:
        """The lesions voided since that the listed visit ``session_id`` injected into."""
        view = next((v for v in self.sessions.sessions if v.id == session_id), None)
        if view is None or self.data is None:
            return ()
        live = {lesion.id for lesion in self.data.lesions}
        return lesions_voided_since((i for i in view.injections if not i.voided), live)

    def reload_session(self, session_id: int) -> None:
        """The editor's draft was changed at another workstation: the chart and the draft as stored now."""
        self.reload()
        self._with_session(session_id, "reload the draft changed at another workstation",
                           lambda e, v: e.open_reloaded(v))

    def restore_editor(self, recovered: Recovered) -> None:
        self._when_loaded(lambda: self._editor_for("restore a session", lambda e: e.restore(recovered)))

    def _with_session(self, session_id: int, action: str, start: Callable) -> None:
        try:
            view = get_session(self.ctx.db, session_id)
        except ServiceError as exc:
            self.ctx.banner.emit(str(exc), "error")
            return
        self._when_loaded(lambda: self._editor_for(action, lambda e: start(e, view)))

    def _editor_for(self, action: str, start: Callable[[SessionEditor], None]) -> SessionEditor | None:
        if self.editor is not None:
            if not unsaved.settle(self, [self.editor], action):
                self.tabs.setCurrentWidget(self.editor)
                return None
            self._drop_editor()
        editor = SessionEditor(self.ctx, self.data)
        editor.install_map(BodyMapWidget(), MapMarker)
        editor.close_requested.connect(self.close_editor)
        editor.amend_requested.connect(self.amend)
        editor.reload_requested.connect(self.reload_session)
        editor.saved.connect(self._show_saved)
        editor.title_changed.connect(lambda title: self.tabs.setTabText(self.tabs.indexOf(editor), title))
        self.editor = editor
        self.tabs.insertTab(EDITOR_TAB, editor, "Session editor")
        self.editor_opened.emit(editor)
        start(editor)
        self.tabs.setCurrentWidget(editor)
        editor.focus_first_field()
        return editor

    def _show_saved(self, session_id: int) -> None:
        """Select the session the editor saved in the timeline (now, and again once the chart has reloaded)."""
        self._select_after_load = session_id
        self.sessions.select_session(session_id)

    def close_editor(self) -> bool:
        if self.editor is None:
            return True
        if not unsaved.settle(self, [self.editor], "close the session editor"):
            return False
        self._drop_editor()
        return True

    def _drop_editor(self) -> None:
        if self.editor is None:
            return
        editor, self.editor = self.editor, None
        editor.discard_changes()
        self.tabs.removeTab(self.tabs.indexOf(editor))
        editor.deleteLater()

    # -- the switch protocol -------------------------------------------------------------
    def holders(self) -> list[object]:
        return ([self.editor] if self.editor is not None else []) + list(self.panels.values())
