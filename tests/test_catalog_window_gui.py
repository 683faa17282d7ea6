"""File > Agent catalog as a clinician uses it: every agent's limits and usual
values per condition, each beside its source; a number changed with its source
and a reason (audited, checked), used at once by the open session editor's
safety check; a change made at another workstation meanwhile is not overwritten."""
from __future__ import annotations

from decimal import Decimal

import pytest
from gui_helpers import answers, closed, menu_action, open_window, opened, replace_text, screenshot, session_ready_to_sign  # noqa: F401 - fixture
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from tracker.models import Condition
from tracker.services.catalog import agent_by_code, update_agent

pytestmark = pytest.mark.usefixtures("answers")
AA = f"For {Condition.ALOPECIA_AREATA.label.lower()}"
KELOID = f"For {Condition.KELOID.label.lower()}"


def open_catalog(qtbot, window):  # noqa: ANN001, ANN201
    from tracker.ui.catalog.window import CatalogWindow

    menu_action(window, "File", "Agent catalog").trigger()
    qtbot.waitUntil(lambda: any(w.isVisible() and w.table.rowCount() for w in window.findChildren(CatalogWindow)),
                    timeout=5000)
    return next(w for w in window.findChildren(CatalogWindow) if w.isVisible())


def table_lines(catalog) -> list[tuple[str, ...]]:  # noqa: ANN001
    t = catalog.table
    return [tuple(t.item(r, c).text() if t.item(r, c) else "" for c in range(t.columnCount())) for r in range(t.rowCount())]


