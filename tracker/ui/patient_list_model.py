"""A table model over the patient search that loads rows in batches, off the GUI thread.

Search and ordering happen in SQL (services/patient_search.py walks indexes in
display order and pages with a keyset cursor). The model holds only the rows
fetched so far; when the view scrolls near the end it asks for the next batch
(canFetchMore/fetchMore). Each query runs in the task pool; a result that
arrives after the search text changed again is dropped.

At start-up the model exists before the database is open: a search asked
for then waits for ``ctx.opened``, unless ``show_first_page`` answers it
first with rows read another way (services/patient_first_look.py). This
module imports no database layer: the search is loaded when first run.
"""
from __future__ import annotations

import logging
import time
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QModelRoleDataSpan, QPersistentModelIndex, Qt, Signal

from tracker.services.patient_rows import PatientRow, SearchCursor, SearchPage
from tracker.ui.widgets.tables import RowsModel

if TYPE_CHECKING:
    from tracker.services.patients import PatientView

log = logging.getLogger(__name__)

BATCH = 100
COUNT_CAP = 1000
COLUMNS = ("Name", "Chart", "Date of birth", "Care flags")
PatientIdRole = Qt.ItemDataRole.UserRole
# Roles as plain ints: a view asks data() for some eight roles per cell it paints.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_PATIENT_ID = int(PatientIdRole)
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _ACCESSIBLE, _PATIENT_ID))
_NOT_DISPLAY = _ANSWERED - {_DISPLAY}
# The clock the ages follow (a test turns it past midnight).
_clock = time.time


def short_flags(p: PatientRow | PatientView) -> str:
    return ", ".join(f.split(":")[0] for f in p.flags)


class PatientListModel(RowsModel):
    columns = COLUMNS

    #: a search finished loading its first batch: (text, rows loaded)
    loaded = Signal(str, int)
    #: how many patients match (capped): (count, more than the cap)
    counted = Signal(int, bool)
    #: a search failed: the message
    failed = Signal(str)

    def __init__(self, ctx, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self._text = ""
        self._cursor: SearchCursor | None = None
        self._generation = 0
        self._fetching = False
        self._waiting = False  # a search asked for before the database opened
        self.busy = False
        self._cell_cache: dict[int, tuple[str, str, str, str]] = {}
        self._cells_day: date | None = None
        self._cells_until = 0.0  # when the cells' day ends (seconds since the epoch)
        self.modelReset.connect(self._forget_cells)
        ctx.opened.connect(self._on_opened)

    # -- public --------------------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    def set_search(self, text: str) -> None:
        """Start a search; the rows arrive later (``loaded``)."""
        self._text = text
        self._generation += 1
        generation = self._generation
        self.busy = True
        self._waiting = self._ctx.db is None
        if self._waiting:
            return
        from tracker.services.patient_search import count_matches, search_page

        def first_page(page: SearchPage) -> None:
            self._first_page(generation, page)
            if generation == self._generation:  # counted after: the rows are what the person waits for
                self._ctx.tasks.run(count_matches, self._ctx.db, text, cap=COUNT_CAP,
                                    on_done=lambda result: self._counted(generation, result),
                                    on_error=lambda exc: self._failed(generation, exc), owner=self)

        self._ctx.tasks.run(search_page, self._ctx.db, text, limit=BATCH, on_done=first_page,
                            on_error=lambda exc: self._failed(generation, exc), owner=self)

    def refresh(self) -> None:
        self.set_search(self._text)

    def show_first_page(self, text: str, page: SearchPage, count: tuple[int, bool]) -> bool:
        """Answer the search for ``text`` that waits for the database with rows
        read another way; False (nothing shown) if another search was asked for."""
        if not self._waiting or text != self._text:
            return False
        self._waiting = False
        self._first_page(self._generation, page)
        self._counted(self._generation, count)
        return True

    def patient_at(self, row: int) -> PatientRow | None:
        return self.row_at(row)

    def row_of(self, patient_id: int) -> int:
        return next((i for i, p in enumerate(self.rows) if p.id == patient_id), -1)

    # -- Qt model ------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):  # noqa: ANN201
        if role not in _ANSWERED or not index.isValid():
            return None
        row = index.row()
        if role == _DISPLAY:  # only the cell asked for, made once per row
            return self._cells(row)[index.column()]
        p = self.rows[row]
        if role == _TOOLTIP and index.column() == 3 and p.flags:
            return "\n".join(p.flags)
        if role == _ACCESSIBLE:
            return f"{p.display_name}, chart {p.chart_number}, born {p.date_of_birth.isoformat()}" + (
                f", care flags: {', '.join(p.flags)}" if p.flags else "")
        if role == _PATIENT_ID:
            return p.id
        return None

    def multiData(self, index: QModelIndex | QPersistentModelIndex, span: QModelRoleDataSpan) -> None:  # noqa: N802
        """A painted cell's roles in one call (Qt's default asks data() once per
        role, seven times a cell). Painting asks only for the text of what we
        answer; it is read straight from the row's cells."""
        row = index.row()
        if row < 0:
            return
        for slot in span:
            role = slot.role()
            if role == _DISPLAY:
                slot.setData(self._cells(row)[index.column()])
            elif role in _NOT_DISPLAY:
                value = self.data(index, role)
                if value is not None:
                    slot.setData(value)

    def _forget_cells(self) -> None:
        self._cell_cache = {}

    def _cells(self, row: int) -> tuple[str, str, str, str]:
        now = _clock()  # not date.today(): that imports a module on every call, and this runs for every painted cell
        if now >= self._cells_until:  # ages change at midnight
            self._start_day(now)
        cells = self._cell_cache.get(row)
        if cells is None:
            p = self.rows[row]
            cells = self._cell_cache[row] = (p.display_name, p.chart_number,
                                             f"{p.date_of_birth.isoformat()} ({p.age(self._cells_day)} y)", short_flags(p))
        return cells

    def _start_day(self, now: float) -> None:
        """The cells are made for the local day of ``now`` until its midnight."""
        today = datetime.fromtimestamp(now).date()
        self._cells_day, self._cell_cache = today, {}
        self._cells_until = datetime.combine(today + timedelta(days=1), datetime.min.time()).timestamp()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._cursor is not None and not self._fetching and self._ctx.db is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        from tracker.services.patient_search import search_page

        self._fetching = True
        generation = self._generation
        self._ctx.tasks.run(search_page, self._ctx.db, self._text, after=self._cursor, limit=BATCH,
                            on_done=lambda page: self._next_page(generation, page),
                            on_error=lambda exc: self._failed(generation, exc), owner=self)

    # -- results -------------------------------------------------------------
    def _on_opened(self) -> None:
        if self._waiting:
            self.set_search(self._text)

    def _first_page(self, generation: int, page: SearchPage) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.rows = list(page.rows)
        self._cursor = page.cursor
        self._fetching = False
        self.endResetModel()
        self.busy = False
        self.loaded.emit(self._text, len(self.rows))

    def _next_page(self, generation: int, page: SearchPage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._cursor = page.cursor
        if page.rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()

    def _counted(self, generation: int, result: tuple[int, bool]) -> None:
        if generation == self._generation:
            self.counted.emit(*result)

    def _failed(self, generation: int, exc: Exception) -> None:
        log.error("patient search failed: %s", exc)
        if generation == self._generation:
            self._fetching = False
            self.busy = False
            self.failed.emit(f"The search failed: {exc}")
