"""The patient finder: a search field that is always at hand, the results as
you type (queried off the GUI thread) and the recent patients.

It is the one page part built before the database opens at start-up
(``show_first_look``); it imports no database layer at module level."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QStyle, QToolButton, QVBoxLayout, QWidget

from tracker.ui.patient_list_model import PatientIdRole, PatientListModel, short_flags
from tracker.ui.patients.recent import RecentPatients
from tracker.ui.theme import muted_style
from tracker.ui.widgets.tables import read_only_table

if TYPE_CHECKING:
    from tracker.services.patient_first_look import FirstLook
    from tracker.services.patient_rows import PatientRow
    from tracker.services.patients import PatientView

# Keystrokes are coalesced in the event loop (a paste is one search), not
# delayed: a search costs a few milliseconds even at 100,000 patients and a
# stale result is dropped, so the list follows the typing at once (make bench, T3).
DEBOUNCE_MS = 0
# Columns sized to their text as rows arrive (_fit_columns): chart number, date of birth.
FITTED_COLUMNS = (1, 2)


class PatientFinder(QWidget):
    #: the person chose a patient (Enter, double-click)
    open_requested = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        # The first patients are asked for before the widgets are made: read
        # meanwhile, they are usually in when the list is first painted.
        self.patients = PatientListModel(ctx, self)
        self.patients.set_search("")
        self.search = QLineEdit(placeholderText="Chart number, name or date of birth")
        self.search.setAccessibleName("Patient search")
        self.search.setToolTip("Find a patient (Ctrl+F). Down arrow moves to the results; Enter opens the first.")
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QToolButton):  # Qt's clear button has no name of its own
            button.setAccessibleName("Clear the search")
        caption = QLabel("Find patient:")  # no Alt letter: Alt+F is the File menu; Ctrl+F comes here
        caption.setBuddy(self.search)

        self.recent_caption = QLabel("Recent patients")
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent patients")
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.recent.setUniformItemSizes(True)
        self.recent_store = RecentPatients(ctx.database_name, self)
        self.open_id: int | None = None  # the patient the chart shows

        self.status = QLabel()
        self.status.setAccessibleName("Search results count")
        self.status.setStyleSheet(muted_style())
        self.table = read_only_table(self.patients, "Patients found")
        # The name first and wide enough to read; the other columns scroll into view if the pane is narrow.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().averageCharWidth() * 24)
        # However narrow the window, the pane keeps the name column readable (the chart beside it gives way).
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24 + self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent) + 2 * self.table.frameWidth())
        header.setStretchLastSection(True)
        # The chart and birth date columns widen to the longest text loaded
        # (_fit_columns): measured strings, not Qt's resize-to-contents, which
        # asks the model for every visible cell once more before each paint.
        for column in FITTED_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.search)
        layout.addWidget(self.recent_caption)
        layout.addWidget(self.recent)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._open_first)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.activated.connect(self._open_index)
        self.recent.itemActivated.connect(lambda item: self.open_requested.emit(item.data(PatientIdRole)))
        self.patients.modelReset.connect(lambda: self._fit_columns(0))
        self.patients.rowsInserted.connect(lambda _parent, first, _last: self._fit_columns(first))
        self.patients.loaded.connect(self._on_loaded)
        self.patients.counted.connect(self._on_counted)
        self.patients.failed.connect(lambda text: self.status.setText(text))
        self.recent_store.changed.connect(self.refresh_recent)
        ctx.changed.connect(self._on_changed)
        self.refresh_recent()

    # -- public --------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def remember(self, patient_id: int) -> None:
        self.recent_store.push(patient_id)

    def show_open(self, patient_id: int | None) -> None:
        """The chart beside shows this patient: the list highlights that row
        when it is listed and no other row (never a different patient)."""
        self.open_id = patient_id
        self._mark_open()

    def show_first_look(self, look: FirstLook) -> None:
        """Start-up, before the database is open: the list and the recent
        patients as the first look read them (the search field works at once;
        a search typed now runs when the database is open)."""
        self.patients.show_first_page("", look.page, look.count)
        self._show_recent(look.recent)

    def refresh_recent(self) -> None:
        if self.ctx.db is None:  # start-up: shown by show_first_look
            return
        from tracker.services.patients import get_patients

        self._show_recent(get_patients(self.ctx.db, self.recent_store.ids()))

    def _show_recent(self, patients: Iterable[PatientRow | PatientView]) -> None:
        self.recent.clear()
        for p in patients:
            if p.voided:
                continue
            flags = short_flags(p)
            item = QListWidgetItem(f"{p.display_name}  \u00b7  {p.chart_number}" + (f"  \u00b7  {flags}" if flags else ""))
            item.setData(PatientIdRole, p.id)
            item.setToolTip("\n".join(p.flags))
            self.recent.addItem(item)
        has_any = self.recent.count() > 0
        self.recent.setVisible(has_any)
        self.recent_caption.setVisible(has_any)
        rows = min(self.recent.count(), 5)
        self.recent.setFixedHeight(self.recent.sizeHintForRow(0) * rows + 2 * self.recent.frameWidth() if rows else 0)

    # -- internals -----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table and event.type() in (QEvent.Type.FontChange, QEvent.Type.Polish):
            self._fit_columns(0, anew=True)  # measured again in the font the table now has
        elif watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            if self.patients.rowCount():
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def _run_search(self) -> None:
        self.status.setText("Searching\u2026")
        self.patients.set_search(self.search.text())

    def _on_loaded(self, text: str, rows: int) -> None:
        if rows == 0:
            self.status.setText(f"No patient matches \u201c{text}\u201d" if text.strip() else "No patients yet: add one with Ctrl+N")
        if self.open_id is not None:
            self._mark_open()
        elif self.patients.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _fit_columns(self, first: int, *, anew: bool = False) -> None:
        """Widen the chart and birth date columns to their widest cell in rows
        ``first`` onward (never narrower while rows arrive: the list does not
        jump while scrolling; ``anew`` starts again from the titles, as when
        the font changed). The widest cell is found by measuring the texts (of
        the birth dates, the oldest patient's: digits are of one width, the
        oldest has the most) and sized by Qt, as resize-to-contents would."""
        header = self.table.horizontalHeader()
        if anew:
            for column in FITTED_COLUMNS:
                header.resizeSection(column, header.sectionSizeHint(column))
        rows = self.patients.rows[first:]
        if not rows:
            return
        advance = QFontMetricsF(self.table.font()).horizontalAdvance  # in fractions of a pixel, as Qt lays text out
        chart, birth = FITTED_COLUMNS
        widest = {chart: max(range(len(rows)), key=lambda n: advance(rows[n].chart_number)),
                  birth: min(range(len(rows)), key=lambda n: rows[n].date_of_birth)}
        grid = 1 if self.table.showGrid() else 0
        for column, n in widest.items():
            width = self.table.sizeHintForIndex(self.patients.index(first + n, column)).width() + grid
            if width > header.sectionSize(column):
                header.resizeSection(column, width)

    def _mark_open(self) -> None:
        row = self.patients.row_of(self.open_id) if self.open_id is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()

    def _on_counted(self, count: int, more: bool) -> None:
        if count:
            self.status.setText(f"{count:,}+ patients" if more else f"{count:,} patient{'s' if count != 1 else ''}")

    def _open_first(self) -> None:
        if self._debounce.isActive() or self.patients.busy:
            # Enter pressed before the results arrived: open when they do.
            self._debounce.stop()
            self.patients.loaded.connect(self._open_when_loaded)
            self._run_search()
            return
        patient = self.patients.patient_at(0)  # the first match, whatever row is highlighted
        if patient is not None:
            self.open_requested.emit(patient.id)

    def _open_when_loaded(self, _text: str, _rows: int) -> None:
        self.patients.loaded.disconnect(self._open_when_loaded)
        patient = self.patients.patient_at(0)
        if patient is not None:
            self.open_requested.emit(patient.id)

    def _open_index(self, index) -> None:  # noqa: ANN001
        patient = self.patients.patient_at(index.row())
        if patient is not None:
            self.open_requested.emit(patient.id)

    def _on_changed(self, entity: str, _id: int) -> None:
        if entity == "patient":
            self.patients.refresh()
            self.refresh_recent()
