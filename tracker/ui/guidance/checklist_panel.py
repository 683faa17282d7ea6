"""A session's checklist: before / after / follow-up steps to tick.

Ticking records who and when (audited); each step's "Why?" shows the rule
and its source. Usable on its own (``ChecklistPanel(ctx, session_id)``) and
inside the session editor; the editor signs through
``guidance.checklist.sign_with_checklist`` and asks for a reason when
``checklist_gaps`` lists unticked required steps.
"""
from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from tracker.services.errors import ServiceError
from tracker.services.guidance.checklist import ChecklistItemView, ChecklistView, prepare_checklist, set_item_done
from tracker.services.guidance.rules import PHASE_TITLES, PHASES
from tracker.ui.guidance.common import MessageLabel, WhyPane, source_html

REQUIRED_STYLE = "color: #8a1c13; font-weight: 600;"


class ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


def status_text(item: ChecklistItemView) -> str:
    if item.done:
        local = item.done_at.astimezone()
        return f"\u2713 {item.done_by_name or '?'}, {local:%d %b %H:%M}"
    if item.not_done_reason:
        return f"Not done: {item.not_done_reason}"
    return ""


class ChecklistRow(QWidget):
    """One step: checkbox, wrapped text, who/when, and Why?"""

    toggled = Signal(int, bool)
    why_requested = Signal(object)

    def __init__(self, item: ChecklistItemView, editable: bool) -> None:
        super().__init__()
        self.item = item
        self.box = QCheckBox()
        self.box.setChecked(item.done)
        self.box.setEnabled(editable)
        self.box.setAccessibleName(item.text)
        tag = f"  <span style='{REQUIRED_STYLE}'>required</span>" if item.required else ""
        self.label = ClickableLabel(escape(item.text) + tag)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.clicked.connect(lambda: self.box.isEnabled() and self.box.toggle())
        self.status = QLabel(status_text(item))
        self.status.setStyleSheet("color: #1d6b2a;" if item.done else "color: #6b4b00;")
        self.status.setWordWrap(True)
        self.why = QToolButton(text="Why?")
        self.why.setToolTip("Show the guidance rule and the source this step comes from")
        self.why.setAccessibleName(f"Why: {item.text}")
        self.why.clicked.connect(lambda: self.why_requested.emit(self.item))
        self.box.toggled.connect(lambda on: self.toggled.emit(self.item.id, on))
        layout = QGridLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.box, 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 0, 1)
        layout.addWidget(self.why, 0, 2, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.status, 1, 1)
        layout.setColumnStretch(1, 1)
        self.status.setVisible(bool(self.status.text()))

    def show_item(self, item: ChecklistItemView) -> None:
        self.item = item
        self.box.blockSignals(True)
        self.box.setChecked(item.done)
        self.box.blockSignals(False)
        self.status.setText(status_text(item))
        self.status.setStyleSheet("color: #1d6b2a;" if item.done else "color: #6b4b00;")
        self.status.setVisible(bool(self.status.text()))


class ChecklistPanel(QWidget):
    """The checklist of one session; ``set_session(id)`` to show another."""

    changed = Signal(int)

    def __init__(self, ctx, session_id: int | None = None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.session_id: int | None = None
        self.view: ChecklistView | None = None
        self.rows: dict[int, ChecklistRow] = {}
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.heading.setWordWrap(True)  # a narrow pane wraps the heading instead of widening the window
        self.gap_label = QLabel()
        self.gap_label.setWordWrap(True)
        self.gap_label.setAccessibleName("Checklist gaps")
        self.message = MessageLabel()
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.why = WhyPane("Press \u201cWhy?\u201d next to a step to see the rule and the source it comes from.")
        self.why.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.gap_label)
        layout.addLayout(head)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.why)
        ctx.changed.connect(self._on_changed)
        if session_id is not None:
            self.set_session(session_id)

    def set_session(self, session_id: int | None) -> None:
        self.session_id = session_id
        self.refresh()

    def refresh(self) -> None:
        self.message.show_message("")
        if self.session_id is None:
            self.view = None
            self._rebuild()
            return
        try:
            self.view = prepare_checklist(self.ctx.db, self.ctx.actor_id, self.session_id)
        except ServiceError as exc:
            self.view = None
            self._show_error(str(exc))
        self._rebuild()

    def required_unticked(self) -> list[ChecklistItemView]:
        if self.view is None:
            return []
        return [i for i in self.view.items if i.required and not i.done and i.phase != "follow_up" and not i.not_done_reason]

    def _rebuild(self) -> None:
        while self.body_layout.count():
            child = self.body_layout.takeAt(0).widget()
            if child is not None:
                child.hide()
                child.setParent(None)
                child.deleteLater()
        self.rows = {}
        view = self.view
        if view is None:
            self.heading.setText("No session chosen")
            self.gap_label.clear()
            return
        state = "voided" if view.voided else ("signed" if view.signed else "draft")
        self.heading.setText(f"Checklist \u00b7 visit of {view.clinic_date:%d %B %Y} ({state})")
        if not view.items:
            self.body_layout.addWidget(QLabel("No checklist was recorded for this session."))
        for phase in PHASES:
            items = view.phase(phase)
            if not items:
                continue
            group = QGroupBox(PHASE_TITLES[phase])
            box = QVBoxLayout(group)
            for item in items:
                row = ChecklistRow(item, view.editable(item))
                row.toggled.connect(self._toggle)
                row.why_requested.connect(self.show_why)
                self.rows[item.id] = row
                box.addWidget(row)
            self.body_layout.addWidget(group)
        self.body_layout.addStretch(1)
        self._update_gaps()

    def _update_gaps(self) -> None:
        missing = self.required_unticked()
        if missing:
            self.gap_label.setStyleSheet("color: #8a1c13;")
            when = " at signing" if self.view.signed else ""
            self.gap_label.setText(f"{len(missing)} required step(s) not ticked{when}")
        else:
            self.gap_label.setStyleSheet("color: #1d6b2a;")
            self.gap_label.setText("All required steps done" if self.view and self.view.items else "")

    def _toggle(self, item_id: int, on: bool) -> None:
        try:
            item = set_item_done(self.ctx.db, self.ctx.actor_id, item_id, on)
        except ServiceError as exc:
            self._show_error(str(exc))
            self.rows[item_id].show_item(self.rows[item_id].item)
            return
        self.rows[item_id].show_item(item)
        self.view = replace(self.view, items=tuple(item if i.id == item_id else i for i in self.view.items))
        self._update_gaps()
        self.changed.emit(item_id)
        self.ctx.notify("checklist", self.session_id or 0)

    def show_why(self, item: ChecklistItemView) -> None:
        self.why.setHtml(f"<p><b>{escape(item.text)}</b></p>{source_html(item.source)}")

    def _show_error(self, text: str) -> None:
        self.message.show_message(text, "error")

    def _on_changed(self, entity: str, entity_id: int) -> None:
        # A session edited or signed elsewhere: its checklist may have changed.
        if entity == "session" and self.session_id is not None and entity_id in (0, self.session_id):
            self.refresh()
