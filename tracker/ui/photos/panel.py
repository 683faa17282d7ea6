"""The Photos panel of the patient chart: the patient's lesions on the left,
the selected lesion's timeline or the photo grid on the right, and the ways
to add photos (files, a folder, or dropping them onto a lesion, the grid or a
visit in the timeline), compare two and measure one."""
from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter,
    QTabWidget, QVBoxLayout, QWidget,
)

from tracker.services.errors import ServiceError
from tracker.services.photo_void import measurement_count, void_photo
from tracker.services.photo_overview import PhotoOverview, photo_overview
from tracker.services.photos import PhotoView, update_view_settings
from tracker.ui.extensions import ChartPanel, register_chart_panel
from tracker.ui.latest_read import LatestRead
from tracker.ui.photos.compare import CompareWindow
from tracker.ui.photos.drop import FileDropFilter
from tracker.ui.photos.grid import PhotoGridModel, PhotoGridView
from tracker.ui.photos.import_dialog import ImportDialog
from tracker.ui.photos.measure import MeasureWindow
from tracker.ui.photos.refile_dialog import RefileDialog
from tracker.ui.photos.shared import measurements_text, tidy_store_once
from tracker.ui.photos.timeline import TimelineModel, TimelineView
from tracker.ui.theme import muted_style, scale_font, text_style
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.reason_dialog import ReasonDialog, ask_reason

log = logging.getLogger(__name__)

ALL = -1
UNASSIGNED = -2
FILE_FILTER = "Photos (*.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"
REFRESH_ON = frozenset({"photo", "lesion", "assessment", "session", "patient"})


