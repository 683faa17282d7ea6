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


@pytest.fixture
def answers(monkeypatch):  # noqa: ANN001, ANN201
    """The unsaved-changes question answered Discard (tests may change ``answers.answer``).
    Test modules take it with ``pytestmark = pytest.mark.usefixtures("answers")``."""
    return Answers(monkeypatch)
