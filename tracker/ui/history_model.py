"""The History tab's table: one audit event a row (when, who, what, why), and
the selected event's details as HTML."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from tracker.services.record_history import HistoryEntry
from tracker.ui.widgets.tables import RowsModel


class HistoryModel(RowsModel):
    columns = ("When", "Who", "What happened", "Reason")
    WHAT = 2
    REASON = 3

    def set_rows(self, rows: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add_rows(self, rows: list[HistoryEntry]) -> None:
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def row_of(self, seq: int | None) -> int:
        return next((n for n, e in enumerate(self.rows) if e.seq == seq), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry: HistoryEntry = self.rows[index.row()]
        return (entry.when_text, entry.who, entry.what, entry.reason or "")[index.column()]


def entry_html(entry: HistoryEntry) -> str:
    """What the detail area shows: the line, who and when, why, and each changed field."""
    parts = [f"<p><b>{escape(entry.what)}</b><br>{escape(entry.when_text)} \u00b7 {escape(entry.who)}</p>"]
    if entry.reason:
        parts.append(f"<p>Reason: {escape(entry.reason)}</p>")
    if entry.changes:
        rows = "".join(f"<tr><td>{escape(c.label)}</td><td>{escape(c.before)}</td><td>\u2192</td><td>{escape(c.after)}</td></tr>"
                       for c in entry.changes)
        parts.append("<table cellspacing='0' cellpadding='3'><tr><th align='left'>Field</th><th align='left'>Before</th>"
                     f"<th></th><th align='left'>After</th></tr>{rows}</table>")
    else:
        parts.append("<p>No fields changed in this event.</p>")
    return "".join(parts)
