"""Painting an alopecia areata patient's hair loss on the four SALT scalp
drawings, in a window big enough to paint on. The percentages go to the
assessment form as they change (the SALT items follow the brush); the paint
stays with the dialog, so opening it again shows what was painted."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from tracker.ui.bodymap import ScalpPaintWidget


class ScalpPaintDialog(QDialog):
    """Window-modal, opened with ``open()``; ``paint.percentagesChanged`` reports as the person paints."""

    def __init__(self, lesion_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Hair loss \u2014 {lesion_label}")
        intro = QLabel("Paint the areas without hair on each view (B paints, E erases, [ and ] change the brush). "
                       "The percentage of each view's scalp fills the SALT items of the outcome score.")
        intro.setWordWrap(True)
        self.paint = ScalpPaintWidget()
        self.score = QLabel()
        self.score.setAccessibleName("Score from the painting")
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton("Done", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.score, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.paint, 1)
        layout.addLayout(bottom)
        unit = self.fontMetrics().averageCharWidth()
        self.resize(unit * 150, unit * 120)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            self.resize(min(self.width(), screen.width() - 40), min(self.height(), screen.height() - 60))

    def show_score(self, text: str) -> None:
        """The score the painting gives, as the assessment form computes it."""
        self.score.setText(text)
