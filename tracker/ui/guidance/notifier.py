"""Due reminders raise a notification on start-up and while the app runs: a
system-tray message where the desktop has a tray, else the in-window banner.
Problems in the clinic's rules file are shown in the banner once at start."""
from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from tracker.services.guidance.loader import load_ruleset
from tracker.services.guidance.reminders import due_reminder_ids

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 10 * 60 * 1000
#: changes that can settle or add reminders: the count in the banner is checked again after them
RECHECK_ON = frozenset({"reminder", "session", "checklist", "patient"})
RECHECK_AFTER_MS = 400  # one check for a burst of changes (a signing notifies several)


def rules_problem_text(location) -> str | None:  # noqa: ANN001
    """One banner line about the clinic's rules file, or None when all is well."""
    ruleset = load_ruleset(location.rules_file)
    if not ruleset.problems:
        return None
    first = ruleset.problems[0]
    more = f" (and {len(ruleset.problems) - 1} more)" if len(ruleset.problems) > 1 else ""
    return (f"The clinic's guidance rules have a problem: {first}{more}. "
            "The rules at fault are left out; the shipped rules are in use. Run 'tracker rules' for the full list.")


def due_text(count: int, new: int = 0) -> str:
    """What the notification says about ``count`` due reminders (``new`` of them not told before)."""
    fresh = f" ({new} new)" if new else ""
    return (f"{count} reminder{'s are' if count != 1 else ' is'} due today or overdue{fresh}. "
            "Open the Today page (Ctrl+2) to deal with them.")


class ReminderNotifier(QObject):
    """Checks for due reminders now and every few minutes; tells about new ones once."""

    #: the person clicked the notification: show the Today page
    show_requested = Signal()

    def __init__(self, ctx, parent: QObject | None = None, *, interval_ms: int = CHECK_EVERY_MS) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.notified: set[int] = set()
        self.tray: QSystemTrayIcon | None = None
        self.last_message: str | None = None
        self.rules_problem: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.shown_text: str | None = None  # the banner text this notifier put up (to correct it later)
        self.recheck = QTimer(self, singleShot=True, interval=RECHECK_AFTER_MS)
        self.recheck.timeout.connect(self.check)
        ctx.changed.connect(lambda entity, _id: self.recheck.start() if entity in RECHECK_ON else None)

    def start(self) -> None:
        self.rules_problem = rules_problem_text(self.ctx.location)
        if self.rules_problem:
            self.ctx.banner.emit(self.rules_problem, "warning")
        QTimer.singleShot(0, self.check)
        self.timer.start()

    def check(self, today: date | None = None) -> None:
        self.ctx.tasks.run(due_reminder_ids, self.ctx.db, today, on_done=self._arrived,
                           on_error=lambda exc: log.warning("could not check reminders: %s", exc),
                           owner=self)  # a window closed meanwhile takes no answer

    def _arrived(self, ids: list[int]) -> None:
        new = set(ids) - self.notified
        self.notified |= set(ids)
        if new:
            self.notify(due_text(len(ids), len(new)))
        else:
            self._correct_banner(len(ids))

    def _banner_text(self, text: str) -> str:
        """The banner shows one message: the rules problem stays in view under the reminders' words."""
        return "\n".join(t for t in (text, self.rules_problem) if t)

    def _correct_banner(self, count: int) -> None:
        """Reminders dealt with since the banner spoke: its count follows, or it goes when none is left
        (only while it still shows this notifier's words; a message closed stays closed)."""
        if self.shown_text is None:
            return
        text = self._banner_text(due_text(count) if count else "")
        if text != self.shown_text:
            self.ctx.banner_replaced.emit(self.shown_text, text)
            self.shown_text = text or None

    def notify(self, text: str) -> None:
        self.last_message = text
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
                self.tray = QSystemTrayIcon(icon, self)
                self.tray.setToolTip("Injection Tracker reminders")
                self.tray.messageClicked.connect(self.show_requested)
                self.tray.activated.connect(lambda *_: self.show_requested.emit())
                self.tray.show()
            self.tray.showMessage("Reminders due", text, QSystemTrayIcon.MessageIcon.Information, 15000)
        else:
            self.shown_text = self._banner_text(text)
            self.ctx.banner.emit(self.shown_text, "warning" if self.rules_problem else "info")
