"""Saving and discarding the draft open in the session editor, and showing
a service's refusal where the person is looking: beside the field it names,
in the safety panel (a reason for the findings), as a question (a reason for
unticked checklist steps), or in the bar under the title (changed at another
workstation)."""
from __future__ import annotations

from datetime import datetime

from tracker.services.errors import (
    BlockedError, ConflictError, FindingsNeedReasonError, ServiceError, ValidationError,
)
from tracker.services.guidance.checklist import ChecklistNeedsReasonError
from tracker.services.sessions import discard_draft
from tracker.ui.session_editor.persist import save_draft
from tracker.ui.session_editor.refusals import place_errors
from tracker.ui.session_editor.signing import reason_demand
from tracker.ui.widgets.reason_dialog import DISCARD_PROMPT, ReasonDialog, ask_reason


class DraftActionsMixin:
    """Mixed into SessionEditor (which provides ctx, ref, view, fields, outcomes, safety, autosave, general,
    conflict, pages, scroll, picker_message, collect, show_conflict, ask_checklist_reason, the saved and
    close_requested signals, ...)."""

    def save_draft(self) -> bool:
        if self.read_only:
            return True
        self.general.clear_message()
        self.conflict.clear()
        data = self.collect(show=True)
        if data is None:
            self.show_injections()
            self.general.show_message("Some fields need attention (see the messages under them). Nothing was saved.", "error")
            return False
        reason = self.fields.amendment_reason.text().strip()
        if self.ref.amend_of is not None and self.ref.session_id is None and not reason:
            self.show_injections()
            self.fields.fields.show_errors({"amendment_reason": "say what this amendment corrects"})
            return False
        unfinished = self.outcomes.check()
        if unfinished:
            self.pages.setCurrentWidget(self.outcomes)
            self.general.show_message(f"The outcome score of {', '.join(unfinished)} is not complete: finish it or "
                                      "clear it (see the messages beside its items). Nothing was saved.", "error")
            return False
        # The findings' reason goes with the draft; one carried and not edited, with the findings it was given for.
        view = self._attempt(save_draft, self.ctx.db, self.ctx.actor_id, self.ref, data, reason,
                             self.safety.reason_text() or None, self.safety.given_for())
        if view is None:
            return False
        self.view = view
        self.dirty = False
        not_saved = self.outcomes.save(view.id)
        if not_saved is None:
            self.autosave.drop()
        self._set_mode()
        if not_saved is None:
            self.general.show_message(f"Draft saved at {datetime.now().strftime('%H:%M')}.", "ok")
        else:
            self.pages.setCurrentWidget(self.outcomes)
            self.general.show_message(f"Draft saved, but not the outcome scores: {not_saved}.", "error")
        self.ctx.notify("session", view.id)
        self.saved.emit(view.id)
        return not_saved is None

    def _attempt(self, fn, *args):  # noqa: ANN001, ANN002, ANN202
        """Call a service; on refusal show why where the person is looking and return None."""
        try:
            return fn(*args)
        except ChecklistNeedsReasonError as exc:
            self.ask_checklist_reason(exc.gaps)
        except FindingsNeedReasonError as exc:
            self.safety.demand_reason(reason_demand(exc))
        except BlockedError as exc:
            self.general.show_message(f"Not signed: {exc}", "error")
        except ValidationError as exc:
            self._show_service_errors(exc.errors)
        except ConflictError as exc:  # changed at another workstation: nothing written, the screen kept
            self.show_conflict(exc)
        except ServiceError as exc:
            self.general.show_message(str(exc), "error")
        return None

    def show_injections(self) -> None:
        """Bring the Injections page forward (messages beside its fields are to be seen)."""
        self.pages.setCurrentWidget(self.scroll)

    def _show_service_errors(self, errors: dict[str, str], refused: str = "Not saved") -> None:
        self.show_injections()
        place_errors(errors, self._form_order, self.fields.fields, self.picker_message, self.general, refused)

    def discard_draft(self) -> ReasonDialog | None:
        if self.ref.session_id is None:
            return None
        session_id, version = self.ref.session_id, self.ref.row_version

        def discard(reason: str) -> None:
            discard_draft(self.ctx.db, self.ctx.actor_id, session_id, reason, expected_version=version)
            self.discard_changes()
            self.ctx.notify("session", session_id)
            self.close_requested.emit()

        # someone else's work in it now: not thrown away unseen, the conflict bar offers Reload
        return ask_reason(self, "Discard draft", DISCARD_PROMPT, "Discard draft", discard, on_conflict=self.show_conflict)
