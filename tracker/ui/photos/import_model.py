"""The import preview grid's model: each file found, its thumbnail (decoded
in the background, nothing written), and the lesion, view and date it will be
stored with. Files that cannot be imported stay visible with the reason."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from tracker.imaging.thumbnail_loader import ThumbnailLoader
from tracker.imaging.thumbnails import path_key
from tracker.services.photo_dates import DateCheck, DateDoubt
from tracker.services.photo_import import ImportItem, ItemResult, Outcome
from tracker.services.photo_scan import Candidate
from tracker.services.photo_visits import PatientVisits
from tracker.services.settings import clinic_date
from tracker.ui.photos.cards import ThumbErrorRole, WarningRole
from tracker.ui.photos.shared import ThumbnailUpdates, day_text, view_text


FIX_DATE = "Select the photo, choose the day it was taken under \"Date taken\" and press \"Set date of selected\"."


@dataclass(frozen=True)
class PreviewItem:
    candidate: Candidate
    lesion_id: int | None
    view_label: str | None
    session_id: int | None = None  # set when dropped onto a session
    taken_at: datetime | None = None  # a date typed by the person, over the file's own
    include: bool = True
    result: ItemResult | None = None

    @property
    def importable(self) -> bool:
        return self.candidate.usable and self.include and self.result is None

    @property
    def date(self) -> datetime | None:
        return self.taken_at or self.candidate.taken_at or self.candidate.file_time

    @property
    def date_source(self) -> str:
        return "typed" if self.taken_at else self.candidate.date_source

    def as_import_item(self) -> ImportItem:
        return ImportItem(path=self.candidate.path, lesion_id=self.lesion_id, session_id=self.session_id,
                          view_label=self.view_label, taken_at=self.taken_at)


class PreviewModel(ThumbnailUpdates, QAbstractListModel):
    def __init__(self, loader: ThumbnailLoader, lesion_names: dict[int, str], visits: PatientVisits,
                 zone, dates: DateCheck, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.loader = loader
        self.lesion_names = lesion_names
        self.visits = visits
        self.zone = zone
        self.dates = dates
        self.items: list[PreviewItem] = []
        self._row_of: dict[str, int] = {}
        loader.ready.connect(self.thumbnail_arrived)
        loader.failed.connect(lambda key, _m: self.thumbnail_arrived(key))

    def set_items(self, items: list[PreviewItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self._row_of = {path_key(i.candidate.path): n for n, i in enumerate(self.items)}
        self.endResetModel()

    def update(self, rows: list[int], **changes) -> None:  # noqa: ANN003
        for row in rows:
            if self.items[row].result is None:
                self.items[row] = replace(self.items[row], **changes)
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))

    def apply_results(self, results: list[ItemResult]) -> None:
        # Files a cancel stopped before they started stay ready for another try.
        by_path = {r.path: r for r in results if r.outcome != Outcome.CANCELLED}
        for n, item in enumerate(self.items):
            if item.candidate.path in by_path:
                self.items[n] = replace(item, result=by_path[item.candidate.path])
        if self.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1))

    def importable_rows(self) -> list[int]:
        return [n for n, i in enumerate(self.items) if i.importable]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def _visit_text(self, item: PreviewItem) -> str:
        visit = self.visits.by_id(item.session_id) if item.session_id else None
        if visit is None and item.date is not None:
            visit = self.visits.on_day(clinic_date(item.date, self.zone), item.lesion_id)
        return f"visit {day_text(visit.clinic_date)}" if visit else "no visit that day"

    def caption(self, item: PreviewItem) -> str:
        if not item.candidate.usable:
            return f"{item.candidate.path.name}\nwill not be imported"
        when = f"{day_text(item.date)} ({item.date_source})" if item.date else "no date"
        where = self.lesion_names.get(item.lesion_id, "no lesion") if item.lesion_id else "no lesion"
        view = view_text(item.view_label) or "no view label"
        return f"{item.candidate.path.name}\n{when}\n{where} · {view}\n{self._visit_text(item)}"

    def date_doubt(self, item: PreviewItem) -> DateDoubt | None:
        """Why the date a photo would be stored with is hard to believe (after today, before birth)."""
        if not item.importable or item.date is None:
            return None
        return self.dates.doubt(clinic_date(item.date, self.zone))

    def date_messages(self) -> list[str]:
        """For the messages list: each photo whose date needs correcting, and how to correct it."""
        return [f"{item.candidate.path.name}: {doubt.detail}. {FIX_DATE}"
                for item in self.items if (doubt := self.date_doubt(item)) is not None]

    def warning(self, item: PreviewItem) -> str | None:
        if item.result is not None:
            if item.result.outcome == Outcome.IMPORTED:
                return None
            return item.result.message.split(": ", 1)[-1]
        if item.candidate.problem:
            return item.candidate.problem.split(": ", 1)[-1]
        if not item.include:
            return "left out of this import"
        notes = []
        if item.candidate.note and item.taken_at is None:
            notes.append(item.candidate.note.split(": ", 1)[-1])
        if (doubt := self.date_doubt(item)) is not None:
            notes.append(f"{doubt.short}: set the right date under Date taken")
        return "; ".join(notes) or None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            done = "✓ stored  " if item.result and item.result.outcome == Outcome.IMPORTED else ""
            return done + self.caption(item)
        if role == Qt.ItemDataRole.DecorationRole:
            if item.candidate.info is None:
                return None
            return self.loader.request(path_key(item.candidate.path), item.candidate.path, cache=False)
        if role == ThumbErrorRole:
            return item.candidate.problem or self.loader.error(path_key(item.candidate.path))
        if role == WarningRole:
            return self.warning(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            warning = self.warning(item)  # all of it, should the card have to cut it short
            return str(item.candidate.path) + (f"\n{warning}" if warning else "")
        return None

    def index_for_thumbnail(self, key: str) -> QModelIndex | None:
        row = self._row_of.get(key)
        return None if row is None else self.index(row)
