"""The photography checklist, shown where photos are added, with its source."""
from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from tracker.services.capture_standards import capture_standards
from tracker.ui.theme import muted_style, scale_font


class PhotographyChecklist(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        standards = capture_standards()
        super().__init__(standards.checklist.title, parent)
        self.setAccessibleName(standards.checklist.title)
        layout = QVBoxLayout(self)
        layout.setSpacing(3)
        self.item_labels: list[QLabel] = []
        for text in standards.checklist.items:
            label = QLabel(f"☐  {text}", wordWrap=True)
            layout.addWidget(label)
            self.item_labels.append(label)
        self.source_label = QLabel(f"Source: {standards.checklist.source}", wordWrap=True)
        self.source_label.setStyleSheet(muted_style())
        scale_font(self.source_label, 0.9)
        layout.addWidget(self.source_label)
