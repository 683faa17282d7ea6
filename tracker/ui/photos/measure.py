"""Measuring on a photo: calibrate on the ruler in the picture (two points
and the distance in mm), then measure lengths (two points) and areas
(points around the lesion) in mm and mm². Saved measurements become
assessments of the lesion, linked to the photo."""
from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QPen, QPolygonF, QShortcut
from PySide6.QtWidgets import (
    QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget,
)

from tracker.imaging.decode import turned
from tracker.services.errors import ServiceError
from tracker.services.photo_geometry import Calibration, make_calibration
from tracker.services.photo_measurements import AREA, LENGTH, UNITS, measure, photo_measurements, save_measurement, set_calibration
from tracker.services.photos import PhotoView, get_photo, update_view_settings
from tracker.ui.photos.canvas import ImageCanvas
from tracker.ui.photos.shared import PictureRequests, ViewFrame, check_choice, photo_caption, toggle_buttons
from tracker.ui.theme import scale_font

log = logging.getLogger(__name__)

PAN, CALIBRATE = "pan", "calibrate"
TOOLS = ((PAN, "Move"), (CALIBRATE, "Calibrate on ruler"), (LENGTH, "Length"), (AREA, "Area"))
RULER = QColor("#ffd43b")
DRAFT = QColor("#4dabf7")
SAVED = QColor("#51cf66")


