"""Where the body map goes: a clearly marked slot in the session editor and
the lesion dialog.

The body-map widget is built separately (tracker/ui/bodymap/). Until it is
installed the slot stays hidden and forms fall back to the body-site list.
Installing it is one call on the form that owns the slot; the chart and the
Lesions tab do it for every editor and lesion dialog they open:

    editor.install_map(BodyMapWidget(), MapMarker)        # session editor
    dialog.install_map(BodyMapWidget(), MapMarker)        # lesion dialog

The widget is expected to offer ``set_view(view)``, a ``pointPlaced`` signal
carrying a MapClick(view, x, y, site_code, site_name, laterality),
``set_markers([...])``, a ``markerRemoved(key)`` signal,
``set_interactive(bool)`` and (for the lesion dialog) a ``siteCorrected``
signal carrying the corrected MapClick. ``make_marker(view, x, y, label, kind, key)``
builds one marker (kind "lesion", "point" or "previous").
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

MarkerFactory = Callable[[str, float, float, str, str, str], Any]


class MapSlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyMapSlot")
        self.setAccessibleName("Body map")
        self.map: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.hide()

    def install(self, widget: QWidget) -> None:
        if self.map is not None:
            self._layout.removeWidget(self.map)
            self.map.deleteLater()
        self.map = widget
        self._layout.addWidget(widget)
        self.show()

    @property
    def installed(self) -> bool:
        return self.map is not None
