"""A discarded draft stays readable on the Sessions tab: called a discarded
draft, its injections shown as not given, never "no injections"."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from gui_helpers import (  # noqa: F401 (answers is a fixture)
    answers, open_window, opened, patient_with_history, replace_text, screenshot, search_and_open, start_session,
)
from tracker.services.lesions import void_lesion
from tracker.services.session_views import patient_sessions
from tracker.ui.chart.session_timeline_model import SessionIdRole
from tracker.ui.widgets.reason_dialog import ReasonDialog

pytestmark = pytest.mark.usefixtures("answers")


def test_a_discarded_draft_keeps_its_injections_readable(qtbot, clinic, artifacts):
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    replace_text(qtbot, form.points.lineEdit(), "2")
    qtbot.keyClicks(form.lot.lineEdit(), "KN1")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    replace_text(qtbot, form.points.lineEdit(), "3")  # saved again: the 2-point injection is replaced
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Draft saved" in editor.general.text()

    qtbot.mouseClick(editor.discard_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, editor, ReasonDialog)
    assert "stays readable" in dialog.prompt.text()
    qtbot.keyClicks(dialog.reason, "Patient declined today")
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    [draft] = [v for v in patient_sessions(clinic.db, patient.id) if v.voided]
    assert sorted((i.points, i.voided) for i in draft.injections) == [(2, True), (3, True)]  # all voided in the database

    chart.tabs.setCurrentWidget(chart.sessions)
    model = chart.sessions.model
    row = next(i for i in range(model.rowCount()) if model.index(i).data(SessionIdRole) == draft.id)
    chart.sessions.select_row(row)
    text = model.index(row).data()
    assert "DISCARDED DRAFT" in text and "VOIDED" not in text
    assert "no injections" not in text and "Not given: Triamcinolone acetonide 1.5 mg" in text
    assert "Vertex patch" in text
    details = chart.sessions.versions.after.toPlainText()
    assert "Version 1: Discarded draft" in details and "Patient declined today" in details
    assert "Vertex patch \u2014 Triamcinolone acetonide (discarded with the draft, not given)" in details
    assert "1.5 mg" in details and "KN1, expires" in details
    assert "0.1 mL \u00d7 3 points" in details and "\u00d7 2 points" not in details  # the replaced one left out
    assert "Total this visit" not in details  # nothing was given
    screenshot(window, artifacts / "discarded_draft_detail.png")

    chart.open_session(draft.id)  # opened in the editor: read-only, and called what it is
    editor = chart.editor
    assert editor.read_only
    assert editor.title.text().startswith("Discarded draft of ") and "Voided" not in editor.title.text()
    assert chart.tabs.tabText(chart.tabs.indexOf(editor)) == "Discarded draft"  # not "Signed session"
    # What the draft held when discarded is shown, read-only, and said not to have been given.
    assert editor.picker.ticked() == [patch.id]
    [form] = editor.groups[patch.id].forms
    assert form.points.value() == 3 and form.lot.lineEdit().text() == "KN1"  # the 3-point one it held, not the replaced one
    assert "nothing here was given" in editor.general.text() and "Patient declined today" in editor.general.text()
    qtbot.waitUntil(lambda: "Not checked: this draft was discarded" in editor.safety.status.text())  # no dose check
    screenshot(window, artifacts / "discarded_draft_editor.png")


def test_a_visit_whose_lesion_was_voided_since_opens_read_only_and_says_what_is_not_shown(qtbot, clinic, artifacts):
    patient, patch = patient_with_history(clinic, days_ago=30)  # a signed visit on "Vertex patch"
    other = clinic.lesion(patient.id, label="Occipital patch")
    both = clinic.record(patient.id, [clinic.injection(patch.id, conc="5"), clinic.injection(other.id, conc="5")],
                         day=date.today() - timedelta(days=2), reason="Spacing reviewed")
    void_lesion(clinic.db, clinic.doctor.id, other.id, "Entered for the wrong patient")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-2001")

    chart.amend(both.id)  # from the Sessions tab: refused before an editor opens
    assert chart.editor is None
    assert "cannot be amended: it holds injections into Occipital patch" in window.banner.label.text()

    chart.open_session(both.id)
    editor = chart.editor
    assert editor.read_only and not editor.amend_button.isVisible()  # an amendment here would leave them out
    assert editor.picker.ticked() == [patch.id] and len(editor.groups[patch.id].forms) == 1
    message = editor.general.text()
    assert "Occipital patch was voided since this visit was written" in message and "Sessions tab" in message
    assert editor.title.text().startswith("Signed session of ")
    screenshot(window, artifacts / "visit_with_voided_lesion_editor.png")


def test_a_lesion_voided_while_its_draft_is_open_leaves_the_draft_read_only_to_discard(qtbot, clinic, answers):  # noqa: F811
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.keyClicks(form.lot.lineEdit(), "KN1")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Draft saved" in editor.general.text()
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        void_lesion(clinic.db, clinic.doctor.id, patch.id, "Wrong site recorded")
        chart.ctx.notify("lesion", patch.id)
    assert editor.read_only and not editor.save_button.isVisible() and not editor.sign_button.isVisible()
    assert editor.discard_button.isVisible()  # the one way on for this draft
    assert "Vertex patch was voided since" in editor.general.text() and "can only be discarded" in editor.general.text()
    assert "(read-only: a lesion in it was voided)" in editor.title.text()
    assert chart.tabs.tabText(chart.tabs.indexOf(editor)) == "Draft (read-only)"


def test_a_lesion_voided_while_a_new_session_is_written_stops_it_being_saved_without_it(qtbot, clinic, answers):  # noqa: F811
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        void_lesion(clinic.db, clinic.doctor.id, patch.id, "Wrong site recorded")
        chart.ctx.notify("lesion", patch.id)
    assert editor.read_only and not editor.save_button.isVisible() and not editor.sign_button.isVisible()
    assert "Close this new session and start again" in editor.general.text()
    assert chart.tabs.tabText(chart.tabs.indexOf(editor)) == "New session (read-only)"
