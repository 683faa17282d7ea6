"""Optimistic locking across workstations: a write made from what a screen
showed carries the ``row_version`` it read, and is refused inside its own
transaction (nothing written) when the stored row has moved on since.

Used by every service that writes from a form or an editor (patients,
lesions, session drafts), so they refuse with the same words."""
from __future__ import annotations

from typing import Any

from tracker.models.types import utcnow
from tracker.services.errors import ConflictError


def require_version(row: Any, expected: int | None, what: str, refused: str = "nothing was saved") -> None:
    """Raise ConflictError when ``row`` is no longer at ``expected`` (None: the caller read nothing to compare)."""
    if expected is not None and row.row_version != expected:
        raise ConflictError(f"{what} was changed at another workstation since it was opened here: {refused}")


def touch(row: Any) -> None:
    """Count a change held in child rows (a draft's injections) as a change of
    ``row`` itself, so its version moves on and older screens are refused."""
    row.updated_at = utcnow()
