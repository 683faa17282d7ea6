"""Correcting work in the session editor: an amendment's first save is all or
nothing, a reason saved with a draft comes back with it, and a reopened
mixture can still lose a component."""
from __future__ import annotations

from PySide6.QtCore import Qt

from gui_helpers import (  # noqa: F401 (answers is a fixture)
    answers, open_window, patient_with_history, replace_text, session_ready_to_sign, sign_past_checklist, start_session,
)
from tracker.services.session_views import session_versions


def test_a_refused_first_save_of_an_amendment_leaves_no_version(qtbot, clinic, answers):  # noqa: F811
    _patient, patch, window, chart, editor, form = session_ready_to_sign(qtbot, clinic)
    sign_past_checklist(qtbot, editor)
    first = editor.view.id
    versions = lambda: [(v.version_no, v.state.value) for v in session_versions(clinic.db, first)]  # noqa: E731
    assert versions() == [(1, "signed")]

    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    form = editor.groups[patch.id].forms[0]
    qtbot.keyClicks(editor.fields.amendment_reason, "typo")
    form.lot.lineEdit().setText("X" * 70)  # longer than a lot number can be
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Not saved" in editor.general.text()
    assert versions() == [(1, "signed")]  # nothing half-written
    assert not editor.fields.amendment_reason.isReadOnly()

    replace_text(qtbot, editor.fields.amendment_reason, "Lot number KN1 was wrong: the real lot is KN9")
    replace_text(qtbot, form.lot.lineEdit(), "KN9")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Draft saved" in editor.general.text()
    assert versions() == [(1, "signed"), (2, "draft")]
    draft = session_versions(clinic.db, first)[-1]
    assert draft.amendment_reason == "Lot number KN1 was wrong: the real lot is KN9"
    assert [i.lot_number for i in draft.injections if not i.voided] == ["KN9"]


def test_the_findings_reason_is_kept_with_the_draft_and_covers_only_its_findings(qtbot, clinic, answers):  # noqa: F811
    """Typed in the safety panel, saved with the draft, shown again when it is
    reopened; a finding that appears later still needs words of its own."""
    _patient, patch, window, chart, editor, form = session_ready_to_sign(qtbot, clinic, concentration="12")
    qtbot.waitUntil(lambda: any("outside the catalog" in t for t in editor.safety.findings_text()), timeout=5000)
    qtbot.keyClicks(editor.safety.reason, "12 mg/mL agreed for a thick patch")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Draft saved" in editor.general.text()
    draft_id = editor.view.id
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)

    chart.open_session(draft_id)
    editor = chart.editor
    assert editor.safety.reason_text() == "12 mg/mL agreed for a thick patch"
    qtbot.waitUntil(editor.sign_button.isEnabled, timeout=5000)
    form = editor.groups[patch.id].forms[0]
    replace_text(qtbot, form.points.lineEdit(), "40")  # 48 mg: over both 40 mg limits
    qtbot.waitUntil(lambda: any("per-session limit" in t for t in editor.safety.findings_text()), timeout=5000)
    assert not editor.sign_button.isEnabled() and "does not cover the new findings" in editor.sign_hint.text()
    assert editor.title.text().endswith("unsaved changes")


def test_a_reopened_draft_mixture_can_still_remove_its_second_component(qtbot, clinic, answers):  # noqa: F811
    from tracker.models import Condition
    from gui_helpers import search_and_open, tick

    p = clinic.patient(chart_number="RDC-4001")
    keloid = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="Earlobe keloid")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-4001")
    qtbot.mouseClick(chart.session_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    tick(qtbot, editor.picker, 0)
    group = editor.groups[keloid.id]
    group.forms[0].agent.setFocus()
    qtbot.keyClicks(group.forms[0].agent, "5-F")
    qtbot.mouseClick(group.mix_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(group.forms[1].agent, "Triam")
    for form, volume in zip(group.forms, ("0.9", "0.1")):  # 9:1, as drawn up
        replace_text(qtbot, form.volume, volume)
    assert not group.forms[1].remove_button.isHidden()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Draft saved" in editor.general.text()
    draft_id = editor.view.id
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)

    chart.open_session(draft_id)
    group = chart.editor.groups[keloid.id]
    assert len(group.forms) == 2 and not group.forms[1].remove_button.isHidden()
    assert group.forms[0].remove_button.isHidden()
    qtbot.mouseClick(group.forms[1].remove_button, Qt.MouseButton.LeftButton)
    assert len(group.forms) == 1 and not group.is_mixture


def test_unticking_a_lesion_sets_its_form_aside_and_ticking_it_brings_it_back(qtbot, clinic, answers):  # noqa: F811
    from gui_helpers import tick

    _patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.keyClicks(form.lot.lineEdit(), "KN77")
    qtbot.keyClicks(form.expiry, "2099-01-01")
    tick(qtbot, editor.picker, 0)  # unticked by mistake
    assert patch.id not in editor.groups and editor.forms() == []
    tick(qtbot, editor.picker, 0)
    form = editor.groups[patch.id].forms[0]
    assert form.current_agent().code == "tac" and form.lot.currentText() == "KN77" and form.expiry.text() == "2099-01-01"


def test_an_open_session_voided_from_the_sessions_tab_is_shown_voided(qtbot, clinic, answers):  # noqa: F811
    from tracker.services import sessions

    _patient, patch, window, chart, editor, form = session_ready_to_sign(qtbot, clinic)
    sign_past_checklist(qtbot, editor)
    assert editor.amend_button.isVisibleTo(editor)
    sessions.void_session(clinic.db, clinic.doctor.id, editor.view.id, "entered in the wrong chart")
    chart.ctx.notify("session", editor.view.id)  # as the Sessions tab's Void does
    qtbot.waitUntil(lambda: editor.title.text().startswith("Voided session"), timeout=5000)
    assert not editor.amend_button.isVisibleTo(editor)
    assert "voided (entered in the wrong chart)" in editor.general.text()
