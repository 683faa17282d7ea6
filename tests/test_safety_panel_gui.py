"""The safety panel as a clinician sees it for an eyebrow patch: the
weaker strength is offered and explained, and a visit typed in late shows the
injection already recorded after it."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from PySide6.QtCore import Qt

from gui_helpers import answers, open_window, replace_text, screenshot, session_ready_to_sign, start_session  # noqa: F401 (answers is a fixture)
from tracker.models import Condition


def test_an_eyebrow_patch_entered_late(qtbot, clinic, answers, artifacts):  # noqa: F811
    p = clinic.patient(family_name="Okafor", given_names="Ada", chart_number="RDC-3001", born=date(1990, 2, 3))
    brow = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="367577003", laterality="left",
                         label="Left eyebrow patch")
    ten_days_ago = date.today() - timedelta(days=10)
    clinic.record(p.id, [clinic.injection(brow.id, conc="2.5", points=4)], day=ten_days_ago)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    window.resize(1280, 860)
    _chart, editor, form = start_session(qtbot, window, "RDC-3001", brow.id)
    assert form.current_agent().code == "tac"
    assert form.concentration.text() == "2.5"  # the eyebrow's strength, not the scalp's 5
    assert "at this site 2.5 mg/mL" in form.hint.text()

    replace_text(qtbot, form.concentration, "5")
    assert "Stronger than the 2.5 mg/mL used at this site" in form.fields.message("concentration").text()
    # The visit was three weeks ago, on paper: typed in now.
    late = date.today() - timedelta(days=21)
    editor.fields.set_performed_at(datetime.combine(late, time(10, 0), tzinfo=timezone.utc))
    qtbot.waitUntil(lambda: editor.safety.report is not None and editor.safety.report.day == late, timeout=5000)
    shown = "\n".join(editor.safety.findings_text())
    assert "stronger than the 2.5 mg/mL used at this site" in shown
    assert f"already recorded 11 days after this date ({ten_days_ago.isoformat()})" in shown
    lines = [label.text() for label in editor.safety.body.findChildren(type(editor.safety.status))]
    assert any(f"next already recorded on {ten_days_ago.isoformat()}" in text for text in lines)
    assert editor.safety.reason.isVisible()
    screenshot(window, artifacts / "safety_panel_late_eyebrow.png")
    qtbot.keyClick(editor.safety.reason, Qt.Key.Key_A)  # the reason box takes the typing
    assert editor.safety.reason_text() == "a"


def test_t_vec_is_offered_at_the_later_strength_once_a_first_dose_is_recorded(qtbot, clinic, answers, artifacts):  # noqa: F811
    from gui_helpers import search_and_open, tick

    p = clinic.patient(family_name="Ivanova", given_names="Mila", chart_number="RDC-3002", born=date(1958, 6, 1))
    tumour = clinic.lesion(p.id, Condition.MELANOMA, site="66643007", label="back nodule")
    window = open_window(qtbot, clinic.db, clinic.doctor)

    def tvec_form():  # noqa: ANN202
        chart = search_and_open(qtbot, window, "RDC-3002")
        qtbot.mouseClick(chart.session_button, Qt.MouseButton.LeftButton)
        tick(qtbot, chart.editor.picker, 0)
        form = chart.editor.groups[tumour.id].forms[0]
        form.agent.setFocus()
        qtbot.keyClicks(form.agent, "Tali")
        assert form.current_agent().code == "tvec"
        return chart, form

    def offered() -> str:
        chart, form = tvec_form()
        text = form.concentration.text()
        qtbot.mouseClick(chart.editor.close_button, Qt.MouseButton.LeftButton)
        return text

    assert offered() == "1000000"  # no dose yet: the first dose's strength
    clinic.record(p.id, [clinic.injection(tumour.id, code="tvec", conc="1000000", per_point="1", points=2)],
                  day=date.today() - timedelta(days=21))
    assert offered() == "100000000"  # from the second dose on
    # A visit dated before that first dose (typed in late) is offered the first dose's strength again.
    chart, form = tvec_form()
    assert form.concentration.text() == "100000000"
    chart.editor.fields.set_performed_at(datetime.combine(date.today() - timedelta(days=30), time(9, 0),
                                                          tzinfo=timezone.utc))
    assert form.concentration.text() == "1000000"
    editor = chart.editor
    replace_text(qtbot, form.volume, "1")  # 1 mL into the nodule
    first_day = (date.today() - timedelta(days=21)).isoformat()
    qtbot.waitUntil(lambda: editor.safety.report is not None
                    and editor.safety.report.day == date.today() - timedelta(days=30), timeout=5000)
    shown = "\n".join(editor.safety.findings_text())
    assert f"a dose is already recorded 9 days after this date ({first_day})" in shown and "is the second" in shown
    window.resize(1280, 980)
    editor.safety.scroll.ensureWidgetVisible(editor.safety.finding_labels[-1])  # down to the findings
    screenshot(window, artifacts / "safety_panel_late_tvec.png")
    replace_text(qtbot, form.concentration, "2000000")  # typed by staff: a later date change leaves it alone
    chart.editor.fields.set_performed_at(datetime.combine(date.today(), time(9, 0), tzinfo=timezone.utc))
    assert form.concentration.text() == "2000000"


def test_the_beard_strength_follows_the_session_day_across_an_18th_birthday(qtbot, clinic, answers):  # noqa: F811
    from tracker.models import Sex

    today = date.today()
    eighteenth = today - timedelta(days=10)
    born = date(eighteenth.year - 18, eighteenth.month, min(eighteenth.day, 28))
    p = clinic.patient(family_name="Mensah", given_names="Kofi", chart_number="RDC-3003", born=born, sex=Sex.MALE)
    chin = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, site="23747009", label="Chin patch")
    window = open_window(qtbot, clinic.db, clinic.doctor)
    _chart, editor, form = start_session(qtbot, window, "RDC-3003", chin.id)
    assert form.concentration.text() == "5"  # an adult man's beard: the scalp's usual strength, no face limit
    assert "at this site at most" not in form.hint.text()
    # The visit was before his 18th birthday (entered late): the face's 2.5 mg/mL, as the check will decide.
    before = born.replace(year=born.year + 18) - timedelta(days=5)
    editor.fields.set_performed_at(datetime.combine(before, time(10, 0), tzinfo=timezone.utc))
    assert form.concentration.text() == "2.5"
    assert "at this site 2.5 mg/mL" in form.hint.text()
    qtbot.waitUntil(lambda: editor.safety.report is not None and editor.safety.report.day == before, timeout=5000)
    assert not any("stronger than" in line for line in editor.safety.findings_text())


def test_an_amendment_with_new_findings_needs_a_reason_of_its_own(qtbot, clinic, answers, artifacts):  # noqa: F811
    """The signed version's reason comes along with its amendment, and covers
    the findings it was given for; findings the amendment adds need words
    written for them before it can be signed."""
    from gui_helpers import patient_with_history, sign_past_checklist
    from tracker.services.session_views import get_session

    _p, patch = patient_with_history(clinic, days_ago=60)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    window.resize(1280, 860)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    replace_text(qtbot, form.concentration, "12")  # above the catalog's 10 mg/mL for alopecia areata
    qtbot.keyClicks(form.lot.lineEdit(), "KN1")
    qtbot.keyClicks(form.expiry, "2099-01-01")
    editor.fields.consent.setChecked(True)
    qtbot.waitUntil(lambda: any("outside the catalog" in t for t in editor.safety.findings_text()), timeout=5000)
    qtbot.keyClicks(editor.safety.reason, "12 mg/mL agreed for a thick patch")
    sign_past_checklist(qtbot, editor)

    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    form = editor.groups[patch.id].forms[0]
    qtbot.keyClicks(editor.fields.amendment_reason, "More points were injected than written")
    assert editor.safety.reason_text() == "12 mg/mL agreed for a thick patch"
    qtbot.waitUntil(editor.sign_button.isEnabled, timeout=5000)  # the same finding: its reason stands
    replace_text(qtbot, form.points.lineEdit(), "40")  # 40 x 0.1 mL x 12 mg/mL = 48 mg, over both 40 mg limits
    qtbot.waitUntil(lambda: any("per-session limit" in t for t in editor.safety.findings_text()), timeout=5000)
    assert not editor.sign_button.isEnabled()
    assert "does not cover the new findings" in editor.sign_hint.text()
    assert "was not given for" in editor.safety.reason_message.text()
    screenshot(window, artifacts / "safety_panel_amendment_new_findings.png")
    qtbot.keyClick(editor.safety.reason, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.safety.reason, "; 48 mg agreed with the patient")
    sign_past_checklist(qtbot, editor)
    signed = get_session(clinic.db, editor.view.id)
    assert signed.version_no == 2 and signed.findings_reason.endswith("48 mg agreed with the patient")


def test_sign_pressed_before_the_check_of_the_last_change_waits_for_it(qtbot, clinic, answers):  # noqa: F811
    """40 mg/mL typed and Ctrl+Return at once: signing waits for the check, and
    the findings' reason is asked for in the safety panel, not the checklist."""
    from gui_helpers import patient_with_history
    from tracker.services.session_views import patient_sessions

    patient, patch, window, _chart, editor, form = session_ready_to_sign(qtbot, clinic)
    qtbot.waitUntil(lambda: editor.sign_button.isEnabled() and not editor.check.pending, timeout=5000)
    replace_text(qtbot, form.concentration, "40")  # outside 2.5-10 mg/mL: needs a reason
    assert editor.check.pending
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.check.pending, timeout=5000)
    qtbot.wait(50)
    assert "give a reason here" in editor.safety.reason_message.text()
    assert not editor.sign_button.isEnabled()
    assert all(v.is_signed for v in patient_sessions(clinic.db, patient.id))  # nothing signed past the findings


