"""What the session editor says about the state of the visit it shows, in its
title and its message line: a discarded draft, a visit voided (here or at
another workstation), or one holding injections into a lesion voided since,
which it can show only in part and can no longer save."""
from __future__ import annotations

from dataclasses import replace

from tracker.services.chart import ChartData


UNSAVED = " \u2014 unsaved changes"


class VisitStateMixin:
    """Mixed into SessionEditor (which provides view, ref, patient, groups, fields, general, title, read_only,
    lesions_gone, has_unsaved_changes, _set_mode and the title_changed signal)."""

    def _discarded(self) -> bool:
        return self.view is not None and self.view.is_discarded_draft

    def _warn(self, *sentences: str) -> None:
        if sentences:
            self.general.show_message(" ".join(sentences), "warning")

    def _lesions_voided_meanwhile(self, ticked: list[int], data: ChartData) -> None:
        """The chart was reloaded: a ticked lesion voided meanwhile (here or at another workstation)
        makes the visit read-only, as its injections could no longer be saved."""
        live = {lesion.id for lesion in data.lesions if not lesion.voided}
        gone = tuple(self.groups[i].lesion.label for i in ticked if i not in live and i in self.groups)
        if gone and not self.read_only:
            self.lesions_gone += gone
            self._set_mode()
            self._warn(*self._lesions_gone_text())

    def _lesions_gone_text(self) -> list[str]:
        """Injections into a lesion voided since cannot be shown or kept in the forms, and a save here
        would leave them out: the visit is shown read-only (_set_mode) and the Sessions tab named for the rest."""
        if not self.lesions_gone:
            return []
        names = ", ".join(self.lesions_gone)
        said = (f"{names} was voided since this visit was written: its injections cannot be shown or kept here, so "
                "the visit cannot be changed here (the Sessions tab shows it as stored).")
        if self.view is not None and not self.view.is_signed and not self.view.voided:
            said += " This draft can only be discarded; record the visit again without that lesion."
        elif self.view is None:
            said += " Close this new session and start again."
        return [said]

    def _follow_void(self, data: ChartData) -> None:
        """The visit open here was voided (from the Sessions tab or another
        workstation): say so, and stop offering what can no longer be done."""
        root = self.view.root_id if self.view else None
        voided = next((v for v in data.sessions if root is not None and v.root_id == root and v.voided), None)
        if voided is None or self.view.voided:
            return
        typed = self.has_unsaved_changes()
        self.view = replace(self.view, voided=True, void_reason=voided.void_reason)
        self._set_mode()
        kept = ("What was typed here since the last save cannot be saved to it (it is still on screen to copy)."
                if typed else "It stays readable.")
        self._warn(f"This visit was voided ({voided.void_reason}). {kept}")

    def _set_title(self) -> None:
        day = self.fields.clinic_day().isoformat()
        if self._discarded():
            text = f"Discarded draft of {day} (never signed, read-only)"
        elif self.view and self.view.voided:
            text = f"Voided session of {day} (read-only)"
        elif self.read_only and self.view and self.view.is_signed:
            text = f"Signed session of {day} (version {self.view.version_no}, read-only)"
        elif self.lesions_gone:
            what = f"Draft session of {day}" if self.ref.session_id is not None else f"New session for {self.patient.display_name}"
            text = f"{what} (read-only: a lesion in it was voided)"
        elif self.ref.amend_of is not None or (self.view and self.view.amends_id):
            text = f"Amendment of the session of {day}"
        elif self.ref.session_id is not None:
            text = f"Draft session of {day}"
        else:
            text = f"New session for {self.patient.display_name}"
        unsaved = self.has_unsaved_changes()
        self.title.setText(text + (UNSAVED if unsaved else ""))
        tab = ("Session editor" if not self.read_only else "Discarded draft" if self._discarded()
               else "Signed session" if self.view is not None and self.view.is_signed
               else "Draft (read-only)" if self.view is not None else "New session (read-only)")
        self.title_changed.emit(("* " if unsaved else "") + tab)
