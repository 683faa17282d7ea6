"""Colours that follow the system's light or dark palette.

Text and backgrounds come from the palette; the few signal colours (error,
warning, ok) have a light-theme and a dark-theme variant picked by the
palette's window lightness, so they keep their contrast in both. Widgets that
use them re-apply on ``QEvent.ApplicationPaletteChange``.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

# kind -> ((text on light, background on light), (text on dark, background on dark))
TONES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "error": (("#9b1c13", "#fde2e1"), ("#ffb4ab", "#5c1410")),
    "warning": (("#6b4b00", "#fff1c7"), ("#ffd86b", "#4a3700")),
    "ok": (("#1b5e20", "#dff3e1"), ("#a5e0ad", "#173b1d")),
    "info": (("#0b3d91", "#e3edff"), ("#b6ccff", "#14264d")),
}


def palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark(pal: QPalette | None = None) -> bool:
    return (pal or palette()).color(QPalette.ColorRole.Window).lightness() < 128


def tone(kind: str, pal: QPalette | None = None) -> tuple[QColor, QColor]:
    """(text colour, background colour) for a signal kind in the current palette."""
    light, dark = TONES.get(kind, TONES["info"])
    fg, bg = dark if is_dark(pal) else light
    return QColor(fg), QColor(bg)


def text_style(kind: str) -> str:
    fg, _ = tone(kind)
    return f"color: {fg.name()};"


def chip_style(kind: str) -> str:
    fg, bg = tone(kind)
    return (f"color: {fg.name()}; background-color: {bg.name()}; border: 1px solid {fg.name()};"
            " border-radius: 4px; padding: 2px 6px; font-weight: bold;")


def muted_style() -> str:
    colour = palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    return f"color: {colour.name()};"


def scale_font(widget, factor: float, weight: QFont.Weight | None = None) -> None:  # noqa: ANN001
    """Size ``widget``'s text relative to the application's font (which staff
    may enlarge), never in fixed points or pixels; ``weight`` makes it heavier."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    if weight is not None:
        font.setWeight(weight)
    widget.setFont(font)
