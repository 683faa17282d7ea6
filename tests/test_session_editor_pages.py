"""The session editor's checklist and outcome-score pages in the corners of
daily use: an unfinished score stops the save, typed scores count as unsaved
work and survive a crash, "Back to the checklist" instead of a reason, and a
signed session shown read-only with its checklist and scores."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from gui_helpers import Answers, click_box, open_window, patient_with_history, restore_after_crash, start_session
from tracker.services.assessments import lesion_assessments
from tracker.services.session_views import patient_sessions
from tracker.ui import unsaved
from tracker.ui.session_editor import autosave
from tracker.ui.session_editor.recovery import recovery_dir
from tracker.ui.widgets.reason_dialog import ReasonDialog


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(autosave, "IDLE_MS", 200)


def ready_to_sign(qtbot, clinic, monkeypatch):  # noqa: ANN001, ANN201
    """A new session on a patient last injected 60 days ago, with everything signing needs typed."""
    Answers(monkeypatch, unsaved.Choice.DISCARD)
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.keyClicks(form.lot.lineEdit(), "KN400A")
    qtbot.keyClicks(form.expiry, "2099-01-31")
    editor.fields.consent.setFocus()
    qtbot.keyClick(editor.fields.consent, Qt.Key.Key_Space)
    return patient, patch, chart, editor


def open_scores(qtbot, editor, lesion_id: int):  # noqa: ANN001, ANN201
    editor.pages.setCurrentWidget(editor.outcomes)
    section = editor.outcomes.section(lesion_id)
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    return section.entry


def test_an_unfinished_score_stops_the_save_and_a_finished_one_is_saved_with_the_draft(qtbot, clinic, monkeypatch):
    Answers(monkeypatch, unsaved.Choice.DISCARD)
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    entry = open_scores(qtbot, editor, patch.id)
    qtbot.keyClicks(entry.field("vertex"), "40")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "not complete" in editor.general.text() and "Nothing was saved" in editor.general.text()
    assert entry.item_error("back") != ""  # said beside the item
    assert len(patient_sessions(clinic.db, patient.id)) == 1  # no draft written
    for key, value in (("back", "20"), ("left", "10"), ("right", "0")):
        qtbot.keyClicks(entry.field(key), value)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Draft saved" in editor.general.text()
    [draft] = [v for v in patient_sessions(clinic.db, patient.id) if not v.is_signed]
    [score] = [a for a in lesion_assessments(clinic.db, patch.id) if a.session_id == draft.id]
    assert score.instrument == "salt" and score.score == Decimal("22.6")  # 16 + 4.8 + 1.8
    assert not editor.has_unsaved_changes() and entry.field("vertex").text() == ""


def test_a_typed_score_is_unsaved_work_and_survives_a_crash(qtbot, clinic, monkeypatch):
    answers = Answers(monkeypatch, unsaved.Choice.CANCEL)
    _patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.has_unsaved_changes()
    entry = open_scores(qtbot, editor, patch.id)
    qtbot.keyClicks(entry.field("vertex"), "35")
    assert editor.has_unsaved_changes() and "unsaved changes" in editor.title.text()
    assert not chart.close_editor() and answers.asked[-1][1] == "close the session editor"

    folder = recovery_dir(clinic.db.location.data_dir)
    qtbot.waitUntil(lambda: any(folder.glob("session-*.json")), timeout=5000)
    [path] = folder.glob("session-*.json")
    qtbot.waitUntil(lambda: bool(json.loads(path.read_text(encoding="utf-8")).get("outcomes")), timeout=5000)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["outcomes"][str(patch.id)]["entry"]["values"] == {"salt": {"vertex": "35"}}

    restored = restore_after_crash(qtbot, window, clinic)  # the crash, then Restore
    section = restored.outcomes.section(patch.id)
    assert section.entry is not None and section.entry.field("vertex").text() == "35"
    assert restored.has_unsaved_changes()


def test_back_to_the_checklist_instead_of_a_reason_then_signed_without_one(qtbot, clinic, monkeypatch):
    patient, patch, chart, editor = ready_to_sign(qtbot, clinic, monkeypatch)
    qtbot.waitUntil(editor.sign_button.isEnabled, timeout=5000)
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(ReasonDialog)
    assert dialog.isVisible()
    back = next(b for b in dialog.buttons.buttons() if b.text() == "&Back to the checklist")
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not editor.read_only
    assert editor.pages.currentWidget() is editor.checklist_page
    panel = editor.checklist_page.panel
    qtbot.waitUntil(lambda: bool(panel.rows) and all(r.box.isVisible() for r in panel.rows.values()))
    for item in panel.required_unticked():
        click_box(qtbot, panel.rows[item.id].box)
    assert panel.required_unticked() == [] and "All required steps done" in panel.gap_label.text()
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    assert editor.read_only  # nothing left to give a reason for
    assert not [d for d in editor.findChildren(ReasonDialog) if d.isVisible()]
    newest = patient_sessions(clinic.db, patient.id)[0]
    assert newest.is_signed and newest.id == editor.ref.session_id


def test_a_signed_session_shows_its_checklist_scores_and_map_read_only(qtbot, clinic, monkeypatch):
    patient, patch, chart, editor = ready_to_sign(qtbot, clinic, monkeypatch)
    entry = open_scores(qtbot, editor, patch.id)
    for key, value in (("vertex", "10"), ("back", "0"), ("left", "0"), ("right", "0")):
        qtbot.keyClicks(entry.field(key), value)
    qtbot.waitUntil(editor.sign_button.isEnabled, timeout=5000)
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(ReasonDialog)
    qtbot.keyClicks(dialog.reason, "Done on paper")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    signed_id = editor.ref.session_id
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert chart.editor is None

    chart.open_session(signed_id)
    editor = chart.editor
    assert editor.read_only and not editor.map_slot.map.is_interactive()
    section = editor.outcomes.section(patch.id)
    assert not section.toggle.isVisible() or not section.toggle.isVisibleTo(editor)
    qtbot.waitUntil(lambda: "Recorded at this visit: SALT 4" in section.recorded.text(), timeout=5000)
    panel = editor.checklist_page.panel
    assert panel.view is not None and panel.view.signed
    assert all(not row.box.isEnabled() for row in panel.rows.values() if row.item.phase != "follow_up")
    assert "to tick" not in editor.pages.tabText(editor.pages.indexOf(editor.checklist_page))
    assert not editor.checklist_page.save_button.isVisibleTo(editor)
