"""The photo grid: a list model over a patient's photos that loads rows in
batches from SQL, and a card delegate that asks for a thumbnail only when it
paints (so only visible photos are decoded)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from tracker.services.photos import PhotoView, count_photos, patient_photos
from tracker.ui.photos.cards import CardGridView, ThumbErrorRole, WarningRole
from tracker.ui.photos.shared import ThumbnailUpdates, photo_caption, request_thumbnail, thumbnail_loader

log = logging.getLogger(__name__)

BATCH = 100  # rows fetched at a time; the first batch fills more than a screen
PhotoRole = Qt.ItemDataRole.UserRole + 1


class PhotoGridModel(ThumbnailUpdates, QAbstractListModel):
    """A patient's photos (optionally one lesion's), oldest first, fetched in batches."""

    def __init__(self, ctx, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.loader = thumbnail_loader(ctx)
        self.patient_id: int | None = None
        self.lesion_id: int | None = None
        self.unassigned = False  # only photos not assigned to any lesion
        self.include_voided = False
        self._total = 0
        self._rows: list[PhotoView] = []
        self._row_of: dict[str, int] = {}
        self.loader.ready.connect(self.thumbnail_arrived)
        self.loader.failed.connect(lambda key, _msg: self.thumbnail_arrived(key))

    # ---- what to show ---------------------------------------------------------------
    def set_filter(self, patient_id: int | None, lesion_id: int | None = None, include_voided: bool | None = None,
                   *, unassigned: bool = False) -> None:
        self.patient_id, self.lesion_id, self.unassigned = patient_id, lesion_id, unassigned
        if include_voided is not None:
            self.include_voided = include_voided
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows, self._row_of = [], {}
        self._total = 0 if self.patient_id is None else count_photos(
            self.ctx.db, self.patient_id, lesion_id=self.lesion_id, unassigned=self.unassigned,
            include_voided=self.include_voided)
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    @property
    def total(self) -> int:
        return self._total

    # ---- batches ------------------------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self.patient_id is None:
            return
        batch = patient_photos(self.ctx.db, self.patient_id, lesion_id=self.lesion_id, unassigned=self.unassigned,
                               include_voided=self.include_voided, offset=len(self._rows), limit=BATCH)
        if not batch:
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        for n, photo in enumerate(batch):
            self._row_of[photo.sha256] = start + n
        self._rows.extend(batch)
        self.endInsertRows()

    # ---- model ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def photo_at(self, row: int) -> PhotoView:
        return self._rows[row]

    def photos(self) -> list[PhotoView]:
        return list(self._rows)

    def row_of_photo(self, photo_id: int) -> int | None:
        return next((n for n, p in enumerate(self._rows) if p.id == photo_id), None)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        photo = self._rows[index.row()]
        if role == PhotoRole:
            return photo
        if role == Qt.ItemDataRole.DecorationRole:
            return request_thumbnail(self.ctx, photo)
        if role == Qt.ItemDataRole.DisplayRole:
            return photo_caption(photo, with_lesion=self.lesion_id is None)
        if role == ThumbErrorRole:
            return self.loader.error(photo.sha256)
        if role == WarningRole:
            return f"Voided: {photo.void_reason}" if photo.voided else None
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = f"\nVoided: {photo.void_reason}" if photo.voided else ""
            return f"{photo.original_name}\n{photo.width} x {photo.height} pixels{extra}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Photo {photo_caption(photo)}"
        return None

    def index_for_thumbnail(self, key: str) -> QModelIndex | None:
        row = self._row_of.get(key)
        return None if row is None else self.index(row)


class PhotoGridView(CardGridView):
    """The patient's photos as cards; several can be selected (to compare two)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Photos")

    def selected_photos(self) -> list[PhotoView]:
        return [self.model().photo_at(r) for r in self.selected_rows()]
