"""A lesion's timeline: each photo by date, beside the visit it belongs to
(agent, dose) and the outcome scores recorded for the lesion that day."""
from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from tracker.services.photo_timeline import TimelineEntry, lesion_timeline
from tracker.services.photos import PhotoView
from tracker.ui.latest_read import LatestRead
from tracker.ui.photos.shared import ThumbnailUpdates, day_text, paint_thumbnail, request_thumbnail, thumbnail_loader, view_text

log = logging.getLogger(__name__)

PhotoRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Date taken", "Photo", "View", "Visit", "Treatment of this lesion", "Outcome that day")
PHOTO_COLUMN = 1
ROW_HEIGHT = 150


class TimelineModel(ThumbnailUpdates, QAbstractTableModel):
    """A lesion's photos by date, read in the background (``loaded`` says when they are shown)."""

    loaded = Signal(int)  # how many photos the timeline shows

    def __init__(self, ctx, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.loader = thumbnail_loader(ctx)
        self.lesion_id: int | None = None
        self.include_voided = False
        self._entries: list[TimelineEntry] = []
        self._read = LatestRead(ctx, self)
        self.error: str | None = None  # why the timeline could not be read, until it is read again
        self.loader.ready.connect(self.thumbnail_arrived)

    def set_lesion(self, lesion_id: int | None, include_voided: bool | None = None) -> None:
        voided = self.include_voided if include_voided is None else include_voided
        changed = (lesion_id, voided) != (self.lesion_id, self.include_voided)
        self.lesion_id, self.include_voided = lesion_id, voided
        if changed:  # another lesion's photos are not left on screen while this one's are read
            self._reset([])
        self.refresh()

    @property
    def loading(self) -> bool:
        return self._read.pending

    def refresh(self) -> None:
        self.error = None
        if self.lesion_id is None:
            self._read.forget()
            self._show([])
            return
        self._read.start(lesion_timeline, self.ctx.db, self.lesion_id, include_voided=self.include_voided,
                         on_done=self._show, on_error=self._failed)

    def _show(self, entries: list[TimelineEntry]) -> None:
        self._reset(entries)
        self.loaded.emit(len(entries))

    def _reset(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def _failed(self, exc: Exception) -> None:
        log.error("reading the lesion's timeline failed: %s", exc)
        self._reset([])  # nothing is shown that was not read for this lesion
        self.error = str(exc)
        self.ctx.banner.emit(f"The lesion's timeline could not be read: {exc}", "error")
        self.loaded.emit(0)

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def photos(self) -> list[PhotoView]:
        return [e.photo for e in self._entries]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _text(self, entry: TimelineEntry, column: int) -> str:
        photo = entry.photo
        if column == 0:
            return day_text(photo.taken_on) + ("\n(voided)" if photo.voided else "")
        if column == 2:
            return view_text(photo.view_label) or "-"
        if column == 3:
            if entry.session_id is None:
                return "no visit that day"
            return f"{day_text(entry.session_date)}\n{entry.session_status}"
        if column == 4:
            return entry.treatment or "-"
        if column == 5:
            return "\n".join(score.text for score in entry.scores) or "no score recorded"  # one score a line
        return ""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == PhotoRole:
            return entry.photo
        if role == Qt.ItemDataRole.DisplayRole and index.column() != PHOTO_COLUMN:
            return self._text(entry, index.column())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == PHOTO_COLUMN:
            return request_thumbnail(self.ctx, entry.photo, self.loader)
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.photo.original_name
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def index_for_thumbnail(self, key: str) -> QModelIndex | None:
        row = next((n for n, e in enumerate(self._entries) if e.photo.sha256 == key), None)
        return None if row is None else self.index(row, PHOTO_COLUMN)


class _ThumbnailDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        paint_thumbnail(painter, option.rect.adjusted(4, 4, -4, -4), index.data(Qt.ItemDataRole.DecorationRole))


class TimelineView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Lesion timeline")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.setItemDelegateForColumn(PHOTO_COLUMN, _ThumbnailDelegate(self))

    def setModel(self, model) -> None:  # noqa: ANN001, N802
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((100, 200, 110, 120, 260)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

    def selected_photos(self) -> list[PhotoView]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.model().entry(r).photo for r in rows]
