"""The Today dashboard, the checklist panel and the Guidance chart tab, driven
as a person would (clicks and keys, dialogs patched), with screenshots."""
from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tracker.models import Condition, Laterality
from tracker.services.guidance.checklist import prepare_checklist
from tracker.services.guidance.reminders import clinic_today, get_reminder
from tracker.services.sessions import create_draft
from tracker.services.staff import get_staff
from tracker.ui.context import AppContext
from tracker.ui.guidance.chart_panel import GuidancePanel
from tracker.ui.guidance.checklist_panel import ChecklistPanel
from tracker.ui.guidance.dialogs import SnoozeDialog
from tracker.ui.widgets.reason_dialog import ReasonDialog
from tracker.ui.main_window import MainWindow


@pytest.fixture
def busy_clinic(clinic):  # noqa: ANN001, ANN201
    """Four patients whose reminders fall overdue, due today and in the coming week."""
    today = clinic_today(clinic.db)
    people = {}
    a = clinic.patient(family_name="Okafor", given_names="Amara", phone="+1 555 0101")
    wart = clinic.lesion(a.id, Condition.WART, site="local:hand", label="Right hand wart", laterality=Laterality.RIGHT)
    clinic.record(a.id, [clinic.injection(wart.id, "candida", conc="1", per_point="0.1", points=2)], day=today - timedelta(days=2))
    b = clinic.patient(family_name="Nguyen", given_names="Linh")
    patch = clinic.lesion(b.id, Condition.ALOPECIA_AREATA, site="61719002", label="Vertex patch")
    clinic.record(b.id, [clinic.injection(patch.id, "tac", conc="5", points=6)], day=today - timedelta(days=28))
    c = clinic.patient(family_name="Schmidt", given_names="Jonas", phone="+1 555 0103")
    keloid = clinic.lesion(c.id, Condition.KELOID, site="2059009", label="Left earlobe keloid", laterality=Laterality.LEFT)
    clinic.record(c.id, [clinic.injection(keloid.id, "tac", conc="40", points=3)], day=today - timedelta(days=30))
    d = clinic.patient(family_name="Haddad", given_names="Leila")
    wart_d = clinic.lesion(d.id, Condition.WART, site="local:foot", label="Foot wart")
    clinic.record(d.id, [clinic.injection(wart_d.id, "candida", conc="1", per_point="0.1", points=1)], day=today - timedelta(days=1))
    people.update(okafor=a.id, nguyen=b.id, schmidt=c.id, haddad=d.id)
    return clinic, today, people


def open_today(qtbot, clinic):  # noqa: ANN001, ANN201
    """The main window for the nurse, on the Today page by its shortcut (Ctrl+2): (window, page)."""
    window = MainWindow(clinic.db, get_staff(clinic.db, clinic.nurse.id))
    qtbot.addWidget(window)
    window.resize(1300, 760)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    return window, window.page("today")


def titles(rows):  # noqa: ANN001, ANN201
    return [(r.patient_name, r.kind) for r in rows]


