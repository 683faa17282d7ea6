"""The chart's other actions: lesions (add, atrophy), voiding a session, the
body-map slot, switching staff, the keyboard shortcuts list."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from gui_helpers import answers, open_window, patient_with_history, screenshot, search_and_open, start_session  # noqa: F401 (answers is a fixture)
from tracker.services.lesions import patient_lesions
from tracker.services.session_views import patient_sessions
from tracker.ui.chart.lesion_dialog import LesionDialog
from tracker.ui.shortcuts import SHORTCUTS
from tracker.ui.shortcuts_dialog import ShortcutsDialog
from tracker.ui.staff_dialog import StaffDialog
from tracker.ui.widgets.reason_dialog import ReasonDialog


pytestmark = pytest.mark.usefixtures("answers")


def test_add_a_lesion_from_the_vocabulary_and_mark_it_atrophic(qtbot, clinic, artifacts):
    patient, _patch = patient_with_history(clinic)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-2001")
    qtbot.keyClick(chart.lesions.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = chart.findChild(LesionDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "short name" in dialog.fields.message("label").text()  # nothing written yet
    assert "Choose the condition" in dialog.fields.message("condition").text()
    assert "body site" in dialog.fields.message("site_code").text()
    screenshot(dialog, artifacts / "lesion_dialog_error.png")
    qtbot.keyClicks(dialog.label, "Left earlobe keloid")
    dialog.condition.setFocus()
    qtbot.keyClicks(dialog.condition, "Kel")
    dialog.site.setFocus()
    dialog.site.lineEdit().selectAll()
    qtbot.keyClicks(dialog.site.lineEdit(), "Ear lobule (face)")
    assert dialog.site_code() == "2059009" and dialog.side.isEnabled()
    dialog.side.setFocus()
    qtbot.keyClicks(dialog.side, "Left")
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert chart.lesions.model.rowCount() == 2
    added = [lesion for lesion in patient_lesions(clinic.db, patient.id) if lesion.label == "Left earlobe keloid"][0]
    assert added.site_display == "left Ear lobule" and added.condition.value == "keloid"

    chart.lesions.table.selectRow(chart.lesions.model.row_of(added.id))
    qtbot.mouseClick(chart.lesions.atrophy_button, Qt.MouseButton.LeftButton)
    reason = chart.findChild(ReasonDialog)
    assert not reason.ok.isEnabled()
    qtbot.keyClicks(reason.reason, "Dent seen at review")
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.mouseClick(reason.ok, Qt.MouseButton.LeftButton)
    row = chart.lesions.model.row_of(added.id)
    assert "ATROPHIC" in chart.lesions.model.data(chart.lesions.model.index(row, 3))


def test_void_a_session_with_a_reason(qtbot, clinic):
    patient, _patch = patient_with_history(clinic)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-2001")
    chart.tabs.setCurrentWidget(chart.sessions)
    chart.sessions.timeline.setCurrentRow(0)
    qtbot.mouseClick(chart.sessions.void_button, Qt.MouseButton.LeftButton)
    dialog = chart.sessions.findChild(ReasonDialog)
    qtbot.keyClicks(dialog.reason, "Entered in the wrong chart")
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    [voided] = patient_sessions(clinic.db, patient.id)
    assert voided.voided and voided.void_reason == "Entered in the wrong chart"
    assert chart.sessions.timeline.item(0).text().split("\n")[0].endswith("VOIDED")
    assert chart.lesions.model.data(chart.lesions.model.index(0, 4)) == "0"  # no longer counts


class MapClick:
    def __init__(self, view, x, y, site_code, site_name, laterality):  # noqa: ANN001
        self.view, self.x, self.y = view, x, y
        self.site_code, self.site_name, self.laterality = site_code, site_name, laterality


class StandInMap(QWidget):
    """The body map's interface as agreed (tracker/ui/body_map_slot.py), nothing drawn."""

    pointPlaced = Signal(object)  # noqa: N815
    markerRemoved = Signal(str)  # noqa: N815

    def __init__(self) -> None:
        super().__init__()
        self.markers, self.view, self.interactive = [], None, None

    def set_view(self, view):  # noqa: ANN001, ANN201
        self.view = view

    def set_markers(self, markers):  # noqa: ANN001, ANN201
        self.markers = list(markers)

    def set_interactive(self, on):  # noqa: ANN001, ANN201
        self.interactive = on


def marker(view, x, y, label, kind, key):  # noqa: ANN001, ANN201
    return {"view": view, "x": x, "y": y, "label": label, "kind": kind, "key": key}


def test_points_placed_on_the_body_map_set_the_count_and_are_saved(qtbot, clinic):
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    body_map = StandInMap()
    editor.install_map(body_map, marker)
    assert editor.map_slot.isVisibleTo(editor) and body_map.interactive is True
    assert not [m for m in body_map.markers if m["kind"] == "point"]
    for x in (0.40, 0.45, 0.50):
        body_map.pointPlaced.emit(MapClick("scalp_top", x, 0.3, "61719002", "Vertex of scalp", "none"))
    assert form.points.value() == 3 and form.dose.text().startswith("Dose: 1.5 mg")
    points = [m for m in body_map.markers if m["kind"] == "point"]
    assert len(points) == 3 and points[0]["label"] == "0.1 mL"
    body_map.markerRemoved.emit(points[0]["key"])
    assert form.points.value() == 2
    qtbot.keyClicks(form.lot.lineEdit(), "KN5")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    [draft] = [v for v in patient_sessions(clinic.db, patient.id) if not v.is_signed]
    stored = draft.injections[0].map_points
    assert [(p["view"], p["x"], p["volume_ml"]) for p in stored] == [("scalp_top", 0.45, "0.1"), ("scalp_top", 0.5, "0.1")]


def test_lesion_dialog_takes_site_and_side_from_the_map(qtbot, clinic):
    patient = clinic.patient()
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, patient.chart_number)
    dialog = chart.lesions.new_lesion()
    body_map = StandInMap()
    dialog.install_map(body_map, marker)
    body_map.pointPlaced.emit(MapClick("face", 0.2, 0.6, "2059009", "Ear lobule", "left"))
    assert dialog.site_code() == "2059009" and dialog.side.currentText() == "Left"
    assert body_map.markers[0]["kind"] == "lesion"
    qtbot.keyClicks(dialog.label, "Lobe keloid")
    dialog.condition.setFocus()
    qtbot.keyClicks(dialog.condition, "Kel")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [lesion] = patient_lesions(clinic.db, patient.id)
    assert (lesion.map_view, lesion.map_x, lesion.map_y) == ("face", 0.2, 0.6)


def test_switch_staff_member_and_shortcuts_list(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(StaffDialog)
    dialog.person.setFocus()
    qtbot.keyClicks(dialog.person, "Nurse")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert window.ctx.actor_id == clinic.nurse.id and "Nurse Test" in window.user_label.text()

    qtbot.keyClick(window, Qt.Key.Key_F1)
    shortcuts = window.findChild(ShortcutsDialog)
    assert shortcuts is not None and shortcuts.isVisible()
    listed = {shortcuts.table.item(r, 0).text() for r in range(shortcuts.table.rowCount())}
    assert {s.keys for s in SHORTCUTS} <= listed and "Ctrl+1" in listed
    shortcuts.grab().save(str(artifacts / "keyboard_shortcuts.png"))
