"""Shows the site the last click resolved to and lets staff correct it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from tracker.services.body_sites import body_sites, site_by_code
from tracker.ui.bodymap.types import MapClick

LATERALITY_TEXT = {"none": "No side", "left": "Left", "right": "Right"}


class SiteCorrectionBar(QWidget):
    """``corrected(MapClick)`` fires when staff change the site or side of the
    last click; the click it carries has ``corrected=True``."""

    corrected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._click: MapClick | None = None
        self.caption = QLabel("Click the drawing to place a point.")
        self.caption.setWordWrap(True)  # a narrow side column wraps it instead of widening the editor
        self.site = QComboBox()
        self.site.setAccessibleName("Body site of the last point")
        self.site.setToolTip("The body site the last point resolved to; choose another to correct it")
        self.site.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.site.setMinimumContentsLength(12)
        for s in sorted(body_sites(), key=lambda s: s.name.lower()):
            self.site.addItem(s.name, s.code)
            self.site.setItemData(self.site.count() - 1, f"{s.name} ({s.code})", Qt.ItemDataRole.ToolTipRole)
        self.side = QComboBox()
        self.side.setAccessibleName("Side of the last point")
        self.side.setToolTip("The patient's side")
        for value, text in LATERALITY_TEXT.items():
            self.side.addItem(text, value)
        self.note = QLabel()
        self.note.setAccessibleName("Site correction note")
        self.caption.setBuddy(self.site)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.site, 1)
        layout.addWidget(self.side)
        layout.addWidget(self.note)
        self.site.activated.connect(self._on_site)
        self.side.activated.connect(self._on_side)
        self.set_click(None)

    def click(self) -> MapClick | None:
        return self._click

    def set_click(self, click: MapClick | None) -> None:
        """Show a click (as resolved, or as already corrected) without emitting."""
        self._click = click
        has = click is not None
        self.site.setVisible(has)
        self.side.setVisible(has)
        self.note.setVisible(has)
        if not has:
            self.caption.setText("Click the drawing to place a point.")
            return
        self.caption.setText("&Site:")
        self._show(click)

    def _show(self, click: MapClick) -> None:
        index = self.site.findData(click.site_code)
        self.site.setCurrentIndex(index)
        self.side.setCurrentIndex(self.side.findData(click.laterality))
        self.note.setText("corrected" if click.corrected else "as drawn")
        self.note.setToolTip("Changed by staff" if click.corrected else "Where the click fell on the drawing")

    def _on_site(self, index: int) -> None:
        if self._click is None:
            return
        code = self.site.itemData(index)
        site = site_by_code(code)
        side = self._click.laterality
        if site is not None and not site.lateral:
            side = "none"
        self._correct(code, side)

    def _on_side(self, index: int) -> None:
        if self._click is not None:
            self._correct(self._click.site_code, self.side.itemData(index))

    def _correct(self, code: str, side: str) -> None:
        click = self._click
        if click is None or (code == click.site_code and side == click.laterality):
            return
        site = site_by_code(code)
        self._click = click.with_site(code, site.name if site else code, side)
        self._show(self._click)
        self.corrected.emit(self._click)
