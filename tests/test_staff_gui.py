"""Staff as a person meets them: a new clinic asks for its first clinician
before anything can be recorded; File > Staff… adds, edits, deactivates and
reactivates; the session editor offers only clinicians."""
from __future__ import annotations

import pytest
from gui_helpers import answers, open_window, opened, patient_with_history, screenshot, start_session, visible  # noqa: F401 - a fixture
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tracker.config import resolve_location
from tracker.models import AuditEvent, StaffRole
from tracker.services import staff
from tracker.ui.app import open_clinic_as
from tracker.ui.main_window import MainWindow
from tracker.ui.patients.patient_dialog import PatientDialog
from tracker.ui.staff_form import StaffFormDialog
from tracker.ui.staff_window import StaffWindow

pytestmark = pytest.mark.usefixtures("answers")
ALT = Qt.KeyboardModifier.AltModifier


def start_on(qtbot, folder) -> MainWindow:  # noqa: ANN001
    """As ``tracker --data-dir folder`` does (ui/app.py): the window first, then the clinic opened and attached."""
    location = resolve_location(data_dir=folder)
    window = MainWindow(opening=str(location.sqlite_path))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.attach(*open_clinic_as(location, None))
    return window


def open_staff_window(qtbot, window: MainWindow) -> StaffWindow:
    window.manage_staff_action.trigger()  # File > Staff…
    staff_window = visible(window, StaffWindow)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is staff_window)
    return staff_window


def fill_person(qtbot, form: StaffFormDialog, name: str, username: str) -> None:
    """Type the name, Tab, the user name, as a person does."""
    qtbot.waitUntil(form.display_name.hasFocus)
    qtbot.keyClicks(form.display_name, name)
    qtbot.keyClick(form.display_name, Qt.Key.Key_Tab)
    assert form.username.hasFocus()
    qtbot.keyClicks(form.username, username)


def test_a_new_clinic_asks_for_its_first_clinician_before_anything_is_recorded(qtbot, tmp_path, artifacts):
    window = start_on(qtbot, tmp_path)
    first = opened(qtbot, window, StaffFormDialog)
    # Nothing can be written with nobody acting: the pages are locked, Ctrl+N does nothing, the banner says why.
    assert not window.tabs.isEnabled() and not window.new_patient_action.isEnabled()
    qtbot.waitUntil(window.banner.isVisible)
    assert "File > Staff" in window.banner.label.text()
    assert first.windowModality() == Qt.WindowModality.WindowModal
    assert not first.role.isVisible()  # the first person is a clinician
    screenshot(window, artifacts / "staff_first_run_window.png")

    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)  # nothing typed: said under the fields
    assert "Enter the name shown on records" in first.fields.message("display_name").message
    assert "Enter a user name" in first.fields.message("username").message
    fill_person(qtbot, first, "Dr Ama Mensah", "a.mensah")
    screenshot(first, artifacts / "staff_first_run_dialog.png")
    qtbot.keyClick(first.username, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not first.isVisible())

    [person] = staff.list_staff(window.ctx.db)
    assert (person.display_name, person.username, person.role) == ("Dr Ama Mensah", "a.mensah", StaffRole.CLINICIAN)
    assert window.ctx.actor_id == person.id and window.user_label.text() == "User: Dr Ama Mensah"
    assert window.tabs.isEnabled() and "Now working as Dr Ama Mensah" in window.banner.label.text()
    # Now a patient can be registered, and the record carries the name.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = opened(qtbot, window, PatientDialog)
    qtbot.keyClicks(dialog.chart_number, "C-1")
    qtbot.keyClicks(dialog.family_name, "Doe")
    qtbot.keyClicks(dialog.given_names, "Jane")
    qtbot.keyClicks(dialog.date_of_birth, "1970-01-02")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with window.ctx.db.read() as s:
        who = s.execute(select(AuditEvent.staff_id).where(AuditEvent.entity == "patient")).scalars().all()
    assert who == [person.id]
    screenshot(window, artifacts / "staff_first_run_done.png")


def test_putting_the_first_question_off_leaves_the_clinic_locked_until_someone_is_added(qtbot, tmp_path):
    window = start_on(qtbot, tmp_path)
    qtbot.keyClick(opened(qtbot, window, StaffFormDialog), Qt.Key.Key_Escape)
    assert visible(window, StaffFormDialog) is None
    assert not window.tabs.isEnabled() and not window.new_patient_action.isEnabled() and window.ctx.actor is None
    assert window.manage_staff_action.isEnabled()
    staff_window = open_staff_window(qtbot, window)
    qtbot.keyClick(staff_window.table, Qt.Key.Key_A, ALT)
    form = opened(qtbot, staff_window, StaffFormDialog)
    fill_person(qtbot, form, "Dr Ben Okafor", "b.okafor")
    qtbot.keyClick(form.username, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx.actor is not None)
    assert window.user_label.text() == "User: Dr Ben Okafor" and window.tabs.isEnabled()
    assert window.new_patient_action.isEnabled()


