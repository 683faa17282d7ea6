"""Dropping photo files or folders onto a view (lesion list, grid, timeline).

``FileDropFilter`` is installed on a view's viewport; on a drop of local
files it emits ``dropped(paths, index)`` with the item under the cursor, so
the receiver knows which lesion or session the photos were dropped on.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView


def local_paths(mime: QMimeData | None) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropFilter(QObject):
    dropped = Signal(list, QModelIndex)

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().setAcceptDrops(True)
        view.setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if local_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            paths = local_paths(event.mimeData())
            if not paths:
                return False
            event.acceptProposedAction()
            index = self.view.indexAt(event.position().toPoint())
            self.dropped.emit(paths, index)
            return True
        return False
