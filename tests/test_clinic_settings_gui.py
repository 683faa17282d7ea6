"""File > Clinic settings as the clinic's manager uses it: name, phone, address
and time zone typed in, checked under their fields, stored (audited), printed on
the aftercare sheet; a change made at another workstation meanwhile is not
overwritten."""
from __future__ import annotations

import subprocess
from datetime import date

import pytest
from gui_helpers import answers, closed, menu_action, open_window, opened, replace_text, screenshot  # noqa: F401 - the fixture
from pdf_tools import pdf_text
from PySide6.QtCore import Qt
from sqlalchemy import text

from tracker.services.settings import get_settings, update_settings

pytestmark = pytest.mark.usefixtures("answers")


def open_settings(qtbot, window):  # noqa: ANN001, ANN201
    from tracker.ui.clinic_settings_dialog import ClinicSettingsDialog

    action = menu_action(window, "File", "Clinic settings")
    assert action.isEnabled()
    action.trigger()
    return opened(qtbot, window, ClinicSettingsDialog)


def test_settings_typed_in_the_dialog_are_stored_audited_and_printed(qtbot, clinic, artifacts, tmp_path):
    from tracker.printing.render import render_aftercare_pdf

    p = clinic.patient(family_name="Keys", given_names="Kim")
    lesion = clinic.lesion(p.id)
    visit = clinic.record(p.id, [clinic.injection(lesion.id, conc="5")], day=date(2026, 6, 1))
    window = open_window(qtbot, clinic.db, clinic.doctor)
    dialog = open_settings(qtbot, window)
    assert dialog.zone.currentText() == "UTC" and "Now there" in dialog.clock.text()
    assert dialog.zone_note.isHidden()  # nothing to warn about until the zone changes

    qtbot.keyClicks(dialog.name, "Harbour Skin Clinic")
    qtbot.keyClicks(dialog.phone, "+44 20 7946 0011")
    qtbot.keyClicks(dialog.address, "4 Quay Road, Leith")
    replace_text(qtbot, dialog.zone.lineEdit(), "Europe/Paris")
    assert "Now there" in dialog.clock.text() and ("CET" in dialog.clock.text() or "CEST" in dialog.clock.text())
    assert dialog.zone_note.isVisible()
    assert "clinical date" in dialog.zone_note.text() and "stored in UTC" in dialog.zone_note.text()
    screenshot(dialog, artifacts / "clinic_settings_dialog.png")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert closed(dialog)

    stored = get_settings(clinic.db)
    assert (stored["clinic_name"], stored["clinic_phone"], stored["clinic_address"], stored["clinic_timezone"]) == (
        "Harbour Skin Clinic", "+44 20 7946 0011", "4 Quay Road, Leith", "Europe/Paris")
    assert "New records take their date in Europe/Paris" in window.banner.label.text()
    with clinic.db.read() as s:
        staff = s.execute(text("SELECT staff_id FROM audit_event WHERE entity = 'setting' "
                               "AND after LIKE '%clinic_%'")).scalars().all()
    assert staff == [clinic.doctor.id] * 4

    pdf = tmp_path / "aftercare.pdf"
    render_aftercare_pdf(clinic.db, visit.id, pdf)
    sheet = pdf_text(pdf)
    assert "Harbour Skin Clinic" in sheet and "4 Quay Road, Leith" in sheet and "Phone +44 20 7946 0011" in sheet
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(artifacts / "aftercare_with_clinic")],
                   check=True)


def test_what_the_program_cannot_use_is_said_under_the_field_and_nothing_is_stored(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    dialog = open_settings(qtbot, window)
    qtbot.keyClicks(dialog.name, "Harbour Skin Clinic")
    qtbot.keyClicks(dialog.phone, "ask at the desk")
    replace_text(qtbot, dialog.zone.lineEdit(), "Paris")
    assert "Not a time zone" in dialog.clock.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "digits" in dialog.fields.message("clinic_phone").message
    assert "Unknown time zone 'Paris'" in dialog.fields.message("clinic_timezone").message
    screenshot(dialog, artifacts / "clinic_settings_refused.png")
    assert get_settings(clinic.db)["clinic_name"] == ""


def test_settings_changed_at_another_workstation_are_not_overwritten(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    dialog = open_settings(qtbot, window)
    update_settings(clinic.db, clinic.nurse.id, {"clinic_phone": "+1 555 0199"})  # the other workstation
    qtbot.keyClicks(dialog.name, "Harbour Skin Clinic")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "changed at another workstation" in dialog.conflict.text
    assert get_settings(clinic.db)["clinic_name"] == ""
    qtbot.mouseClick(dialog.conflict.action, Qt.MouseButton.LeftButton)  # Reload
    assert dialog.phone.text() == "+1 555 0199"
    assert "Clinic name: you typed Harbour Skin Clinic" in dialog.conflict.text
    screenshot(dialog, artifacts / "clinic_settings_conflict.png")
    replace_text(qtbot, dialog.name, "Harbour Skin Clinic")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    assert get_settings(clinic.db)["clinic_name"] == "Harbour Skin Clinic"
    assert get_settings(clinic.db)["clinic_phone"] == "+1 555 0199"