class MeasureCanvas(ImageCanvas):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Photo for measuring")
        self.picture = None
        self.ruler: list[QPointF] = []
        self.ruler_text = ""
        self.draft: list[QPointF] = []
        self.draft_kind = LENGTH
        self.saved: list[tuple[str, list[QPointF], str]] = []  # (instrument, points, label)

    def set_picture(self, picture) -> None:  # noqa: ANN001
        self.picture = picture
        self.fit()

    def reference_size(self) -> QSizeF:
        return QSizeF(self.picture.full_width, self.picture.full_height) if self.picture else QSizeF(1, 1)

    def _pen(self, colour: QColor, width: float = 2.5) -> QPen:
        pen = QPen(colour, width / self.zoom)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def _dots(self, painter: QPainter, points: list[QPointF], colour: QColor) -> None:
        painter.setPen(self._pen(QColor("#000000"), 1.5))
        painter.setBrush(QBrush(colour))
        for p in points:
            painter.drawEllipse(p, 5 / self.zoom, 5 / self.zoom)

    def _shape(self, painter: QPainter, kind: str, points: list[QPointF], colour: QColor) -> None:
        painter.setPen(self._pen(colour))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if kind == AREA and len(points) >= 3:
            fill = QColor(colour)
            fill.setAlpha(50)
            painter.setBrush(QBrush(fill))
            painter.drawPolygon(QPolygonF(points))
        elif len(points) >= 2:
            painter.drawPolyline(QPolygonF(points))
        self._dots(painter, points, colour)

    def paint_pane(self, painter: QPainter, index: int, pane: QRectF) -> None:
        if self.picture is None:
            return
        painter.drawImage(QRectF(0, 0, self.picture.full_width, self.picture.full_height), self.picture.image)
        for kind, points, _label in self.saved:
            self._shape(painter, kind, points, SAVED)
        self._shape(painter, LENGTH, self.ruler, RULER)
        self._shape(painter, self.draft_kind, self.draft, DRAFT)

    def _label(self, painter: QPainter, text: str, at: QPointF) -> None:
        box = QRectF(at.x() + 8, at.y() - 26, painter.fontMetrics().horizontalAdvance(text) + 12, 22)
        painter.fillRect(box, QColor(0, 0, 0, 180))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def paint_overlay(self, painter: QPainter, rect: QRectF) -> None:
        if self.picture is None:
            painter.setPen(QColor("#dee2e6"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Loading the photo…")
            return
        view = self.view_transform(rect)
        for _kind, points, label in self.saved:
            if points:
                self._label(painter, label, view.map(points[-1]))
        if len(self.ruler) == 2 and self.ruler_text:
            self._label(painter, self.ruler_text, view.map(self.ruler[1]))


class MeasureWindow(QWidget):
    pictures_loaded = Signal()
    measurement_saved = Signal(int)

    def __init__(self, ctx, photo_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.photo: PhotoView = get_photo(ctx.db, photo_id)
        self.requests = PictureRequests(self)
        self.frame = ViewFrame.of(self.photo)
        self.upright = None  # the decoded picture before the view's turn
        self.tool = PAN
        self.setWindowTitle(f"Measure: {photo_caption(self.photo)}")
        self.resize(1150, 760)
        self._build()
        self._show_calibration()
        self._show_saved()
        self.requests.load(0, self.photo, self._loaded, lambda exc: self.message.setText(str(exc)))
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)

    # ---- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.canvas = MeasureCanvas()
        self.canvas.clicked.connect(self._clicked)
        self.tools, tool_row = toggle_buttons(self, TOOLS, "tool", self.set_tool)
        fit = QPushButton("Fit", accessibleName="Fit to window")
        fit.clicked.connect(self.canvas.fit)
        self.turn_button = QPushButton("Turn view 90°", accessibleName="Turn the view")
        self.turn_button.setToolTip("Turn how this photo is shown (the stored photo is not changed)")
        self.turn_button.clicked.connect(self.turn_view)
        self.crop_button = QPushButton("Crop to this view", accessibleName="Crop to this view")
        self.crop_button.setToolTip("Keep what is shown now as this photo's framing (the stored photo is not changed)")
        self.crop_button.clicked.connect(self.crop_to_view)
        self.uncrop_button = QPushButton("Whole photo", accessibleName="Show the whole photo")
        self.uncrop_button.clicked.connect(self.clear_crop)
        tool_row.addSpacing(8)
        tool_row.addWidget(fit)
        tool_row.addWidget(self.turn_button)
        tool_row.addWidget(self.crop_button)
        tool_row.addWidget(self.uncrop_button)
        self.help = QLabel(accessibleName="How to use this tool")
        self.help.setStyleSheet("color: #495057; padding-left: 12px;")
        tool_row.addWidget(self.help, 1)

        self.scale_status = QLabel(wordWrap=True, accessibleName="Calibration")
        self.ruler_mm = QDoubleSpinBox(accessibleName="Ruler distance in mm", decimals=1, suffix=" mm")
        self.ruler_mm.setRange(0.1, 2000)
        self.ruler_mm.setValue(10)
        self.set_scale = QPushButton("Set scale", accessibleName="Set scale")
        self.set_scale.clicked.connect(self.save_calibration)
        scale_box = QGroupBox("Scale")
        form = QFormLayout(scale_box)
        form.addRow(self.scale_status)
        form.addRow("Ruler distance:", self.ruler_mm)
        form.addRow(self.set_scale)

        self.value = QLabel(accessibleName="Current measurement")
        scale_font(self.value, 1.6, QFont.Weight.DemiBold)
        self.save_button = QPushButton("Save measurement", accessibleName="Save measurement")
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton("Clear", accessibleName="Clear measurement")
        self.clear_button.clicked.connect(self._clear_draft)
        measure_box = QGroupBox("Measurement")
        measure_layout = QVBoxLayout(measure_box)
        measure_layout.addWidget(self.value)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        measure_layout.addLayout(buttons)

        self.saved_list = QListWidget(accessibleName="Saved measurements")
        saved_box = QGroupBox("Saved on this photo")
        QVBoxLayout(saved_box).addWidget(self.saved_list)
        self.message = QLabel(wordWrap=True, accessibleName="Message")
        self.message.setStyleSheet("color: #b02a37;")

        side = QVBoxLayout()
        side.addWidget(scale_box)
        side.addWidget(measure_box)
        side.addWidget(self.message)
        side.addWidget(saved_box, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(330)
        body = QHBoxLayout()
        body.addWidget(self.canvas, 1)
        body.addWidget(side_widget)
        layout = QVBoxLayout(self)
        layout.addLayout(tool_row)
        layout.addLayout(body, 1)
        self.set_tool(PAN)

    def _loaded(self, decoded) -> None:  # noqa: ANN001
        self.upright = decoded
        self._show_picture()
        self.pictures_loaded.emit()

    def _show_picture(self) -> None:
        self.canvas.crop = self.frame.crop_in_view(self.photo.crop)
        self.uncrop_button.setEnabled(self.photo.crop is not None)
        if self.upright is not None:
            self.canvas.set_picture(turned(self.upright, self.frame.rotation))

    def _change_view(self, changes: dict) -> bool:
        try:
            self.photo = update_view_settings(self.ctx.db, self.ctx.actor_id, self.photo.id, changes)
        except ServiceError as exc:
            self.message.setText(str(exc))
            return False
        self.ctx.notify("photo", self.photo.id)
        self.frame = ViewFrame.of(self.photo)
        return True

    def crop_to_view(self) -> None:
        """Keep the part now on screen as the photo's framing (thumbnails, compare and fit use it)."""
        if self.canvas.picture is None:
            return
        seen = self.canvas.visible_rect()
        if seen.width() < 10 or seen.height() < 10:
            self.message.setText("Zoom out a little: the part on screen is too small to keep as a crop.")
            return
        if self._change_view({"crop": self.frame.crop_to_store(seen)}):
            self._show_picture()

    def clear_crop(self) -> None:
        if self._change_view({"crop": None}):
            self._show_picture()

    def turn_view(self) -> None:
        """Turn how the photo is shown by a quarter, clockwise; saved as a view setting."""
        if not self._change_view({"rotation": (self.frame.rotation + 90) % 360}):
            return
        self.canvas.draft = []
        self._show_picture()
        self._show_calibration()
        self._show_saved()
        self._update_value()

    @property
    def ready(self) -> bool:
        return self.canvas.picture is not None

    # ---- tools ------------------------------------------------------------------------------------
    def set_tool(self, tool: str) -> None:
        self.tool = tool
        check_choice(self.tools, tool)
        if tool in (LENGTH, AREA):
            self.canvas.draft_kind = tool
            self.canvas.draft = []
        self.help.setText({
            PAN: "Drag to move, scroll to zoom, 0 to fit.",
            CALIBRATE: "Click two marks on the ruler, type the distance between them, then Set scale.",
            LENGTH: "Click the two ends of the length to measure.",
            AREA: "Click around the edge of the lesion; the shape closes itself.",
        }[tool])
        self.message.clear()
        self._update_value()

    def _clicked(self, _pane: int, point: QPointF) -> None:
        if self.tool == CALIBRATE:
            self.canvas.ruler = ([] if len(self.canvas.ruler) >= 2 else self.canvas.ruler) + [point]
            self.canvas.ruler_text = ""
            self._show_calibration(pending=True)
        elif self.tool == LENGTH:
            self.canvas.draft = ([] if len(self.canvas.draft) >= 2 else self.canvas.draft) + [point]
        elif self.tool == AREA:
            self.canvas.draft = self.canvas.draft + [point]
        self._update_value()
        self.canvas.update()

    def _clear_draft(self) -> None:
        self.canvas.draft = []
        self._update_value()
        self.canvas.update()

    # ---- calibration ------------------------------------------------------------------------------
    def calibration(self) -> Calibration | None:
        return Calibration.from_dict(self.photo.calibration)

    def _show_calibration(self, pending: bool = False) -> None:
        current = self.calibration()
        if pending:
            count = len(self.canvas.ruler)
            self.scale_status.setText("Now click the second ruler mark." if count == 1 else
                                      "Type the distance between the two marks, then Set scale.")
        elif current is None:
            self.scale_status.setText("Not calibrated: choose 'Calibrate on ruler' and click two marks on the ruler.")
        else:
            self.scale_status.setText(f"{format(current.mm.normalize(), 'f')} mm = {current.pixels:.0f} pixels "
                                      f"({current.mm_per_px:.4f} mm per pixel)")
            self.canvas.ruler = [self.frame.to_view(current.a), self.frame.to_view(current.b)]
            self.canvas.ruler_text = f"{format(current.mm.normalize(), 'f')} mm"
        self.set_scale.setEnabled(len(self.canvas.ruler) == 2 and pending)

    def save_calibration(self) -> None:
        a, b = (self.frame.to_stored(p) for p in self.canvas.ruler)
        mm = Decimal(str(round(self.ruler_mm.value(), 1)))
        try:
            make_calibration(a, b, mm)
            self.photo = set_calibration(self.ctx.db, self.ctx.actor_id, self.photo.id, a, b, mm)
        except ServiceError as exc:
            self.message.setText(str(exc))
            return
        self.ctx.notify("photo", self.photo.id)
        self.message.clear()
        self._show_calibration()
        self._update_value()
        self.canvas.update()

    # ---- measuring -----------------------------------------------------------------------------------
    def current_value(self) -> Decimal | None:
        calibration = self.calibration()
        if calibration is None or self.tool not in (LENGTH, AREA):
            return None
        points = [(p.x(), p.y()) for p in self.canvas.draft]
        needed = 2 if self.tool == LENGTH else 3
        return measure(calibration, self.tool, points) if len(points) >= needed else None

    def _update_value(self) -> None:
        value = self.current_value()
        if self.tool in (LENGTH, AREA) and self.calibration() is None:
            self.value.setText("calibrate first")
        else:
            self.value.setText("-" if value is None else f"{format(value, 'f')} {UNITS[self.tool]}")
        self.save_button.setEnabled(value is not None)

    def save(self) -> None:
        points = [self.frame.to_stored(p) for p in self.canvas.draft]
        try:
            saved = save_measurement(self.ctx.db, self.ctx.actor_id, self.photo.id, self.tool, points)
        except ServiceError as exc:
            self.message.setText(str(exc))
            return
        self.ctx.notify("assessment", saved.id)
        self.canvas.draft = []
        self._show_saved()
        self._update_value()
        self.measurement_saved.emit(saved.id)

    def _show_saved(self) -> None:
        items = photo_measurements(self.ctx.db, self.photo.id)
        self.saved_list.clear()
        for m in items:
            self.saved_list.addItem(f"{m.text}  ({m.assessed_on:%d %b %Y})")
        self.canvas.saved = [(m.instrument, [self.frame.to_view(p) for p in m.points], m.text) for m in items]
        self.canvas.update()
