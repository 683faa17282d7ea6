"""The Patients page at the sizes staff use. A narrow window (800 pixels, half a
wide screen): the patient list keeps the names readable, every chart tab fits
without widening the window, and the tabs' buttons wrap instead of being cut
off. A wide one: the chart, not the list, takes the extra width. Whatever
opened the chart, the list never highlights a different patient."""
from __future__ import annotations

from gui_helpers import answers, open_window, patient_with_history, screenshot, search_and_open, start_session  # noqa: F401 (answers is a fixture)
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QSplitter, QTabWidget

from tracker.ui.patients_workspace import PatientsWorkspace
from tracker.ui.preferences import preferences

WIDTH = 800


def _in_scroll_area(widget, top) -> bool:  # noqa: ANN001
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _cut_off(panel) -> list[str]:  # noqa: ANN001
    """Buttons of ``panel`` (outside its scrolled lists) not wholly inside it."""
    inside = panel.rect()
    return [button.text() or button.accessibleName() for button in panel.findChildren(QAbstractButton)
            if button.isVisibleTo(panel) and not _in_scroll_area(button, panel)
            and not inside.contains(QRect(button.mapTo(panel, QPoint(0, 0)), button.size()))]


def _names_readable(page) -> bool:  # noqa: ANN001
    table = page.finder.table
    return table.isVisible() and table.viewport().width() >= table.horizontalHeader().sectionSize(0)


def test_every_chart_tab_fits_a_narrow_window_beside_a_readable_patient_list(qtbot, db, clinic, artifacts):
    patient_with_history(clinic)
    window = open_window(qtbot, db, clinic.doctor)
    window.resize(WIDTH, 620)
    chart = search_and_open(qtbot, window, "dubois")
    page = window.page("patients")
    tabs = chart.findChild(QTabWidget)
    seen = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(300)  # the tab loads its rows in the background
        panel = tabs.currentWidget()
        seen.append(tabs.tabText(index).replace("&", ""))
        assert window.width() == WIDTH, (seen[-1], window.width())  # the tab did not push the window wider
        assert _names_readable(page), seen[-1]
        assert _cut_off(panel) == [], seen[-1]
        screenshot(window, artifacts / f"narrow_window_{seen[-1].lower()}.png")
    assert seen == ["Lesions", "Sessions", "Photos", "Progress", "Guidance", "Documents", "History"]
    assert window.minimumSizeHint().width() <= WIDTH


def test_a_list_pane_saved_too_narrow_opens_readable(qtbot, db, clinic):
    patient_with_history(clinic)
    squeezed = QSplitter()
    for _ in range(2):
        squeezed.addWidget(QSplitter())
    squeezed.setSizes([60, 900])  # as an older version could leave it
    preferences().setValue("layout/patients_split", squeezed.saveState())
    window = open_window(qtbot, db, clinic.doctor)
    window.resize(WIDTH, 620)
    search_and_open(qtbot, window, "dubois")
    page = window.page("patients")
    qtbot.waitUntil(lambda: page.finder.width() >= page.finder.minimumWidth() > 60)
    assert _names_readable(page)


def test_a_wide_window_gives_the_extra_width_to_the_chart(qtbot, db, clinic):
    patient_with_history(clinic)
    window = open_window(qtbot, db, clinic.doctor)
    window.resize(1900, 1000)
    search_and_open(qtbot, window, "dubois")
    page = window.page("patients")
    qtbot.waitUntil(lambda: page.split.sizes()[1] > 2 * page.split.sizes()[0], timeout=3000)


def _highlighted(page: PatientsWorkspace) -> list[str]:
    finder = page.finder
    return [finder.patients.patient_at(i.row()).family_name for i in finder.table.selectionModel().selectedRows()]


def test_the_list_highlights_the_open_patient_or_nobody(qtbot, db, clinic):
    first = clinic.patient(family_name="Abbott", given_names="Ann")
    listed = clinic.patient(family_name="Baker", given_names="Ben")
    window = open_window(qtbot, db, clinic.doctor)
    page = window.page("patients")
    qtbot.waitUntil(lambda: page.finder.patients.rowCount() == 2)
    assert _highlighted(page) == ["Abbott"]  # nothing open yet: the first match, for Enter

    page.open_patient(listed.id)  # as the Today page or the recent list opens a chart
    qtbot.waitUntil(lambda: _highlighted(page) == ["Baker"])

    qtbot.keyClicks(page.finder.search, "abbott")  # the open patient is not among the matches
    qtbot.waitUntil(lambda: page.finder.patients.text == "abbott" and not page.finder.patients.busy)
    assert [p.family_name for p in page.finder.patients.rows] == ["Abbott"] and _highlighted(page) == []
    qtbot.keyClick(page.finder.search, Qt.Key.Key_Return)  # Enter still opens the first match
    qtbot.waitUntil(lambda: page.chart.patient_id == first.id)
    assert _highlighted(page) == ["Abbott"]


def test_a_large_font_still_fits_a_1024_by_800_window_with_the_session_editor_open(qtbot, db, clinic, artifacts, answers, request):
    _patient, patch = patient_with_history(clinic)
    usual = QApplication.font()
    large = QFont(usual)
    large.setPointSizeF(14)  # staff who enlarge the text (the system's font setting)
    QApplication.setFont(large)
    request.addfinalizer(lambda: QApplication.setFont(usual))
    window = open_window(qtbot, db, clinic.doctor)
    window.resize(1024, 800)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.wait(200)
    assert (window.width(), window.height()) == (1024, 800)
    assert window.minimumSizeHint().height() <= 800 and window.minimumSizeHint().width() <= 1024
    picker = editor.picker
    assert not picker.horizontalScrollBar().isVisible()  # the ticked lesion's row is not covered
    screenshot(window, artifacts / "session_editor_large_font.png")
    window.tabs.setCurrentWidget(window.page("today"))
    qtbot.wait(100)
    assert (window.width(), window.height()) == (1024, 800)


def test_a_long_name_or_allergy_list_wraps_in_the_chart_header(qtbot, db, clinic, artifacts):
    """Both fit their fields' limits; the header wraps them instead of pushing
    the window wider than the screen, and every word stays shown."""
    from datetime import date

    from tracker.services.patients import PatientInput, register_patient

    allergies = ("Lidocaine (anaphylaxis 2019), latex (urticaria), chlorhexidine (contact dermatitis), "
                 "povidone-iodine, penicillin, sulfonamides, adhesive tape, nickel, benzyl alcohol (rash 2021)")
    register_patient(db, clinic.doctor.id, PatientInput(
        "W-1", "Wolfeschlegelsteinhausenbergerdorff-Montmorency de la Tour d'Auvergne y Fernández",
        "Maria-Guadalupe Concepción Inmaculada Esperanza Bernadette Ludovica", date(1980, 1, 1), allergies=allergies))
    window = open_window(qtbot, db, clinic.doctor)
    window.resize(WIDTH, 620)
    chart = search_and_open(qtbot, window, "W-1")
    qtbot.wait(200)
    assert window.width() == WIDTH and window.minimumSizeHint().width() <= WIDTH
    header = chart.header
    assert header.name.wordWrap() and "FERNÁNDEZ, Maria-Guadalupe" in header.name.text()
    assert any(allergies in chip.text() for chip in header.chips)
    assert header.width() <= WIDTH
    screenshot(window, artifacts / "chart_header_long_name_and_allergies.png")
