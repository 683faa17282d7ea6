"""The main screens in a dark palette and with a large system font: nothing
cut off, signal colours still readable (screenshots to look at)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from gui_helpers import Answers, open_window, patient_with_history, screenshot, start_session
from tracker.ui import theme


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#292a2d"), (QPalette.ColorRole.AlternateBase, "#323336"),
                         (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#303134"),
                         (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Highlight, "#8ab4f8"),
                         (QPalette.ColorRole.HighlightedText, "#202124"), (QPalette.ColorRole.PlaceholderText, "#9aa0a6")):
        pal.setColor(role, QColor(colour))
    for role, colour in ((QPalette.ColorRole.Light, "#5f6368"), (QPalette.ColorRole.Midlight, "#4a4d51"),
                         (QPalette.ColorRole.Mid, "#3c4043"), (QPalette.ColorRole.Dark, "#17181a"),
                         (QPalette.ColorRole.Shadow, "#000000")):
        pal.setColor(role, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#80868b"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#80868b"))
    return pal


@pytest.fixture
def look():  # noqa: ANN201
    app = QApplication.instance()
    palette, font = app.palette(), app.font()
    yield app
    app.setPalette(palette)
    app.setFont(font)


def test_dark_palette_and_large_font(qtbot, clinic, monkeypatch, look, artifacts):
    Answers(monkeypatch)
    _patient, patch = patient_with_history(clinic, days_ago=14)
    look.setPalette(dark_palette())
    big = QFont(look.font())
    big.setPointSizeF(big.pointSizeF() * 1.5)
    look.setFont(big)
    assert theme.is_dark()
    window = open_window(qtbot, clinic.db, clinic.doctor)
    window.resize(1400, 950)
    chart, editor, form = start_session(qtbot, window, "RDC-2001", patch.id)
    qtbot.waitUntil(lambda: bool(editor.safety.findings_text()), timeout=5000)
    screenshot(window, artifacts / "dark_large_font_editor.png")
    chart.tabs.setCurrentWidget(chart.lesions)
    screenshot(window, artifacts / "dark_large_font_chart.png")
    # Chips and findings take the dark variants of their tones.
    fg, _bg = theme.tone("error")
    assert fg.lightness() > 128
    chip = next(c for c in chart.header.chips if c.property("tone") == "error")
    assert fg.name() in chip.styleSheet()
    # Nothing is squeezed below what its text needs.
    for label in (chart.edit_button, chart.session_button, editor.save_button, editor.sign_button):
        assert label.width() >= label.sizeHint().width()
