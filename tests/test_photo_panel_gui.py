"""The Photos chart panel as a person uses it: the lesion timeline, adding
photos by file dialog and by dropping them on a lesion, the preview grid
where each photo gets its lesion and view before anything is stored, bad
files, and cancelling."""
from __future__ import annotations

import socket
import threading
from datetime import datetime
from pathlib import Path

import pytest
from photo_chart import VISITS, make_photo_chart, panel_ready, show_lesion
from photo_fixtures import camera_jpeg, huge_png, not_an_image, truncated_jpeg
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QWidget

from gui_helpers import opened, screenshot

from tracker.services.photo_store import PhotoStore
from tracker.services.photos import patient_photos
from tracker.services.staff import default_staff
from tracker.ui.context import AppContext
from tracker.ui.extensions import chart_panels
from tracker.ui.photos.cards import CARD, THUMB_HEIGHT, CardGridView
from tracker.ui.photos.panel import PhotosPanel
from tracker.ui.registry import load_features
from tracker.ui.widgets.reason_dialog import ReasonDialog


@pytest.fixture
def ctx(db, clinic):  # noqa: ANN001, ANN201
    return AppContext(db, default_staff(db))


@pytest.fixture
def chart(db, clinic, tmp_path):  # noqa: ANN001, ANN201
    return make_photo_chart(db, clinic, tmp_path / "camera")


@pytest.fixture
def panel(qtbot, ctx, chart):  # noqa: ANN001, ANN201
    widget = PhotosPanel(ctx, chart.patient_id)
    qtbot.addWidget(widget)
    widget.resize(1250, 720)
    widget.show()
    panel_ready(qtbot, widget)
    yield widget
    widget.grid_model.loader.shutdown()


def _settle(qtbot, panel) -> None:  # noqa: ANN001
    panel_ready(qtbot, panel)
    qtbot.waitUntil(lambda: panel.grid_model.loader.pending() == 0, timeout=20000)
    qtbot.wait(50)


def _drop(widget, pos: QPoint, paths: list[Path]) -> None:  # noqa: ANN001
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def test_the_panel_is_registered_for_the_patient_chart():
    load_features()
    assert any(p.key == "photos" and p.factory is PhotosPanel for p in chart_panels())


def test_timeline_shows_each_photo_beside_its_visit_and_that_days_score(qtbot, panel, chart, artifacts):
    show_lesion(qtbot, panel, chart.lesion_id)
    assert panel.tabs.currentWidget() is panel.timeline
    model = panel.timeline_model
    assert model.rowCount() == 3
    rows = [[model.index(r, c).data() for c in (0, 2, 3, 4, 5)] for r in range(3)]
    assert rows[0][0] == VISITS[0].strftime("%d %b %Y")
    assert rows[0][1] == "Close-up"
    assert rows[0][2].startswith(VISITS[0].strftime("%d %b %Y")) and "signed" in rows[0][2]
    assert rows[0][3] == "Triamcinolone acetonide 40 mg/mL x 0.3 mL = 12 mg"
    assert rows[0][4] == "no score recorded"
    assert rows[2][4] == "VSS total 5"
    assert panel.count_label.text() == "3 photos"
    _settle(qtbot, panel)
    panel.grab().save(str(artifacts / "photos_timeline.png"))
    panel.tabs.setCurrentWidget(panel.grid)
    _settle(qtbot, panel)
    panel.grab().save(str(artifacts / "photos_grid.png"))


def test_timeline_names_each_score_and_its_unit_as_the_rest_of_the_program_does(qtbot, db, clinic, panel, chart, artifacts):
    """The 'Outcome that day' column reads like the progress view ('Keloid volume
    1200 mm³', 'VSS total 5'), not the instruments' stored codes."""
    from tracker.services.assessments import AssessmentInput, record_assessment

    record_assessment(db, clinic.doctor.id, AssessmentInput(  # typed in the assessment form at the last visit
        lesion_id=chart.lesion_id, instrument="keloid_size", assessed_on=VISITS[2], session_id=chart.session_ids[2],
        items={"length": "20", "width": "10", "height": "6"}))
    show_lesion(qtbot, panel, chart.lesion_id)
    shown = panel.timeline_model.index(2, 5).data()
    assert shown.splitlines() == ["VSS total 5", "Keloid volume 1200 mm³"]
    _settle(qtbot, panel)
    panel.grab().save(str(artifacts / "photos_timeline_scores.png"))


