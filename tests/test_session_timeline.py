"""The Sessions tab's timeline with a long history: every visit is listed,
newest first, each row tall enough for its three lines, and the keyboard
reaches the first visit ever recorded."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from gui_helpers import open_window, screenshot, search_and_open
from tracker.models import Condition
from tracker.ui.chart.session_timeline_model import SessionIdRole


def test_a_long_history_lists_every_visit_and_the_keyboard_reaches_the_first(qtbot, clinic, artifacts):  # noqa: ANN001
    p = clinic.patient(family_name="Long", given_names="Ada", chart_number="RDC-3001")
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, label="Crown patch")
    days = [date(2016, 1, 4) + timedelta(days=28 * n) for n in range(130)]  # more rows than one layout batch
    recorded = [clinic.record(p.id, [clinic.injection(patch.id, points=2)], day=day, reason="Spacing reviewed")
                for day in days]
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "3001")  # the digits alone find RDC-3001
    chart.tabs.setCurrentWidget(chart.sessions)
    timeline, model = chart.sessions.timeline, chart.sessions.model
    assert model.rowCount() == len(days)
    assert model.index(0).data().startswith(days[-1].isoformat())  # newest first
    assert model.index(0).data(SessionIdRole) == recorded[-1].id

    last = model.index(len(days) - 1)
    in_view = lambda index: timeline.viewport().rect().contains(timeline.visualRect(index))  # noqa: E731 - whole row

    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_End)  # at once, while rows are still being laid out
    assert chart.sessions.current().clinic_date == days[0]
    qtbot.waitUntil(lambda: in_view(last))  # scrolled to once laid out
    assert last.data().split("\n") == [f"{days[0].isoformat()}  \u00b7  Signed", "Triamcinolone acetonide 2 mg",
                                       "Crown patch \u00b7 Dr Test"]
    assert "Version 1: Signed" in chart.sessions.versions.after.toPlainText()
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    assert chart.sessions.current().clinic_date == days[-1]
    three_lines = timeline.fontMetrics().lineSpacing() * 3
    assert all(timeline.visualRect(model.index(row)).height() >= three_lines for row in (0, 64, len(days) - 1))

    # A reload that keeps an old visit chosen (another workstation saved, say): it stays chosen, and in view.
    old = model.index(120)
    timeline.setCurrentIndex(old)
    chosen = chart.sessions.current().id
    with qtbot.waitSignal(chart.loaded, timeout=5000):
        chart.reload()
    assert chart.sessions.current().id == chosen
    qtbot.waitUntil(lambda: in_view(timeline.currentIndex()))
    qtbot.keyClick(timeline, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: in_view(model.index(len(days) - 1)))
    screenshot(window, artifacts / "sessions_long_history_oldest.png")
