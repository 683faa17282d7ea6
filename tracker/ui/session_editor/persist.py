"""Saving what the editor holds: a new draft, an update of a draft, or the
first save of an amendment (which opens the new version with its content, in one step)."""
from __future__ import annotations

from dataclasses import dataclass

from tracker.services.session_input import SessionInput
from tracker.services.session_views import SessionView
from tracker.services.sessions import create_draft, draft_amendment, update_draft


@dataclass
class DraftRef:
    """Which record the editor writes to."""

    session_id: int | None = None
    row_version: int | None = None
    amend_of: int | None = None  # the signed version being corrected, until its draft exists


def save_draft(db, actor_id: int | None, ref: DraftRef, data: SessionInput, amendment_reason: str,  # noqa: ANN001
               findings_reason: str | None = None, given_for: list[str] | None = None) -> SessionView:
    reason = {"findings_reason": findings_reason, "given_for": given_for}
    if ref.session_id is None and ref.amend_of is not None:
        view = draft_amendment(db, actor_id, ref.amend_of, data, amendment_reason, **reason)  # all or nothing
    elif ref.session_id is None:
        view = create_draft(db, actor_id, data, **reason)
    else:
        view = update_draft(db, actor_id, ref.session_id, data, expected_version=ref.row_version, **reason)
    ref.session_id, ref.row_version = view.id, view.row_version
    return view
