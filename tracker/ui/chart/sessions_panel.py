"""The Sessions tab: the visits as a timeline (newest first) and the chosen
one read-only with its versions; amend, void, or continue a draft."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from tracker.services.session_views import SessionView, session_versions
from tracker.services.sessions import discard_draft, void_session
from tracker.ui.chart.session_timeline_model import SessionTimelineModel
from tracker.ui.chart.session_timeline_view import SessionTimelineView
from tracker.ui.chart.versions_view import VersionsView
from tracker.ui.preferences import remember_splitter
from tracker.ui.widgets.reason_dialog import DISCARD_PROMPT, ReasonDialog, ask_reason


class SessionsPanel(QWidget):
    open_draft = Signal(int)
    amend_requested = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.model = SessionTimelineModel(self)
        self.timeline = SessionTimelineView(self.model)
        self.versions = VersionsView()
        self.continue_button = QPushButton("C&ontinue draft")
        self.amend_button = QPushButton("&Amend\u2026")
        self.amend_button.setToolTip("Correct a signed session: a new version, with the reason; both stay readable")
        self.void_button = QPushButton("&Void\u2026")
        self.discard_button = QPushButton("&Discard draft\u2026")
        buttons = QHBoxLayout()
        for b in (self.continue_button, self.amend_button, self.void_button, self.discard_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.versions, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("sessionsSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.timeline)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 2)
        unit = self.fontMetrics().averageCharWidth() * 12
        remember_splitter(self.split, "sessions_split", [unit * 3, unit * 7])
        layout = QVBoxLayout(self)
        layout.addWidget(self.split)
        self.timeline.selectionModel().currentRowChanged.connect(lambda current, _previous: self._chosen(current.row()))
        self.timeline.activated.connect(self._activated)
        self.continue_button.clicked.connect(lambda: self._emit_current(self.open_draft))
        self.amend_button.clicked.connect(lambda: self._emit_current(self.amend_requested))
        self.void_button.clicked.connect(self.void_current)
        self.discard_button.clicked.connect(self.discard_current)
        self._update_buttons()

    def show_sessions(self, sessions: tuple[SessionView, ...], select_root: int | None = None) -> None:
        keep = select_root or (self.current().root_id if self.current() else None)
        self.model.set_sessions(sessions)  # a reset clears the current row without signalling it
        rows = [i for i, v in enumerate(self.sessions) if v.root_id == keep]
        if rows:
            self.select_row(rows[0])
        else:
            self.versions.clear()
            self._update_buttons()

    @property
    def sessions(self) -> list[SessionView]:
        return self.model.sessions

    def current(self) -> SessionView | None:
        return self.model.session_at(self.timeline.currentIndex().row())

    def select_row(self, row: int) -> None:
        self.timeline.setCurrentIndex(self.model.index(row))

    def select_session(self, session_id: int) -> None:
        rows = [i for i, v in enumerate(self.sessions) if session_id in (v.id, v.root_id)]
        if rows:
            self.select_row(rows[0])

    # -- internals -------------------------------------------------------------
    def _chosen(self, row: int) -> None:
        self._update_buttons()
        v = self.current()
        if v is None:
            self.versions.clear()
            return
        if v.version_no == 1 and not v.amends_id:
            self.versions.show_versions([v], v.id)
            return
        self.ctx.tasks.run(session_versions, self.ctx.db, v.id,
                           on_done=lambda versions, chosen=v.id: self._versions_loaded(chosen, versions),
                           on_error=lambda exc: self.ctx.banner.emit(f"Could not read the versions: {exc}", "error"), owner=self)

    def _versions_loaded(self, chosen: int, versions: list[SessionView]) -> None:
        current = self.current()
        if current is not None and current.id == chosen:
            self.versions.show_versions(versions, chosen)

    def _activated(self, _index: QModelIndex) -> None:
        v = self.current()
        if v is not None and not v.is_signed and not v.voided:
            self.open_draft.emit(v.id)
        else:
            self.versions.after.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        v = self.current()
        draft = v is not None and not v.is_signed and not v.voided
        self.continue_button.setEnabled(draft)
        self.discard_button.setEnabled(draft)
        self.amend_button.setEnabled(v is not None and v.is_signed and not v.voided)
        self.void_button.setEnabled(v is not None and v.is_signed and not v.voided)

    def _emit_current(self, signal) -> None:  # noqa: ANN001
        v = self.current()
        if v is not None:
            signal.emit(v.id)

    def void_current(self) -> ReasonDialog | None:
        v = self.current()
        if v is None:
            return None
        return ask_reason(self, "Void session",
                          f"Void the session of {v.clinic_date.isoformat()} (every version)? It stays readable, "
                          "marked voided, and no longer counts towards doses. Why?", "Void session",
                          lambda reason: self._run(void_session, v.id, reason))

    def discard_current(self) -> ReasonDialog | None:
        v = self.current()
        if v is None:
            return None
        return ask_reason(self, "Discard draft", DISCARD_PROMPT, "Discard draft",
                          lambda reason: self._run(discard_draft, v.id, reason, expected_version=v.row_version))

    def _run(self, fn, session_id: int, reason: str, **kw) -> None:  # noqa: ANN001, ANN003
        try:
            fn(self.ctx.db, self.ctx.actor_id, session_id, reason, **kw)
        finally:  # refused too: a draft changed at another workstation is shown as it is now
            self.ctx.notify("session", session_id)
