"""A grouped list of reminders (Overdue / Due today / Next 7 days, or Open /
Closed), the buttons that act on the selected one, and the pane that shows
why it is there. Shared by the Today workspace and the patient's Guidance tab."""
from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from tracker.services.errors import ServiceError
from tracker.services.guidance.reminders import (
    ReminderView, complete_reminder, dismiss_reminder, snooze_reminder,
)
from tracker.ui.guidance.common import source_html
from tracker.ui.guidance.dialogs import SnoozeDialog
from tracker.ui.shortcuts import key
from tracker.ui.widgets.main_column import MainColumn
from tracker.ui.widgets.reason_dialog import ReasonDialog, ask_reason

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Due", "Patient", "Phone", "Reminder", "Lesion", "Status")
REMINDER_CHARS = 40  # the reminder column's least width, in average characters
OVERDUE = QColor("#8a1c13")


def reminder_html(rem: ReminderView, today: date) -> str:
    status = {"open": "Open", "snoozed": f"Snoozed until {rem.snoozed_until:%d %b %Y}" if rem.snoozed_until else "Snoozed",
              "done": "Done", "dismissed": "Dismissed"}.get(rem.status, rem.status)
    if rem.closed_at:
        status += f" by {rem.closed_by_name or '?'} on {rem.closed_at:%d %b %Y}" + (f": {rem.close_reason}" if rem.close_reason else "")
    late = " (overdue)" if rem.is_open and rem.when < today else ""
    rows = [("Patient", f"{rem.patient_name} ({rem.chart_number})" + (f", phone {rem.phone}" if rem.phone else "")),
            ("Due", f"{rem.when:%A %d %B %Y}{late}"), ("Lesion", rem.lesion_label or "the whole visit"),
            ("From the visit on", f"{rem.session_date:%d %B %Y}" if rem.session_date else "-"), ("Status", status)]
    table = "".join(f"<tr><td><b>{k}</b>&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows)
    detail = f"<p>{escape(rem.detail)}</p>" if rem.detail else ""
    return f"<h3>{escape(rem.title)}</h3>{detail}<table>{table}</table><h4>Why this reminder</h4>{source_html(rem.source)}"


def _successor(kept: int, before: list[int], listed: dict[int, ReminderView]) -> int | None:
    """The reminder to select after a refresh: the one selected if still listed;
    if it went (done, snoozed past the list), the next one listed after it in the
    old order, or else the nearest one before it."""
    if kept in listed or kept not in before:
        return kept if kept in listed else None
    at = before.index(kept)
    after = [rid for rid in before[at + 1:] if rid in listed]
    earlier = [rid for rid in reversed(before[:at]) if rid in listed]
    return next(iter(after + earlier), None)


_MOVE = QAbstractItemView.CursorAction
_FORWARD = frozenset((_MOVE.MoveDown, _MOVE.MoveNext, _MOVE.MovePageDown, _MOVE.MoveHome))
_VERTICAL = _FORWARD | {_MOVE.MoveUp, _MOVE.MovePrevious, _MOVE.MovePageUp, _MOVE.MoveEnd}


class ReminderList(QTreeView):
    """Reminders in titled groups; emits the selected reminder and the one activated (Enter, double-click)."""

    current_changed = Signal(object)
    activated_reminder = Signal(object)

    def __init__(self, *, show_patient: bool = True) -> None:
        super().__init__()
        self.setAccessibleName("Reminders")
        self.model_ = QStandardItemModel(0, len(COLUMNS), self)
        self.model_.setHorizontalHeaderLabels(list(COLUMNS))
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.main_column = MainColumn(self, self.header(), 3, REMINDER_CHARS)
        for column in (1, 2):
            self.setColumnHidden(column, not show_patient)
        self.rows: dict[int, ReminderView] = {}
        self.selectionModel().currentRowChanged.connect(lambda *_: self.current_changed.emit(self.current()))
        self.doubleClicked.connect(self._activate)

    def set_groups(self, groups: list[tuple[str, list[ReminderView]]], today: date) -> None:
        keep = self.current()
        before = self._order()
        self.model_.removeRows(0, self.model_.rowCount())
        self.rows = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for title, rows in groups:
            group = QStandardItem(f"{title} ({len(rows)})")
            group.setFont(bold)
            group.setSelectable(False)
            filler = [QStandardItem("") for _ in COLUMNS[1:]]
            for item in filler:
                item.setSelectable(False)
            for rem in rows:
                group.appendRow(self._row(rem, today))
                self.rows[rem.id] = rem
            self.model_.appendRow([group, *filler])
            self.setFirstColumnSpanned(self.model_.rowCount() - 1, QModelIndex(), True)
        self.expandAll()
        self._fit_columns()
        follow = _successor(keep.id, before, self.rows) if keep is not None else None
        if follow is not None:
            self.select(follow)
        else:
            self.current_changed.emit(self.current())

    def _order(self) -> list[int]:
        """The reminders' ids as listed, top to bottom."""
        return [self.model_.item(g, 0).child(r, 0).data(ID_ROLE)
                for g in range(self.model_.rowCount()) for r in range(self.model_.item(g, 0).rowCount())]

    def _fit_columns(self) -> None:
        """The others fit their contents (patient and lesion capped); the
        reminder, what the list is for, takes the rest and never less than
        about 40 characters (a narrow list scrolls sideways instead)."""
        chars = self.fontMetrics().averageCharWidth()
        for column, cap in ((0, None), (1, chars * 30), (2, None), (4, chars * 22), (5, None)):
            self.resizeColumnToContents(column)
            if cap is not None:
                self.setColumnWidth(column, min(self.columnWidth(column), cap))
        self.main_column.fit()

    def _row(self, rem: ReminderView, today: date) -> list[QStandardItem]:
        status = "snoozed" if rem.status == "snoozed" else ("overdue" if rem.is_open and rem.when < today else rem.status)
        cells = [rem.when.strftime("%a %d %b"), f"{rem.patient_name} \u00b7 {rem.chart_number}", rem.phone or "",
                 rem.title, rem.lesion_label or "", status]
        items = [QStandardItem(text) for text in cells]
        for item in items:
            item.setData(rem.id, ID_ROLE)
            item.setToolTip(rem.detail or rem.title)
        if status == "overdue":
            items[0].setForeground(QBrush(OVERDUE))
            items[5].setForeground(QBrush(OVERDUE))
        return items

    def current(self) -> ReminderView | None:
        index = self.currentIndex()
        rid = index.data(ID_ROLE) if index.isValid() else None
        return self.rows.get(rid) if rid is not None else None

    def select(self, reminder_id: int) -> bool:
        for g in range(self.model_.rowCount()):
            group = self.model_.item(g, 0)
            for r in range(group.rowCount()):
                if group.child(r, 0).data(ID_ROLE) == reminder_id:
                    self.setCurrentIndex(group.child(r, 0).index())
                    return True
        return False

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        """Up, Down, Home, End and the page keys go from reminder to reminder: a group's
        heading is stepped over in the direction the key goes (or back, at either end)."""
        index = super().moveCursor(action, modifiers)
        if action not in _VERTICAL or not index.isValid() or index.data(ID_ROLE) is not None:
            return index
        forward = action in _FORWARD
        found = self._reminder_from(index, forward)
        if found.isValid():
            return found
        found = self._reminder_from(index, not forward)
        return found if found.isValid() else self.currentIndex()

    def _reminder_from(self, index: QModelIndex, forward: bool) -> QModelIndex:
        while index.isValid() and index.data(ID_ROLE) is None:
            index = self.indexBelow(index) if forward else self.indexAbove(index)
        return index

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current() is not None:
            self.activated_reminder.emit(self.current())
            return
        super().keyPressEvent(event)

    def _activate(self, index: QModelIndex) -> None:
        rem = self.rows.get(index.data(ID_ROLE))
        if rem is not None:
            self.activated_reminder.emit(rem)


class ReminderActions(QObject):
    """Done / snooze / dismiss for the selected reminder, asking what is needed."""

    #: (text, level) to show where the person is looking
    message = Signal(str, str)

    SHORTCUTS = {what: QKeySequence(key(f"reminder_{what}")) for what in ("done", "snooze", "dismiss")}

    def __init__(self, ctx, parent: QWidget) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent

    def _run(self, what: str, fn, *args) -> bool:  # noqa: ANN001
        try:
            rem = fn(self.ctx.db, self.ctx.actor_id, *args)
        except ServiceError as exc:
            self.message.emit(f"Could not {what}: {exc}", "error")
            return False
        self._done_with(rem)
        return True

    def _done_with(self, rem: ReminderView) -> None:
        self.message.emit(f"{rem.title} ({rem.patient_name}): {rem.status}.", "info")
        self.ctx.notify("reminder", rem.id)

    def done(self, rem: ReminderView | None) -> bool:
        return rem is not None and self._run("mark it done", complete_reminder, rem.id)

    def snooze(self, rem: ReminderView | None, today: date) -> bool:
        if rem is None:
            return False
        chosen = SnoozeDialog.ask(self.parent_widget, today, rem.title)
        if chosen is None:
            return False
        until, note = chosen
        return self._run("snooze it", lambda db, actor, rid: snooze_reminder(db, actor, rid, until, note, today=today), rem.id)

    def dismiss(self, rem: ReminderView | None) -> ReasonDialog | None:
        """Ask why the reminder is no longer needed; dismiss it once a reason is given."""
        if rem is None:
            return None

        def dismiss(reason: str) -> None:
            dismissed = dismiss_reminder(self.ctx.db, self.ctx.actor_id, rem.id, reason)
            self._done_with(dismissed)

        return ask_reason(self.parent_widget, "Dismiss reminder",
                          f"Why is \u201c{rem.title}\u201d for {rem.patient_name} no longer needed? "
                          "The reason is kept with the record.", "Dismiss", dismiss)
