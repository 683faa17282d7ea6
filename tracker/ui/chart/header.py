"""The chart header: who this is, and the flags that change care, impossible to miss."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from tracker.services.patients import PatientView
from tracker.ui import theme
from tracker.ui.widgets.flow_layout import FlowLayout

# Flags and the tone they are shown in: allergies and pregnancy change what may be given.
FLAG_TONES = {"Allergies": "error", "Pregnant": "error", "Child": "warning", "Diabetes": "warning",
              "Immunosuppressed": "warning"}
NAME_MIN_WIDTH = 240  # pixels
LONG_CHIP = 60  # characters: a chip longer than this wraps (a short one stays on one line)


class ChartHeader(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        theme.scale_font(self.name, 1.5, QFont.Weight.Bold)
        self.name.setAccessibleName("Patient name")
        # A long name wraps instead of widening the window; a single word too
        # long for the header (rare) is cut at its edge, the whole in the tooltip.
        self.name.setWordWrap(True)
        self.name.setMinimumWidth(NAME_MIN_WIDTH)
        self.details = QLabel()
        self.details.setAccessibleName("Patient details")
        self.details.setWordWrap(True)
        self.flags_box = QWidget()
        self.flags_box.setAccessibleName("Care flags")
        self.flags = FlowLayout(self.flags_box)
        self.flags.setContentsMargins(0, 0, 0, 0)
        self.chips: list[QLabel] = []
        text = QVBoxLayout()
        text.addWidget(self.name)
        text.addWidget(self.details)
        text.addWidget(self.flags_box)
        self.actions = QHBoxLayout()
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addLayout(self.actions)

    def show_patient(self, p: PatientView, today: date | None = None) -> None:
        today = today or date.today()
        self.name.setText(p.display_name + ("  (record voided)" if p.voided else ""))
        self.name.setToolTip(self.name.text())
        sex = "" if p.sex.value == "unknown" else f"  \u00b7  {p.sex.value}"
        self.details.setText(f"Chart {p.chart_number}  \u00b7  born {p.date_of_birth.isoformat()}, "
                             f"{p.age(today)} years{sex}" + (f"  \u00b7  {p.phone}" if p.phone else ""))
        for chip in self.chips:
            self.flags.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for flag in p.flags or ("No care flags recorded",):
            key, sep, rest = flag.partition(":")
            chip = QLabel(key.upper() + sep + rest if p.flags else flag)
            chip.setProperty("tone", FLAG_TONES.get(flag.split(":")[0], "") if p.flags else "")
            chip.setAccessibleName(f"Care flag: {flag}" if p.flags else flag)
            chip.setWordWrap(len(chip.text()) > LONG_CHIP)  # a long allergy list wraps within the header
            self.flags.addWidget(chip)
            self.chips.append(chip)
        self._restyle()

    def flag_texts(self) -> list[str]:
        return [c.text() for c in self.chips if c.property("tone")]

    def _restyle(self) -> None:
        for chip in self.chips:
            kind = chip.property("tone")
            chip.setStyleSheet(theme.chip_style(kind) if kind else theme.muted_style())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle()
        super().changeEvent(event)
