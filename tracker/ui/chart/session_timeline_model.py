"""The patient's sessions as a list model for the Sessions tab's timeline
(newest first). A row's text is made when the view first asks for it, so a
chart with hundreds of visits opens without writing out every one."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from tracker.services.dosing import fmt
from tracker.services.session_views import SessionView, dose_totals
from tracker.ui.chart.session_html import state_text

SessionIdRole = Qt.ItemDataRole.UserRole


def timeline_text(v: SessionView) -> str:
    # A discarded draft keeps what it held, said to be not given (it never counts as a dose).
    discarded = v.discarded_injections()
    shown = discarded or tuple(i for i in v.injections if not i.voided)
    totals = ", ".join(f"{name} {fmt(t)} {unit}" for (name, unit), t in dose_totals(shown).items()) or "no injections"
    if discarded:
        totals = f"Not given: {totals}"
    lesions = ", ".join(dict.fromkeys(i.lesion_label for i in shown))
    state = state_text(v).upper() if v.voided or not v.is_signed else state_text(v)
    versions = f" \u00b7 {v.version_no} versions" if v.version_no > 1 else ""
    return f"{v.clinic_date.isoformat()}  \u00b7  {state}{versions}\n{totals}\n{lesions or '-'} \u00b7 {v.clinician_name}"


class SessionTimelineModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.sessions: list[SessionView] = []
        self._texts: dict[int, str] = {}

    def set_sessions(self, sessions: tuple[SessionView, ...] | list[SessionView]) -> None:
        self.beginResetModel()
        self.sessions = list(sessions)
        self._texts = {}
        self.endResetModel()

    def session_at(self, row: int) -> SessionView | None:
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def text(self, row: int) -> str:
        text = self._texts.get(row)
        if text is None:
            text = self._texts[row] = timeline_text(self.sessions[row])
        return text

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.sessions)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            v = self.sessions[row]
            return f"Void reason: {v.void_reason}" if v.voided else None
        if role == SessionIdRole:
            return self.sessions[row].id
        return None
