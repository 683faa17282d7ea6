"""The import preview as a nurse uses it: what each card and the messages
say about a photo's date, the Lesion and View boxes after dropping photos on
a lesion, and warnings that can be read in full."""
from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

import pytest
from gui_helpers import screenshot
from photo_chart import panel_ready
from photo_fixtures import camera_jpeg, not_an_image, truncated_jpeg
from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QStyleOptionViewItem

from tracker.models import Condition
from tracker.services.photos import patient_photos
from tracker.services.staff import default_staff
from tracker.ui.context import AppContext
from tracker.ui.photos.cards import WarningRole
from tracker.ui.photos.panel import PhotosPanel


class Keloid:
    """A patient born 3 March 2001 with an earlobe keloid treated on 1 June 2026."""

    def __init__(self, clinic) -> None:  # noqa: ANN001
        self.patient = clinic.patient(born=date(2001, 3, 3), family_name="Mensah", given_names="Ama")
        self.lesion = clinic.lesion(self.patient.id, Condition.KELOID, label="Earlobe keloid")
        self.other = clinic.lesion(self.patient.id, label="Vertex patch")
        clinic.record(self.patient.id, [clinic.injection(self.lesion.id, conc="40")], day=date(2026, 6, 1))


@pytest.fixture
def keloid(clinic) -> Keloid:  # noqa: ANN001
    return Keloid(clinic)


@pytest.fixture
def panel(qtbot, db, clinic, keloid):  # noqa: ANN001, ANN201
    widget = PhotosPanel(AppContext(db, default_staff(db)), keloid.patient.id)
    qtbot.addWidget(widget)
    widget.resize(1250, 720)
    widget.show()
    panel_ready(qtbot, widget)
    yield widget
    widget.grid_model.loader.shutdown()


def preview(qtbot, panel, paths, lesion_id=None):  # noqa: ANN001, ANN201
    """Photos dropped on a lesion (or added with no lesion): the preview, once every file has been looked at."""
    dialog = panel.open_import(list(paths), lesion_id=lesion_id)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert dialog.model.rowCount() > 0, dialog.summary.text()
    return dialog


def look(qtbot, dialog, path) -> None:  # noqa: ANN001
    """Save the dialog as a person sees it, once the cards on screen have their thumbnails."""
    dialog.grab()  # paints the cards, which asks for their thumbnails
    qtbot.waitUntil(lambda: dialog.loader.pending() == 0, timeout=20000)
    screenshot(dialog, path)


def cards(dialog) -> dict:  # noqa: ANN001
    """Each file's card: its caption and its red warning, as the grid shows them."""
    model = dialog.model
    return {item.candidate.path.name: (model.index(n).data(), model.index(n).data(WarningRole))
            for n, item in enumerate(model.items)}


def messages(dialog) -> list[str]:  # noqa: ANN001
    return [dialog.messages.item(r).text() for r in range(dialog.messages.count())]


