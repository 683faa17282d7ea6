"""The whole session screen on a demo clinic, driven as a person would: the
body map on the lesion's drawing with last visit's points, points placed by
clicking, the checklist, a SALT score painted on the scalp drawings, signing
past an unticked checklist step with a reason; then the session in the
timeline and the score in the Progress tab. And the lesion dialog's map."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from gui_helpers import answers, click_box, click_map, middle_of_site, paint_stroke, screenshot, search_and_open, tick  # noqa: F401 (answers is a fixture)
from tracker.services.assessments import lesion_assessments
from tracker.services.body_map import resolve_site, scalp_mask
from tracker.services.demo import build_demo
from tracker.services.guidance.checklist import session_checklist
from tracker.services.lesions import patient_lesions
from tracker.services.patients import get_patient
from tracker.services.session_views import patient_sessions
from tracker.services.staff import get_staff
from tracker.ui.bodymap import BodyMapWidget
from tracker.ui.chart.lesion_dialog import LesionDialog
from tracker.ui.main_window import MainWindow
from tracker.ui.widgets.reason_dialog import ReasonDialog

pytestmark = pytest.mark.usefixtures("answers")

WIDTH, HEIGHT = 1280, 800
VERTEX_PATIENT = 3  # the demo's fourth patient has an alopecia areata patch on the vertex


@pytest.fixture
def demo(db):  # noqa: ANN001, ANN201
    return build_demo(db, patients_count=4)


def open_demo_window(qtbot, db, demo) -> MainWindow:  # noqa: ANN001
    window = MainWindow(db, get_staff(db, demo.staff_ids[0]))
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_a_visit_on_one_screen_map_checklist_salt_and_signing(qtbot, db, demo, artifacts):
    patient = get_patient(db, demo.patient_ids[VERTEX_PATIENT])
    [lesion] = patient_lesions(db, patient.id)
    assert lesion.label == "Vertex patch" and lesion.map_view == "scalp_top"
    before = patient_sessions(db, patient.id)
    last_visit = next(v for v in before if v.is_signed and not v.voided)
    window = open_demo_window(qtbot, db, demo)
    chart = search_and_open(qtbot, window, patient.chart_number)

    # A new session: the map is there, beside the form, on the lesion's drawing.
    qtbot.mouseClick(chart.session_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    body_map = editor.map_slot.map
    assert isinstance(body_map, BodyMapWidget) and body_map.isVisible()
    tick(qtbot, editor.picker, 0)
    assert body_map.view() == "scalp_top"
    kinds = [m.kind for m in body_map.markers()]
    previous = [m for m in body_map.markers() if m.kind == "previous"]
    assert kinds.count("lesion") == 1
    assert len(previous) == len(last_visit.injections[0].map_points) > 0  # last visit's points, drawn faintly

    form = editor.groups[lesion.id].forms[0]
    form.agent.setFocus()
    qtbot.keyClicks(form.agent, "Triam")
    assert form.current_agent().code == "tac"
    # Three clicks on the vertex, around the patch: three points, the count follows.
    spots = [(lesion.map_x + dx, lesion.map_y + dy) for dx, dy in ((-0.1, 0.0), (0.0, -0.1), (0.1, 0.0))]
    assert all(resolve_site("scalp_top", x, y).site_code == "61719002" for x, y in spots)
    for n, (x, y) in enumerate(spots, start=1):
        click_map(qtbot, body_map, x, y)
        assert form.points.value() == n
    points = [m for m in body_map.markers() if m.kind == "point"]
    assert len(points) == 3 and points[0].label == "0.1 mL"
    assert form.dose.text().startswith("Dose: 1.5 mg")
    qtbot.keyClicks(form.lot.lineEdit(), "KN300A")
    qtbot.keyClicks(form.expiry, "2099-01-31")
    editor.fields.consent.setFocus()
    qtbot.keyClick(editor.fields.consent, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: editor.safety.report is not None, timeout=5000)
    if "reason" in editor.sign_hint.text():  # a short interval since the demo's last visit
        qtbot.keyClicks(editor.safety.reason, "Relapse; discussed with the patient")
    screenshot(window, artifacts / "session_screen_injections.png")

    # The checklist: opening it saves the draft it is made from.
    qtbot.mouseClick(editor.pages.tabBar(), Qt.MouseButton.LeftButton,
                     pos=editor.pages.tabBar().tabRect(editor.pages.indexOf(editor.checklist_page)).center())
    assert editor.pages.currentWidget() is editor.checklist_page
    panel = editor.checklist_page.panel
    qtbot.waitUntil(lambda: bool(panel.rows) and all(row.box.isVisible() for row in panel.rows.values()))
    draft_id = editor.ref.session_id
    assert draft_id is not None and "Draft saved" in editor.general.text()
    required = panel.required_unticked()
    assert len(required) >= 2
    open_before = len(required)
    assert f"({open_before} to tick)" in editor.pages.tabText(editor.pages.indexOf(editor.checklist_page))
    # Tick all but one required step, by clicking their boxes.
    for item in required[:-1]:
        click_box(qtbot, panel.rows[item.id].box)
        assert panel.rows[item.id].box.isChecked()
    left_out = required[-1]
    assert "(1 to tick)" in editor.pages.tabText(editor.pages.indexOf(editor.checklist_page))
    ticked = {i.id: i for i in session_checklist(db, draft_id).items}
    assert all(ticked[i.id].done_by_name == "Dr Ama Mensah" for i in required[:-1])
    screenshot(window, artifacts / "session_screen_checklist.png")

    # The outcome score: painted on the scalp drawings, it fills SALT.
    editor.pages.setCurrentWidget(editor.outcomes)
    section = editor.outcomes.section(lesion.id)
    assert section.entry is None  # folded until asked for
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    entry = section.entry
    assert entry is not None and entry.isVisible()
    qtbot.mouseClick(section.paint_button, Qt.MouseButton.LeftButton)
    painter = section.paint_dialog
    assert painter is not None and painter.isVisible()
    assert painter.width() <= WIDTH and painter.height() <= HEIGHT
    paint = painter.paint
    mask = scalp_mask("scalp_top")
    xs, ys = [p[0] for p in mask], [p[1] for p in mask]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    with qtbot.waitSignal(paint.percentagesChanged):
        paint_stroke(qtbot, paint.canvas("scalp_top"), [(cx - 0.15, cy), (cx, cy + 0.02), (cx + 0.15, cy)])
    paint_stroke(qtbot, paint.canvas("scalp_back"), [(0.4, 0.4), (0.6, 0.45)])
    side = scalp_mask("scalp_left")  # the patient's left side of the scalp
    lx, ly = sum(p[0] for p in side) / len(side), sum(p[1] for p in side) / len(side)
    paint_stroke(qtbot, paint.canvas("scalp_left"), [(lx - 0.05, ly - 0.08), (lx + 0.05, ly - 0.08)])
    percents = paint.percentages()
    assert percents["scalp_top"] > 0 and percents["scalp_back"] > 0 and percents["scalp_left"] > 0
    assert percents["scalp_right"] == 0
    assert "SALT score: <b>" in painter.score.text()
    screenshot(painter, artifacts / "session_screen_scalp_paint.png")
    qtbot.mouseClick(painter.done_button, Qt.MouseButton.LeftButton)
    assert not painter.isVisible()
    assert entry.instrument.code == "salt"
    assert entry.field("vertex").text() == f"{percents['scalp_top']:.1f}".rstrip("0").rstrip(".")
    assert entry.field("left").text() == f"{percents['scalp_left']:.1f}".rstrip("0").rstrip(".")
    assert entry.field("right").text() == "0"
    salt = entry.current_result().score
    assert salt is not None and salt > 0
    assert editor.has_unsaved_changes() and "unsaved" in editor.title.text()
    screenshot(window, artifacts / "session_screen_outcome.png")

    # Sign: one required step is unticked, so a reason is asked, naming it.
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(ReasonDialog)
    assert dialog is not None and dialog.isVisible()
    assert left_out.text in dialog.prompt.text()
    assert not editor.read_only
    screenshot(dialog, artifacts / "session_screen_checklist_reason.png")
    qtbot.keyClicks(dialog.reason, "Photo camera broken today")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert editor.read_only and "Signed session" in editor.title.text()
    assert not body_map.is_interactive()

    # The visit is in the timeline, signed, with its points, its checklist reason and its score.
    qtbot.waitUntil(lambda: chart.sessions.sessions[0].is_signed, timeout=5000)
    newest = chart.sessions.sessions[0]
    assert len(chart.sessions.sessions) == len(before) + 1
    assert newest.id == draft_id and newest.clinic_date == date.today()
    assert len(newest.injections[0].map_points) == 3
    reasons = {i.id: i.not_done_reason for i in session_checklist(db, draft_id).items}
    assert reasons[left_out.id] == "Photo camera broken today"
    [score] = [a for a in lesion_assessments(db, lesion.id) if a.session_id == draft_id]
    assert score.instrument == "salt" and score.score == salt
    qtbot.waitUntil(lambda: "Recorded at this visit: SALT" in section.recorded.text(), timeout=5000)
    screenshot(window, artifacts / "session_screen_signed.png")

    # The Progress tab shows it.
    progress = chart.panels["progress"]
    chart.tabs.setCurrentWidget(progress)
    progress.overview.select_lesion(lesion.id)
    view = progress.lesion_view
    qtbot.waitUntil(lambda: view.lesion_id == lesion.id and view.table.rowCount() > 0, timeout=5000)
    rows = [(view.table.item(r, 0).text(), view.table.item(r, 1).text(), view.table.item(r, 4).text())
            for r in range(view.table.rowCount())]
    assert (date.today().strftime("%d %b %Y"), "SALT", "injection visit") in rows


def test_the_lesion_dialog_map_proposes_the_site_and_keeps_the_position(qtbot, db, demo, artifacts):
    patient = get_patient(db, demo.patient_ids[0])
    window = open_demo_window(qtbot, db, demo)
    chart = search_and_open(qtbot, window, patient.chart_number)
    qtbot.keyClick(chart.lesions.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = chart.findChild(LesionDialog)
    body_map = dialog.map_slot.map
    assert isinstance(body_map, BodyMapWidget) and body_map.isVisible()
    assert body_map.view() == "body_front"  # no site chosen yet
    # Choosing a site first turns the map to the drawing that shows it.
    dialog.site.setFocus()
    qtbot.keyClicks(dialog.site.lineEdit(), "Ear lobule (face)")
    assert body_map.view() == "face"
    dialog.site.setCurrentIndex(-1)
    # Click the patient's left ear lobule (the right of the face drawing).
    spot = middle_of_site("face", "2059009", "left")
    click_map(qtbot, body_map, *spot)
    assert dialog.site_code() == "2059009" and dialog.side.currentText() == "Left"
    assert "From the map: Ear lobule, left" in dialog.fields.message("site_code").text()
    assert [m.kind for m in body_map.markers()] == ["lesion"]
    # Staff correct the side under the drawing: the dialog follows.
    bar = body_map.site_bar
    bar.side.setFocus()
    qtbot.keyClicks(bar.side, "Right")
    assert dialog.side.currentText() == "Right"
    assert "From the map, as corrected: Ear lobule, right" in dialog.fields.message("site_code").text()
    qtbot.keyClicks(dialog.label, "Lobe keloid")
    dialog.condition.setFocus()
    qtbot.keyClicks(dialog.condition, "Kel")
    assert [m.label for m in body_map.markers()] == ["Lobe keloid"]
    screenshot(dialog, artifacts / "lesion_dialog_map.png")
    assert dialog.width() <= WIDTH and dialog.height() <= HEIGHT
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    added = next(lesion for lesion in patient_lesions(db, patient.id) if lesion.label == "Lobe keloid")
    assert (added.site_code, added.laterality.value, added.map_view) == ("2059009", "right", "face")
    assert (added.map_x, added.map_y) == pytest.approx(spot, abs=0.01)

    # Editing it opens the map where it was placed, with its marker.
    chart.lesions.table.selectRow(chart.lesions.model.row_of(added.id))
    dialog = chart.lesions.edit_lesion()
    assert dialog.map_slot.map.view() == "face"
    assert [(m.kind, m.view) for m in dialog.map_slot.map.markers()] == [("lesion", "face")]
    dialog.reject()
