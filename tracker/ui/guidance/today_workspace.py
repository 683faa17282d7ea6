"""The Today workspace (Ctrl+2): reminders across all patients, overdue first.

Mark done, snooze or dismiss (with a reason), open the patient, see why a
reminder is there; print the day's call list or save it as PDF; export the
reminders as a calendar file. Due reminders are announced at start-up and
while the app runs (system tray, else the banner).
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from tracker.printing.call_list import call_list_document, write_call_list_pdf
from tracker.services.guidance.reminders import call_list, clinic_today, today_view
from tracker.services.settings import get_settings
from tracker.ui.extensions import Workspace, register_workspace
from tracker.ui.guidance.common import MessageLabel, WhyPane, button
from tracker.ui.guidance.notifier import ReminderNotifier
from tracker.ui.guidance.reminder_list import ReminderActions, ReminderList, reminder_html
from tracker.ui.shortcuts import key
from tracker.ui.theme import scale_font
from tracker.ui.widgets.flow_layout import FlowLayout

log = logging.getLogger(__name__)
REFRESH_ON = {"reminder", "session", "patient", "checklist"}


class TodayWorkspace(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.today: date = clinic_today(ctx.db)
        self.title = QLabel()
        scale_font(self.title, 1.35, QFont.Weight.DemiBold)
        self.summary = QLabel()
        self.summary.setAccessibleName("Summary")
        self.message = MessageLabel()
        self.list = ReminderList(show_patient=True)
        self.why = WhyPane("Select a reminder to see what it is for and the guidance it comes from.")
        self.actions_ = ReminderActions(ctx, self)
        self.actions_.message.connect(self.show_message)

        self.done_button = button("Mark done", f"The reminder was dealt with ({key('reminder_done')})", self.mark_done)
        self.snooze_button = button("Snooze\u2026", f"Bring it back on a later day ({key('reminder_snooze')})", self.snooze)
        self.dismiss_button = button("Dismiss\u2026", f"No longer needed; a reason is kept with the record ({key('reminder_dismiss')})", self.dismiss)
        self.open_button = button("Open patient", "Open this patient's chart (Enter)", self.open_patient)
        self.print_button = button("Print call list\u2026", f"Preview and print today's call list ({key('print_call_list')})", self.print_call_list)
        self.pdf_button = button("Call list as PDF\u2026", "Save today's call list as a PDF file", self.save_call_list_pdf)
        self.ics_button = button("Export calendar\u2026", "Write the reminders as a calendar file (.ics); "
                                 "importing it again updates the same events", self.export_calendar)
        for keys, slot in ((ReminderActions.SHORTCUTS["done"], self.mark_done), (ReminderActions.SHORTCUTS["snooze"], self.snooze),
                          (ReminderActions.SHORTCUTS["dismiss"], self.dismiss), (QKeySequence(key("print_call_list")), self.print_call_list)):
            action = QAction(self, shortcut=keys, shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

        top = FlowLayout()
        top.addWidget(self.title)
        top.addWidget(self.summary)
        bar = FlowLayout()  # wraps in a narrow window or a large font instead of widening the window
        for b in (self.done_button, self.snooze_button, self.dismiss_button, self.open_button,
                  self.print_button, self.pdf_button, self.ics_button):
            bar.addWidget(b)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.why)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 460])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.list.current_changed.connect(self._selected)
        self.list.activated_reminder.connect(lambda rem: self.open_patient())
        ctx.changed.connect(self._on_changed)
        self.day_timer = QTimer(self, interval=5 * 60 * 1000, timeout=self._check_day)
        self.day_timer.start()
        self.notifier = ReminderNotifier(ctx, self)
        self.notifier.show_requested.connect(self.bring_to_front)
        self.refresh()
        self.notifier.start()

    # ---- data ---------------------------------------------------------------

    def set_today(self, day: date) -> None:
        self.today = day
        self.refresh()

    def refresh(self) -> None:
        view = today_view(self.ctx.db, self.today)
        self.view = view
        self.title.setText(f"Today \u00b7 {self.today:%A %d %B %Y}")
        self.summary.setText(f"{len(view.overdue)} overdue \u00b7 {len(view.due_today)} due today \u00b7 "
                             f"{len(view.coming)} in the next 7 days")
        self.list.set_groups([("Overdue", list(view.overdue)), ("Due today", list(view.due_today)),
                              ("Next 7 days", list(view.coming))], self.today)

    def _on_changed(self, entity: str, _id: int) -> None:
        if entity in REFRESH_ON:
            self.refresh()

    def _check_day(self) -> None:
        day = clinic_today(self.ctx.db)
        if day != self.today:
            self.set_today(day)
            self.notifier.check()

    def _selected(self, rem) -> None:  # noqa: ANN001
        for b in (self.done_button, self.snooze_button, self.dismiss_button, self.open_button):
            b.setEnabled(rem is not None)
        if rem is None:
            self.why.clear_to_placeholder()
        else:
            self.why.setHtml(reminder_html(rem, self.today))

    def show_message(self, text: str, level: str = "info") -> None:
        self.message.show_message(text, level)

    # ---- actions ------------------------------------------------------------

    def mark_done(self) -> None:
        self.actions_.done(self.list.current())

    def snooze(self) -> None:
        self.actions_.snooze(self.list.current(), self.today)

    def dismiss(self) -> None:
        self.actions_.dismiss(self.list.current())

    def open_patient(self) -> None:
        rem = self.list.current()
        if rem is not None:
            self.ctx.open_patient_requested.emit(rem.patient_id)

    def bring_to_front(self) -> None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        if widget is not None:
            widget.setCurrentWidget(self)
        self.window().raise_()
        self.window().activateWindow()

    def _call_list(self):  # noqa: ANN202
        day, entries = call_list(self.ctx.db, self.today)
        return day, entries, get_settings(self.ctx.db)

    def print_call_list(self) -> None:
        day, entries, clinic = self._call_list()
        doc = call_list_document(day, entries, clinic)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(f"Call list \u2013 {day:%d %B %Y}")
        preview.paintRequested.connect(doc.print_)
        preview.exec()

    def save_call_list_pdf(self) -> None:
        default = str(self.ctx.location.data_dir / f"call-list-{self.today.isoformat()}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "Save the call list as PDF", default, "PDF files (*.pdf)")
        if not path:
            return
        day, entries, clinic = self._call_list()
        self.show_message(f"Writing the call list to {path}\u2026")
        self.ctx.tasks.run(write_call_list_pdf, Path(path), day, entries, clinic,
                           on_done=lambda p: self.show_message(f"Call list saved: {p} ({len(entries)} patient(s)).", "ok"),
                           on_error=lambda exc: self.show_message(f"Could not save the call list: {exc}", "error"))

    def export_calendar(self) -> None:
        default = str(self.ctx.location.data_dir / "reminders.ics")
        path, _ = QFileDialog.getSaveFileName(self, "Export reminders as a calendar", default, "Calendar files (*.ics)")
        if not path:
            return
        from tracker.services.guidance.calendar_export import write_calendar  # icalendar: loaded when used

        self.show_message(f"Writing the calendar to {path}\u2026")
        self.ctx.tasks.run(write_calendar, self.ctx.db, Path(path), today=self.today,
                           on_done=lambda n: self.show_message(
                               f"Calendar saved: {path} ({n} reminder events). Importing it again updates the same events.", "ok"),
                           on_error=lambda exc: self.show_message(f"Could not write the calendar: {exc}", "error"))


register_workspace(Workspace("today", "Today", TodayWorkspace, shortcut="Ctrl+2", order=20))
