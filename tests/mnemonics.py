"""The Alt+letter keys a window offers right now: each visible label with a
buddy, button, tab and menu title whose text has an &-marked letter."""
from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget

_MARK = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MARK.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, (QAbstractButton, QGroupBox)):
        return [widget.text() if isinstance(widget, QAbstractButton) else widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    if isinstance(widget, QMenuBar):
        return [action.text() for action in widget.actions() if action.isVisible()]
    return []


def clashes(window: QWidget) -> dict[str, list[str]]:
    """Letters offered by more than one visible, enabled thing in ``window``."""
    by_letter: dict[str, list[str]] = defaultdict(list)
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.window() is not window or not widget.isVisible() or not widget.isEnabled():
            continue
        for text in _texts(widget):
            letter = mnemonic(text)
            if letter:
                by_letter[letter].append(text)
    return {letter: texts for letter, texts in by_letter.items() if len(texts) > 1}


def missing(tab_bar: QTabBar) -> list[str]:
    return [tab_bar.tabText(i) for i in range(tab_bar.count()) if mnemonic(tab_bar.tabText(i)) is None]
