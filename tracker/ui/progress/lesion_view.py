"""One lesion's progress: the chart of a chosen score over time with the
injections and cumulative dose, the response in plain words, the photos at
their dates, and the list of assessments (with "New assessment" and void)."""
from __future__ import annotations

import logging

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from tracker.charts.progress_chart import build_progress_chart
from tracker.services.assessments import lesion_assessments, void_assessment
from tracker.services.lesion_photos import lesion_photos
from tracker.services.progress import ProgressData, lesion_progress
from tracker.ui.progress.assessment_dialog import NewAssessmentDialog
from tracker.ui.progress.common import cell, day_cell, make_table, muted
from tracker.ui.progress.photo_strip import PhotoStrip
from tracker.ui.widgets.reason_dialog import ReasonDialog, ask_reason

log = logging.getLogger(__name__)

REFRESH_ON = {"assessment", "session", "lesion", "photo"}


class LesionProgressView(QWidget):
    #: the lesion shown was reloaded (after a change or set_lesion)
    reloaded = Signal()
    #: a photo of the strip was clicked (its id), for the photo viewer to open
    photo_requested = Signal(int)

    def __init__(self, ctx, lesion_id: int | None = None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.lesion_id: int | None = None
        self.data: ProgressData | None = None
        self.assessment_dialog: NewAssessmentDialog | None = None

        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        self.metric_box = QComboBox()
        self.metric_box.setAccessibleName("Score shown")
        self.metric_box.setMinimumContentsLength(24)
        self.new_button = QPushButton("&New assessment…")
        self.new_button.setToolTip("Record an outcome score for this lesion (a review visit, no injection needed)")
        self.new_button.clicked.connect(self.open_new_assessment)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        show = QLabel("&Show:")
        show.setBuddy(self.metric_box)
        bar.addWidget(show)
        bar.addWidget(self.metric_box)
        bar.addWidget(self.new_button)

        self.chart_view = QChartView()
        self.chart_view.setRenderHint(QPainter.Antialiasing)
        self.chart_view.setMinimumHeight(340)
        self.chart_view.setAccessibleName("Progress chart")
        self.summary = QLabel()
        self.summary.setAccessibleName("Response summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.summary.setStyleSheet("QLabel { background: #f7f9fc; border-left: 4px solid #1f5fbf; padding: 6px 10px; }")
        self.photos = PhotoStrip(ctx)
        self.photos.photo_clicked.connect(self.photo_requested)

        self.table = make_table(["Date", "Instrument", "Result", "Version", "Recorded at", "By", "Notes"], "Assessments")
        self.table.setMinimumHeight(150)
        self.show_voided = QPushButton("Show voided")
        self.show_voided.setCheckable(True)
        self.show_voided.toggled.connect(self._fill_table)
        self.void_button = QPushButton("&Void assessment…")
        self.void_button.setEnabled(False)
        self.void_button.clicked.connect(self.void_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        table_bar = QHBoxLayout()
        table_bar.addWidget(QLabel("<b>Assessments</b>"))
        table_bar.addStretch(1)
        table_bar.addWidget(self.show_voided)
        table_bar.addWidget(self.void_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.chart_view, 3)
        layout.addWidget(self.photos)
        layout.addWidget(self.summary)
        layout.addLayout(table_bar)
        layout.addWidget(self.table, 2)
        self.empty = muted("Choose a lesion to see its progress.")
        layout.addWidget(self.empty)

        self._align_timer = QTimer(self, singleShot=True, interval=0)
        self._align_timer.timeout.connect(self._align_now)
        self.metric_box.currentIndexChanged.connect(self._draw_chart)
        ctx.changed.connect(self._on_changed)
        self.set_lesion(lesion_id)

    # ---- public -------------------------------------------------------------

    def set_lesion(self, lesion_id: int | None) -> None:
        if lesion_id == self.lesion_id and self.data is not None:
            return  # already shown (a change reloads it through ctx.changed)
        self.lesion_id = lesion_id
        self.reload()

    def reload(self) -> None:
        has = self.lesion_id is not None
        for widget in (self.chart_view, self.summary, self.photos, self.table, self.new_button, self.metric_box):
            widget.setVisible(has)
        self.empty.setVisible(not has)
        if not has:
            self.data = None
            self.title.setText("")
            return
        self.data = lesion_progress(self.ctx.db, self.lesion_id)
        data = self.data
        self.title.setText(f"<b>{data.lesion_label}</b> — {data.condition_label}, {data.site_name}"
                           + ("" if data.status == "active" else f" <i>({data.status})</i>"))
        previous = self.metric_box.currentData()
        self.metric_box.blockSignals(True)
        self.metric_box.clear()
        for series in data.series:
            self.metric_box.addItem(f"{series.label} ({len(series.points)})", series.key)
        if not data.series:
            self.metric_box.addItem("No scores yet", None)
        index = self.metric_box.findData(previous if previous in {s.key for s in data.series} else data.default_key)
        self.metric_box.setCurrentIndex(max(0, index))
        self.metric_box.blockSignals(False)
        self._draw_chart()
        self.summary.setText(self._summary_html(data))
        self.photos.set_photos(lesion_photos(self.ctx.db, self.ctx.location.photos_dir, self.lesion_id))
        self._fill_table()
        self.reloaded.emit()

    def current_key(self) -> str | None:
        return self.metric_box.currentData()

    def show_series(self, key: str) -> None:
        index = self.metric_box.findData(key)
        if index < 0:
            raise ValueError(f"no series {key!r} for this lesion")
        self.metric_box.setCurrentIndex(index)

    def open_new_assessment(self) -> NewAssessmentDialog | None:
        if self.lesion_id is None:
            return None
        self.assessment_dialog = NewAssessmentDialog(self.ctx, self.lesion_id, self)
        self.assessment_dialog.open()
        return self.assessment_dialog

    def void_selected(self) -> ReasonDialog | None:
        """Asks why in the shared reason dialog: a refusal is shown there, with the words typed kept."""
        row = self.table.currentRow()
        if row < 0:
            return None
        assessment_id = self.table.item(row, 0).data(Qt.UserRole)

        def void(reason: str) -> None:
            void_assessment(self.ctx.db, self.ctx.actor_id, assessment_id, reason)
            self.ctx.notify("assessment", assessment_id)

        return ask_reason(self, "Void assessment", "Void this assessment? It stays readable in the record. Why?",
                          "Void assessment", void)

    # ---- internals -----------------------------------------------------------

    def _draw_chart(self) -> None:
        if self.data is None:
            return
        old = self.chart_view.chart()
        chart = build_progress_chart(self.data, self.metric_box.currentData(), width_px=max(600, self.chart_view.width()),
                                     height_px=max(340, self.chart_view.height()))
        self.chart_view.setChart(chart)
        if old is not None:
            old.deleteLater()
        chart.plotAreaChanged.connect(self._align_photos)
        self._align_photos()

    def _align_photos(self, *_args) -> None:  # noqa: ANN002
        """Align the photo strip with the chart's time axis once the layout has settled."""
        self._align_timer.start()

    def _align_now(self) -> None:
        chart = self.chart_view.chart()
        axes = chart.axes(Qt.Horizontal) if chart is not None else []
        if not axes:
            return
        area = chart.plotArea()
        in_viewport = self.chart_view.mapFromScene(chart.mapToScene(QPointF(area.left(), 0)))
        in_self = self.chart_view.viewport().mapTo(self, in_viewport)
        left_in_strip = self.photos.mapFrom(self, in_self).x()
        axis = axes[0]
        self.photos.set_axis(axis.min().toMSecsSinceEpoch(), axis.max().toMSecsSinceEpoch(), left_in_strip, area.width())

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._align_photos()

    def _summary_html(self, data: ProgressData) -> str:
        lines = "".join(f"<li>{line}</li>" for line in data.summary)
        return f"<b>Response</b><ul style='margin:2px 0 0 -20px'>{lines}</ul>"

    def _fill_table(self) -> None:
        if self.lesion_id is None:
            return
        rows = lesion_assessments(self.ctx.db, self.lesion_id, include_voided=self.show_voided.isChecked())
        self.table.setRowCount(0)
        for view in reversed(rows):
            r = self.table.rowCount()
            self.table.insertRow(r)
            voided = " (voided)" if view.voided else ""
            band = f" — {view.band_label}" if view.band_label else ""
            self.table.setItem(r, 0, cell(day_cell(view.assessed_on), data=view.id))
            self.table.setItem(r, 1, cell(view.short_name + voided, tip=view.instrument_name))
            self.table.setItem(r, 2, cell(view.score_text + band, colours=("#f2f2f2", "#8a8a8a") if view.voided else None,
                                          tip=", ".join(f"{k}: {v}" for k, v in view.items)))
            self.table.setItem(r, 3, cell(view.version_label))
            where = "injection visit" if view.session_id else ("photo measurement" if view.photo_id else "review visit")
            self.table.setItem(r, 4, cell(where))
            self.table.setItem(r, 5, cell(view.assessor_name))
            self.table.setItem(r, 6, cell(view.void_reason if view.voided else (view.notes or "")))
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = self.table.currentRow()
        selected = row >= 0 and bool(self.table.selectedItems())
        voided = selected and "(voided)" in self.table.item(row, 1).text()
        self.void_button.setEnabled(selected and not voided)

    def _on_changed(self, entity: str, _id: int) -> None:
        if entity in REFRESH_ON and self.lesion_id is not None:
            self.reload()