def test_add_photos_from_the_file_dialog_opens_the_preview(qtbot, panel, chart, tmp_path, monkeypatch):
    picked = [camera_jpeg(tmp_path / "new" / "IMG_1.JPG", seed=21, taken=datetime(2026, 5, 18, 9, 0))]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in picked], ""))
    show_lesion(qtbot, panel, chart.lesion_id)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.import_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    assert dialog.model.items[0].lesion_id == chart.lesion_id  # the lesion on screen when adding
    assert "Clinical photography" in dialog.checklist.source_label.text()
    assert any("ruler beside" in label.text() for label in dialog.checklist.item_labels)
    with qtbot.waitSignal(dialog.finished_import, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # now labelled Close
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: panel.timeline_model.rowCount() == 4, timeout=5000)


def test_dropping_a_camera_folder_on_a_lesion_previews_assigns_and_imports(qtbot, db, panel, chart, tmp_path, artifacts):
    card = tmp_path / "card" / "DCIM"
    for n in range(4):
        camera_jpeg(card / f"IMG_{n:04d}.JPG", seed=30 + n, taken=datetime(2026, 5, 18, 9, n), size=(640, 480))
    truncated_jpeg(card / "IMG_0099.JPG")
    not_an_image(card / "notes.jpg")
    huge_png(card / "scan.png")
    (card / "clip.MOV").write_bytes(b"\x00" * 64)

    other_item = next(panel.lesions.item(r) for r in range(panel.lesions.count())
                      if panel.lesions.item(r).data(Qt.ItemDataRole.UserRole) == chart.other_lesion_id)
    _drop(panel.lesions.viewport(), panel.lesions.visualItemRect(other_item).center(), [card.parent])

    dialog = panel.import_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 7, timeout=20000)
    store = PhotoStore.for_location(db.location)
    assert len(list(store.stored_files())) == 3  # nothing stored by looking
    items = {i.candidate.path.name: i for i in dialog.model.items}
    assert all(items[f"IMG_{n:04d}.JPG"].lesion_id == chart.other_lesion_id for n in range(4))
    assert not items["IMG_0099.JPG"].importable and not items["notes.jpg"].importable and not items["scan.png"].importable
    messages = [dialog.messages.item(r).text() for r in range(dialog.messages.count())]
    assert any("clip.MOV: skipped" in m for m in messages)
    assert any("IMG_0099.JPG: the file is cut short" in m for m in messages)
    assert any("notes.jpg: this is not a picture" in m for m in messages)
    assert any(m.startswith("scan.png: the image has 400 million pixels") for m in messages)
    assert dialog.import_button.text() == "Import 4 photos"

    # The person selects the first two, moves them to the keloid as close-ups, and leaves the fourth out.
    grid = dialog.grid
    grid.selectionModel().select(dialog.model.index(0), grid.selectionModel().SelectionFlag.Select)
    grid.selectionModel().select(dialog.model.index(1), grid.selectionModel().SelectionFlag.Select)
    dialog.lesion.setCurrentIndex(dialog.lesion.findData(chart.lesion_id))
    dialog.view.setCurrentIndex(dialog.view.findData("close-up"))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    grid.clearSelection()
    grid.selectionModel().select(dialog.model.index(3), grid.selectionModel().SelectionFlag.Select)
    qtbot.mouseClick(dialog.leave_out_button, Qt.MouseButton.LeftButton)
    assert dialog.import_button.text() == "Import 3 photos"
    qtbot.waitUntil(lambda: dialog.loader.pending() == 0, timeout=20000)
    qtbot.wait(50)
    dialog.grab().save(str(artifacts / "photos_import_preview.png"))

    with qtbot.waitSignal(dialog.finished_import, timeout=30000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.imported == 3 and not report.cancelled
    photos = {p.original_name: p for p in patient_photos(db, chart.patient_id)}
    assert photos["IMG_0000.JPG"].lesion_id == chart.lesion_id and photos["IMG_0000.JPG"].view_label == "close-up"
    assert photos["IMG_0002.JPG"].lesion_id == chart.other_lesion_id and photos["IMG_0002.JPG"].view_label == ""
    assert "IMG_0003.JPG" not in photos
    assert dialog.summary.text() == "3 photos imported."
    dialog.grab().save(str(artifacts / "photos_import_done.png"))
    assert not list(store.incoming.glob("*.part"))


def test_dropping_on_a_visit_in_the_timeline_attaches_to_that_visit(qtbot, db, panel, chart, tmp_path):
    show_lesion(qtbot, panel, chart.lesion_id)
    late = camera_jpeg(tmp_path / "late.jpg", seed=50)  # no date in the file at all
    rect = panel.timeline.visualRect(panel.timeline_model.index(1, 3))
    _drop(panel.timeline.viewport(), rect.center(), [late])
    dialog = panel.import_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    assert dialog.model.items[0].session_id == chart.session_ids[1]
    with qtbot.waitSignal(dialog.finished_import, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    stored = next(p for p in patient_photos(db, chart.patient_id) if p.original_name == "late.jpg")
    assert stored.session_id == chart.session_ids[1] and stored.lesion_id == chart.lesion_id


def test_an_import_can_be_cancelled_and_keeps_what_was_stored(qtbot, db, panel, chart, tmp_path):
    folder = tmp_path / "many"
    for n in range(40):
        camera_jpeg(folder / f"{n:03d}.jpg", seed=100 + n, size=(1024, 768))
    dialog = panel.open_import([folder], lesion_id=chart.lesion_id)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 40, timeout=30000)

    def cancel_when_two_are_done(value: int) -> None:
        # The person watches the progress bar and presses Cancel.
        if value == 2 and dialog.cancel_button.text() == "Cancel import":
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialog.progress.valueChanged.connect(cancel_when_two_are_done)
    with qtbot.waitSignal(dialog.finished_import, timeout=60000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.cancelled and 2 <= report.imported < 40
    assert len(patient_photos(db, chart.patient_id)) == 3 + report.imported
    assert "cancelled" in dialog.summary.text()
    assert dialog.import_button.text() == f"Import {40 - report.imported} photos"  # the rest can still be imported
    assert not list(PhotoStore.for_location(db.location).incoming.glob("*.part"))


def _give_reason(qtbot, dialog, reason: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_voiding_a_photo_asks_why_and_keeps_it_readable(qtbot, db, clinic, panel, chart, artifacts):
    from tracker.services.photo_void import void_photo

    show_lesion(qtbot, panel, chart.lesion_id)
    panel.timeline.selectRow(0)
    photo = panel.selected_photos()[0]
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, panel, ReasonDialog)
    assert "stays stored and readable" in dialog.prompt.text() and not dialog.ok.isEnabled()
    # Voided at another workstation meanwhile: said in the dialog, the reason typed kept there.
    void_photo(db, clinic.nurse.id, photo.id, "Duplicate of an earlier photo")
    _give_reason(qtbot, dialog, "blurred, retaken")
    assert dialog.isVisible() and dialog.reason.toPlainText() == "blurred, retaken"
    assert "voided" in dialog.message.text()
    screenshot(dialog, artifacts / "photo_void_refused.png")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    panel.refresh()
    panel_ready(qtbot, panel)
    show_lesion(qtbot, panel, chart.lesion_id)
    panel.timeline.selectRow(0)
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    _give_reason(qtbot, opened(qtbot, panel, ReasonDialog), "blurred, retaken")
    panel_ready(qtbot, panel)
    assert panel.timeline_model.rowCount() == 1
    assert not panel.selected_photos() and not panel.void_button.isEnabled()  # the voided photo's row is gone
    qtbot.mouseClick(panel.show_voided, Qt.MouseButton.LeftButton, pos=QPoint(5, panel.show_voided.height() // 2))
    panel_ready(qtbot, panel)
    assert panel.timeline_model.rowCount() == 3
    assert sum("(voided)" in panel.timeline_model.index(n, 0).data() for n in range(3)) == 2


def test_voiding_a_measured_photo_says_its_measurements_go_with_it(qtbot, db, clinic, ctx, panel, chart):
    from tracker.services.photo_measurements import AREA, photo_measurements, save_measurement, set_calibration

    show_lesion(qtbot, panel, chart.lesion_id)
    panel.timeline.selectRow(0)
    photo = panel.selected_photos()[0]
    set_calibration(db, clinic.doctor.id, photo.id, (0, 0), (100, 0), "10")
    save_measurement(db, clinic.doctor.id, photo.id, AREA, [(0, 0), (80, 0), (80, 80), (0, 80)])
    shown = []
    ctx.banner.connect(lambda text, kind: shown.append((kind, text)))
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, panel, ReasonDialog)
    assert "The measurement made on it will be voided with it" in dialog.prompt.text()
    _give_reason(qtbot, dialog, "wrong patient")
    assert not dialog.isVisible()
    assert ("info", "Photo voided, and the measurement made on it.") in shown
    assert photo_measurements(db, photo.id) == []


def test_a_photo_filed_on_the_wrong_lesion_is_filed_again_where_it_belongs(qtbot, db, clinic, ctx, panel, chart,
                                                                            artifacts):
    """File again…: the chart stays this patient's unless another is typed; the
    lesion must be chosen; the misfiled record is voided with the reason and
    the photo shows under the right lesion, from the same stored file."""
    from tracker.services.photos import lesion_photos

    show_lesion(qtbot, panel, chart.lesion_id)
    panel.timeline.selectRow(0)
    photo = panel.selected_photos()[0]
    dialog = panel.refile_selected()
    qtbot.waitUntil(dialog.isVisible)
    assert "Left earlobe keloid" in dialog.findChildren(QLabel)[0].text()
    qtbot.keyClicks(dialog.reason, "this is the vertex patch")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Choose the lesion" in dialog.fields.message("lesion_id").text()

    dialog.chart.setText("NOPE-1")
    dialog.chart.editingFinished.emit()
    assert "No patient has chart number NOPE-1" in dialog.chart_message.text() and dialog.lesion.count() == 0
    dialog.chart.setText(panel_chart_number(db, chart.patient_id).lower())  # letter case aside
    dialog.chart.editingFinished.emit()
    dialog.lesion.setCurrentIndex(dialog.lesion.findData(chart.other_lesion_id))
    screenshot = artifacts / "photos_file_again.png"
    dialog.grab().save(str(screenshot))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    (moved,) = lesion_photos(db, chart.other_lesion_id)
    assert moved.sha256 == photo.sha256 and moved.id != photo.id
    assert photo.id not in [p.id for p in lesion_photos(db, chart.lesion_id)]
    voided = [p for p in lesion_photos(db, chart.lesion_id, include_voided=True) if p.id == photo.id][0]
    assert voided.voided and voided.void_reason == "this is the vertex patch"


def panel_chart_number(db, patient_id: int) -> str:  # noqa: ANN001
    from tracker.services.patients import get_patient

    return get_patient(db, patient_id).chart_number


def test_opening_photos_removes_what_a_killed_import_left_behind(qtbot, db, ctx, chart):
    store = PhotoStore.for_location(db.location)
    store.incoming.mkdir(parents=True, exist_ok=True)
    dead = store.incoming / f"{socket.gethostname()}.999999999.deadbeef.part"  # written by a process that is gone
    dead.write_bytes(b"half")
    widget = PhotosPanel(ctx, chart.patient_id)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: not dead.exists(), timeout=10000)


def test_turning_a_photo_turns_its_thumbnail_not_the_file(qtbot, db, panel, chart):
    show_lesion(qtbot, panel, chart.lesion_id)
    _settle(qtbot, panel)
    before = chart.photos[0].file_path(db.location).read_bytes()
    panel.timeline.selectRow(0)
    qtbot.mouseClick(panel.turn_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, panel)
    image = panel.timeline_model.index(0, 1).data(Qt.ItemDataRole.DecorationRole)
    assert image is not None and image.height() > image.width()
    assert chart.photos[0].file_path(db.location).read_bytes() == before


def test_a_photo_change_reads_the_lesion_photos_once_in_the_background_and_keeps_the_lesion_shown(
        qtbot, db, ctx, panel, chart):
    from sqlalchemy import event

    show_lesion(qtbot, panel, chart.lesion_id)
    _settle(qtbot, panel)
    statements: list[str] = []
    on_gui_thread: list[str] = []
    gui_thread = threading.get_ident()

    def capture(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001, ANN002
        statements.append(" ".join(statement.split()))
        if threading.get_ident() == gui_thread:
            on_gui_thread.append(statements[-1])

    panel.tabs.setCurrentWidget(panel.grid)  # the person looks at the lesion's grid
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        ctx.notify("photo", chart.photos[0].id)  # as after an import or a turn elsewhere
        assert panel.loading  # the window is not held while the lists are read
        panel_ready(qtbot, panel)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert statements and not on_gui_thread, on_gui_thread
    photo_lists = [s for s in statements if s.startswith("SELECT photo.id") and "photo.lesion_id = ?" in s]
    assert len(photo_lists) == 2, "\n".join(statements)  # the grid's first batch and the lesion's timeline
    assert panel.current_lesion() == chart.lesion_id and panel.tabs.currentWidget() is panel.grid
    assert panel.timeline_model.rowCount() == 3 and panel.grid_model.rowCount() == 3


def test_cards_keep_room_for_three_caption_lines_in_a_larger_font(qtbot):
    assert CardGridView().gridSize() == CARD  # the usual font: the usual card
    large = QWidget()
    qtbot.addWidget(large)
    font = QFont(large.font())
    font.setPointSizeF(14)
    large.setFont(font)
    grid = CardGridView(large)
    caption = grid.gridSize().height() - THUMB_HEIGHT - 14
    assert grid.gridSize().width() == CARD.width() and caption >= 3 * grid.fontMetrics().lineSpacing() > 3 * 17


def test_another_patient_or_none_replaces_what_the_panel_shows(qtbot, db, clinic, panel, chart):
    show_lesion(qtbot, panel, chart.lesion_id)
    assert panel.grid_model.rowCount() == 3 and panel.tabs.currentWidget() is panel.timeline
    panel.timeline.selectRow(0)
    assert panel.void_button.isEnabled()
    other = clinic.patient(family_name="Nakamura", given_names="Emi")
    panel.set_patient(other.id)
    # At once, before the new patient's photos are read: nothing of the last patient's is left to act on.
    assert panel.loading and panel.grid_model.rowCount() == 0 and panel.timeline_model.rowCount() == 0
    assert not panel.selected_photos() and not panel.void_button.isEnabled() and panel.count_label.text() == ""
    panel_ready(qtbot, panel)
    assert [panel.lesions.item(r).text() for r in range(panel.lesions.count())] == ["All photos  (0)"]
    assert panel.grid_model.rowCount() == 0 and panel.timeline_model.rowCount() == 0
    assert panel.tabs.currentWidget() is panel.grid and not panel.tabs.isTabEnabled(0)
    assert panel.empty.isVisible() and panel.empty.text().startswith("No photos here yet")
    assert panel.count_label.text() == "0 photos"
    panel.set_patient(None)
    panel_ready(qtbot, panel)
    assert panel.grid_model.rowCount() == 0 and panel.lesions.count() == 0
    assert panel.empty.text() == "Open a patient to see their photos." and not panel.add_button.isEnabled()


def test_a_refresh_keeps_the_photos_not_assigned_to_a_lesion_chosen(qtbot, db, ctx, panel, chart, tmp_path):
    from tracker.services.photo_import import ImportItem, import_photos

    loose = camera_jpeg(tmp_path / "loose.jpg", seed=77, taken=datetime(2026, 4, 20, 10, 0))
    import_photos(db, None, chart.patient_id, [ImportItem(loose)])  # filed on no lesion
    ctx.notify("photo", 0)
    panel_ready(qtbot, panel)
    row = next(r for r in range(panel.lesions.count()) if panel.lesions.item(r).text().startswith("Not assigned"))
    panel.lesions.setCurrentRow(row)
    panel_ready(qtbot, panel)
    assert [p.original_name for p in panel.grid_model.photos()] == ["loose.jpg"]
    ctx.notify("photo", 0)  # a change elsewhere
    panel_ready(qtbot, panel)
    assert panel.lesions.currentItem().text().startswith("Not assigned")
    assert [p.original_name for p in panel.grid_model.photos()] == ["loose.jpg"]


def test_a_failed_read_is_said_and_leaves_nothing_stale_on_screen(qtbot, ctx, panel, chart, monkeypatch, artifacts):
    from tracker.ui.photos import grid as grid_module
    from tracker.ui.photos import panel as panel_module
    from tracker.ui.photos import timeline as timeline_module

    show_lesion(qtbot, panel, chart.lesion_id)
    shown: list[tuple[str, str]] = []
    ctx.banner.connect(lambda text, kind: shown.append((kind, text)))

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError("disk unreadable")

    monkeypatch.setattr(grid_module, "photo_page", broken)
    monkeypatch.setattr(timeline_module, "lesion_timeline", broken)
    panel.show_voided.setChecked(True)  # another list: read again, and it fails
    panel_ready(qtbot, panel)
    assert panel.grid_model.rowCount() == 0 and panel.timeline_model.rowCount() == 0
    assert ("error", "The photos could not be read: disk unreadable") in shown
    assert ("error", "The lesion's timeline could not be read: disk unreadable") in shown
    assert not panel.void_button.isEnabled() and not panel.compare_button.isEnabled()
    assert panel.empty.isVisible() and "could not be read (disk unreadable)" in panel.empty.text()  # not "No photos"

    monkeypatch.setattr(panel_module, "photo_overview", broken)
    ctx.notify("photo", 0)
    panel_ready(qtbot, panel)
    assert panel.empty.isVisible() and "could not be read (disk unreadable)" in panel.empty.text()
    screenshot(panel, artifacts / "photos_read_failed.png")
    monkeypatch.undo()
    panel.empty.linkActivated.emit("retry")  # Try again
    panel_ready(qtbot, panel)
    assert not panel.empty.isVisible() and panel.lesions.count() == 3
    assert panel.grid_model.rowCount() == 3 and panel.timeline_model.rowCount() == 3
