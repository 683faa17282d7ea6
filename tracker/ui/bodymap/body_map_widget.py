"""The body map: choose a drawing, click to place a lesion or an injection
point, see where it lands (and correct the site), show markers.

Signals (all carry plain values):

- ``pointPlaced(MapClick)``: the person clicked the figure (or pressed Enter
  at the keyboard cursor); the click carries the site and side the drawing
  resolved. The widget does not add a marker itself: the owner decides what
  the point is and calls ``set_markers``/``add_marker``.
- ``siteCorrected(MapClick)``: staff changed the site or side of the last
  click in the correction bar under the drawing. Same view/x/y as the last
  ``pointPlaced``, with the corrected site and ``corrected=True``; the owner
  stores this one. ``last_click()`` always returns the current version.
- ``markerRemoved(key)``: a selected marker was deleted (Delete key); the
  widget has already dropped it from its list.
- ``markerSelected(key or None)``, ``viewChanged(view)``.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabBar, QVBoxLayout, QWidget

from tracker.services.body_map import VIEWS, resolve_site
from tracker.ui.bodymap.marker_canvas import MarkerCanvas
from tracker.ui.bodymap.site_bar import LATERALITY_TEXT, SiteCorrectionBar
from tracker.ui.bodymap.types import MapClick, MapMarker
from tracker.ui.bodymap.zoom_controls import ZoomControls

log = logging.getLogger(__name__)

#: Tab captions (the full titles are in the tooltips and accessible names).
TAB_TEXT = {"body_front": "Front", "body_back": "Back", "face": "Face", "scalp_top": "Scalp top",
            "scalp_back": "Scalp back", "scalp_left": "Scalp left", "scalp_right": "Scalp right"}


class BodyMapWidget(QWidget):
    pointPlaced = Signal(object)
    siteCorrected = Signal(object)
    markerRemoved = Signal(object)
    markerSelected = Signal(object)
    viewChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, view: str = "body_front",
                 views: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Body map")
        self._views: list[str] = []
        self._interactive = True
        self._last: MapClick | None = None
        self.tabs = QTabBar()
        self.tabs.setAccessibleName("Body map views")
        self.tabs.setToolTip("Choose a drawing (Ctrl+PgUp / Ctrl+PgDown)")
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDrawBase(False)
        self.canvas = MarkerCanvas(view, self)
        self.zoom_controls = ZoomControls(self)
        self.zoom_controls.set_canvas(self.canvas)
        self.site_bar = SiteCorrectionBar()
        self.hint = QLabel()
        self.hint.setAccessibleName("Site under the pointer")

        under = QHBoxLayout()
        under.setContentsMargins(0, 0, 0, 0)
        under.addWidget(self.hint, 1)
        under.addWidget(self.zoom_controls)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.tabs)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(under)
        layout.addWidget(self.site_bar)
        self.setTabOrder(self.tabs, self.canvas)

        self.tabs.currentChanged.connect(self._on_tab)
        self.canvas.placeRequested.connect(self._on_place)
        self.canvas.markerRemoved.connect(self.markerRemoved)
        self.canvas.markerSelected.connect(self.markerSelected)
        self.canvas.pointerMoved.connect(self._on_pointer)
        self.site_bar.corrected.connect(self._on_corrected)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self._step_view(step))
        self.set_views(views or list(VIEWS), view)

    # -- views -------------------------------------------------------------
    def set_views(self, views: list[str], current: str | None = None) -> None:
        """Offer only these drawings (in this order)."""
        unknown = [v for v in views if v not in VIEWS]
        if unknown or not views:
            raise ValueError(f"unknown body-map views {unknown}; the views are {', '.join(VIEWS)}")
        self._views = list(views)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for v in self._views:
            index = self.tabs.addTab(TAB_TEXT.get(v, VIEWS[v]))
            self.tabs.setTabToolTip(index, VIEWS[v])
            self.tabs.setAccessibleTabName(index, VIEWS[v])
        self.tabs.blockSignals(False)
        self.set_view(current if current in self._views else self._views[0])

    def views(self) -> list[str]:
        return list(self._views)

    def set_view(self, view: str) -> None:
        if view not in self._views:
            raise ValueError(f"view {view!r} is not offered here; the views are {', '.join(self._views)}")
        index = self._views.index(view)
        if self.tabs.currentIndex() != index:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        if self.canvas.view() != view:
            self.canvas.set_view(view)
            self.viewChanged.emit(view)

    def view(self) -> str:
        return self.canvas.view()

    def _on_tab(self, index: int) -> None:
        if 0 <= index < len(self._views):
            self.set_view(self._views[index])

    def _step_view(self, step: int) -> None:
        index = (self._views.index(self.view()) + step) % len(self._views)
        self.set_view(self._views[index])

    # -- markers -------------------------------------------------------------
    def set_markers(self, markers: list[MapMarker]) -> None:
        self.canvas.set_markers(markers)

    def markers(self) -> list[MapMarker]:
        return self.canvas.markers()

    def add_marker(self, marker: MapMarker) -> None:
        self.canvas.set_markers(self.canvas.markers() + [marker])

    def remove_marker(self, key: object) -> None:
        """Drop markers with this key (no signal: the owner asked for it)."""
        self.canvas.set_markers([m for m in self.canvas.markers() if m.key != key])

    def select_marker(self, key: object) -> None:
        self.canvas.select(key)

    def selected_marker(self) -> object:
        return self.canvas.selected_key()

    def set_show_labels(self, on: bool) -> None:
        """Show every point's label beside it (True) or only on hover/selection."""
        self.canvas.show_labels = on
        self.canvas.update()

    # -- interaction -------------------------------------------------------------
    def set_interactive(self, on: bool) -> None:
        """False for a signed session: clicks, Delete and corrections are ignored;
        zoom, pan and hover still work."""
        self._interactive = on
        self.canvas.set_interactive(on)
        self.site_bar.setEnabled(on)

    def is_interactive(self) -> bool:
        return self._interactive

    def last_click(self) -> MapClick | None:
        return self._last

    def zoom(self) -> float:
        return self.canvas.zoom()

    def zoom_in(self) -> None:
        self.canvas.zoom_in()

    def zoom_out(self) -> None:
        self.canvas.zoom_out()

    def reset_zoom(self) -> None:
        self.canvas.reset_zoom()

    def _on_place(self, x: float, y: float) -> None:
        if not self._interactive:
            return
        hit = resolve_site(self.view(), x, y)
        if hit is None:
            self.hint.setText("Not on the figure")
            return
        click = MapClick(self.view(), x, y, hit.site_code, hit.site_name, hit.laterality, hit.region)
        self._last = click
        self.site_bar.set_click(click)
        log.debug("placed %s", click)
        self.pointPlaced.emit(click)

    def _on_corrected(self, click: MapClick) -> None:
        if not self._interactive:
            return
        self._last = click
        self.siteCorrected.emit(click)

    def _on_pointer(self, x: float, y: float) -> None:
        hit = resolve_site(self.view(), x, y) if x >= 0 else None
        if hit is None:
            self.hint.setText("")
        else:
            side = f" ({LATERALITY_TEXT[hit.laterality].lower()})" if hit.laterality != "none" else ""
            self.hint.setText(f"Pointing at: {hit.site_name}{side}")
