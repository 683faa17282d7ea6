"""Recording in the audit trail that a document left the program (printed or saved)."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from tracker.services import audit

log = logging.getLogger(__name__)

ACTIONS = ("print", "export")
#: document kind -> the audited entity its id belongs to
ENTITIES = {"aftercare": "treatment_session", "lesion_progress": "lesion", "patient_progress": "patient"}


@dataclass(frozen=True)
class DocumentOutput:
    """What was produced: which document about which record, where it went, how many pages."""

    kind: str
    record_id: int
    action: str
    destination: str
    pages: int

    def __post_init__(self) -> None:
        if self.kind not in ENTITIES:
            raise ValueError(f"unknown document kind {self.kind!r}")
        if self.action not in ACTIONS:
            raise ValueError(f"unknown document action {self.action!r}")

    @property
    def entity(self) -> str:
        return ENTITIES[self.kind]


def record_output(db, actor_id: int | None, output: DocumentOutput) -> None:  # noqa: ANN001
    """One audit event: 'print' for paper (or a printer's own PDF), 'export' for a saved file."""
    with db.write() as s:
        audit.record(s, actor_id, output.action, output.entity, output.record_id,
                     after={"document": output.kind, "destination": output.destination, "pages": output.pages})
    log.info("%s of %s %s recorded (%s, %d pages)", output.action, output.entity, output.record_id,
             output.destination, output.pages)
