"""The session editor's side of the body map: points placed there count
towards the form being worked in, and the map shows the treated lesions,
today's points and the previous visit's points (see body_map_slot.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tracker.ui.body_map_slot import MarkerFactory
from tracker.ui.session_editor import map_points


class BodyMapMixin:
    """Mixed into SessionEditor (which provides map_slot, forms(), groups, picker, view, data)."""

    def install_map(self, widget: QWidget, make_marker: MarkerFactory) -> None:
        """Put the body map in its slot: clicks place points on the form being worked in."""
        self.map_slot.install(widget)
        self._make_marker = make_marker
        widget.pointPlaced.connect(lambda c: self.place_point(c.view, c.x, c.y))
        widget.markerRemoved.connect(self.remove_point)
        widget.set_interactive(not self.read_only)
        self._map_lesion = None
        self._follow_lesion()
        self._push_markers()

    def _follow_lesion(self) -> None:
        """Show the drawing of the lesion being worked on, when that lesion changes
        (a view the person chose stays while they work on the same lesion)."""
        widget = self.map_slot.map
        forms = self.forms()
        form = self._active_form if self._active_form in forms else next(iter(forms), None)
        if widget is None or form is None or form.lesion.id == self._map_lesion:
            return
        self._map_lesion = form.lesion.id
        widget.set_view(map_points.lesion_view(form.lesion))

    def place_point(self, view: str, x: float, y: float) -> str | None:
        """An injection point placed on the map: it counts towards the points of the active form."""
        form = self._active_form if self._active_form in self.forms() else next(iter(self.forms()), None)
        if form is None or self.read_only:
            self.general.show_message("Tick the lesion being injected before placing points on the map.", "warning")
            return None
        return form.add_point(view, x, y)

    def remove_point(self, key: str) -> None:
        for form in self.forms():
            if form.remove_point(key):
                return

    def map_markers(self) -> list[map_points.Marker]:
        markers: list[map_points.Marker] = []
        exclude = self.view.root_id if self.view else None
        for lesion_id in self.picker.ticked():
            group = self.groups[lesion_id]
            markers += map_points.lesion_marker(group.lesion)
            markers += map_points.previous_markers(map_points.previous_points(self.data.sessions, lesion_id, exclude), lesion_id)
            for form in group.forms:
                markers += map_points.point_markers(form.marker_points(), group.lesion.label)
        return markers

    def _push_markers(self) -> None:
        widget = self.map_slot.map
        if widget is not None and self._make_marker is not None:
            widget.set_markers([self._make_marker(*m) for m in self.map_markers()])