def test_today_dashboard_done_snooze_dismiss_open_patient_and_exports(qtbot, busy_clinic, artifacts, tmp_path, monkeypatch):
    clinic, today, people = busy_clinic
    window, page = open_today(qtbot, clinic)
    assert window.tabs.currentWidget() is page

    view = page.view
    assert titles(view.overdue) == [("SCHMIDT, Jonas", "next_injection")]
    assert sorted(titles(view.due_today)) == [("NGUYEN, Linh", "review"), ("OKAFOR, Amara", "call")]
    assert titles(view.coming) == [("HADDAD, Leila", "call")]
    assert page.summary.text() == "1 overdue \u00b7 2 due today \u00b7 1 in the next 7 days"
    # No system tray offscreen: the due reminders are announced in the banner.
    qtbot.waitUntil(lambda: "3 reminders are due today or overdue" in window.banner.label.text())

    # Select the overdue reminder: its reason and source are one click away.
    overdue = view.overdue[0]
    assert page.list.select(overdue.id)
    assert "Why this reminder" in page.why.toPlainText() and "Rule general.next-injection" in page.why.toPlainText()
    page.list.setFocus()
    with qtbot.waitSignal(window.ctx.open_patient_requested) as opened:
        qtbot.keyClick(page.list, Qt.Key_Return)
    assert opened.args == [people["schmidt"]]
    # Opening shows the patient's chart; Ctrl+2 brings the Today page back.
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.page("patients"))
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert window.tabs.currentWidget() is page
    window.grab().save(str(artifacts / "today_dashboard.png"))
    # In a smaller window the reminder itself keeps its room; the other columns give way or it scrolls.
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: page.list.viewport().width() < 1000)
    shortest = min((r.title for r in page.list.rows.values()), key=len)
    assert page.list.fontMetrics().horizontalAdvance(shortest) < page.list.columnWidth(3), shortest
    assert page.list.columnWidth(3) >= 40 * page.list.fontMetrics().averageCharWidth()
    window.grab().save(str(artifacts / "today_dashboard_1024.png"))
    window.resize(1300, 760)

    qtbot.mouseClick(page.done_button, Qt.LeftButton)
    assert get_reminder(clinic.db, overdue.id).status == "done"
    assert page.view.overdue == ()
    # The banner's count follows what is left to do.
    qtbot.waitUntil(lambda: window.banner.label.text().startswith("2 reminders are due today or overdue."))

    call = next(r for r in page.view.due_today if r.kind == "call")
    page.list.select(call.id)
    monkeypatch.setattr(SnoozeDialog, "ask", staticmethod(lambda parent, day, title: (day + timedelta(days=3), "away until Wednesday")))
    qtbot.mouseClick(page.snooze_button, Qt.LeftButton)
    snoozed = get_reminder(clinic.db, call.id)
    assert snoozed.status == "snoozed" and snoozed.when == today + timedelta(days=3)
    assert call.id in [r.id for r in page.view.coming]

    review = page.view.due_today[0]
    page.list.select(review.id)
    qtbot.mouseClick(page.dismiss_button, Qt.LeftButton)
    dialog = page.findChild(ReasonDialog)
    assert dialog.isVisible() and not dialog.ok.isEnabled()  # the reason comes first
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.LeftButton)  # cancelled: nothing happens
    assert not dialog.isVisible() and get_reminder(clinic.db, review.id).status == "open"
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key_Delete)
    dialog = next(d for d in page.findChildren(ReasonDialog) if d.isVisible())
    qtbot.keyClicks(dialog.reason, "Reviewed at the dermatology ward instead")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    assert not dialog.isVisible()
    dismissed = get_reminder(clinic.db, review.id)
    assert dismissed.status == "dismissed" and dismissed.close_reason == "Reviewed at the dermatology ward instead"
    assert "dismissed" in page.message.text()
    qtbot.waitUntil(lambda: window.banner.isHidden())  # none left due: the banner has nothing true to say

    # Calendar export and the call list as PDF, written off the GUI thread.
    ics = tmp_path / "reminders.ics"
    monkeypatch.setattr("tracker.ui.guidance.today_workspace.QFileDialog.getSaveFileName", lambda *a, **k: (str(ics), ""))
    qtbot.mouseClick(page.ics_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Calendar saved" in page.message.text(), timeout=10000)
    events = {str(e["UID"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    assert str(events[get_reminder(clinic.db, call.id).uid]["STATUS"]) == "CONFIRMED"
    assert str(events[dismissed.uid]["STATUS"]) == "CANCELLED"

    pdf = tmp_path / "call-list.pdf"
    monkeypatch.setattr("tracker.ui.guidance.today_workspace.QFileDialog.getSaveFileName", lambda *a, **k: (str(pdf), ""))
    page.set_today(today + timedelta(days=3))  # the snoozed call is due then
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Call list saved" in page.message.text(), timeout=20000)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Call list" in text and "OKAFOR, Amara" in text and "+1 555 0101" in text and "Check-in call" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(artifacts / "call_list")], check=True)
    window.grab().save(str(artifacts / "today_dashboard_after.png"))


def test_checklist_panel_ticks_with_who_and_when_and_shows_why(qtbot, clinic, artifacts):
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="367577003", label="Left eyebrow patch", laterality=Laterality.LEFT)
    draft = create_draft(clinic.db, clinic.nurse.id, clinic.session_input(
        p.id, [clinic.injection(patch.id, "tac", conc="2.5", per_point="0.05", points=4)], day=clinic_today(clinic.db)))
    ctx = AppContext(clinic.db, get_staff(clinic.db, clinic.nurse.id))
    panel = ChecklistPanel(ctx, draft.id)
    qtbot.addWidget(panel)
    panel.resize(620, 820)
    panel.show()
    required = len(panel.required_unticked())
    assert panel.gap_label.text() == f"{required} required step(s) not ticked"

    consent = next(row for row in panel.rows.values() if row.item.rule_id == "general.consent")
    with qtbot.waitSignal(ctx.changed):
        qtbot.mouseClick(consent.box, Qt.LeftButton)
    assert consent.box.isChecked() and consent.status.text().startswith("\u2713 Nurse Test,")
    assert panel.gap_label.text() == f"{required - 1} required step(s) not ticked"
    # Clicking the step's words ticks it too.
    photo = next(row for row in panel.rows.values() if row.item.rule_id == "general.photo")
    qtbot.mouseClick(photo.label, Qt.LeftButton)
    assert photo.box.isChecked()
    assert {i.rule_id for i in prepare_checklist(clinic.db, None, draft.id).items if i.done} == {"general.consent", "general.photo"}

    vision = next(row for row in panel.rows.values() if row.item.rule_id == "site.near-eyes-or-nose")
    qtbot.mouseClick(vision.why, Qt.LeftButton)
    assert "sudden vision change is an emergency" in panel.why.toPlainText()
    panel.grab().save(str(artifacts / "checklist_panel.png"))

    # Unticking records that too; a signed session's before/after steps are locked.
    qtbot.mouseClick(consent.box, Qt.LeftButton)
    assert not consent.box.isChecked() and consent.status.text() == ""


def test_guidance_chart_tab_shows_latest_checklist_and_reminders(qtbot, busy_clinic, artifacts):
    clinic, today, people = busy_clinic
    ctx = AppContext(clinic.db, get_staff(clinic.db, clinic.doctor.id))
    panel = GuidancePanel(ctx, people["okafor"])
    qtbot.addWidget(panel)
    panel.resize(1250, 700)
    panel.show()
    assert panel.sessions.count() == 1 and "Right hand wart" in panel.sessions.currentText()
    assert panel.checklist.view is not None and panel.checklist.view.signed
    signed_before = next(r for r in panel.checklist.rows.values() if r.item.phase == "before")
    assert not signed_before.box.isEnabled()  # signed: before/after steps are locked
    follow = next(r for r in panel.checklist.rows.values() if r.item.phase == "follow_up")
    assert follow.box.isEnabled()
    qtbot.mouseClick(follow.box, Qt.LeftButton)
    assert follow.status.text().startswith("\u2713 Dr Test,")

    kinds = sorted(r.kind for r in panel.reminders.rows.values())
    assert kinds == ["call", "next_injection"]
    call = next(r for r in panel.reminders.rows.values() if r.kind == "call")
    panel.reminders.select(call.id)
    assert "Rule candida.reaction" in panel.why.toPlainText()
    qtbot.mouseClick(panel.done_button, Qt.LeftButton)
    assert get_reminder(clinic.db, call.id).status == "done"
    assert [r.kind for r in panel.reminders.rows.values() if not r.is_open] == ["call"]
    panel.set_patient(people["nguyen"])
    assert "Vertex patch" in panel.sessions.currentText()
    assert "candida.reaction" not in {r.item.rule_id for r in panel.checklist.rows.values()}
    # Shown and laid out: every step's words fit in their row.
    qtbot.waitUntil(lambda: all(r.isVisible() and r.label.height() >= r.label.heightForWidth(r.label.width())
                                for r in panel.checklist.rows.values()))
    panel.grab().save(str(artifacts / "guidance_chart_tab.png"))


def test_a_broken_clinic_rules_file_is_shown_in_the_banner(qtbot, clinic, location):
    location.rules_file.write_text("rules:\n  - id: our.rule\n    title: Ours\n    when: {agent: steroid}\n    aftercare: {care: [Rest.]}\n", encoding="utf-8")
    window = MainWindow(clinic.db, get_staff(clinic.db, clinic.doctor.id))
    qtbot.addWidget(window)
    window.show()
    # The Today page (which watches the rules) is built just after the first page has painted.
    qtbot.waitUntil(lambda: "clinic's guidance rules have a problem" in window.banner.label.text())
    text = window.banner.label.text()
    assert f"{location.rules_file}, line 4: rule 'our.rule': when.agent: unknown 'steroid'" in text
    assert "the shipped rules are in use" in text


def test_a_corrected_banner_message_leaves_other_and_closed_messages_alone(qtbot):
    from tracker.ui.banner import Banner

    banner = Banner()
    qtbot.addWidget(banner)
    banner.show()
    banner.show_message("Backup done.", "info")
    banner.replace_message("3 reminders are due", "2 reminders are due")  # not what it shows: untouched
    assert banner.label.text() == "Backup done." and banner.isVisible()
    banner.show_message("3 reminders are due", "info")
    banner.replace_message("3 reminders are due", "2 reminders are due")
    assert banner.label.text() == "2 reminders are due"
    banner.hide()  # the person closed it
    banner.replace_message("2 reminders are due", "1 reminder is due")
    assert banner.isHidden()
    banner.show_message("1 reminder is due", "info")
    banner.replace_message("1 reminder is due", "")
    assert banner.isHidden()
