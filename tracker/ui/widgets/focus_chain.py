"""Tab order helpers: the Tab stops inside a widget, and chaining stops in a given order.

Qt's Tab order is the order widgets joined their window, so a widget added to
a screen later (a form for a lesion ticked after opening) lands at the end of
the whole window's order. A screen that adds widgets later calls ``chain``
with its stops in reading order again after each change."""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QTabBar, QWidget


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets inside ``root`` that Tab can land on, in the order they were laid out in
    (the inner parts of a combo box, spin box or tab bar are left out: their owner is the stop;
    so are pop-ups, which are windows of their own)."""
    window = root.window()
    return [widget for widget in root.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.window() is window
            and not isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox, QTabBar))]


def chain(stops: Iterable[QWidget]) -> None:
    """Tab goes from each stop to the next (hidden or disabled ones are passed over as usual)."""
    ordered = list(dict.fromkeys(stops))
    for before, after in zip(ordered, ordered[1:]):
        QWidget.setTabOrder(before, after)
