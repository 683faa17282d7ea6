"""The session editor's Tab order and where the keyboard starts.

Reading order: the page tabs, the page shown (on the Injections page the
session's fields, the lesions, then each ticked lesion's injection forms in
the list's order), the safety panel's reason, the buttons, and last the
body map's controls."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tracker.ui.widgets.focus_chain import chain, tab_stops


def order_editor_tabs(editor) -> None:  # noqa: ANN001 (SessionEditor)
    stops: list[QWidget] = [editor.pages.tabBar(), *tab_stops(editor.fields), editor.picker]
    for lesion_id in editor.picker.order():
        group = editor.groups.get(lesion_id)
        if group is not None:
            stops += group.tab_stops()
    stops += [*tab_stops(editor.checklist_page), *tab_stops(editor.outcomes), editor.safety.reason,
              editor.save_button, editor.sign_button, editor.discard_button, editor.amend_button,
              editor.close_button, *tab_stops(editor.map_slot)]
    chain(stops)


def first_field(editor) -> QWidget:  # noqa: ANN001 (SessionEditor)
    """Where the keyboard starts: the amendment's reason when one is asked for, else the
    session's date; a read-only session starts on its page tabs."""
    reason = editor.fields.amendment_reason
    if reason.isVisibleTo(editor) and not reason.isReadOnly():
        return reason
    return editor.fields.when if editor.fields.when.isEnabled() else editor.pages.tabBar()
