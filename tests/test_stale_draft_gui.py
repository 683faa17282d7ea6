"""Two workstations on one clinic database: a draft saved at one and changed at
the other is not signed, saved over or discarded from the first one's older
screen. The first is told so above its fields, keeps its screen, and signs
only after reloading what the other saved."""
from __future__ import annotations

import pytest
from gui_helpers import (  # noqa: F401 - answers is a fixture
    answers, open_window, opened, replace_text, screenshot, search_and_open, session_ready_to_sign, sign_past_checklist,
)
from PySide6.QtCore import Qt

from tracker.services.clinic import open_clinic
from tracker.services.session_views import get_session
from tracker.ui.widgets.reason_dialog import ReasonDialog

pytestmark = pytest.mark.usefixtures("answers")


def _live_points(db, session_id: int) -> list[int]:  # noqa: ANN001
    return [i.points for i in get_session(db, session_id).injections if not i.voided]


@pytest.fixture
def two_workstations(qtbot, clinic, location):  # noqa: ANN001, ANN201
    """A (the doctor) saves a 4-point draft; B (the nurse, its own database
    connection) continues the same draft, makes it 12 points and saves."""
    _patient, _patch, window_a, chart_a, editor_a, form_a = session_ready_to_sign(qtbot, clinic)
    replace_text(qtbot, form_a.points, "4")
    qtbot.mouseClick(editor_a.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor_a.ref.session_id is not None and not editor_a.has_unsaved_changes())
    draft_id = editor_a.ref.session_id
    assert _live_points(clinic.db, draft_id) == [4]

    db_b = open_clinic(location)
    window_b = open_window(qtbot, db_b, clinic.nurse)
    chart_b = search_and_open(qtbot, window_b, "RDC-2001")
    chart_b.tabs.setCurrentWidget(chart_b.sessions)
    chart_b.sessions.select_session(draft_id)
    qtbot.mouseClick(chart_b.sessions.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chart_b.editor is not None and bool(chart_b.editor.forms()))
    editor_b = chart_b.editor
    replace_text(qtbot, editor_b.forms()[0].points, "12")
    qtbot.mouseClick(editor_b.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor_b.has_unsaved_changes())
    assert _live_points(clinic.db, draft_id) == [12]
    yield window_a, chart_a, editor_a, form_a, draft_id
    window_b.close()
    db_b.dispose()


def _refused(qtbot, clinic, editor, draft_id: int, what: str) -> None:  # noqa: ANN001
    """Nothing was written over B's draft, and A is told so above the fields."""
    qtbot.waitUntil(lambda: not editor.check.pending and not editor.sign_after_check)  # the click has run
    view = get_session(clinic.db, draft_id)
    assert (view.is_signed, view.voided, _live_points(clinic.db, draft_id)) == (False, False, [12])
    assert editor.conflict.isVisible()
    assert "changed at another workstation" in editor.conflict.text and what in editor.conflict.text


def test_signing_a_draft_changed_at_another_workstation_is_refused_until_reloaded(qtbot, clinic, two_workstations,
                                                                                  artifacts):
    window_a, chart_a, editor_a, form_a, draft_id = two_workstations
    qtbot.waitUntil(editor_a.sign_button.isEnabled)
    qtbot.mouseClick(editor_a.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor_a.check.pending and not editor_a.sign_after_check)
    asked = [d for d in editor_a.findChildren(ReasonDialog) if d.isVisible()]
    for dialog in asked:  # the checklist's question, answered as the person would
        qtbot.keyClicks(dialog.reason, "Steps done on paper today")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    _refused(qtbot, clinic, editor_a, draft_id, "it was not signed")
    assert not asked  # refused before any question about B's content
    assert form_a.points.value() == 4 and chart_a.editor is editor_a  # A's screen as it was
    screenshot(window_a, artifacts / "stale_draft_sign_refused.png")

    qtbot.mouseClick(editor_a.conflict.action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chart_a.editor is not editor_a and chart_a.editor is not None)
    reloaded = chart_a.editor
    assert [f.points.value() for f in reloaded.forms()] == [12]
    assert "Reloaded" in reloaded.general.message and not reloaded.conflict.isVisible()
    screenshot(window_a, artifacts / "stale_draft_reloaded.png")
    sign_past_checklist(qtbot, reloaded)
    qtbot.waitUntil(lambda: get_session(clinic.db, draft_id).is_signed)
    assert _live_points(clinic.db, draft_id) == [12]  # what A saw, then signed


def test_saving_over_a_draft_changed_at_another_workstation_is_refused(qtbot, clinic, two_workstations):
    _window_a, _chart_a, editor_a, form_a, draft_id = two_workstations
    replace_text(qtbot, form_a.points, "6")
    qtbot.mouseClick(editor_a.save_button, Qt.MouseButton.LeftButton)
    _refused(qtbot, clinic, editor_a, draft_id, "nothing was saved")
    assert form_a.points.value() == 6 and editor_a.has_unsaved_changes()
    assert "Reloading replaces what was typed here" in editor_a.conflict.text


def test_discarding_a_draft_changed_at_another_workstation_is_refused(qtbot, clinic, two_workstations):
    _window_a, _chart_a, editor_a, _form_a, draft_id = two_workstations
    qtbot.mouseClick(editor_a.discard_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, editor_a, ReasonDialog)
    qtbot.keyClicks(dialog.reason, "entered twice")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    _refused(qtbot, clinic, editor_a, draft_id, "it was not discarded")
    assert not dialog.isVisible()
