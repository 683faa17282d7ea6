"""Two workstations on one clinic database edit the same patient or lesion: the
older form's save is refused (nothing written over the other's change), the
dialog says so and offers Reload, which shows what is stored now and lists what
the person typed, to enter again; the save after that keeps both changes."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from gui_helpers import answers, open_window, opened, replace_text, screenshot, search_and_open  # noqa: F401 - answers is a fixture
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tracker.models import Condition
from tracker.services.clinic import open_clinic
from tracker.services.lesions import get_lesion
from tracker.services.patients import get_patient
from tracker.ui.chart.lesion_dialog import LesionDialog
from tracker.ui.patients.patient_dialog import PatientDialog

pytestmark = pytest.mark.usefixtures("answers")


@pytest.fixture
def second_db(location):  # noqa: ANN001, ANN201
    """Workstation B's own connection to the clinic database."""
    database = open_clinic(location)
    yield database
    database.dispose()


def _open_both(qtbot, clinic, second_db, open_dialog):  # noqa: ANN001, ANN202
    dialogs = []
    for db, actor in ((clinic.db, clinic.doctor), (second_db, clinic.nurse)):
        window = open_window(qtbot, db, actor)
        chart = search_and_open(qtbot, window, "K-100")
        dialogs.append(open_dialog(chart))
    return dialogs


def _click(qtbot, dialog, text: str) -> None:  # noqa: ANN001
    """Click the dialog's visible button whose words include ``text``."""
    button = next(b for b in dialog.findChildren(QPushButton) if b.isVisible() and text in b.text().replace("&", ""))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _lesion_dialog(qtbot):  # noqa: ANN001, ANN202
    def open_dialog(chart):  # noqa: ANN001, ANN202
        chart.lesions.table.selectRow(0)
        qtbot.mouseClick(chart.lesions.edit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: chart.findChild(LesionDialog) is not None and chart.findChild(LesionDialog).isVisible())
        return chart.findChild(LesionDialog)
    return open_dialog


def _patient_dialog(qtbot):  # noqa: ANN001, ANN202
    def open_dialog(chart):  # noqa: ANN001, ANN202
        qtbot.mouseClick(chart.edit_button, Qt.MouseButton.LeftButton)
        page = chart.window().page("patients")
        return opened(qtbot, page, PatientDialog)
    return open_dialog


def test_a_lesion_edited_at_two_workstations_keeps_both_changes(qtbot, clinic, second_db, artifacts):
    p = clinic.patient(chart_number="K-100", family_name="Nguyen", given_names="Lan")
    lesion = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="Left earlobe keloid")
    dialog_a, dialog_b = _open_both(qtbot, clinic, second_db, _lesion_dialog(qtbot))
    qtbot.keyClicks(dialog_a.notes, "Measured 2.1 x 1.4 cm, firm, pruritic")
    qtbot.mouseClick(dialog_a.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog_a.isVisible())

    replace_text(qtbot, dialog_b.label, "L earlobe keloid (posterior)")
    qtbot.mouseClick(dialog_b.save_button, Qt.MouseButton.LeftButton)
    stored = get_lesion(clinic.db, lesion.id)
    assert (stored.label, stored.notes) == ("Left earlobe keloid", "Measured 2.1 x 1.4 cm, firm, pruritic")
    assert dialog_b.isVisible() and "changed at another workstation" in dialog_b.conflict.text
    assert dialog_b.label.text() == "L earlobe keloid (posterior)"  # what B typed, still there
    screenshot(dialog_b, artifacts / "stale_lesion_refused.png")

    _click(qtbot, dialog_b, "Reload")
    assert dialog_b.notes.toPlainText() == "Measured 2.1 x 1.4 cm, firm, pruritic"
    assert dialog_b.label.text() == "Left earlobe keloid"
    assert ("Lesion name: you typed L earlobe keloid (posterior) (stored now: Left earlobe keloid)"
            in dialog_b.conflict.text)
    assert "Notes" not in dialog_b.conflict.text  # B did not touch the notes: nothing to enter again
    screenshot(dialog_b, artifacts / "stale_lesion_reloaded.png")
    replace_text(qtbot, dialog_b.label, "L earlobe keloid (posterior)")
    qtbot.mouseClick(dialog_b.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog_b.isVisible())
    stored = get_lesion(clinic.db, lesion.id)
    assert (stored.label, stored.notes) == ("L earlobe keloid (posterior)", "Measured 2.1 x 1.4 cm, firm, pruritic")


def test_a_patient_edited_at_two_workstations_reloads_and_lists_what_was_typed(qtbot, clinic, second_db, artifacts):
    p = clinic.patient(chart_number="K-100", family_name="Nguyen", given_names="Lan", born=date(1990, 3, 3),
                       allergies="Latex")
    dialog_a, dialog_b = _open_both(qtbot, clinic, second_db, _patient_dialog(qtbot))
    replace_text(qtbot, dialog_a.allergies, "Latex, lidocaine")
    qtbot.mouseClick(dialog_a.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog_a.isVisible())

    qtbot.keyClicks(dialog_b.phone, "555-0101")
    qtbot.mouseClick(dialog_b.save_button, Qt.MouseButton.LeftButton)
    assert dialog_b.isVisible() and get_patient(clinic.db, p.id).phone is None
    screenshot(dialog_b, artifacts / "stale_patient_refused.png")
    _click(qtbot, dialog_b, "Reload")  # the way forward the message names
    assert dialog_b.allergies.text() == "Latex, lidocaine" and dialog_b.phone.text() == ""
    assert "Phone: you typed 555-0101 (stored now: (empty))" in dialog_b.conflict.text
    screenshot(dialog_b, artifacts / "stale_patient_reloaded.png")
    qtbot.keyClicks(dialog_b.phone, "555-0101")
    qtbot.mouseClick(dialog_b.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog_b.isVisible())
    stored = get_patient(clinic.db, p.id)
    assert (stored.allergies, stored.phone) == ("Latex, lidocaine", "555-0101")

    # Voiding from a screen opened before another workstation's change: the reason dialog closes and
    # the dialog's bar offers Reload, as a refused save does; nothing is voided.
    from tracker.services.patients import update_patient
    from tracker.ui.widgets.reason_dialog import ReasonDialog

    chart_b = dialog_b.parentWidget().window().page("patients").chart
    qtbot.waitUntil(chart_b.edit_button.isEnabled)
    dialog_c = _patient_dialog(qtbot)(chart_b)
    update_patient(clinic.db, clinic.doctor.id, p.id, replace(get_patient(clinic.db, p.id), notes="seen elsewhere"),
                   get_patient(clinic.db, p.id).row_version)
    qtbot.mouseClick(dialog_c.void_button, Qt.MouseButton.LeftButton)
    asked = opened(qtbot, dialog_c, ReasonDialog)
    qtbot.keyClicks(asked.reason, "registered twice by mistake")
    qtbot.mouseClick(asked.ok, Qt.MouseButton.LeftButton)
    assert not asked.isVisible() and dialog_c.isVisible() and not get_patient(clinic.db, p.id).voided
    assert "changed at another workstation" in dialog_c.conflict.text
    assert any(b.isVisible() and "Reload" in b.text().replace("&", "") for b in dialog_c.conflict.findChildren(QPushButton))
