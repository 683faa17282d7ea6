"""The Today list by keyboard: after Ctrl+D marks the selected reminder done
(it leaves the list), the selection moves on to the reminder that came after
it, so the next Down goes on through the reminders, never onto a group heading."""
from __future__ import annotations

from PySide6.QtCore import Qt

from test_guidance_gui import busy_clinic, open_today  # noqa: F401 (a fixture: reminders overdue, due today and coming)
from tracker.services.guidance.reminders import get_reminder


def _listed(page) -> list[int]:  # noqa: ANN001
    view = page.view
    return [r.id for r in (*view.overdue, *view.due_today, *view.coming)]


def test_marking_a_reminder_done_selects_the_next_one(qtbot, busy_clinic):  # noqa: F811
    clinic, _today, _people = busy_clinic
    _window, page = open_today(qtbot, clinic)
    reminders = page.list
    order = _listed(page)
    assert len(order) == 4
    reminders.setFocus()
    qtbot.keyClick(reminders, Qt.Key.Key_Home)  # past the "Overdue" heading, onto its first reminder
    first = reminders.current()
    assert first.id == order[0]

    qtbot.keyClick(reminders, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert get_reminder(clinic.db, first.id).status == "done"
    assert first.id not in _listed(page)
    assert reminders.current() is not None and reminders.current().id == order[1]
    assert reminders.hasFocus()

    qtbot.keyClick(reminders, Qt.Key.Key_Down)
    assert reminders.current() is not None and reminders.current().id == order[2]

    # The last one done: nothing comes after it, so the one before it is selected.
    qtbot.keyClick(reminders, Qt.Key.Key_End)
    assert reminders.current().id == order[3]
    qtbot.keyClick(reminders, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert reminders.current() is not None and reminders.current().id == order[2]


def test_the_arrow_keys_go_from_reminder_to_reminder_across_the_group_headings(qtbot, busy_clinic):  # noqa: F811
    clinic, _today, _people = busy_clinic
    _window, page = open_today(qtbot, clinic)
    reminders = page.list
    order = _listed(page)
    assert reminders.model_.rowCount() >= 2  # more than one group: headings between them
    reminders.setFocus()
    qtbot.keyClick(reminders, Qt.Key.Key_Home)
    walked = [reminders.current().id]
    for _ in order[1:]:
        qtbot.keyClick(reminders, Qt.Key.Key_Down)
        walked.append(reminders.current().id)  # never None: no stop on a heading
    assert walked == order
    qtbot.keyClick(reminders, Qt.Key.Key_Down)  # at the last one: stays
    assert reminders.current().id == order[-1]
    for expected in reversed(order[:-1]):
        qtbot.keyClick(reminders, Qt.Key.Key_Up)
        assert reminders.current().id == expected
    qtbot.keyClick(reminders, Qt.Key.Key_Up)  # at the first one: the "Overdue" heading above is not a stop
    assert reminders.current().id == order[0]
    qtbot.keyClick(reminders, Qt.Key.Key_End)
    assert reminders.current().id == order[-1]
    assert page.done_button.isEnabled()  # a reminder is chosen, so it can be marked done
