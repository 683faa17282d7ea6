"""The assessment form, driven as a person would: typing, seeing the score
and band appear, being told what is wrong next to the field, saving."""
from __future__ import annotations

from decimal import Decimal

import pytest
from outcome_story import days_ago, treat
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from tracker.models import Condition
from tracker.services.assessments import lesion_assessments
from tracker.ui.context import AppContext
from tracker.ui.progress.assessment_entry import AssessmentEntry


def by_name(widget, cls, name: str):  # noqa: ANN001, ANN201
    return next(w for w in widget.findChildren(cls) if w.accessibleName() == name)


@pytest.fixture
def ctx(db, clinic):  # noqa: ANN001, ANN201
    return AppContext(db, clinic.doctor)


def make_entry(qtbot, ctx, lesion_id: int, **kw) -> AssessmentEntry:  # noqa: ANN001, ANN003
    entry = AssessmentEntry(ctx, lesion_id, **kw)
    qtbot.addWidget(entry)
    entry.resize(660, 600)
    with qtbot.waitActive(entry):
        entry.show()
        entry.activateWindow()
    return entry


def test_salt_total_and_band_appear_as_the_views_are_typed(qtbot, ctx, db, clinic, artifacts):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, label="Vertex patch")
    entry = make_entry(qtbot, ctx, lesion.id)
    assert entry.instrument.code == "salt"  # suggested first for alopecia areata
    result = by_name(entry, QLabel, "Result")
    qtbot.keyClicks(by_name(entry, QLineEdit, "Top (vertex)"), "60")
    qtbot.keyClicks(by_name(entry, QLineEdit, "Back (occiput)"), "50")
    qtbot.keyClicks(by_name(entry, QLineEdit, "Left side"), "12.5")
    assert "still to enter: Right side" in result.text()
    assert entry.has_unsaved_changes()
    qtbot.keyClicks(by_name(entry, QLineEdit, "Right side"), "0")
    assert "38.3" in result.text() and "S2" in result.text() and "25-49% hair loss" in result.text()
    # A value out of range is named beside its field, and the total disappears.
    left = by_name(entry, QLineEdit, "Left side")
    left.clear()
    qtbot.keyClicks(left, "120")
    assert entry.item_error("left") == "out of range: enter a number from 0 to 100 (up to 1 decimal place)"
    assert "check Left side" in result.text()
    qtbot.wait(50)
    entry.grab().save(str(artifacts / "assessment_entry_salt_error.png"))
    left.clear()
    qtbot.keyClicks(left, "12.5")
    assert entry.item_error("left") == ""
    qtbot.wait(50)
    entry.grab().save(str(artifacts / "assessment_entry_salt.png"))
    with qtbot.waitSignal(entry.saved) as saved:
        qtbot.mouseClick(entry.save_button, Qt.LeftButton)
    [stored] = lesion_assessments(db, lesion.id)
    assert saved.args == [stored.id] and stored.score == Decimal("38.3") and stored.session_id is None
    assert not entry.has_unsaved_changes()
    assert by_name(entry, QLabel, "Save status").text().startswith("Saved: SALT 38.3 (S2)")


def test_saving_with_items_missing_is_refused_beside_each_item(qtbot, ctx, db, clinic, artifacts):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.KELOID, site="2059009", label="Left earlobe keloid")
    entry = make_entry(qtbot, ctx, lesion.id)
    assert entry.instrument.code == "keloid_size"
    qtbot.keyClicks(entry.field("length"), "20")
    qtbot.keyClick(entry.field("length"), Qt.Key_Return)  # Enter moves on to the next item
    assert entry.field("width").hasFocus()
    qtbot.keyClicks(entry.field("width"), "10")
    qtbot.mouseClick(entry.save_button, Qt.LeftButton)
    assert entry.item_error("height") == "required: enter a number from 0 to 100 (up to 1 decimal place)"
    assert entry.item_error("itch") == ""  # optional
    assert entry.field("height").hasFocus()
    assert lesion_assessments(db, lesion.id) == []
    qtbot.keyClicks(entry.field("height"), "6")
    qtbot.keyClicks(entry.field("itch"), "7")
    result = by_name(entry, QLabel, "Result").text()
    assert "1200 mm³" in result and "Keloid surface area: <b>200 mm²</b>" in result
    qtbot.wait(50)
    entry.grab().save(str(artifacts / "assessment_entry_keloid.png"))
    assert entry.save() is not None
    [stored] = lesion_assessments(db, lesion.id)
    assert stored.metric("height") == 6 and stored.metric("itch") == 7 and stored.metric("pain") is None


