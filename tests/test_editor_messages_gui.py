"""What the session editor says under its fields and in its safety panel:
a refusal's message goes once its field is changed, a signed record shows
no errors, and the safety panel names the field that stops the check."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from gui_helpers import (  # noqa: F401 (answers is a fixture)
    answers, open_window, patient_with_history, replace_text, screenshot, sign_past_checklist, start_session, tick,
)


def errors_shown(editor) -> list[str]:  # noqa: ANN001
    """The error messages a person sees under the editor's fields."""
    sets = [editor.fields.fields, *(form.fields for form in editor.forms())]
    return [m.text() for fields in sets for m in fields.messages.values() if m.isVisible() and m.kind == "error"]


def test_a_field_message_goes_when_the_field_is_changed_and_a_signed_record_shows_none(qtbot, clinic, artifacts, answers):  # noqa: F811
    _patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.keyClicks(form.lot.lineEdit(), "KN1")
    qtbot.keyClicks(form.expiry, "2099-01-01")
    qtbot.waitUntil(editor.sign_button.isEnabled)
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)  # consent not ticked
    consent = editor.fields.fields.message("consent_obtained")
    qtbot.waitUntil(consent.isVisible, timeout=5000)
    assert "Record that consent was obtained" in consent.text()

    box = editor.fields.consent  # a click on its tick square
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.height() // 2, box.height() // 2))
    assert editor.fields.consent.isChecked()
    assert not consent.isVisible() and errors_shown(editor) == []

    sign_past_checklist(qtbot, editor)
    assert editor.read_only and "Signed session" in editor.title.text()
    assert errors_shown(editor) == []
    screenshot(editor, artifacts / "signed_session_no_stale_errors.png")

    # An amendment's missing reason: typing one takes the message away, and the signed version shows none.
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    form = editor.groups[patch.id].forms[0]
    replace_text(qtbot, form.lot.lineEdit(), "KN2")
    qtbot.waitUntil(editor.sign_button.isEnabled, timeout=5000)
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    reason = editor.fields.fields.message("amendment_reason")
    qtbot.waitUntil(reason.isVisible, timeout=5000)
    assert "Say what this amendment corrects" in reason.text()
    qtbot.keyClicks(editor.fields.amendment_reason, "Lot number typed wrongly")
    assert not reason.isVisible() and errors_shown(editor) == []
    sign_past_checklist(qtbot, editor)
    assert editor.read_only and "version 2" in editor.title.text()
    assert errors_shown(editor) == []
    screenshot(editor, artifacts / "signed_amendment_no_stale_errors.png")



def test_the_safety_panel_names_the_field_that_stops_the_check(qtbot, clinic, artifacts, answers):  # noqa: F811
    from tracker.models import Condition

    patient, patch = patient_with_history(clinic, days_ago=60)
    clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, label="Occipital patch")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    status = editor.safety.status
    qtbot.keyClicks(form.lot.lineEdit(), "KN1")
    qtbot.keyClicks(form.expiry, "13/2027")  # lesion and agent chosen: the expiry cannot be read
    qtbot.waitUntil(lambda: "fix it to see the check" in status.text(), timeout=5000)
    assert status.text().startswith("Lot expiry date (Vertex patch): '13/2027' is not a date")
    assert "Choose the lesions" not in status.text()
    screenshot(editor, artifacts / "safety_panel_unreadable_expiry.png")

    replace_text(qtbot, form.expiry, "2099-01-01")
    qtbot.waitUntil(lambda: status.text().startswith("No findings"), timeout=5000)
    assert "Not in this check" not in status.text()

    # Two lesions, one readable: the check runs on it and says which injection it leaves out.
    tick(qtbot, editor.picker, 1)
    second = next(g for lesion_id, g in editor.groups.items() if lesion_id != patch.id).forms[0]
    second.agent.setFocus()
    qtbot.keyClicks(second.agent, "Triam")
    replace_text(qtbot, second.volume, "0,,1")  # cannot be read
    qtbot.waitUntil(lambda: "Not in this check: Volume (Occipital patch):" in status.text(), timeout=5000)
    assert status.text().startswith("No findings") and "fix it to check that injection too" in status.text()
    screenshot(editor, artifacts / "safety_panel_injection_left_out.png")
