"""What the session editor says under its fields and in its safety panel:
a refusal's message goes once its field is changed, a signed record shows
no errors, and the safety panel names the field that stops the check."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from gui_helpers import (  # noqa: F401 (answers is a fixture)
    answers, open_window, patient_with_history, replace_text, screenshot, sign_past_checklist, start_session,
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

