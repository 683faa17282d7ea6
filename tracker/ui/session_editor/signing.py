"""Signing from the session editor, through the checklist: required steps
left unticked ask for a reason (listing them; the person may go back and
tick them instead), dose findings keep needing theirs in the safety panel."""
from __future__ import annotations

import logging

from tracker.services.errors import FindingsNeedReasonError
from tracker.services.guidance.checklist import ChecklistGap, sign_with_checklist
from tracker.services.guidance.rules import PHASE_TITLES
from tracker.services.session_input import signing_errors
from tracker.services.session_views import SessionView
from tracker.ui.shortcuts import key
from tracker.ui.widgets.reason_dialog import ReasonDialog, ask_reason
from tracker.ui.wording import capitalised

log = logging.getLogger(__name__)


def gaps_prompt(gaps: list[ChecklistGap]) -> str:
    lines = "\n".join(f"\u2022 {g.text} ({PHASE_TITLES.get(g.phase, g.phase).lower()})" for g in gaps)
    count = "This required checklist step is" if len(gaps) == 1 else "These required checklist steps are"
    return (f"{count} not ticked:\n\n{lines}\n\nGo back to the checklist and tick what was done, or give the "
            "reason it was not done: the reason is kept with the step, and the session is then signed.")


def reason_demand(exc: FindingsNeedReasonError) -> str:
    """What the safety panel asks for: a reason, or a better one (exc.problem)."""
    problem = exc.problem or "give a reason"
    return f"{capitalised(problem)} to sign past these findings."


class SigningMixin:
    """Mixed into SessionEditor (which provides ctx, ref, safety, pages, checklist_page, save_draft, ...)."""

    def sign(self) -> bool:
        """Save what is unsaved, then sign. False when not signed (now): a reason may be being asked for,
        or the safety check of the last change is still running (signing goes on once it reports)."""
        if self.read_only or not self.sign_button.isEnabled():
            return False
        if self.check.pending:  # signed on the findings of what is typed now, not of a moment ago
            self.sign_after_check = True
            self.general.show_message("Checking the doses before signing\u2026", "info")
            self.check.run_now()  # may report at once (nothing to check): that clears the message
            return False
        if self.ctx.actor_id is None:
            self.general.show_message(f"Choose who is signing first (File > Switch staff member, {key('switch_staff')}).", "error")
            return False
        if (self.has_unsaved_changes() or self.ref.session_id is None) and not self.save_draft():
            return False
        # What signing needs (lot, expiry, consent) is shown beside its field before the checklist is asked about.
        data = self.collect(show=True)
        missing = signing_errors(data) if data is not None else {}
        if missing:
            self._show_service_errors(missing, "Draft saved, not signed")
            return False
        view = self._attempt(self._sign_with, None)
        if view is None:
            return False
        self._signed(view)
        return True

    def _sign_with(self, checklist_reason: str | None) -> SessionView:
        # The version on this screen: a draft changed at another workstation since is refused, not signed unseen.
        return sign_with_checklist(self.ctx.db, self.ctx.actor_id, self.ref.session_id,
                                   checklist_reason=checklist_reason, findings_reason=self.safety.reason_text() or None,
                                   expected_version=self.ref.row_version)

    def ask_checklist_reason(self, gaps: list[ChecklistGap]) -> ReasonDialog:
        """Required steps are unticked: a reason signs past them; "Back to the checklist" lets them be ticked.
        Dose findings that turn out to need a reason close the dialog and point at the safety panel's box."""
        def sign_with(reason: str) -> None:
            try:
                view = self._sign_with(reason)
            except FindingsNeedReasonError as exc:
                dialog.reject()
                self.safety.demand_reason(f"{reason_demand(exc)[:-1]}; the checklist is asked again.")
                return
            self._signed(view)

        # changed elsewhere while the reason was typed: the conflict bar offers Reload
        dialog = ask_reason(self, "Checklist not complete", gaps_prompt(gaps), "Sign with this reason", sign_with,
                            on_conflict=self.show_conflict)
        back = dialog.add_choice("&Back to the checklist", "Close this and tick the steps on the Checklist tab")
        back.clicked.connect(lambda: self.pages.setCurrentWidget(self.checklist_page))
        return dialog

    def _signed(self, view: SessionView) -> None:
        self.open_view(view)
        self.general.show_message(f"Signed by {view.signed_by_name}. The session is now read-only; "
                                  "corrections are made as amendments.", "ok")
        self.ctx.notify("session", view.id)
        self.saved.emit(view.id)