def test_a_photo_whose_camera_date_cannot_be_read_is_previewed_with_a_note_and_the_folder_goes_on(
        qtbot, panel, keloid, tmp_path, artifacts):
    card = tmp_path / "card"
    for n in range(3):
        camera_jpeg(card / f"IMG_{n}.JPG", taken=datetime(2026, 6, 1, 10, n), seed=n)
    odd = camera_jpeg(card / "IMG_9.JPG", taken="9999:12:31 23:00:00", offset="-05:00", seed=9)
    stamp = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc).timestamp()
    os.utime(odd, (stamp, stamp))

    dialog = preview(qtbot, panel, [card], keloid.lesion.id)

    shown = cards(dialog)
    assert sorted(shown) == ["IMG_0.JPG", "IMG_1.JPG", "IMG_2.JPG", "IMG_9.JPG"]
    assert dialog.import_button.text() == "Import 4 photos"
    caption, warning = shown["IMG_9.JPG"]
    assert "04 May 2026 (file date)" in caption
    assert warning == "camera date 9999:12:31 23:00:00 could not be read; the file's date is used instead"
    assert shown["IMG_0.JPG"][1] is None
    assert "IMG_9.JPG: camera date 9999:12:31 23:00:00 could not be read; the file's date is used instead" in messages(dialog)
    look(qtbot, dialog, artifacts / "photos_import_camera_date_unreadable.png")

    with qtbot.waitSignal(dialog.finished_import, timeout=30000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert done.args[0].imported == 4
    assert dialog.summary.text() == "4 photos imported (1 with a date to check)."


def test_a_date_after_today_or_before_birth_is_flagged_until_the_nurse_corrects_it(qtbot, db, panel, keloid, tmp_path, artifacts):
    ahead = datetime.now(timezone.utc).date() + timedelta(days=3 * 365)  # the clinic's zone is UTC here
    card = tmp_path / "card"
    camera_jpeg(card / "IMG_1.JPG", taken=datetime(2026, 6, 1, 10, 0), seed=1)
    camera_jpeg(card / "IMG_2.JPG", taken=datetime(ahead.year, ahead.month, ahead.day, 10, 0), seed=2)
    camera_jpeg(card / "IMG_3.JPG", taken=datetime(1999, 1, 1, 10, 0), seed=3)

    dialog = preview(qtbot, panel, [card], keloid.lesion.id)

    shown = cards(dialog)
    assert shown["IMG_1.JPG"][1] is None
    assert shown["IMG_2.JPG"][1] == "dated after today: set the right date under Date taken"
    assert shown["IMG_3.JPG"][1] == "dated before the patient was born: set the right date under Date taken"
    how = 'Select the photo, choose the day it was taken under "Date taken" and press "Set date of selected".'
    assert messages(dialog)[:2] == [
        f"IMG_2.JPG: the date taken, {ahead:%d %b %Y}, is after today (the camera's clock may be wrong). {how}",
        f"IMG_3.JPG: the date taken, 01 Jan 1999, is before the patient's date of birth, 03 Mar 2001 "
        f"(the camera's clock may be wrong). {how}"]
    look(qtbot, dialog, artifacts / "photos_import_dates_to_check.png")

    # The nurse selects the photo from the future, picks the day it was taken and sets it.
    dialog.grid.setCurrentIndex(dialog.model.index(1))
    dialog.date.setDate(QDate(2026, 6, 1))
    qtbot.mouseClick(dialog.date_button, Qt.MouseButton.LeftButton)

    shown = cards(dialog)
    assert "01 Jun 2026 (typed)" in shown["IMG_2.JPG"][0] and shown["IMG_2.JPG"][1] is None
    assert not any(m.startswith("IMG_2.JPG") for m in messages(dialog))
    assert messages(dialog)[0].startswith("IMG_3.JPG: the date taken, 01 Jan 1999")
    look(qtbot, dialog, artifacts / "photos_import_date_corrected.png")

    with qtbot.waitSignal(dialog.finished_import, timeout=30000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert [r.path.name for r in report.to_check] == ["IMG_3.JPG"]  # imported as it was, still marked to check
    assert dialog.summary.text() == "3 photos imported (1 with a date to check)."
    stored = {ph.original_name: ph.taken_on for ph in report.photos}
    assert stored["IMG_2.JPG"] == date(2026, 6, 1)


def _button(dialog, text: str) -> QPushButton:  # noqa: ANN001
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def _select(dialog, rows: list[int]) -> None:  # noqa: ANN001
    """Click the first card and Ctrl+click the others, as a person selects several."""
    grid = dialog.grid
    for n, row in enumerate(rows):
        where = grid.visualRect(dialog.model.index(row)).center()
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        QTest.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, modifier, where)
    assert grid.selected_rows() == sorted(rows)


def test_photos_dropped_on_a_lesion_keep_it_when_only_a_view_is_applied(qtbot, db, panel, keloid, tmp_path, artifacts):
    card = tmp_path / "card"
    for n in range(3):
        camera_jpeg(card / f"IMG_{n}.JPG", taken=datetime(2026, 6, 1, 10, n), seed=n)
    dialog = preview(qtbot, panel, [card], keloid.lesion.id)
    assert dialog.lesion.currentText() == "Earlobe keloid"  # where they were dropped

    qtbot.mouseClick(_button(dialog, "Select all"), Qt.MouseButton.LeftButton)
    assert (dialog.lesion.currentText(), dialog.view.currentText()) == ("Earlobe keloid", "No view label")
    dialog.view.setCurrentIndex(dialog.view.findData("close-up"))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert [(i.lesion_id, i.view_label) for i in dialog.model.items] == [(keloid.lesion.id, "close-up")] * 3
    look(qtbot, dialog, artifacts / "photos_import_apply_view.png")

    # The first photo is of the other lesion; with all selected the Lesion box is blank, and applying
    # an overview view leaves each photo's lesion as it is.
    _select(dialog, [0])
    dialog.lesion.setCurrentIndex(dialog.lesion.findData(keloid.other.id))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_button(dialog, "Select all"), Qt.MouseButton.LeftButton)
    assert dialog.lesion.currentIndex() == -1 and dialog.lesion.placeholderText() == "Each keeps its own lesion"
    dialog.view.setCurrentIndex(dialog.view.findData("overview"))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert [i.lesion_id for i in dialog.model.items] == [keloid.other.id, keloid.lesion.id, keloid.lesion.id]
    look(qtbot, dialog, artifacts / "photos_import_apply_mixed_lesions.png")

    # Only choosing "No lesion" takes the lesion off; then the boxes show the selection again.
    _select(dialog, [2])
    assert (dialog.lesion.currentText(), dialog.view.currentText()) == ("Earlobe keloid", "Overview")
    dialog.lesion.setCurrentIndex(dialog.lesion.findData(None))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _select(dialog, [1, 2])
    assert dialog.lesion.currentIndex() == -1 and dialog.view.currentText() == "Overview"

    with qtbot.waitSignal(dialog.finished_import, timeout=30000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    stored = {ph.original_name: (ph.lesion_id, ph.view_label) for ph in patient_photos(db, keloid.patient.id)}
    assert stored == {"IMG_0.JPG": (keloid.other.id, "overview"), "IMG_1.JPG": (keloid.lesion.id, "overview"),
                      "IMG_2.JPG": (None, "overview")}


class RecordingPainter(QPainter):
    """Paints as usual and notes each piece of text with the box it is drawn in."""

    def __init__(self, device) -> None:  # noqa: ANN001
        super().__init__(device)
        self.texts: list[tuple[QRect, str]] = []

    def drawText(self, *args) -> None:  # noqa: ANN002, N802
        if len(args) == 3 and isinstance(args[0], QRect):
            self.texts.append((QRect(args[0]), args[2]))
        super().drawText(*args)


def paint_card(dialog, row: int, font: QFont, into=None) -> tuple[QRect, QRect, list[tuple[QRect, str]]]:  # noqa: ANN001
    """Paint one preview card as the grid does (in ``font``, saved as the picture ``into``): the
    card's box, the caption's box, and the other texts drawn under the thumbnail (the warning's lines)."""
    index = dialog.model.index(row)
    option = QStyleOptionViewItem()
    option.rect = QRect(QPoint(0, 0), dialog.grid.gridSize())
    option.font = font
    option.palette = dialog.grid.palette()
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = RecordingPainter(image)
    painter.setFont(font)
    dialog.grid.itemDelegate().paint(painter, option, index)
    painter.end()
    if into is not None:
        image.save(str(into))
    caption = next(rect for rect, text in painter.texts if text == index.data())
    return QRect(option.rect), caption, [(r, t) for r, t in painter.texts if t != index.data() and r.top() >= caption.top()]


def test_a_card_shows_its_whole_warning_or_cuts_it_visibly_with_all_of_it_in_the_tooltip(qtbot, panel, keloid, tmp_path, artifacts):
    card = tmp_path / "card"
    truncated_jpeg(card / "IMG_0004.JPG")
    not_an_image(card / "notes.jpg")
    camera_jpeg(card / "IMG_0009.JPG", taken="9999:12:31 23:00:00", offset="-05:00", seed=9)
    dialog = preview(qtbot, panel, [card], keloid.lesion.id)
    look(qtbot, dialog, artifacts / "photos_import_card_warnings.png")

    font = dialog.grid.font()
    metrics = QFontMetrics(font)
    for row, item in enumerate(dialog.model.items):
        warning = dialog.model.warning(item)
        assert warning, item.candidate.path.name
        box, caption_box, pieces = paint_card(dialog, row, font)
        # Every word of the warning is on the card, in lines that fit inside it, under the caption.
        assert " ".join(text for _r, text in pieces) == warning, item.candidate.path.name
        caption = dialog.model.index(row).data()
        needed = metrics.boundingRect(caption_box, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter, caption)
        for rect, text in pieces:
            assert box.contains(rect) and metrics.horizontalAdvance(text) <= rect.width() and rect.top() > needed.bottom()

    # Staff who enlarge the font get a visibly cut warning, and the whole of it when pointing at the card.
    large = QFont(font)
    large.setPointSizeF(font.pointSizeF() * 1.6)
    row = next(n for n, i in enumerate(dialog.model.items) if i.candidate.path.name == "IMG_0004.JPG")
    _box, _caption, drawn = paint_card(dialog, row, large, artifacts / "photos_import_card_large_font.png")
    warning = dialog.model.warning(dialog.model.items[row])
    pieces = [text for _r, text in drawn]
    assert pieces[-1].endswith("…") and warning.startswith(" ".join(pieces)[:-1].rstrip())
    assert warning in dialog.model.index(row).data(Qt.ItemDataRole.ToolTipRole)
