"""Shared steps for GUI tests that drive the daily flow as a person would."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from tracker.models import Condition
from tracker.ui import unsaved
from tracker.ui.main_window import MainWindow


def open_window(qtbot, db, actor) -> MainWindow:  # noqa: ANN001
    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def patient_with_history(clinic, *, days_ago: int = 14):  # noqa: ANN001, ANN201
    """A patient with an alopecia areata patch injected ``days_ago`` days ago."""
    p = clinic.patient(family_name="Dubois", given_names="Chloe", chart_number="RDC-2001",
                       born=date(1985, 4, 2), allergies="Lidocaine", diabetes=True)
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, label="Vertex patch")
    clinic.record(p.id, [clinic.injection(patch.id, conc="5", points=4, lot_number="KN100A")],
                  day=date.today() - timedelta(days=days_ago))
    return p, patch


def search_and_open(qtbot, window, text: str):  # noqa: ANN001, ANN201
    """Ctrl+F, type, Enter: the first match opens in the chart."""
    page = window.page("patients")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.finder.search.hasFocus()
    qtbot.keyClicks(page.finder.search, text)
    qtbot.waitUntil(lambda: page.finder.patients.text == text and not page.finder.patients.busy)
    with qtbot.waitSignal(page.chart.loaded, timeout=5000):
        qtbot.keyClick(page.finder.search, Qt.Key.Key_Return)
    return page.chart


def tick(qtbot, list_widget, row: int) -> None:  # noqa: ANN001
    """Tick a checkable list row with the keyboard (Space), as a person would."""
    list_widget.setFocus()
    list_widget.setCurrentRow(row)
    qtbot.keyClick(list_widget, Qt.Key.Key_Space)


def replace_text(qtbot, edit, text: str) -> None:  # noqa: ANN001
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


class Answers:
    """Stands in for the unsaved-changes question; records what was asked."""

    def __init__(self, monkeypatch, answer: unsaved.Choice = unsaved.Choice.DISCARD) -> None:  # noqa: ANN001
        self.answer = answer
        self.asked: list[tuple[list[str], str]] = []
        monkeypatch.setattr(unsaved, "ask_unsaved", self)

    def __call__(self, parent, descriptions, action, can_save):  # noqa: ANN001, ANN204
        self.asked.append((descriptions, action))
        return self.answer


def screenshot(widget, path) -> None:  # noqa: ANN001
    """Let queued layout and show events run, then save what a person would see."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))


def start_session(qtbot, window, chart_text: str, lesion_id: int):  # noqa: ANN001, ANN201
    """Open the patient, click New session, tick the first lesion, choose triamcinolone."""
    chart = search_and_open(qtbot, window, chart_text)
    qtbot.mouseClick(chart.session_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    tick(qtbot, editor.picker, 0)
    form = editor.groups[lesion_id].forms[0]
    form.agent.setFocus()
    qtbot.keyClicks(form.agent, "Triam")
    return chart, editor, form


def click_map(qtbot, body_map, x: float, y: float) -> None:  # noqa: ANN001
    """Click a body map's drawing at (x, y), fractions of the drawing, and wait for the point."""
    with qtbot.waitSignal(body_map.pointPlaced, timeout=2000):
        qtbot.mouseClick(body_map.canvas, Qt.MouseButton.LeftButton, pos=body_map.canvas.widget_point(x, y).toPoint())


def middle_of_site(view: str, site_code: str, side: str) -> tuple[float, float]:
    """The middle of the points of a drawing that resolve to this site and side (well inside it)."""
    from tracker.services.body_map import resolve_site

    inside = [(x / 200, y / 200) for x in range(200) for y in range(200)
              if (hit := resolve_site(view, x / 200, y / 200)) and hit.site_code == site_code and hit.laterality == side]
    return sum(x for x, _ in inside) / len(inside), sum(y for _, y in inside) / len(inside)


def paint_stroke(qtbot, canvas, points: list[tuple[float, float]]) -> None:  # noqa: ANN001
    """Drag the mouse over a drawing through these points (fractions of the drawing)."""
    pos = [canvas.widget_point(x, y).toPoint() for x, y in points]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=pos[0])
    for p in pos[1:]:
        qtbot.mouseMove(canvas, p)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=pos[-1])


def click_box(qtbot, box) -> None:  # noqa: ANN001
    """Click the middle of a check box."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() // 2, box.height() // 2))


def visible(parent, cls):  # noqa: ANN001, ANN201
    """The last-opened child of ``parent`` of class ``cls`` that is on screen (None: none is)."""
    shown = [d for d in parent.findChildren(cls) if d.isVisible()]
    return shown[-1] if shown else None


def opened(qtbot, parent, cls, timeout: int = 5000):  # noqa: ANN001, ANN201
    """The dialog of ``cls`` that was just opened, once it is on screen."""
    qtbot.waitUntil(lambda: visible(parent, cls) is not None, timeout=timeout)
    return visible(parent, cls)


def closed(dialog) -> bool:  # noqa: ANN001
    """The dialog was closed (and may be deleted already: it deletes itself on close)."""
    import shiboken6

    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def menu_action(window, menu: str, item: str):  # noqa: ANN001, ANN201
    """The menu bar's action named ``item`` (mnemonics and dots ignored) in ``menu``."""
    def plain(t: str) -> str:
        return t.replace("&", "").rstrip("\u2026.")

    top = next(a for a in window.menuBar().actions() if plain(a.text()) == menu)
    return next(a for a in top.menu().actions() if plain(a.text()) == item)


def sign_past_checklist(qtbot, editor, reason: str = "Steps done on paper today") -> None:  # noqa: ANN001
    """Click Sign; the checklist's unticked required steps ask for a reason: give it and sign."""
    from tracker.ui.widgets.reason_dialog import ReasonDialog

    qtbot.waitUntil(editor.sign_button.isEnabled)
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    # Signing waits for the safety check of the last change, if it is still running.
    dialog = opened(qtbot, editor, ReasonDialog)
    assert "not ticked" in dialog.prompt.text()
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


@pytest.fixture
def answers(monkeypatch):  # noqa: ANN001, ANN201
    """The unsaved-changes question answered Discard (tests may change ``answers.answer``).
    Test modules take it with ``pytestmark = pytest.mark.usefixtures("answers")``."""
    return Answers(monkeypatch)


def session_ready_to_sign(qtbot, clinic, *, concentration: str | None = None):  # noqa: ANN001, ANN201
    """A patient whose patch was injected 60 days ago (chart RDC-2001) and a new
    session for it with triamcinolone, lot, expiry and consent filled in
    (``concentration`` typed over the one offered)."""
    patient, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    if concentration is not None:
        replace_text(qtbot, form.concentration, concentration)
    qtbot.keyClicks(form.lot.lineEdit(), "KN1")
    qtbot.keyClicks(form.expiry, "2099-01-01")
    editor.fields.consent.setChecked(True)
    return patient, patch, window, chart, editor, form


def restore_after_crash(qtbot, window, clinic):  # noqa: ANN001, ANN201
    """The window vanishes as in a crash; a new one offers the recovery copy,
    and Restore opens the editor again: returns that editor."""
    window.hide()
    second = open_window(qtbot, clinic.db, clinic.doctor)
    qtbot.waitUntil(second.recovery.isVisible)
    page = second.page("patients")
    with qtbot.waitSignal(page.chart.loaded, timeout=5000):
        qtbot.mouseClick(second.recovery.restore_button, Qt.MouseButton.LeftButton)
    restored = page.chart.editor
    qtbot.waitUntil(lambda: restored is not None and bool(restored.forms()))
    return restored
