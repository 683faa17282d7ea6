"""Print, preview and save-as-PDF for documents, with Qt's print dialogs.

Gathering the data and laying the document out run in the worker pool; so
does printing to the chosen printer and writing a PDF (a QTextDocument
without a parent may be painted in any thread). The preview is painted on the
GUI thread from the already prepared document, which is quick. Every print
and export is written to the audit trail.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from tracker.printing.prepared import DocumentCancelled, PreparedDocument, Progress, paint_document
from tracker.printing.render import export_pdf, prepare
from tracker.services.documents_audit import record_output
from tracker.ui.tasks import Task

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentRequest:
    """Which document, about which record, and the file name offered when saving it."""

    kind: str
    record_id: int
    description: str
    file_name: str


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


def printer_destination(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return printer.outputFileName()
    return printer.printerName() or "default printer"


class DocumentJobs(QObject):
    """Runs print / preview / save jobs for one window, one at a time; reports through signals."""

    #: a job started (text to show while it runs)
    started = Signal(str)
    #: a step of the running job ("page 2 of 3")
    progressed = Signal(str)
    #: a job ended: (message, level) with level info|error
    finished = Signal(str, str)

    def __init__(self, ctx, parent: QWidget | None = None, chart: Callable | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.chart = chart
        self._task: Task | None = None

    def _parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _start(self, text: str, what: str, fn: Callable, *args: Any, on_done: Callable[[Any], None],
               cleanup: Callable[[], None] = lambda: None, **kwargs: Any) -> None:
        def done(result: Any) -> None:
            self._task = None
            cleanup()
            on_done(result)

        def failed(exc: Exception) -> None:
            self._task = None
            cleanup()
            if isinstance(exc, DocumentCancelled):
                self.finished.emit(f"{what} cancelled.", "info")
            else:
                log.warning("%s failed: %s", what, exc)
                self.finished.emit(f"{what} failed: {exc}", "error")

        self._task = self.ctx.tasks.run(fn, *args, on_done=done, on_error=failed,
                                        on_progress=lambda _done, _total, step: self.progressed.emit(f"{text} ({step})"),
                                        owner=self, **kwargs)
        self.started.emit(text)

    # ---- print -------------------------------------------------------------
    def print_document(self, request: DocumentRequest) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(request.description)
        dialog = QPrintDialog(printer, self._parent())
        dialog.setWindowTitle(f"Print {request.description}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        db, actor, chart = self.ctx.db, self.ctx.actor_id, self.chart
        keep = [printer]  # alive until the worker is done with it

        def work(progress: Progress) -> int:
            prepared = prepare(db, request.kind, request.record_id, chart=chart, progress=progress)
            pages = paint_document(prepared, printer, progress)
            record_output(db, actor, prepared.output("print", printer_destination(printer), pages))
            return pages

        self._start(f"Printing {request.description}…", "Printing", work, cleanup=keep.clear,
                    on_done=lambda pages: self.finished.emit(f"Printed {request.description} ({_pages(pages)}).", "info"))

    # ---- preview -----------------------------------------------------------
    def preview_document(self, request: DocumentRequest) -> None:
        self._start(f"Preparing {request.description}…", "Preview", prepare, self.ctx.db, request.kind,
                    request.record_id, chart=self.chart, on_done=lambda prepared: self._show_preview(request, prepared))

    def _show_preview(self, request: DocumentRequest, prepared: PreparedDocument) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(request.description)
        dialog = QPrintPreviewDialog(printer, self._parent())
        dialog.setWindowTitle(f"Preview: {request.description}")
        pages: list[int] = []
        dialog.paintRequested.connect(lambda device: pages.append(paint_document(prepared, device)))
        self.finished.emit("", "info")
        # The dialog is accepted only when its Print button printed the document.
        if dialog.exec() == QDialog.DialogCode.Accepted:
            output = prepared.output("print", printer_destination(printer), pages[-1] if pages else 0)
            self._start("Recording the print…", "Recording the print", record_output, self.ctx.db, self.ctx.actor_id,
                        output, on_done=lambda _: self.finished.emit(
                            f"Printed {request.description} ({_pages(output.pages)}).", "info"))
        dialog.deleteLater()

    # ---- save as PDF -------------------------------------------------------
    def save_pdf(self, request: DocumentRequest) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(self._parent(), f"Save {request.description} as PDF",
                                              f"{folder}/{request.file_name}", "PDF documents (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._start(f"Saving {request.description}…", "Saving the PDF", export_pdf, self.ctx.db, self.ctx.actor_id,
                    request.kind, request.record_id, path, chart=self.chart,
                    on_done=lambda pages: self.finished.emit(f"Saved {path} ({_pages(pages)}).", "info"))
