"""Choosing the lesions treated in this session (tick them)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from tracker.models import LesionStatus
from tracker.services.lesions import LesionView

LesionIdRole = Qt.ItemDataRole.UserRole


class LesionPicker(QListWidget):
    #: (lesion id, ticked)
    toggled = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Lesions treated")
        # One line a lesion, cut with "…" when narrow (the whole text is its tooltip): a sideways
        # scroll bar would cover the last row of a list sized to its rows.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemChanged.connect(self._changed)

    def set_lesions(self, lesions: tuple[LesionView, ...]) -> None:
        self.blockSignals(True)
        self.clear()
        for lesion in lesions:
            status = "" if lesion.status == LesionStatus.ACTIVE else f" [{lesion.status.value}]"
            atrophy = " [ATROPHIC]" if lesion.atrophic else ""
            item = QListWidgetItem(f"{lesion.label} \u2014 {lesion.condition.label}, {lesion.site_phrase}{status}{atrophy}")
            item.setToolTip(item.text())
            item.setData(LesionIdRole, lesion.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        rows = max(min(self.count(), 6), 1)
        self.setMaximumHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4)

    def set_ticked(self, lesion_id: int, ticked: bool) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(LesionIdRole) == lesion_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def ticked(self) -> list[int]:
        return [self.item(i).data(LesionIdRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def order(self) -> list[int]:
        return [self.item(i).data(LesionIdRole) for i in range(self.count())]

    def _changed(self, item: QListWidgetItem) -> None:
        self.toggled.emit(item.data(LesionIdRole), item.checkState() == Qt.CheckState.Checked)
