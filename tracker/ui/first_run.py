"""Nobody acting (a new clinic, or no active staff member): nothing may be
written without a name on it, so the window is locked, says why and what to
do, and asks for the clinic's first clinician at once. Once someone is added
(here or in File > Staff…) they are the one acting and the window unlocks.
Only made when the clinic opens with nobody to act: start-up with staff
never loads this module."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from tracker.services.staff import get_staff
from tracker.ui.staff_form import StaffFormDialog

log = logging.getLogger(__name__)

NOBODY_ACTING = ("Nobody is working in the program yet, so nothing can be recorded: add the clinic's first "
                 "clinician (File > Staff\u2026), who then works in the program.")


class NobodyActing(QObject):
    """Locks ``window`` (a ``MainWindow`` whose ``ctx.actor`` is None) until someone acts."""

    def __init__(self, window) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window = window
        log.info("no active staff member: asking for the first clinician")
        window.ctx.changed.connect(self._staff_changed)
        self._lock(True)
        self.dialog = StaffFormDialog(window.ctx, window, first_clinician=True)
        self.dialog.open()

    def _lock(self, locked: bool) -> None:
        """Everything that writes with a name on it; File > Staff… and Quit stay."""
        self.window.tabs.setEnabled(not locked)
        for name in ("new_patient_action", "clinic_settings_action", "catalog_action"):
            action = getattr(self.window, name, None)
            if action is not None:
                action.setEnabled(not locked)
        if locked:
            self.window.banner.show_message(NOBODY_ACTING, "warning")
        else:
            self.window.banner.hide()

    def _staff_changed(self, entity: str, staff_id: int) -> None:
        if entity != "staff" or self.window.ctx.actor is not None:
            return
        person = get_staff(self.window.ctx.db, staff_id)
        if not person.active:
            return
        self.window.ctx.changed.disconnect(self._staff_changed)
        self._lock(False)
        self.window.act_as(person)
        self.deleteLater()
