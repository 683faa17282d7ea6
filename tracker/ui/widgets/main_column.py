"""The column a list is for (a reminder, the agents of a group) takes the
width the others leave and never less than a readable minimum: with Qt's
Stretch mode it is the one squeezed to a few letters when the window is
narrow; here the list scrolls sideways instead."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView


class MainColumn(QObject):
    """Keeps ``column`` of ``view`` at the viewport width left by the other
    columns, at least ``min_chars`` average characters wide."""

    def __init__(self, view: QAbstractItemView, header: QHeaderView, column: int, min_chars: int) -> None:
        super().__init__(view)
        self.view, self.header, self.column, self.min_chars = view, header, column, min_chars
        header.setStretchLastSection(False)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._other_resized)
        view.viewport().installEventFilter(self)

    def fit(self) -> None:
        header = self.header
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != self.column and not header.isSectionHidden(c))
        least = self.view.fontMetrics().averageCharWidth() * self.min_chars
        width = max(self.view.viewport().width() - others, least)
        if header.sectionSize(self.column) != width:
            header.resizeSection(self.column, width)

    def _other_resized(self, index: int, _old: int, _new: int) -> None:
        if index != self.column:
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
