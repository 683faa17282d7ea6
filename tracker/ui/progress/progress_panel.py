"""The patient chart's "Progress" tab: every lesion's trend and flags on top,
the chosen lesion's progress below."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from tracker.ui.extensions import ChartPanel, register_chart_panel
from tracker.ui.progress.lesion_view import LesionProgressView
from tracker.ui.progress.overview import PatientOverview

REFRESH_ON = {"assessment", "session", "lesion", "patient", "photo"}


class ProgressPanel(QWidget):
    def __init__(self, ctx, patient_id: int | None = None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.overview = PatientOverview(ctx)
        self.lesion_view = LesionProgressView(ctx)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.lesion_view)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self.lesion_view.setMinimumHeight(760)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.overview)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.overview.lesion_selected.connect(self.lesion_view.set_lesion)
        ctx.changed.connect(self._on_changed)
        self.set_patient(patient_id)

    def set_patient(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        self.lesion_view.set_lesion(None)
        self.overview.set_patient(patient_id)
        self._fit_overview()

    def _fit_overview(self) -> None:
        """Give the overview the height of its rows (within bounds), the rest to the lesion."""
        wanted = min(320, max(130, self.overview.preferred_height()))
        total = max(self.splitter.height(), wanted + 400)
        self.splitter.setSizes([wanted, total - wanted])

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._fit_overview()

    def has_unsaved_changes(self) -> bool:
        dialog = self.lesion_view.assessment_dialog
        return bool(dialog is not None and dialog.isVisible() and dialog.entry.has_unsaved_changes())

    def _on_changed(self, entity: str, _id: int) -> None:
        if entity in REFRESH_ON and self.patient_id is not None:
            self.overview.reload()


register_chart_panel(ChartPanel("progress", "Progress", ProgressPanel, order=50))