def test_the_staff_window_adds_a_nurse_and_deactivates_someone(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.nurse)  # Nurse Test is working
    staff_window = open_staff_window(qtbot, window)
    assert staff_window is not None and staff_window.table.accessibleName() == "Staff members"

    qtbot.keyClick(staff_window.table, Qt.Key.Key_A, ALT)  # Add…
    form = opened(qtbot, staff_window, StaffFormDialog)
    fill_person(qtbot, form, "Nia Nurse", "NURSE")
    qtbot.keyClick(form.username, Qt.Key.Key_Tab)
    assert form.role.hasFocus()
    qtbot.keyClick(form.role, Qt.Key.Key_Down)  # Clinician -> Nurse
    assert form.role.currentData() == StaffRole.NURSE
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "'nurse' is taken" in form.fields.message("username").message  # letter case aside
    screenshot(form, artifacts / "staff_add_taken.png")
    form.username.setFocus()
    form.username.selectAll()
    qtbot.keyClicks(form.username, "n.nurse")
    qtbot.keyClick(form.username, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    nia = staff.find_staff(clinic.db, "n.nurse")
    assert nia.role == StaffRole.NURSE and staff_window.selected().id == nia.id
    assert "Added: Nia Nurse" in staff_window.message.message

    def choose(person_id: int) -> None:
        row = next(n for n, p in enumerate(staff_window.model.rows) if p.id == person_id)
        staff_window.activateWindow()  # back to the Staff window (a click on it)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is staff_window)
        staff_window.table.setFocus()
        staff_window.table.setCurrentIndex(staff_window.model.index(row, 0))

    def press_active_button() -> None:
        """Tab to Deactivate / Reactivate and press Space."""
        staff_window.active_button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(staff_window.active_button, Qt.Key.Key_Space)

    choose(clinic.doctor.id)  # the only clinician
    press_active_button()
    assert "Dr Test is the clinic's only active clinician" in staff_window.message.message
    assert staff.get_staff(clinic.db, clinic.doctor.id).active
    screenshot(staff_window, artifacts / "staff_window_last_clinician.png")
    choose(clinic.nurse.id)  # the person working now
    press_active_button()
    assert "You are working as Nurse Test" in staff_window.message.message
    choose(nia.id)
    press_active_button()
    assert not staff.get_staff(clinic.db, nia.id).active
    assert staff_window.active_button.text() == "&Reactivate"
    row = next(n for n, p in enumerate(staff_window.model.rows) if p.id == nia.id)
    assert staff_window.model.index(row, 3).data() == "deactivated"
    screenshot(staff_window, artifacts / "staff_window.png")
    staff_window.close()

    switch = window.switch_staff()  # File > Switch staff member…
    qtbot.waitUntil(switch.isVisible)
    offered = {switch.person.itemData(i) for i in range(switch.person.count())}
    assert offered == {clinic.doctor.id, clinic.nurse.id}  # a deactivated person is not offered


def open_new_session(qtbot, clinic, person):  # noqa: ANN001, ANN201
    """A new session for a patient's patch, triamcinolone chosen, by ``person``."""
    _patient, patch = patient_with_history(clinic)
    window = open_window(qtbot, clinic.db, person)
    _chart, editor, _form = start_session(qtbot, window, "RDC-2001", patch.id)
    return window, editor


def test_the_session_editor_offers_only_clinicians_and_none_for_the_front_desk(qtbot, clinic, artifacts):
    desk = staff.add_staff(clinic.db, clinic.doctor.id, "desk", "Front desk", StaffRole.ADMIN)
    gone = staff.add_staff(clinic.db, clinic.doctor.id, "doc2", "Dr Gone", StaffRole.CLINICIAN)
    staff.deactivate_staff(clinic.db, clinic.doctor.id, gone.id)
    window, editor = open_new_session(qtbot, clinic, desk)
    box = editor.fields.clinician
    assert [box.itemData(i) for i in range(box.count())] == [clinic.doctor.id]
    assert box.currentIndex() == -1  # the front desk gave no injection: nobody chosen for them
    qtbot.waitUntil(editor.save_button.isEnabled)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # Save draft
    assert "Choose the clinician who gave the injections" in editor.fields.fields.message("clinician_id").message
    screenshot(window, artifacts / "staff_editor_no_clinician.png")


def test_a_clinician_working_is_chosen_for_a_new_session(qtbot, clinic):
    window, editor = open_new_session(qtbot, clinic, clinic.doctor)
    assert editor.fields.clinician.currentData() == clinic.doctor.id
    QApplication.processEvents()
