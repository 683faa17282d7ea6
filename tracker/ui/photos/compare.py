"""Compare two photos of a lesion (by default the first and the latest):
side by side with synchronised zoom and pan, overlaid with an opacity slider,
or split by a swipe divider. Two landmarks picked on both photos align them;
the landmarks are saved with each photo (view settings) and reused. The
comparison can be exported as an image."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget,
)

from tracker.imaging.decode import turned
from tracker.services.errors import ServiceError
from tracker.services.photo_geometry import similarity_from_landmarks
from tracker.services.photos import PhotoView, lesion_photos, update_view_settings
from tracker.ui.photos.compare_canvas import OVERLAY, SIDE, SWIPE, CompareCanvas
from tracker.ui.photos.shared import PictureRequests, ViewFrame, check_choice, photo_caption, run_for, toggle_buttons

log = logging.getLogger(__name__)

MODES = ((SIDE, "Side by side"), (OVERLAY, "Overlay"), (SWIPE, "Swipe"))
STEP_NAMES = ("landmark 1 on the left photo", "landmark 1 on the right photo",
              "landmark 2 on the left photo", "landmark 2 on the right photo")


def save_image(image: QImage, path: str) -> str:
    """Write an image file (run in a worker); returns the path."""
    if not image.save(path):
        raise OSError(f"could not write {path}")
    return path


class CompareWindow(QWidget):
    pictures_loaded = Signal()
    exported = Signal(str)

    def __init__(self, ctx, lesion_id: int, first_id: int | None = None, second_id: int | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.lesion_id = lesion_id
        self.requests = PictureRequests(self)
        self.photos: list[PhotoView] = lesion_photos(ctx.db, lesion_id)
        self.chosen: list[PhotoView | None] = [None, None]
        self.picking: list[list[QPointF]] | None = None
        self.setWindowTitle(f"Compare photos: {self.photos[0].lesion_label}" if self.photos else "Compare photos")
        self.resize(1180, 760)
        self._build()
        self._choose_defaults(first_id, second_id)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)

    # ---- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.canvas = CompareCanvas()
        self.canvas.clicked.connect(self._canvas_clicked)
        self.before = QComboBox(accessibleName="Before photo")
        self.after = QComboBox(accessibleName="After photo")
        for combo in (self.before, self.after):
            for photo in self.photos:
                combo.addItem(photo_caption(photo, with_lesion=False), photo.id)
            combo.setMinimumContentsLength(22)
        self.before.currentIndexChanged.connect(lambda _i: self._picked(0))
        self.after.currentIndexChanged.connect(lambda _i: self._picked(1))

        self.mode_buttons, mode_row = toggle_buttons(self, MODES, "mode", self.set_mode)

        self.opacity = QSlider(Qt.Orientation.Horizontal, accessibleName="Overlay opacity")
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        self.opacity.setFixedWidth(140)
        self.opacity.valueChanged.connect(lambda v: self.canvas.set_opacity(v / 100))
        self.divider = QSlider(Qt.Orientation.Horizontal, accessibleName="Swipe divider")
        self.divider.setRange(0, 100)
        self.divider.setValue(50)
        self.divider.setFixedWidth(140)
        self.divider.valueChanged.connect(lambda v: self.canvas.set_swipe(v / 100))
        self.canvas.swipe_moved.connect(lambda f: self.divider.setValue(round(f * 100)))

        self.align_button = QPushButton("Pick landmarks…", accessibleName="Pick alignment landmarks")
        self.align_button.setToolTip("Click the same two landmarks (e.g. two freckles or scar ends) on both photos to line them up")
        self.align_button.clicked.connect(self.start_alignment)
        self.aligned = QCheckBox("Aligned", accessibleName="Use alignment")
        self.aligned.toggled.connect(self._use_alignment)
        self.fit_button = QPushButton("Fit", accessibleName="Fit to window")
        self.fit_button.clicked.connect(self.canvas.fit)
        self.export_button = QPushButton("Export image…", accessibleName="Export comparison")
        self.export_button.clicked.connect(self.export)
        self.status = QLabel(accessibleName="Comparison status")
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("Before:"))
        top.addWidget(self.before)
        top.addWidget(QLabel("After:"))
        top.addWidget(self.after)
        top.addSpacing(12)
        top.addLayout(mode_row)
        top.addSpacing(12)
        top.addWidget(QLabel("Opacity"))
        top.addWidget(self.opacity)
        top.addWidget(QLabel("Divider"))
        top.addWidget(self.divider)
        top.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.align_button)
        second.addWidget(self.aligned)
        second.addWidget(self.fit_button)
        second.addWidget(self.export_button)
        second.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.canvas, 1)
        self._sync_controls()

    def _choose_defaults(self, first_id: int | None, second_id: int | None) -> None:
        if len(self.photos) < 2:
            self.status.setText("This lesion needs at least two photos to compare; add another photo first.")
            for w in (self.before, self.after, self.align_button, self.export_button):
                w.setEnabled(False)
            return
        ids = [p.id for p in self.photos]
        first = ids.index(first_id) if first_id in ids else 0
        second = ids.index(second_id) if second_id in ids else len(ids) - 1
        self.before.setCurrentIndex(first)
        self.after.setCurrentIndex(second)
        self._picked(0)
        self._picked(1)

    # ---- pictures -----------------------------------------------------------------------------
    def _picked(self, slot: int) -> None:
        combo = self.before if slot == 0 else self.after
        if combo.currentIndex() < 0 or not self.photos:
            return
        photo = self.photos[combo.currentIndex()]
        if self.chosen[slot] is not None and self.chosen[slot].id == photo.id:
            return
        self.chosen[slot] = photo
        self.picking = None
        self.canvas.set_picture(slot, None, "")
        self._update_alignment()
        self.requests.load(slot, photo, lambda d, s=slot, p=photo: self._loaded(s, p, d),
                           lambda exc, p=photo: self.status.setText(f"{p.original_name}: {exc}"))

    def _loaded(self, slot: int, photo: PhotoView, decoded) -> None:  # noqa: ANN001
        label = "Before" if slot == 0 else "After"
        if slot == 0:  # the first photo's framing is what 'Fit' shows
            self.canvas.crop = ViewFrame.of(photo).crop_in_view(photo.crop)
        self.canvas.set_picture(slot, turned(decoded, photo.rotation), f"{label}: {photo_caption(photo, with_lesion=False)}")
        self._update_alignment()
        if self.canvas.ready:
            self.pictures_loaded.emit()

    @property
    def ready(self) -> bool:
        return self.canvas.ready

    # ---- modes ----------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        check_choice(self.mode_buttons, mode)
        self.canvas.set_mode(mode)
        self._sync_controls()

    def _sync_controls(self) -> None:
        self.opacity.setEnabled(self.canvas.mode == OVERLAY)
        self.divider.setEnabled(self.canvas.mode == SWIPE)

    # ---- alignment ------------------------------------------------------------------------------
    def _update_alignment(self) -> None:
        # Landmarks are stored on the upright photo; the canvas works in each photo's turned view.
        views = [[ViewFrame.of(p).to_view(m) for m in (p.landmarks or [])] if p else [] for p in self.chosen]
        self.canvas.landmarks = views
        self.canvas.alignment = None
        if len(views[0]) == 2 and len(views[1]) == 2:
            try:
                self.canvas.alignment = similarity_from_landmarks([(q.x(), q.y()) for q in views[1]],
                                                                  [(q.x(), q.y()) for q in views[0]])
            except ServiceError as exc:
                self.status.setText(str(exc))
        self.aligned.blockSignals(True)
        self.aligned.setEnabled(self.canvas.alignment is not None)
        self.aligned.setChecked(self.canvas.alignment is not None and self.canvas.use_alignment)
        self.aligned.blockSignals(False)
        if self.canvas.alignment is not None and self.picking is None:
            self.status.setText(f"Aligned on two landmarks (scale {self.canvas.alignment.scale:.2f}, "
                                f"turned {self.canvas.alignment.degrees:.1f}°).")
        self.canvas.update()

    def _use_alignment(self, on: bool) -> None:
        self.canvas.use_alignment = on
        self.canvas.update()

    def start_alignment(self) -> None:
        if not self.canvas.ready:
            return
        self.picking = [[], []]
        self.canvas.use_alignment = False
        self.canvas.landmarks = [[], []]
        self.set_mode(SIDE)
        self._prompt()

    def _prompt(self) -> None:
        step = len(self.picking[0]) + len(self.picking[1])
        self.status.setText(f"Click {STEP_NAMES[step]} (step {step + 1} of 4). Pick points easy to find on both photos.")

    def _canvas_clicked(self, pane: int, reference: QPointF) -> None:
        if self.picking is None or self.canvas.mode != SIDE:
            return
        step = len(self.picking[0]) + len(self.picking[1])
        expected = step % 2
        if pane != expected:
            self._prompt()
            return
        point = self.canvas.photo_point(pane, reference)
        self.picking[pane].append(point)
        self.canvas.landmarks[pane] = list(self.picking[pane])
        self.canvas.update()
        if step + 1 < 4:
            self._prompt()
            return
        self._save_landmarks()

    def _save_landmarks(self) -> None:
        picks, self.picking = self.picking, None
        try:
            for slot in (0, 1):
                frame = ViewFrame.of(self.chosen[slot])
                marks = [list(frame.to_stored(p)) for p in picks[slot]]
                self.chosen[slot] = update_view_settings(self.ctx.db, self.ctx.actor_id, self.chosen[slot].id,
                                                         {"landmarks": marks})
                self.photos = [self.chosen[slot] if p.id == self.chosen[slot].id else p for p in self.photos]
                self.ctx.notify("photo", self.chosen[slot].id)
        except ServiceError as exc:
            self.status.setText(f"The landmarks were not saved: {exc}")
            return
        self.canvas.use_alignment = True
        self._update_alignment()

    # ---- export ------------------------------------------------------------------------------------
    def export(self) -> None:
        if not self.canvas.ready:
            return
        first, second = self.chosen
        name = f"compare-{first.taken_on or first.id}-{second.taken_on or second.id}.png"
        path, _filter = QFileDialog.getSaveFileName(self, "Export the comparison", str(Path.home() / name),
                                                    "PNG image (*.png);;JPEG image (*.jpg)")
        if not path:
            return
        image = self.canvas.render_image()
        self.status.setText("Exporting…")
        run_for(self, save_image, image, path, on_done=self._exported,
                           on_error=lambda exc: self.status.setText(f"The image was not exported: {exc}"))

    def _exported(self, path: str) -> None:
        self.status.setText(f"Exported to {path}")
        self.exported.emit(path)
