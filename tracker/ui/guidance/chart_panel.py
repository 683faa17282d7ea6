"""The patient chart's "Guidance" tab: a session's checklist (the latest by
default) beside the patient's reminders, each with the rule it comes from."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from tracker.services.guidance.reminders import clinic_today, patient_reminders
from tracker.services.session_views import patient_sessions
from tracker.ui.extensions import ChartPanel, on_hidden_tab, register_chart_panel
from tracker.ui.guidance.checklist_panel import ChecklistPanel
from tracker.ui.guidance.common import MessageLabel, WhyPane, button
from tracker.ui.guidance.reminder_list import ReminderActions, ReminderList, reminder_html
from tracker.ui.widgets.flow_layout import FlowLayout

REFRESH_ON = {"reminder", "session", "checklist"}


class GuidancePanel(QWidget):
    def __init__(self, ctx, patient_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id = patient_id
        self.sessions = QComboBox()
        self.sessions.setAccessibleName("Session")
        self.sessions.setMinimumContentsLength(18)
        self.sessions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.checklist = ChecklistPanel(ctx)
        self.reminders = ReminderList(show_patient=False)
        self.why = WhyPane("Select a reminder to see what it is for and the guidance it comes from.")
        self.message = MessageLabel()
        self.actions_ = ReminderActions(ctx, self)
        self.actions_.message.connect(self.message.show_message)
        self.done_button = button("Mark done", "The reminder was dealt with", lambda: self.actions_.done(self.reminders.current()))
        self.snooze_button = button("Snooze\u2026", "Bring it back on a later day",
                                    lambda: self.actions_.snooze(self.reminders.current(), clinic_today(ctx.db)))
        self.dismiss_button = button("Dismiss\u2026", "No longer needed (a reason is kept)",
                                     lambda: self.actions_.dismiss(self.reminders.current()))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Visit:"))
        pick.addWidget(self.sessions, 1)
        left_layout.addLayout(pick)
        left_layout.addWidget(self.checklist, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        title = QLabel("Reminders")
        title.setStyleSheet("font-weight: 600;")
        right_layout.addWidget(title)
        bar = FlowLayout()  # wraps in a narrow window instead of widening the chart
        for b in (self.done_button, self.snooze_button, self.dismiss_button):
            bar.addWidget(b)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.reminders, 2)
        right_layout.addWidget(self.why, 1)
        right.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)  # the reminder list stays readable when narrow
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.sessions.currentIndexChanged.connect(lambda _: self.checklist.set_session(self.sessions.currentData()))
        self.reminders.current_changed.connect(self._selected)
        ctx.changed.connect(self._on_changed)
        self.set_patient(patient_id)

    def set_patient(self, patient_id: int) -> None:
        self.patient_id = patient_id
        self.message.show_message("")
        self._stale = True
        if not on_hidden_tab(self):
            self._load()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self._stale:  # a tab not shown is read when it is (opening a patient stays quick)
            self._load()

    def _load(self) -> None:
        self._stale = False
        self._load_sessions()
        self._load_reminders()

    def has_unsaved_changes(self) -> bool:
        return False  # every tick is saved as it is made

    def _load_sessions(self, keep: int | None = None) -> None:
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for v in patient_sessions(self.ctx.db, self.patient_id, include_voided=False):
            lesions = ", ".join(dict.fromkeys(i.lesion_label for i in v.injections if not i.voided)) or "no injections"
            state = "signed" if v.is_signed else "draft"
            self.sessions.addItem(f"{v.clinic_date:%d %b %Y} \u00b7 {state} \u00b7 {lesions}", v.id)
        self.sessions.blockSignals(False)
        index = self.sessions.findData(keep) if keep is not None else -1
        self.sessions.setCurrentIndex(index if index >= 0 else (0 if self.sessions.count() else -1))
        self.checklist.set_session(self.sessions.currentData())

    def _load_reminders(self) -> None:
        rows = patient_reminders(self.ctx.db, self.patient_id)
        self.reminders.set_groups([("Open", [r for r in rows if r.is_open]), ("Closed", [r for r in rows if not r.is_open])],
                                  clinic_today(self.ctx.db))

    def _selected(self, rem) -> None:  # noqa: ANN001
        for b in (self.done_button, self.snooze_button, self.dismiss_button):
            b.setEnabled(rem is not None and rem.is_open)
        if rem is None:
            self.why.clear_to_placeholder()
        else:
            self.why.setHtml(reminder_html(rem, clinic_today(self.ctx.db)))

    def _on_changed(self, entity: str, _id: int) -> None:
        if self._stale:
            return  # read in full when shown
        if entity == "session":
            self._load_sessions(keep=self.sessions.currentData())
        if entity in REFRESH_ON:
            self._load_reminders()


register_chart_panel(ChartPanel("guidance", "Guidance", GuidancePanel, order=60))
