"""Unsaved work is never lost: switching patient or closing asks (and can be
stopped), and a crash leaves a recovery file that the next start offers back."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from gui_helpers import Answers, open_window, patient_with_history, start_session
from tracker.services.session_views import patient_sessions
from tracker.ui import unsaved
from tracker.ui.session_editor import autosave
from tracker.ui.session_editor.recovery import recovery_dir


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(autosave, "IDLE_MS", 200)


def start_typing(qtbot, window, patch):  # noqa: ANN001, ANN201
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.keyClicks(form.technique, "serial puncture")
    return chart, editor, form


def test_switching_patient_with_unsaved_edits_is_asked_and_can_be_stopped(qtbot, clinic, monkeypatch):
    answers = Answers(monkeypatch, unsaved.Choice.CANCEL)
    first, patch = patient_with_history(clinic)
    other = clinic.patient(family_name="Okafor", given_names="Chidi", chart_number="RDC-3001")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, _form = start_typing(qtbot, window, patch)
    assert editor.has_unsaved_changes()

    page = window.page("patients")
    page.finder.focus_search()
    page.finder.search.clear()
    qtbot.keyClicks(page.finder.search, "okafor")
    found = page.finder.patients
    qtbot.waitUntil(lambda: found.text == "okafor" and not found.busy and found.rowCount() == 1)
    qtbot.keyClick(page.finder.search, Qt.Key.Key_Return)
    assert answers.asked and answers.asked[-1][1] == "open another patient"
    assert "DUBOIS, Chloe" in answers.asked[-1][0][0]
    assert chart.patient_id == first.id and chart.editor is editor  # the switch was stopped

    answers.answer = unsaved.Choice.DISCARD
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.keyClick(page.finder.search, Qt.Key.Key_Return)
    assert chart.patient_id == other.id and chart.editor is None
    assert not list(recovery_dir(clinic.db.location.data_dir).glob("*.json"))  # discarded means gone


def test_closing_the_window_asks_and_save_keeps_a_draft(qtbot, clinic, monkeypatch):
    answers = Answers(monkeypatch, unsaved.Choice.CANCEL)
    patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    start_typing(qtbot, window, patch)
    assert not window.close()  # cancelled: the window stays
    assert answers.asked[-1][1] == "close the program"
    answers.answer = unsaved.Choice.SAVE
    assert window.close()
    drafts = [v for v in patient_sessions(clinic.db, patient.id) if not v.is_signed]
    assert len(drafts) == 1 and drafts[0].injections[0].technique == "serial puncture"


def test_a_crash_leaves_a_recovery_file_that_the_next_start_offers_back(qtbot, clinic, monkeypatch, artifacts):
    Answers(monkeypatch, unsaved.Choice.DISCARD)
    _patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_typing(qtbot, window, patch)
    folder = recovery_dir(clinic.db.location.data_dir)
    qtbot.waitUntil(lambda: any(folder.glob("session-*.json")), timeout=5000)
    [path] = folder.glob("session-*.json")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["lesions"][0]["components"][0]["technique"] == "serial puncture"
    assert not list(folder.glob(".*.tmp"))  # written through a temporary file, renamed into place

    # The crash: the window is gone without closing; a new one starts on the same data.
    window.hide()
    second = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.waitUntil(second.recovery.isVisible)
    assert "DUBOIS, Chloe" in second.recovery.label.text()
    second.grab().save(str(artifacts / "recovery_offer.png"))
    page = second.page("patients")
    with qtbot.waitSignal(page.chart.loaded, timeout=5000):
        qtbot.mouseClick(second.recovery.restore_button, Qt.MouseButton.LeftButton)
    restored = page.chart.editor
    qtbot.waitUntil(lambda: restored is not None and bool(restored.forms()))
    form = restored.forms()[0]
    assert form.technique.text() == "serial puncture" and form.current_agent().code == "tac"
    assert restored.has_unsaved_changes() and not second.recovery.isVisible()


def test_discarding_an_offered_recovery_removes_it(qtbot, clinic, monkeypatch):
    Answers(monkeypatch, unsaved.Choice.DISCARD)
    _patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    start_typing(qtbot, window, patch)
    folder = recovery_dir(clinic.db.location.data_dir)
    qtbot.waitUntil(lambda: any(folder.glob("session-*.json")), timeout=5000)
    window.hide()
    second = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.waitUntil(second.recovery.isVisible)
    qtbot.mouseClick(second.recovery.discard_button, Qt.MouseButton.LeftButton)
    assert not second.recovery.isVisible() and not any(folder.glob("session-*.json"))
