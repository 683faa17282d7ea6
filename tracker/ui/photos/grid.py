"""The photo grid: a list model over a patient's photos that reads rows in
batches in the background, and a card delegate that asks for a thumbnail only when it
paints (so only visible photos are decoded)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from tracker.services.photos import PhotoPage, PhotoView, photo_page
from tracker.ui.latest_read import LatestRead
from tracker.ui.photos.cards import CardGridView, ThumbErrorRole, WarningRole
from tracker.ui.photos.shared import ThumbnailUpdates, photo_caption, request_thumbnail, thumbnail_loader

log = logging.getLogger(__name__)

BATCH = 100  # rows fetched at a time; the first batch fills more than a screen
PhotoRole = Qt.ItemDataRole.UserRole + 1
_DISPLAY, _DECORATION = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole
_TOOLTIP, _ACCESSIBLE = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole


class PhotoGridModel(ThumbnailUpdates, QAbstractListModel):
    """A patient's photos (optionally one lesion's), oldest first, read in
    batches in the background: the rows shown stay until the new ones arrive."""

    #: the first batch of a new filter is shown: how many photos the list has
    loaded = Signal(int)

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
        self._captions: dict[int, str] = {}
        self._first = LatestRead(ctx, self)  # the list's first batch, with its length
        self._further = LatestRead(ctx, self)  # a batch more as the grid scrolls
        self.error: str | None = None  # why the list could not be read, until it is read again
        self.loader.ready.connect(self.thumbnail_arrived)
        self.loader.failed.connect(lambda key, _msg: self.thumbnail_arrived(key))

    # ---- what to show ---------------------------------------------------------------
    def set_filter(self, patient_id: int | None, lesion_id: int | None = None, include_voided: bool | None = None,
                   *, unassigned: bool = False) -> None:
        voided = self.include_voided if include_voided is None else include_voided
        changed = (patient_id, lesion_id, unassigned, voided) != (
            self.patient_id, self.lesion_id, self.unassigned, self.include_voided)
        self.patient_id, self.lesion_id, self.unassigned, self.include_voided = patient_id, lesion_id, unassigned, voided
        self.refresh(keep_rows=not changed)

    def refresh(self, *, keep_rows: bool = True) -> None:
        """Read the list again (in the background; ``loaded`` says when it is shown).
        The rows shown stay meanwhile only when the same list is read again:
        another patient's or lesion's photos are never left on screen to act on."""
        self._further.forget()
        self.error = None
        if not keep_rows or self.patient_id is None:
            self._reset(PhotoPage(0, []))
        if self.patient_id is None:
            self._first.forget()
            self.loaded.emit(0)
            return
        self._read(self._first, 0, self._show, self._failed)

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        """The list is being read again (its rows, if any, are the same list's as last read)."""
        return self._first.pending

    @property
    def fetching(self) -> bool:
        """A further batch is being read (as the grid scrolls)."""
        return self._further.pending

    def _read(self, read: LatestRead, offset: int, on_done, on_error) -> None:  # noqa: ANN001
        read.start(photo_page, self.ctx.db, self.patient_id, lesion_id=self.lesion_id, unassigned=self.unassigned,
                   include_voided=self.include_voided, offset=offset, limit=BATCH, on_done=on_done, on_error=on_error)

    def _show(self, page: PhotoPage) -> None:
        self._reset(page)
        self.loaded.emit(self._total)

    def _reset(self, page: PhotoPage) -> None:
        self.beginResetModel()
        self._rows, self._row_of, self._captions, self._total = [], {}, {}, page.total
        self._append(page.rows)
        self.endResetModel()

    def _failed(self, exc: Exception) -> None:
        log.error("reading the photo list failed: %s", exc)
        self._reset(PhotoPage(0, []))  # nothing is shown that was not read for this list
        self.error = str(exc)
        self.ctx.banner.emit(f"The photos could not be read: {exc}", "error")
        self.loaded.emit(0)

    # ---- batches ------------------------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not (self.loading or self.fetching) and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._read(self._further, len(self._rows), self._more, self._more_failed)

    def _more_failed(self, exc: Exception) -> None:
        log.error("reading more of the photo list failed: %s", exc)
        self._total = len(self._rows)  # the rows shown stay; not asked for again and again as the grid scrolls
        self.ctx.banner.emit(f"The photos could not be read: {exc}", "error")

    def _more(self, page: PhotoPage) -> None:
        if not page.rows:  # photos voided or moved meanwhile: the list ends here
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
        self._append(page.rows)
        self.endInsertRows()

    def _append(self, rows: list[PhotoView]) -> None:
        start = len(self._rows)
        for n, photo in enumerate(rows):
            self._row_of[photo.sha256] = start + n
        self._rows.extend(rows)

    # ---- model ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def photo_at(self, row: int) -> PhotoView:
        return self._rows[row]

    def photos(self) -> list[PhotoView]:
        return list(self._rows)

    def row_of_photo(self, photo_id: int) -> int | None:
        return next((n for n, p in enumerate(self._rows) if p.id == photo_id), None)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):  # noqa: ANN201
        if not index.isValid():
            return None
        row = index.row()
        photo = self._rows[row]
        if role == _DECORATION:
            return request_thumbnail(self.ctx, photo, self.loader)
        if role == _DISPLAY:  # each paint asks: made once per row
            caption = self._captions.get(row)
            if caption is None:
                caption = self._captions[row] = photo_caption(photo, with_lesion=self.lesion_id is None)
            return caption
        if role == PhotoRole:
            return photo
        if role == ThumbErrorRole:
            return self.loader.error(photo.sha256)
        if role == WarningRole:
            return f"Voided: {photo.void_reason}" if photo.voided else None
        if role == _TOOLTIP:
            extra = f"\nVoided: {photo.void_reason}" if photo.voided else ""
            return f"{photo.original_name}\n{photo.width} x {photo.height} pixels{extra}"
        if role == _ACCESSIBLE:
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
