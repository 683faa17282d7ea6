"""The switch protocol: before the open patient changes or the window closes,
everything holding unsaved work is asked, and any of it can stop the switch.

A *holder* implements ``has_unsaved_changes() -> bool`` and may implement
``unsaved_description() -> str``, ``save_changes() -> bool`` (False vetoes:
the save failed and the person must look) and ``discard_changes()``.
Editors, chart panels and whole pages all take part the same way.
"""
from __future__ import annotations

import enum
import logging
from collections.abc import Iterable

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


class Choice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget, descriptions: list[str], action: str, can_save: bool) -> Choice:
    """The question itself (a modal box; tests replace this function)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Before you {action}: there are unsaved changes.")
    box.setInformativeText("\n".join(f"\u2022 {d}" for d in descriptions))
    buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    if can_save:
        buttons |= QMessageBox.StandardButton.Save
    box.setStandardButtons(buttons)
    box.setDefaultButton(QMessageBox.StandardButton.Save if can_save else QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return Choice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return Choice.DISCARD
    return Choice.CANCEL


def describe(holder: object) -> str:
    fn = getattr(holder, "unsaved_description", None)
    return fn() if callable(fn) else (getattr(holder, "windowTitle", lambda: "")() or type(holder).__name__)


def dirty(holders: Iterable[object]) -> list[object]:
    return [h for h in holders if getattr(h, "has_unsaved_changes", lambda: False)()]


def settle(parent: QWidget, holders: Iterable[object], action: str) -> bool:
    """Ask once about every holder with unsaved work; True if it is fine to go on."""
    pending = dirty(holders)
    if not pending:
        return True
    can_save = all(callable(getattr(h, "save_changes", None)) for h in pending)
    choice = ask_unsaved(parent, [describe(h) for h in pending], action, can_save)
    log.info("unsaved changes before '%s': %s", action, choice.value)
    if choice == Choice.CANCEL:
        return False
    if choice == Choice.SAVE:
        return all(h.save_changes() for h in pending)
    for h in pending:
        discard = getattr(h, "discard_changes", None)
        if callable(discard):
            discard()
    return True