class PhotosPanel(QWidget):
    def __init__(self, ctx, patient_id: int | None = None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id: int | None = None
        self.import_dialog: ImportDialog | None = None
        self.compare_window: CompareWindow | None = None
        self.measure_window: MeasureWindow | None = None
        self._overview = LatestRead(ctx, self)  # the lesions and their photo counts
        self._overview_error: str | None = None  # why the lesion list could not be read
        self._listed = ALL  # what the grid and timeline were last read for
        self._tabs_for: int | None = None  # ... and what the tabs were last set for
        self._build()
        self._show_tabs()
        ctx.changed.connect(self._on_changed)
        tidy_store_once(ctx)
        self.patient_id = patient_id
        self.refresh()

    # ---- layout -----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.add_button = QPushButton("Add photos…", accessibleName="Add photos")
        self.add_button.clicked.connect(self.add_files)
        self.folder_button = QPushButton("Import folder…", accessibleName="Import a folder of photos")
        self.folder_button.setToolTip("Import a whole folder, e.g. a camera card, with a preview to assign each photo")
        self.folder_button.clicked.connect(self.add_folder)
        self.compare_button = QPushButton("Compare…", accessibleName="Compare photos")
        self.compare_button.setToolTip("Compare two selected photos, or the first and latest of the lesion")
        self.compare_button.clicked.connect(self.compare)
        self.measure_button = QPushButton("Measure…", accessibleName="Measure a photo")
        self.measure_button.clicked.connect(self.measure)
        self.turn_button = QPushButton("Turn view", accessibleName="Turn the photo's view")
        self.turn_button.setToolTip("Turn how the selected photo is shown by 90° (the stored photo is not changed)")
        self.turn_button.clicked.connect(self.turn_selected)
        self.void_button = QPushButton("Void photo…", accessibleName="Void photo")
        self.void_button.clicked.connect(self.void_selected)
        self.refile_button = QPushButton("File again…", accessibleName="File the photo again")
        self.refile_button.setToolTip("Put a photo filed on the wrong lesion or chart, or dated wrongly by the camera, where it belongs")
        self.refile_button.clicked.connect(self.refile_selected)
        self.show_voided = QCheckBox("Show voided", accessibleName="Show voided photos")
        self.show_voided.toggled.connect(lambda _on: self.refresh())
        self.count_label = QLabel(accessibleName="Photo count")
        toolbar = FlowLayout()  # wraps in a narrow window instead of widening the chart
        for w in (self.add_button, self.folder_button, self.compare_button, self.measure_button, self.turn_button,
                  self.refile_button, self.void_button, self.show_voided, self.count_label):
            toolbar.addWidget(w)

        self.lesions = QListWidget(accessibleName="Lesions")
        self.lesions.setMinimumWidth(210)
        self.lesions.setSpacing(3)
        self.lesions.currentItemChanged.connect(lambda *_: self._lesion_changed())
        self.lesion_drop = FileDropFilter(self.lesions)
        self.lesion_drop.dropped.connect(self._dropped_on_lesion)
        hint = QLabel("Drop photo files or folders on a lesion, the grid or a visit to add them.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6c757d;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.lesions, 1)
        left_layout.addWidget(hint)

        self.grid_model = PhotoGridModel(self.ctx, self)
        self.grid_model.loaded.connect(lambda _total: self._show_state())
        # A list read again clears its selection without saying so: the buttons follow.
        self.grid_model.modelReset.connect(self._sync_buttons)
        self.grid = PhotoGridView()
        self.grid.setModel(self.grid_model)
        self.grid.doubleClicked.connect(lambda index: self.open_measure(self.grid_model.photo_at(index.row())))
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self.grid_drop = FileDropFilter(self.grid)
        self.grid_drop.dropped.connect(lambda paths, _i: self.open_import(paths, lesion_id=self.current_lesion()))
        self.timeline_model = TimelineModel(self.ctx, self)
        self.timeline = TimelineView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.doubleClicked.connect(lambda index: self.open_measure(self.timeline_model.entry(index.row()).photo))
        self.timeline.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self.timeline_model.modelReset.connect(self._sync_buttons)
        self.timeline_model.loaded.connect(lambda _count: self._show_state())
        self.timeline_drop = FileDropFilter(self.timeline)
        self.timeline_drop.dropped.connect(self._dropped_on_timeline)
        self.empty = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty.setStyleSheet(muted_style())
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.empty.linkActivated.connect(lambda _link: self.refresh())  # Try again, after a failed read
        scale_font(self.empty, 1.2)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, "Timeline")
        self.tabs.addTab(self.grid, "Grid")
        self.tabs.currentChanged.connect(lambda _i: self._sync_buttons())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.empty)
        right_layout.addWidget(self.tabs, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

    # ---- the patient and the lesion shown ----------------------------------------------------------------
    def set_patient(self, patient_id: int | None) -> None:
        """Show this patient's photos. The same patient again changes nothing:
        the panel follows changes to the photos itself (``ctx.changed``)."""
        if patient_id == self.patient_id:
            return
        self.lesions.blockSignals(True)
        self.lesions.clear()  # another patient's lesions: none of them is kept
        self.lesions.blockSignals(False)
        self.count_label.clear()
        self.patient_id = patient_id
        self.refresh()

    def has_unsaved_changes(self) -> bool:
        return False

    def _choice(self) -> int:
        """What the list on the left has chosen: a lesion's id, ALL or UNASSIGNED."""
        item = self.lesions.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return ALL if value is None else value

    def current_lesion(self) -> int | None:
        value = self._choice()
        return value if value not in (ALL, UNASSIGNED) else None

    def select_lesion(self, lesion_id: int | None) -> None:
        self._select_choice(lesion_id if lesion_id is not None else ALL)

    def _select_choice(self, value: int) -> None:
        for row in range(self.lesions.count()):
            if self.lesions.item(row).data(Qt.ItemDataRole.UserRole) == value:
                self.lesions.setCurrentRow(row)
                return

    @property
    def loading(self) -> bool:
        """Something the panel shows is being read again in the background."""
        return (self._overview.pending or self.grid_model.loading or self.grid_model.fetching
                or self.timeline_model.loading)

    def refresh(self) -> None:
        """Read the lesions and their photo counts again, in the background;
        the lesion shown is kept where it is still there."""
        self._overview_error = None
        if self.patient_id is None:
            self._overview.forget()
            self._load_lists()
            self._show_overview(None)
            return
        self._overview.start(photo_overview, self.ctx.db, self.patient_id, include_voided=self.show_voided.isChecked(),
                             on_done=self._show_overview, on_error=self._overview_failed)
        self._load_lists()  # at the same time, for the lesion shown now

    def _show_overview(self, overview: PhotoOverview | None) -> None:
        keep = self._choice()
        self.lesions.blockSignals(True)
        self.lesions.clear()
        if overview is not None:
            counts = overview.counts
            self._add_lesion_item("All photos", ALL, overview.total)
            for lesion in overview.lesions:
                if lesion.voided and not counts.get(lesion.id):
                    continue
                label = lesion.label + (" (voided)" if lesion.voided else "")
                self._add_lesion_item(label, lesion.id, counts.get(lesion.id, 0), lesion.site_display)
            if counts.get(None):
                self._add_lesion_item("Not assigned to a lesion", UNASSIGNED, counts[None])
        self._select_choice(keep)
        if self.lesions.currentRow() < 0 and self.lesions.count():
            self.lesions.setCurrentRow(0)
        self.lesions.blockSignals(False)
        if self._choice() != self._listed:
            self._lesion_changed()  # the lesion shown is gone (voided, or another patient's)
        else:
            self._show_tabs()
            self._show_state()
        total = overview.total if overview is not None else 0
        self.count_label.setText(f"{total} photo{'s' if total != 1 else ''}" if overview is not None else "")
        for w in (self.add_button, self.folder_button, self.lesions, self.tabs):
            w.setEnabled(self.patient_id is not None)

    def _overview_failed(self, exc: Exception) -> None:
        log.error("reading the patient's photos failed: %s", exc)
        self.ctx.banner.emit(f"The patient's photos could not be read: {exc}", "error")
        self._overview_error = str(exc)
        self._show_state()

    def _add_lesion_item(self, label: str, value: int, count: int, detail: str = "") -> None:
        item = QListWidgetItem(f"{label}  ({count})" + (f"\n{detail}" if detail else ""))
        item.setData(Qt.ItemDataRole.UserRole, value)
        self.lesions.addItem(item)

    def _lesion_changed(self) -> None:
        """Another lesion chosen (or all photos, or those not assigned): its photos and timeline."""
        self._load_lists()
        self._show_tabs()
        self._show_state()

    def _show_tabs(self) -> None:
        """A lesion's timeline when one is chosen; otherwise the grid (the timeline tab is off).
        The tab a person picked is kept while the same choice stays on the left."""
        if self._choice() == self._tabs_for:
            return
        self._tabs_for = self._choice()
        lesion_id = self.current_lesion()
        self.tabs.setTabEnabled(0, lesion_id is not None)
        self.tabs.setTabToolTip(0, "" if lesion_id is not None else "Choose a lesion on the left to see its timeline")
        self.tabs.setCurrentIndex(0 if lesion_id is not None else 1)

    def _load_lists(self) -> None:
        """Read the grid and the timeline again (in the background) for what is chosen on the left."""
        self._listed = self._choice()
        lesion_id = self.current_lesion()
        voided = self.show_voided.isChecked()
        self.grid_model.set_filter(self.patient_id, lesion_id, voided, unassigned=self._listed == UNASSIGNED)
        self.timeline_model.set_lesion(lesion_id, voided)

    def _show_state(self) -> None:
        """Say so where there is nothing to show (once the list is read) or a
        read failed (with a way to try again), and enable what applies."""
        problem = self._overview_error or self.grid_model.error or self.timeline_model.error
        if self.patient_id is None:
            self.empty.setText("Open a patient to see their photos.")
        elif problem is not None:
            self.empty.setText(f"The patient's photos could not be read ({html.escape(problem)}). "
                               '<a href="retry">Try again</a>')
        elif self.grid_model.total == 0:
            self.empty.setText("No photos here yet. Use Add photos or Import folder, or drop photo files here.")
        style = text_style("error") if problem is not None and self.patient_id is not None else muted_style()
        if self.empty.styleSheet() != style:
            self.empty.setStyleSheet(style)
        self.empty.setVisible(self.patient_id is None or problem is not None
                              or (not self.grid_model.loading and self.grid_model.total == 0))
        self._sync_buttons()

    # ---- selection -----------------------------------------------------------------------------------------
    def selected_photos(self) -> list[PhotoView]:
        view = self.tabs.currentWidget()
        return view.selected_photos() if view is not None else []

    def _lesion_photo_count(self) -> int:
        if self.current_lesion() is None or self.grid_model.loading:
            return 0
        return self.grid_model.total

    def _sync_buttons(self) -> None:
        selected = self.selected_photos()
        pair_ok = len(selected) == 2 and selected[0].lesion_id is not None and selected[0].lesion_id == selected[1].lesion_id
        self.compare_button.setEnabled(pair_ok or (not selected and self._lesion_photo_count() >= 2)
                                       or (len(selected) == 1 and self._lesion_photo_count() >= 2))
        self.measure_button.setEnabled(len(selected) == 1)
        self.turn_button.setEnabled(len(selected) == 1)
        self.void_button.setEnabled(len(selected) == 1 and not selected[0].voided)
        self.refile_button.setEnabled(len(selected) == 1 and not selected[0].voided)

    # ---- adding photos --------------------------------------------------------------------------------------
    def add_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, "Add photos", "", FILE_FILTER)
        if paths:
            self.open_import([Path(p) for p in paths], lesion_id=self.current_lesion())

    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of photos (e.g. a camera card)")
        if folder:
            self.open_import([Path(folder)], lesion_id=self.current_lesion())

    def open_import(self, paths: list[Path], *, lesion_id: int | None = None, session_id: int | None = None) -> ImportDialog | None:
        if self.patient_id is None or not paths:
            return None
        dialog = ImportDialog(self.ctx, self.patient_id, list(paths), lesion_id=lesion_id, session_id=session_id, parent=self)
        dialog.finished.connect(lambda _r: self.refresh())
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _dropped_on_lesion(self, paths: list, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        self.open_import(paths, lesion_id=value if value not in (ALL, UNASSIGNED, None) else None)

    def _dropped_on_timeline(self, paths: list, index: QModelIndex) -> None:
        if index.isValid():
            entry = self.timeline_model.entry(index.row())
            self.open_import(paths, lesion_id=entry.photo.lesion_id, session_id=entry.session_id)
        else:
            self.open_import(paths, lesion_id=self.current_lesion())

    # ---- compare, measure, void --------------------------------------------------------------------------------
    def compare(self) -> CompareWindow | None:
        selected = self.selected_photos()
        lesion_id = selected[0].lesion_id if selected else self.current_lesion()
        if lesion_id is None:
            self.ctx.banner.emit("Choose a lesion (or two photos of one lesion) to compare.", "info")
            return None
        first = selected[0].id if selected else None
        second = selected[1].id if len(selected) == 2 else None
        window = CompareWindow(self.ctx, lesion_id, first, second, parent=self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.compare_window = window
        window.show()
        return window

    def measure(self) -> MeasureWindow | None:
        selected = self.selected_photos()
        return self.open_measure(selected[0]) if len(selected) == 1 else None

    def open_measure(self, photo: PhotoView) -> MeasureWindow:
        window = MeasureWindow(self.ctx, photo.id, parent=self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.measure_window = window
        window.show()
        return window

    def turn_selected(self) -> None:
        selected = self.selected_photos()
        if len(selected) != 1:
            return
        photo = selected[0]
        try:
            update_view_settings(self.ctx.db, self.ctx.actor_id, photo.id, {"rotation": (photo.rotation + 90) % 360})
        except ServiceError as exc:
            self.ctx.banner.emit(str(exc), "error")
            return
        self.ctx.notify("photo", photo.id)

    def void_selected(self) -> ReasonDialog | None:
        """Asks why in the shared reason dialog: a refusal is shown there, with the words typed kept."""
        selected = self.selected_photos()
        if len(selected) != 1:
            return None
        photo_id = selected[0].id
        measured = measurement_count(self.ctx.db, photo_id)
        also = (f" The {measurements_text(measured)} made on it will be voided with it, with the same reason."
                if measured else "")

        def void(reason: str) -> None:
            voided = void_photo(self.ctx.db, self.ctx.actor_id, photo_id, reason)
            if voided.measurements:
                self.ctx.banner.emit(f"Photo voided, and the {measurements_text(voided.measurements)} made on it.", "info")
            self.ctx.notify("photo", photo_id)  # its measurements with it: the views that count them listen to "photo"

        return ask_reason(self, "Void photo", f"Void this photo? It stays stored and readable.{also} Why?",
                          "Void photo", void)

    def refile_selected(self) -> RefileDialog | None:
        selected = self.selected_photos()
        if len(selected) != 1 or selected[0].voided:
            return None
        dialog = RefileDialog(self.ctx, selected[0], parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _id: self.ctx.banner.emit("Photo filed again where it belongs; the misfiled "
                                                              "record is voided (Show voided to see it).", "info"))
        dialog.open()
        return dialog

    def _on_changed(self, entity: str, _entity_id: int) -> None:
        if entity in REFRESH_ON and self.patient_id is not None:
            self.refresh()


register_chart_panel(ChartPanel("photos", "Photos", PhotosPanel, order=40))
