"""Zoom out / level / zoom in / reset buttons for a map canvas, with the
Ctrl+plus, Ctrl+minus and Ctrl+0 shortcuts scoped to the owning widget."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from tracker.ui.bodymap.canvas import MapCanvas
from tracker.ui.bodymap.viewport import MAX_ZOOM, MIN_ZOOM


class ZoomControls(QWidget):
    def __init__(self, shortcut_scope: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._canvas: MapCanvas | None = None
        self.zoom_out_button = self._button("−", "Zoom out", "Zoom out (Ctrl+minus)")
        self.level = QLabel("100%")
        self.level.setAccessibleName("Zoom level")
        self.level.setMinimumWidth(self.level.fontMetrics().horizontalAdvance("800%") + 6)
        self.level.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._button("+", "Zoom in", "Zoom in (Ctrl+plus, or Ctrl+wheel on the drawing)")
        self.reset_button = self._button("Fit", "Reset zoom", "Show the whole drawing (Ctrl+0)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for w in (self.zoom_out_button, self.level, self.zoom_in_button, self.reset_button):
            layout.addWidget(w)
        self.zoom_in_button.clicked.connect(lambda: self._canvas and self._canvas.zoom_in())
        self.zoom_out_button.clicked.connect(lambda: self._canvas and self._canvas.zoom_out())
        self.reset_button.clicked.connect(lambda: self._canvas and self._canvas.reset_zoom())
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.zoom_in_button.click),
                           ("Ctrl+=", self.zoom_in_button.click),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out_button.click),
                           ("Ctrl+0", self.reset_button.click)):
            shortcut = QShortcut(QKeySequence(keys), shortcut_scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _button(self, text: str, name: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setAccessibleName(name)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        return b

    def set_canvas(self, canvas: MapCanvas) -> None:
        if self._canvas is not None:
            self._canvas.zoomChanged.disconnect(self._show)
        self._canvas = canvas
        canvas.zoomChanged.connect(self._show)
        self._show(canvas.zoom())

    def _show(self, zoom: float) -> None:
        self.level.setText(f"{zoom * 100:.0f}%")
        self.zoom_out_button.setEnabled(zoom > MIN_ZOOM + 1e-9)
        self.zoom_in_button.setEnabled(zoom < MAX_ZOOM - 1e-9)
        self.reset_button.setEnabled(zoom > MIN_ZOOM + 1e-9)
