"""Paint hair loss on the four SALT scalp views and read the percentage of
each view's scalp that is painted.

- ``percentagesChanged(dict)``: {view: percent 0-100} whenever paint changes.
- ``percentages()``: the same, now.
- ``paint_state()`` / ``restore_paint_state(data)``: the strokes as JSON-safe
  data, to keep with an assessment and show again later.
- ``set_interactive(False)``: read only (a signed record).
The SALT score itself (weights per view) belongs to the outcome instruments.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tracker.services.body_map import VIEWS, scalp_views
from tracker.ui.bodymap.paint_canvas import PaintCanvas
from tracker.ui.bodymap.paint_model import ScalpPaintModel
from tracker.ui.bodymap.zoom_controls import ZoomControls

DEFAULT_BRUSH = 8  # brush diameter, percent of the view's width


class ScalpPaintWidget(QWidget):
    percentagesChanged = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scalp hair-loss painting")
        self.model = ScalpPaintModel(self)
        self._interactive = True
        self._last: dict[str, float] = self.model.percentages()

        self.paint_button = self._tool_button("&Paint", "Paint hair loss (B)", "B")
        self.erase_button = self._tool_button("&Erase", "Erase paint (E)", "E")
        self.paint_button.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.paint_button)
        self.mode_group.addButton(self.erase_button)
        self.brush = QSlider(Qt.Orientation.Horizontal)
        self.brush.setRange(2, 30)
        self.brush.setValue(DEFAULT_BRUSH)
        self.brush.setAccessibleName("Brush size")
        self.brush.setToolTip("Brush size ([ smaller, ] larger)")
        self.brush.setMaximumWidth(160)
        brush_label = QLabel("&Brush:")
        brush_label.setBuddy(self.brush)
        self.undo_button = self._tool_button("&Undo", "Undo the last stroke (Ctrl+Z)", QKeySequence.StandardKey.Undo,
                                             checkable=False)
        self.clear_view_button = self._tool_button("Clear &view", "Clear the paint of the view in use", None,
                                                   checkable=False)
        self.clear_all_button = self._tool_button("Clear &all", "Clear the paint of all four views", None,
                                                  checkable=False)
        self.zoom_controls = ZoomControls(self)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.paint_button, self.erase_button, brush_label, self.brush, self.undo_button,
                  self.clear_view_button, self.clear_all_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.zoom_controls)

        grid = QGridLayout()
        grid.setSpacing(8)
        self.canvases: dict[str, PaintCanvas] = {}
        self.percent_labels: dict[str, QLabel] = {}
        for i, view in enumerate(scalp_views()):
            canvas = PaintCanvas(view, self.model, self._tool)
            canvas.installEventFilter(self)
            title = QLabel(f"<b>{VIEWS[view]}</b>")
            title.setBuddy(canvas)
            percent = QLabel()
            percent.setAccessibleName(f"{VIEWS[view]} hair loss")
            percent.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            head = QHBoxLayout()
            head.addWidget(title)
            head.addWidget(percent, 1)
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addLayout(head)
            cell.addWidget(canvas, 1)
            grid.addLayout(cell, i // 2, i % 2)
            self.canvases[view] = canvas
            self.percent_labels[view] = percent
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(grid, 1)

        self._active = scalp_views()[0]
        self.zoom_controls.set_canvas(self.canvases[self._active])
        self.undo_button.clicked.connect(self.model.undo)
        self.clear_view_button.clicked.connect(lambda: self.model.clear(self._active))
        self.clear_all_button.clicked.connect(lambda: self.model.clear())
        self.model.changed.connect(self._on_changed)
        for keys, delta in (("[", -2), ("]", 2)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda delta=delta: self.brush.setValue(self.brush.value() + delta))
        self._show()

    def _tool_button(self, text: str, tip: str, keys: object, checkable: bool = True) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(text.replace("&", ""))
        b.setCheckable(checkable)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if keys is not None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(b.click)
        return b

    # -- public ----------------------------------------------------------------
    def percentages(self) -> dict[str, float]:
        return self.model.percentages()

    def paint_state(self) -> dict:
        return self.model.state()

    def restore_paint_state(self, data: dict | None) -> None:
        """Show saved paint again (None clears). Raises ValueError on malformed data."""
        self.model.restore(data)

    def clear(self, view: str | None = None) -> None:
        self.model.clear(view)

    def set_interactive(self, on: bool) -> None:
        self._interactive = on
        for canvas in self.canvases.values():
            canvas.set_interactive(on)
        for b in (self.paint_button, self.erase_button, self.brush, self.undo_button, self.clear_view_button,
                  self.clear_all_button):
            b.setEnabled(on)

    def is_interactive(self) -> bool:
        return self._interactive

    def canvas(self, view: str) -> PaintCanvas:
        return self.canvases[view]

    def active_view(self) -> str:
        return self._active

    def brush_radius(self) -> float:
        return self.brush.value() / 200.0

    # -- internals ---------------------------------------------------------------
    def _tool(self) -> tuple[str, float]:
        return ("erase" if self.erase_button.isChecked() else "paint"), self.brush_radius()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress) and isinstance(watched, PaintCanvas):
            self._activate(watched.view())
        return False

    def _activate(self, view: str) -> None:
        if view != self._active:
            self._active = view
            self.zoom_controls.set_canvas(self.canvases[view])

    def _on_changed(self, view: str) -> None:
        self._show()
        now = self.model.percentages()
        if now != self._last:
            self._last = now
            self.percentagesChanged.emit(dict(now))

    def _show(self) -> None:
        for view, value in self.model.percentages().items():
            self.percent_labels[view].setText(f"Hair loss {value:.1f}%")
        self.undo_button.setEnabled(self._interactive and self.model.can_undo())