def choose(qtbot, catalog, agent_name: str, label: str, section: str | None = None) -> None:  # noqa: ANN001
    """Pick the agent in the list and the row with the keyboard, as a person would."""
    names = [catalog.agent_list.item(i).text() for i in range(catalog.agent_list.count())]
    catalog.agent_list.setFocus()
    catalog.agent_list.setCurrentRow(names.index(agent_name))
    qtbot.keyClick(catalog.agent_list, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is catalog.table  # the list, then the numbers, by Tab
    rows = [(i, r) for i, r in enumerate(catalog.rows) if r is not None and r.label == label
            and (section is None or r.section == section)]
    catalog.table.setCurrentCell(rows[0][0], 0)


def press_change(qtbot, catalog):  # noqa: ANN001, ANN201
    from tracker.ui.catalog.edit_dialog import NumberEditDialog

    qtbot.keyClick(catalog.table, Qt.Key.Key_Return)
    return opened(qtbot, catalog, NumberEditDialog)


def test_every_number_is_listed_with_its_source_in_view(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    catalog = open_catalog(qtbot, window)
    names = [catalog.agent_list.item(i).text() for i in range(catalog.agent_list.count())]
    assert "Triamcinolone acetonide" in names and "Bleomycin" in names
    choose(qtbot, catalog, "Triamcinolone acetonide", "Per session (the whole patient)")
    assert "corticosteroid" in catalog.header.text() and "mg/mL" in catalog.header.text()
    lines = table_lines(catalog)
    by_label = {}
    section = ""
    for line in lines:
        if line[1:] == ("", ""):
            section = line[0]
        else:
            by_label[(section, line[0])] = line[1:]
    value, source = by_label[("Limits (every use of this agent)", "Per session (the whole patient)")]
    assert value == "40 mg" and "Cushing" in source  # the source is a column of its own, not a tooltip
    assert by_label[("Limits (every use of this agent)", "Rolling 30 days (per patient)")][0] == "40 mg"
    assert by_label[("Limits (every use of this agent)", "Children's 30-day limit (under 18)")][0].startswith("none set")
    assert by_label[("Limits (every use of this agent)", "Minimum interval between injections of a lesion")][0] == "7 days"
    value, source = by_label[(AA, "Highest strength")]
    assert value == "10 mg/mL" and "alopecia areata scalp 5-10 mg/mL" in source
    assert by_label[(KELOID, "Usual strength (offered first)")][0] == "40 mg/mL"
    assert any(label.startswith("At Eyebrow") and v[0] == "2.5 mg/mL" and "eyebrows, face 2.5 mg/mL" in v[1]
               for (sec, label), v in by_label.items() if sec == AA)
    qtbot.keyClick(catalog.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is catalog.edit_button and catalog.edit_button.isEnabled()
    screenshot(catalog, artifacts / "catalog_window.png")
    catalog.resize(800, catalog.height())
    screenshot(catalog, artifacts / "catalog_window_800.png")


def test_a_changed_limit_is_audited_and_the_open_editor_checks_against_it(qtbot, clinic, artifacts):
    patient, patch, window, chart, editor, form = session_ready_to_sign(qtbot, clinic)
    qtbot.waitUntil(lambda: editor.check.last is not None and not editor.check.pending, timeout=8000)
    assert form.dose.text().startswith("Dose: 0.5 mg")
    assert not any("per-session limit" in t for t in editor.safety.findings_text())  # under 40 mg
    catalog = open_catalog(qtbot, window)
    choose(qtbot, catalog, "Triamcinolone acetonide", "Per session (the whole patient)")
    dialog = press_change(qtbot, catalog)
    assert dialog.value.text() == "40" and "Cushing" in dialog.stored.text()
    replace_text(qtbot, dialog.value, "0.4")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no source, no reason
    assert dialog.isVisible()
    assert "where the new number comes from" in dialog.fields.message("source").message
    assert "Say why" in dialog.fields.message("reason").message
    qtbot.keyClicks(dialog.source, "Clinic protocol 2026-03, section 4")
    qtbot.keyClicks(dialog.reason, "Stricter limit agreed at the clinic meeting")
    screenshot(dialog, artifacts / "catalog_change_dialog.png")
    with qtbot.waitSignal(editor.check.reported, timeout=8000):  # the editor checks again by itself
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert closed(dialog)

    tac = agent_by_code(clinic.db, "tac")
    assert tac.session_limit == Decimal("0.4") and tac.source("session_limit") == "Clinic protocol 2026-03, section 4"
    with clinic.db.read() as s:
        event = s.execute(text("SELECT staff_id, reason FROM audit_event WHERE entity = 'agent' AND action = 'update'")).one()
    assert event == (clinic.doctor.id, "Stricter limit agreed at the clinic meeting")
    findings = editor.safety.findings_text()
    assert any("0.5 mg this session is over the per-session limit of 0.4 mg" in t for t in findings), findings
    qtbot.waitUntil(lambda: ("Per session (the whole patient)", "0.4 mg", "Clinic protocol 2026-03, section 4")
                    in table_lines(catalog), timeout=5000)
    screenshot(window, artifacts / "catalog_editor_after_change.png")


def test_a_range_keeps_lowest_usual_highest_in_order(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    catalog = open_catalog(qtbot, window)
    choose(qtbot, catalog, "Triamcinolone acetonide", "Highest strength", AA)
    dialog = press_change(qtbot, catalog)
    replace_text(qtbot, dialog.value, "4")
    qtbot.keyClicks(dialog.source, "Clinic protocol")
    qtbot.keyClicks(dialog.reason, "Lower ceiling")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "usual strength (5) is above the highest (4)" in dialog.fields.message("value").message
    screenshot(dialog, artifacts / "catalog_change_refused.png")
    replace_text(qtbot, dialog.value, "0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "more than 0" in dialog.fields.message("value").message
    replace_text(qtbot, dialog.value, "8")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    ind = agent_by_code(clinic.db, "tac").indication(Condition.ALOPECIA_AREATA)
    assert ind.concentration_max == Decimal("8") and ind.source("concentration_max") == "Clinic protocol"
    assert ind.concentration_min == Decimal("5")  # the rest of the range is as it was
    with clinic.db.read() as s:
        assert s.execute(text("SELECT reason FROM audit_event WHERE entity = 'agent_indication'")).scalar() == "Lower ceiling"


def test_a_number_changed_at_another_workstation_is_not_overwritten(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    catalog = open_catalog(qtbot, window)
    choose(qtbot, catalog, "Triamcinolone acetonide", "Rolling 30 days (per patient)")
    dialog = press_change(qtbot, catalog)
    tac = agent_by_code(clinic.db, "tac")
    update_agent(clinic.db, clinic.nurse.id, tac.id, {"rolling_30d_limit": "30"}, source="other desk", reason="elsewhere")
    replace_text(qtbot, dialog.value, "20")
    qtbot.keyClicks(dialog.source, "Clinic protocol")
    qtbot.keyClicks(dialog.reason, "Stricter")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "changed at another workstation" in dialog.conflict.text
    assert agent_by_code(clinic.db, "tac").rolling_30d_limit == Decimal("30")
    qtbot.mouseClick(dialog.conflict.action, Qt.MouseButton.LeftButton)  # Reload
    assert dialog.value.text() == "30" and "other desk" in dialog.stored.text()
    assert "New value: you typed 20 (stored now: 30)" in dialog.conflict.text
    screenshot(dialog, artifacts / "catalog_change_conflict.png")


def test_whether_an_interval_counts_per_patient_is_shown_and_chosen_with_its_source(qtbot, clinic, artifacts):
    window = open_window(qtbot, clinic.db, clinic.doctor)
    catalog = open_catalog(qtbot, window)
    choose(qtbot, catalog, "Candida antigen", "The minimum interval counts")
    lines = table_lines(catalog)
    [scope] = [line for line in lines if line[0] == "The minimum interval counts"]
    assert scope[1].startswith("per patient") and "Candida antigen: 0.1-0.3 mL every 2-4 weeks" in scope[2]
    assert any(line[0] == "Minimum interval between visits (any lesion)" for line in lines)
    dialog = press_change(qtbot, catalog)
    assert dialog.value.currentData() == "patient"
    dialog.value.setFocus()
    qtbot.keyClick(dialog.value, Qt.Key.Key_Up)  # per lesion, the first choice
    assert dialog.value.currentData() == "lesion"
    qtbot.keyClicks(dialog.source, "Clinic protocol 2026-12")
    qtbot.keyClicks(dialog.reason, "We count each wart on its own")
    screenshot(dialog, artifacts / "catalog_interval_scope_dialog.png")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    candida = agent_by_code(clinic.db, "candida")
    assert candida.interval_scope.value == "lesion" and candida.source("interval_scope") == "Clinic protocol 2026-12"
    qtbot.waitUntil(lambda: ("The minimum interval counts", "per lesion (each lesion on its own schedule)",
                             "Clinic protocol 2026-12") in table_lines(catalog), timeout=5000)