def test_a_one_word_reason_keeps_sign_closed_and_says_why(qtbot, clinic, answers):  # noqa: F811
    _p, patch, window, chart, editor, form = session_ready_to_sign(qtbot, clinic, concentration="12")
    qtbot.waitUntil(lambda: any("outside the catalog" in t for t in editor.safety.findings_text()), timeout=5000)
    qtbot.keyClicks(editor.safety.reason, "ok")
    qtbot.waitUntil(lambda: "Say why in a few words" in editor.sign_hint.text())
    assert not editor.sign_button.isEnabled()
    qtbot.keyClicks(editor.safety.reason, ", thick patch agreed")
    qtbot.waitUntil(editor.sign_button.isEnabled)



def test_a_candida_dose_into_another_wart_two_days_after_the_last_visit(qtbot, clinic, answers, artifacts):  # noqa: F811
    """Candida antigen counts its interval between visits: W1 two days ago, W2 today needs a reason."""
    from gui_helpers import search_and_open, tick

    p = clinic.patient(family_name="Mensah", given_names="Kofi", chart_number="RDC-3018", born=date(1985, 4, 2))
    w1 = clinic.lesion(p.id, Condition.WART, site="66643007", label="W1")
    w2 = clinic.lesion(p.id, Condition.WART, site="66643007", label="W2")
    two_days_ago = date.today() - timedelta(days=2)
    clinic.record(p.id, [clinic.injection(w1.id, code="candida", conc="1", per_point="0.1", points=3)], day=two_days_ago)
    window = open_window(qtbot, clinic.db, clinic.doctor)
    window.resize(1280, 980)
    chart = search_and_open(qtbot, window, "RDC-3018")
    qtbot.mouseClick(chart.session_button, Qt.MouseButton.LeftButton)
    editor = chart.editor
    row = next(i for i in range(editor.picker.count()) if "W2" in editor.picker.item(i).text())
    tick(qtbot, editor.picker, row)
    form = editor.groups[w2.id].forms[0]
    form.agent.setFocus()
    qtbot.keyClicks(form.agent, "Candida")
    assert form.current_agent().code == "candida"
    replace_text(qtbot, form.volume, "0.3")
    qtbot.waitUntil(lambda: editor.safety.report is not None and bool(editor.safety.report.lesions), timeout=5000)
    shown = "\n".join(editor.safety.findings_text())
    assert f"the last injection (into W1) was 2 days ago ({two_days_ago.isoformat()})" in shown
    assert "minimum interval between visits is 14 days" in shown
    lines = [label.text() for label in editor.safety.body.findChildren(type(editor.safety.status))]
    assert any(f"W2: last Candida antigen 2 days ago ({two_days_ago.isoformat()}, into W1)" in t for t in lines), lines
    assert editor.safety.reason.isVisible()
    screenshot(window, artifacts / "safety_panel_candida_other_wart.png")
