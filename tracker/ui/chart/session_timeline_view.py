"""The Sessions tab's list of visits (newest first), laid out a hundred rows at
a time between paints so a long history shows its newest visits at once.

Qt's batched layout leaves two gaps this view closes: a row chosen before it
is laid out (a reload keeping an older visit chosen) is scrolled to once it
is, and End goes to the oldest visit even while rows are still being laid out
(Qt's End stops at the last row laid out so far)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView


class SessionTimelineView(QListView):
    def __init__(self, model: QAbstractItemModel) -> None:
        super().__init__()
        self.setAccessibleName("Sessions, newest first")
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self._scroll_when_laid_out = False

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        rows = self.model().rowCount()
        if action == QAbstractItemView.CursorAction.MoveEnd and rows:
            return self.model().index(rows - 1, 0)
        return super().moveCursor(action, modifiers)

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,  # noqa: N802
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        super().currentChanged(current, previous)
        # Hidden (another tab shown): asking where the row is would lay out rows now; it is scrolled to when shown.
        self._scroll_when_laid_out = current.isValid() and (not self.isVisible() or not self.visualRect(current).isValid())

    def updateGeometries(self) -> None:  # noqa: N802 - Qt calls it when a layout pass has finished
        super().updateGeometries()
        current = self.currentIndex()
        if self._scroll_when_laid_out and current.isValid() and self.visualRect(current).isValid():
            self._scroll_when_laid_out = False
            self.scrollTo(current)
