"""The draft open in the editor was changed at another workstation (saved over,
signed or discarded there): a save, a signature or a discard from this screen
is refused by the service (ConflictError, nothing written). The editor keeps
what is on its screen, says so in the bar under its title, and offers the way
forward: reload the draft as stored now (through the chart, so unsaved work
here is asked about first), check it, then sign."""
from __future__ import annotations

from tracker.services.errors import ConflictError
from tracker.services.session_views import SessionView
from tracker.ui.wording import capitalised


def _sentence(text: str) -> str:
    text = text.strip()
    return capitalised(text) + ("" if text.endswith(".") else ".")


class ConflictMixin:
    """Mixed into SessionEditor (which provides ref, general, conflict, has_unsaved_changes, open_view and
    the reload_requested signal, which the chart answers by opening the draft afresh)."""

    def show_conflict(self, exc: ConflictError) -> None:
        self.general.clear_message()
        if self.ref.session_id is None:  # an amendment's first save: another version came first
            self.conflict.show_conflict(f"{_sentence(str(exc))} What is typed here stays on screen.")
            return
        typed = (" Reloading replaces what was typed here since the last save (you are asked first)."
                 if self.has_unsaved_changes() else "")
        self.conflict.show_conflict(
            f"{_sentence(str(exc))} This screen still shows your version, which is not what is stored now. "
            f"Reload the draft to see the changes made there, check them, then sign.{typed}",
            action="&Reload the saved draft", on_action=lambda: self.reload_requested.emit(self.ref.session_id))

    def open_reloaded(self, view: SessionView) -> None:
        """The draft as stored now, after a conflict: what became of it is said above the fields."""
        self.open_view(view)
        if view.voided:
            text, kind = f"This draft was discarded at another workstation ({view.void_reason}).", "warning"
        elif view.is_signed:
            text, kind = (f"This session was signed at another workstation by {view.signed_by_name}: it is shown "
                          "read-only (a correction is an amendment).", "warning")
        else:
            text, kind = ("Reloaded: this is the draft as stored now, with the changes made at another workstation. "
                          "Check the doses before you sign.", "info")
        self.general.show_message(text, kind)
