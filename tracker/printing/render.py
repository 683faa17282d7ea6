"""From a record id to a prepared document or a PDF file: what the GUI, the command line
and the benchmark call. Safe to run in a worker thread (no widgets, no shared QObjects)."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tracker.printing.aftercare import build_aftercare
from tracker.printing.prepared import PreparedDocument, Progress, pdf_target, report, write_pdf
from tracker.services.documents_aftercare import aftercare_document
from tracker.services.documents_audit import record_output

if TYPE_CHECKING:
    from tracker.printing.progress import ChartRenderer

#: Document kinds, as named in the audit trail (see services/documents_audit.py).
KINDS = ("aftercare", "lesion_progress", "patient_progress")


def prepare(db, kind: str, record_id: int, *, chart: ChartRenderer | None = None,  # noqa: ANN001
            progress: Progress | None = None) -> PreparedDocument:
    """Gather the data for a document and lay it out (``progress`` may cancel between steps)."""
    report(progress, 0, 0, "gathering the records")
    if kind == "aftercare":
        return build_aftercare(aftercare_document(db, record_id))
    if kind in ("lesion_progress", "patient_progress"):
        # The outcomes feature (instruments, scoring) loads only for progress reports.
        from tracker.printing.progress import build_progress
        from tracker.services.documents_progress import lesion_progress_document, patient_progress_document

        gather = lesion_progress_document if kind == "lesion_progress" else patient_progress_document
        return build_progress(gather(db, record_id), chart=chart, progress=progress)
    raise ValueError(f"unknown document kind {kind!r} (expected one of {', '.join(KINDS)})")


def render_pdf(db, kind: str, record_id: int, path: str | os.PathLike, *, chart: ChartRenderer | None = None) -> int:  # noqa: ANN001
    """Write one document as a PDF file; returns its page count."""
    return write_pdf(prepare(db, kind, record_id, chart=chart), path)


def render_aftercare_pdf(db, session_id: int, path: str | os.PathLike) -> int:  # noqa: ANN001
    """The aftercare sheet of one visit as a PDF (the benchmark measures this)."""
    return render_pdf(db, "aftercare", session_id, path)


def export_pdf(db, actor_id: int | None, kind: str, record_id: int, path: str | os.PathLike, *,  # noqa: ANN001
               chart: ChartRenderer | None = None, progress: Progress | None = None) -> int:
    """Save a document as PDF and record the export in the audit trail; returns its page count."""
    path = pdf_target(path)
    prepared = prepare(db, kind, record_id, chart=chart, progress=progress)
    pages = write_pdf(prepared, path, progress)
    record_output(db, actor_id, prepared.output("export", str(path.resolve()), pages))
    return pages
