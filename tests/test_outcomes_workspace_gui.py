"""The clinic's Outcomes page and the demo's assessments, on the demo clinic."""
from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt

from tracker.models import Condition
from tracker.services.assessments import patient_assessments
from tracker.services.demo import build_demo
from tracker.services.outcome_clinic import clinic_outcomes
from tracker.services.outcome_overview import patient_overview
from tracker.services.session_views import patient_sessions
from tracker.services.staff import default_staff
from tracker.ui.context import AppContext
from tracker.ui.main_window import MainWindow
from tracker.ui.progress.outcomes_workspace import OutcomesWorkspace


@pytest.fixture
def demo(db):  # noqa: ANN001, ANN201
    return build_demo(db, patients_count=12)


def test_demo_records_plausible_courses_on_its_session_dates(db, demo):
    flags = Counter()
    trends = Counter()
    for patient_id in demo.patient_ids:
        session_days = {s.clinic_date for s in patient_sessions(db, patient_id, include_voided=False)}
        for assessment in patient_assessments(db, patient_id):
            assert assessment.assessed_on in session_days
        for outcome in patient_overview(db, patient_id):
            trends[(outcome.condition, outcome.trend.value)] += 1
            flags.update(f.key for f in outcome.flags)
    assert flags == {"no_regrowth": 1, "recurrence": 1}  # the non-responder and the keloid that came back
    assert trends[(Condition.ALOPECIA_AREATA.value, "improving")] >= 1
    assert trends[(Condition.KELOID.value, "improving")] >= 2
    assert trends[(Condition.WART.value, "not enough data")] == 2
    result = clinic_outcomes(db)
    assert result.overdue and any(r.lesion_label == "Right elbow plaque" for r in result.overdue)
    assert any(r.responses[0].assessed for r in result.rows)


def test_outcomes_page_shows_numbers_flags_and_overdue_reviews(qtbot, db, demo, artifacts):
    ctx = AppContext(db, default_staff(db))
    page = OutcomesWorkspace(ctx)
    qtbot.addWidget(page)
    page.resize(1250, 820)
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.show()
    groups = page.groups
    rows = [[groups.item(r, c).text() for c in range(groups.columnCount())] for r in range(groups.rowCount())]
    by_key = {(row[0], row[1]): row for row in rows}
    alopecia = by_key[("Alopecia areata patch", "Triamcinolone acetonide")]
    assert alopecia[2] == "3" and alopecia[9].endswith("%)")  # 3 lesions; "n of m (p%)" at 3 months
    assert by_key[("Wart", "Candida antigen")][8] == "1"  # no instrument recorded: not enough data
    flags = [page.flagged.item(r, 3).text() for r in range(page.flagged.rowCount())]
    assert sorted(f.split(":")[0].split(" (")[0] for f in flags) == ["No regrowth after 3 months of injections",
                                                                      "Resolved keloid is coming back"]
    assert page.overdue.rowCount() >= 1
    assert "reviews overdue" in page.status.text()
    qtbot.wait(50)
    page.grab().save(str(artifacts / "outcomes_workspace.png"))
    # Double-clicking an overdue review asks to open that patient's chart.
    patient_id = page.overdue.item(0, 0).data(Qt.UserRole)
    with qtbot.waitSignal(ctx.open_patient_requested) as opened:
        rect = page.overdue.visualItemRect(page.overdue.item(0, 1))
        qtbot.mouseClick(page.overdue.viewport(), Qt.LeftButton, pos=rect.center())  # a double click starts with a press
        qtbot.mouseDClick(page.overdue.viewport(), Qt.LeftButton, pos=rect.center())
    assert opened.args == [patient_id]


def test_outcomes_page_and_progress_panel_are_registered(qtbot, db, demo):
    from tracker.ui.extensions import chart_panels

    window = MainWindow(db, default_staff(db))
    qtbot.addWidget(window)
    assert window.tabs.tabText(window.tabs.indexOf(window.page("outcomes"))) == "Outcomes"
    panel = next(p for p in chart_panels() if p.key == "progress")
    widget = panel.factory(window.ctx, demo.patient_ids[0])
    qtbot.addWidget(widget)
    assert widget.overview.table.rowCount() == 1
    widget.set_patient(demo.patient_ids[3])
    assert widget.overview.outcomes[0].label == "Vertex patch"
