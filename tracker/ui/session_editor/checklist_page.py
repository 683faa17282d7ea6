"""The session editor's "Checklist" page: the before / after / follow-up steps
of the session being edited (tracker/ui/guidance/checklist_panel.py).

The checklist is made from the saved draft (its agents, lesions and the
patient), so it appears once the draft exists: the editor saves the draft
when this page is opened, and the page says so. When the session changed
after that save, a note asks for a save to bring the checklist up to date.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from tracker.ui.guidance.checklist_panel import ChecklistPanel
from tracker.ui.shortcuts import key
from tracker.ui.widgets.field_message import FieldMessage

NO_DRAFT = ("The checklist is made from this session's injections (the agents, the lesions, the patient), "
            "so it appears once the draft is saved.")
STALE = "The session changed since the draft was saved: save it to bring the checklist up to date."


class ChecklistPage(QWidget):
    save_requested = Signal()
    #: how many required before/after steps are still unticked
    open_steps_changed = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.session_id: int | None = None
        self.note = FieldMessage()
        self.save_button = QPushButton("Save and show the checklist")
        self.save_button.setToolTip(f"The checklist comes from the saved draft: this saves it first ({key('save_draft')})")
        self.panel = ChecklistPanel(ctx)
        self.panel.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)  # above the button, not beside it: a narrow editor keeps both whole
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.panel, 1)
        self.save_button.clicked.connect(self.save_requested)
        self.panel.changed.connect(lambda _item: self._count())
        ctx.changed.connect(self._on_changed)
        self.set_state(None, stale=False, read_only=False)

    def set_state(self, session_id: int | None, *, stale: bool, read_only: bool) -> None:
        """Show the checklist of this saved session (None: not saved yet); ``stale``: edited since."""
        if session_id != self.session_id:
            self.session_id = session_id
            self.panel.set_session(session_id)
        self.panel.setVisible(session_id is not None)
        if session_id is None:
            self.note.show_message(NO_DRAFT, "info")
        elif stale and not read_only:
            self.note.show_message(STALE, "warning")
        else:
            self.note.clear_message()
        self.save_button.setVisible(not read_only and (session_id is None or stale))
        self._count()

    def open_steps(self) -> int:
        return len(self.panel.required_unticked()) if self.session_id is not None else 0

    def _count(self) -> None:
        self.open_steps_changed.emit(self.open_steps())

    def _on_changed(self, entity: str, entity_id: int) -> None:
        # The panel refreshes itself when its session is saved; recount after it.
        if entity == "session" and self.session_id is not None and entity_id in (0, self.session_id):
            self._count()