def test_vss_stores_the_version_chosen(qtbot, ctx, db, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.KELOID, site="2059009")
    entry = make_entry(qtbot, ctx, lesion.id)
    entry.select_instrument("vss")
    entry.version_box.setCurrentIndex(entry.version_box.findData("modified"))
    for key, value in {"vascularity": "2", "pigmentation": "1", "pliability": "4", "height": "3"}.items():
        qtbot.keyClicks(entry.field(key), value)
    assert "VSS total: <b style='font-size: 13pt'>10</b> (of 0–13)" in by_name(entry, QLabel, "Result").text()
    view = entry.save()
    assert (view.score, view.version, view.version_label) == (10, "modified", "Modified version (name it in the notes)")


def test_inside_a_visit_the_date_is_the_visits_and_scalp_drawings_can_fill_salt(qtbot, ctx, db, clinic, artifacts):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA)
    visit = treat(clinic, patient.id, lesion.id, [days_ago(db, 3)])[0]
    entry = make_entry(qtbot, ctx, lesion.id, session_id=visit.id, show_save_button=False)
    assert not entry.save_button.isVisible()
    assert not entry.date_edit.isEnabled() and entry.date_edit.date().toPython() == visit.clinic_date
    entry.select_instrument("tps")  # the drawing switches back to SALT
    entry.set_salt_views({"top": 62.46, "back": 30, "left": 10, "right": "0"})
    assert entry.instrument.code == "salt" and entry.field("vertex").text() == "62.5"
    assert entry.current_result().score == Decimal("34")  # 25 + 7.2 + 1.8 + 0
    with pytest.raises(ValueError, match="unknown scalp view 'crown'"):
        entry.set_salt_views({"crown": 5})
    qtbot.wait(50)
    entry.grab().save(str(artifacts / "assessment_entry_in_session.png"))
    with qtbot.waitSignal(entry.saved):
        view = entry.save()
    assert view.session_id == visit.id and view.assessed_on == visit.clinic_date


def test_switching_instrument_keeps_what_was_typed(qtbot, ctx, clinic):
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.PSORIASIS, site="61719002")
    entry = make_entry(qtbot, ctx, lesion.id)
    assert entry.instrument.code == "tps"
    qtbot.keyClicks(entry.field("erythema"), "3")
    entry.select_instrument("pga")
    assert entry.has_unsaved_changes()
    entry.select_instrument("tps")
    assert entry.field("erythema").text() == "3"
    entry.clear()
    assert not entry.has_unsaved_changes()


def test_a_salt_score_is_banded_judged_and_stored_as_it_is_shown(qtbot, ctx, db, clinic, artifacts):
    """Left 100% and right 38.7% give 18 + 6.966 = 24.966: shown as 25, which the
    published scale puts in S2 (25-49); the form must not call it S1 ("< 25")."""
    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, label="Left temple")
    entry = make_entry(qtbot, ctx, lesion.id)
    result = by_name(entry, QLabel, "Result")
    for key, value in {"vertex": "0", "back": "0", "left": "100", "right": "38.7"}.items():
        qtbot.keyClicks(entry.field(key), value)
    assert "<b style='font-size: 13pt'>25</b>" in result.text()
    assert "<b>S2</b>: 25-49% hair loss" in result.text() and "S1" not in result.text()
    qtbot.wait(50)
    entry.grab().save(str(artifacts / "assessment_entry_salt_band_line.png"))
    view = entry.save()
    assert (view.score, view.score_text, view.band_code) == (Decimal("25"), "25", "S2")
    assert by_name(entry, QLabel, "Save status").text().startswith("Saved: SALT 25 (S2)")
    # At the success line: 18 + 2.016 = 20.016 is shown as 20, so it is "SALT 20 or less" ...
    for key, value in {"vertex": "0", "back": "0", "left": "100", "right": "11.2"}.items():
        entry.field(key).clear()
        qtbot.keyClicks(entry.field(key), value)
    assert "<b style='font-size: 13pt'>20</b>" in result.text() and "✓ Success: SALT 20 or less" in result.text()
    # ... and 18 + 2.07 = 20.07, shown as 20.1, is not.
    entry.field("right").clear()
    qtbot.keyClicks(entry.field("right"), "11.5")
    assert "<b style='font-size: 13pt'>20.1</b>" in result.text() and "Success" not in result.text()
