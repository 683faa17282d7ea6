"""The chart's other actions: lesions (add, atrophy), voiding a session, the
body-map slot, switching staff, the keyboard shortcuts list."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_helpers import answers, click_map, replace_text, middle_of_site, open_window, patient_with_history, screenshot, search_and_open, start_session  # noqa: F401 (answers is a fixture)
from tracker.services.lesions import patient_lesions
from tracker.services.session_views import patient_sessions
from tracker.ui.bodymap import BodyMapWidget
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
    qtbot.keyClicks(dialog.onset, "2030-01-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "short name" in dialog.fields.message("label").text()  # nothing written yet
    assert "Choose the condition" in dialog.fields.message("condition").text()
    assert "body site" in dialog.fields.message("site_code").text()
    assert "in the future" in dialog.fields.message("onset_date").text()  # told with the rest, not a round later
    screenshot(dialog, artifacts / "lesion_dialog_error.png")
    replace_text(qtbot, dialog.onset, "2024-05-01")
    qtbot.keyClicks(dialog.label, "Left earlobe keloid")
    dialog.condition.setFocus()
    qtbot.keyClicks(dialog.condition, "Kel")
    dialog.site.setFocus()
    dialog.site.lineEdit().selectAll()
    # The name alone, any letter case, or a part only one site has, names the site; a part many have does not.
    for typed, code in (("hand", "local:hand"), ("Ear lobule", "2059009"), ("lobule", "2059009"), ("ea", None)):
        dialog.site.lineEdit().selectAll()
        qtbot.keyClicks(dialog.site.lineEdit(), typed)
        assert dialog.site_code() == code, typed
    dialog.site.lineEdit().selectAll()
    qtbot.keyClicks(dialog.site.lineEdit(), "Ear lobule (face)")
    assert dialog.site_code() == "2059009" and dialog.side.isEnabled()
    dialog.side.setFocus()
    qtbot.keyClicks(dialog.side, "Left")
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert chart.lesions.model.rowCount() == 2
    added = [lesion for lesion in patient_lesions(clinic.db, patient.id) if lesion.label == "Left earlobe keloid"][0]
    assert added.site_display == "Left ear lobule" and added.condition.value == "keloid"
    assert added.site_phrase == "left ear lobule"  # as the editor and pickers write it after the condition

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
    chart.sessions.select_row(0)
    qtbot.mouseClick(chart.sessions.void_button, Qt.MouseButton.LeftButton)
    dialog = chart.sessions.findChild(ReasonDialog)
    qtbot.keyClicks(dialog.reason, "Entered in the wrong chart")
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    [voided] = patient_sessions(clinic.db, patient.id)
    assert voided.voided and voided.void_reason == "Entered in the wrong chart"
    assert chart.sessions.model.text(0).split("\n")[0].endswith("VOIDED")
    assert chart.lesions.model.data(chart.lesions.model.index(0, 4)) == "0"  # no longer counts


def test_points_placed_on_the_body_map_set_the_count_and_are_saved(qtbot, clinic):
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    body_map = editor.map_slot.map
    assert isinstance(body_map, BodyMapWidget) and editor.map_slot.isVisibleTo(editor) and body_map.is_interactive()
    assert body_map.view() == "scalp_top"  # the vertex patch's drawing
    assert not [m for m in body_map.markers() if m.kind == "point"]
    for x in (0.40, 0.50, 0.60):
        click_map(qtbot, body_map, x, 0.45)
    assert form.points.value() == 3 and form.dose.text().startswith("Dose: 1.5 mg")
    points = [m for m in body_map.markers() if m.kind == "point"]
    assert len(points) == 3 and points[0].label == "0.1 mL"
    # Select the first point on the map and press Delete: the count follows.
    first = points[0]
    qtbot.mouseClick(body_map.canvas, Qt.MouseButton.LeftButton, pos=body_map.canvas.widget_point(first.x, first.y).toPoint())
    assert body_map.selected_marker() == first.key
    with qtbot.waitSignal(body_map.markerRemoved):
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Delete)
    assert form.points.value() == 2
    qtbot.keyClicks(form.lot.lineEdit(), "KN5")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    [draft] = [v for v in patient_sessions(clinic.db, patient.id) if not v.is_signed]
    stored = draft.injections[0].map_points
    assert [(p["view"], p["volume_ml"]) for p in stored] == [("scalp_top", "0.1"), ("scalp_top", "0.1")]
    assert [p["x"] for p in stored] == pytest.approx([0.5, 0.6], abs=0.01)


def test_a_typed_point_count_is_kept_when_a_spot_is_marked_on_the_map(qtbot, clinic):
    """8 points typed, then the spot marked with one click: still 8 points and
    the same dose; the count follows the map only once it holds more points."""
    _patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    replace_text(qtbot, form.points.lineEdit(), "8")
    assert form.dose.text().startswith("Dose: 4 mg")
    body_map = editor.map_slot.map
    click_map(qtbot, body_map, 0.5, 0.45)
    assert form.points.value() == 8 and form.dose.text().startswith("Dose: 4 mg")
    [point] = [m for m in body_map.markers() if m.kind == "point"]
    qtbot.mouseClick(body_map.canvas, Qt.MouseButton.LeftButton, pos=body_map.canvas.widget_point(point.x, point.y).toPoint())
    with qtbot.waitSignal(body_map.markerRemoved):
        qtbot.keyClick(body_map.canvas, Qt.Key.Key_Delete)
    assert form.points.value() == 8  # typed, not the map's


def test_lesion_dialog_takes_site_and_side_from_the_map(qtbot, clinic):
    patient = clinic.patient()
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, patient.chart_number)
    dialog = chart.lesions.new_lesion()
    body_map = dialog.map_slot.map
    assert isinstance(body_map, BodyMapWidget)
    qtbot.mouseClick(body_map.tabs, Qt.MouseButton.LeftButton, pos=body_map.tabs.tabRect(body_map.views().index("face")).center())
    spot = middle_of_site("face", "2059009", "left")
    click_map(qtbot, body_map, *spot)
    assert dialog.site_code() == "2059009" and dialog.side.currentText() == "Left"
    assert [m.kind for m in body_map.markers()] == ["lesion"]
    qtbot.keyClicks(dialog.label, "Lobe keloid")
    dialog.condition.setFocus()
    qtbot.keyClicks(dialog.condition, "Kel")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [lesion] = patient_lesions(clinic.db, patient.id)
    assert lesion.map_view == "face" and (lesion.map_x, lesion.map_y) == pytest.approx(spot, abs=0.01)


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
