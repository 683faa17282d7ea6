"""The clinic's day, driven as a person would: search, open the chart, start a
session, choose the agent, see the dose, meet a safety finding, give a reason,
sign, find it in the history; amend it and see both versions."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from gui_helpers import answers, open_window, patient_with_history, replace_text, screenshot, search_and_open, sign_past_checklist, tick  # noqa: F401 (answers is a fixture)
from tracker.services.session_views import patient_sessions


pytestmark = pytest.mark.usefixtures("answers")


def test_search_open_session_sign_and_amend(qtbot, clinic, artifacts):
    patient, patch = patient_with_history(clinic, days_ago=14)
    clinic.patient(family_name="Dubreuil", given_names="Marc", chart_number="RDC-2002")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    page = window.page("patients")
    qtbot.waitUntil(lambda: page.finder.patients.rowCount() == 2)
    screenshot(window, artifacts / "patients_list.png")

    chart = search_and_open(qtbot, window, "dubo")
    assert chart.patient_id == patient.id
    assert "DUBOIS, Chloe" in chart.header.name.text()
    assert any("ALLERGIES: Lidocaine" in f for f in chart.header.flag_texts())
    assert "DIABETES" in chart.header.flag_texts()
    assert chart.lesions.model.rowCount() == 1
    assert chart.lesions.model.data(chart.lesions.model.index(0, 4)) == "1"  # sessions so far
    screenshot(window, artifacts / "chart.png")

    # A new session, from the keyboard.
    assert chart.lesions.table.hasFocus()
    qtbot.keyClick(chart.lesions.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    editor = chart.editor
    assert editor is not None and chart.tabs.currentWidget() is editor
    tick(qtbot, editor.picker, 0)
    form = editor.groups[patch.id].forms[0]
    form.agent.setFocus()
    qtbot.keyClicks(form.agent, "Triam")
    assert form.current_agent().code == "tac"
    assert form.concentration.text() == "5"  # the catalog's default for alopecia areata
    assert form.volume.text() == "0.1"
    replace_text(qtbot, form.points.lineEdit(), "6")
    assert form.dose.text().startswith("Dose: 3 mg")
    qtbot.keyClicks(form.lot.lineEdit(), "KN200B")
    qtbot.keyClicks(form.expiry, "2099-01-31")
    editor.fields.consent.setFocus()
    qtbot.keyClick(editor.fields.consent, Qt.Key.Key_Space)
    assert editor.fields.consent.isChecked()

    # The safety panel meets the short interval (last injection 14 days ago, minimum 28).
    qtbot.waitUntil(lambda: any("14 days ago" in t for t in editor.safety.findings_text()), timeout=5000)
    assert not editor.sign_button.isEnabled()
    assert "reason" in editor.sign_hint.text()
    lines = [w.text() for w in editor.safety.body.findChildren(type(editor.title))]
    assert any("3 mg this session (limit 40 mg per session)" in t for t in lines)
    assert any("Rolling 30 days: 5 of 40 mg" in t for t in lines)  # 2 mg before + 3 today
    screenshot(window, artifacts / "session_editor_finding.png")

    qtbot.keyClicks(editor.safety.reason, "Relapse; discussed with the patient")
    sign_past_checklist(qtbot, editor)
    assert editor.read_only and "Signed session" in editor.title.text()
    assert not editor.sign_button.isVisible()

    # The history shows it, newest first, signed, with the reason.
    qtbot.waitUntil(lambda: len(chart.sessions.sessions) == 2)
    newest = chart.sessions.sessions[0]
    assert newest.is_signed and newest.findings_reason == "Relapse; discussed with the patient"
    assert [(i.dose, i.lot_number) for i in newest.injections] == [(3, "KN200B")]
    assert chart.lesions.model.data(chart.lesions.model.index(0, 4)) == "2"

    # Amend it: a new version with a reason; both stay readable side by side.
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    assert not editor.read_only and editor.fields.amendment_reason.isVisibleTo(editor)
    form = editor.groups[patch.id].forms[0]
    # The version being corrected does not count as a dose before its own correction.
    qtbot.waitUntil(lambda: editor.safety.report is not None, timeout=5000)
    assert editor.safety.report.agents[0].rolling_before == 2
    replace_text(qtbot, form.lot.lineEdit(), "KN200C")
    qtbot.waitUntil(editor.sign_button.isEnabled)  # the findings' reason came along from the signed version
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)  # signs once the check of the lot change reports
    qtbot.waitUntil(lambda: "amendment corrects" in editor.fields.fields.message("amendment_reason").text(), timeout=5000)
    qtbot.keyClicks(editor.fields.amendment_reason, "Lot number typed wrongly")
    sign_past_checklist(qtbot, editor)
    assert editor.read_only and "version 2" in editor.title.text()

    chart.tabs.setCurrentWidget(chart.sessions)
    qtbot.waitUntil(lambda: len(chart.sessions.versions.versions) == 2, timeout=5000)
    versions = chart.sessions.versions
    assert versions.before.isVisible() and versions.after.isVisible()
    after = versions.after.toPlainText()
    assert "KN200C" in after and "changed" in after and "Lot number typed wrongly" in after
    assert "KN200B" in versions.before.toPlainText()
    screenshot(window, artifacts / "amendment_versions.png")
    [latest] = [v for v in patient_sessions(clinic.db, patient.id) if v.clinic_date == date.today()]
    assert latest.version_no == 2 and [i.lot_number for i in latest.injections if not i.voided] == ["KN200C"]
