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

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from tracker.printing.prepared import PreparedDocument, paint_document
from tracker.printing.render import export_pdf, prepare
from tracker.services.documents_audit import record_output

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
    """Runs print / preview / save jobs for one window; reports through signals."""

    #: a job started (text to show while it runs)
    started = Signal(str)
    #: a job ended: (message, level) with level info|error
    finished = Signal(str, str)

    def __init__(self, ctx, parent: QWidget | None = None, chart: Callable | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.chart = chart
        self._printers: set[QPrinter] = set()

    def _parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _fail(self, what: str) -> Callable[[Exception], None]:
        def report(exc: Exception) -> None:
            log.warning("%s failed: %s", what, exc)
            self.finished.emit(f"{what} failed: {exc}", "error")
        return report

    # ---- print -------------------------------------------------------------
    def print_document(self, request: DocumentRequest) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(request.description)
        dialog = QPrintDialog(printer, self._parent())
        dialog.setWindowTitle(f"Print {request.description}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._printers.add(printer)
        db, actor, chart = self.ctx.db, self.ctx.actor_id, self.chart

        def work() -> int:
            prepared = prepare(db, request.kind, request.record_id, chart=chart)
            pages = paint_document(prepared, printer)
            record_output(db, actor, prepared.output("print", printer_destination(printer), pages))
            return pages

        def done(pages: int) -> None:
            self._printers.discard(printer)
            self.finished.emit(f"Printed {request.description} ({_pages(pages)}).", "info")

        def failed(exc: Exception) -> None:
            self._printers.discard(printer)
            self._fail("Printing")(exc)

        self.started.emit(f"Printing {request.description}…")
        self.ctx.tasks.run(work, on_done=done, on_error=failed)

    # ---- preview -----------------------------------------------------------
    def preview_document(self, request: DocumentRequest) -> None:
        self.started.emit(f"Preparing {request.description}…")
        self.ctx.tasks.run(prepare, self.ctx.db, request.kind, request.record_id, chart=self.chart,
                           on_done=lambda prepared: self._show_preview(request, prepared),
                           on_error=self._fail("Preview"))

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
            self.ctx.tasks.run(record_output, self.ctx.db, self.ctx.actor_id, output,
                               on_done=lambda _: self.finished.emit(f"Printed {request.description} ({_pages(output.pages)}).", "info"),
                               on_error=self._fail("Recording the print"))
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
        self.started.emit(f"Saving {request.description}…")
        self.ctx.tasks.run(export_pdf, self.ctx.db, self.ctx.actor_id, request.kind, request.record_id, path, chart=self.chart,
                           on_done=lambda pages: self.finished.emit(f"Saved {path} ({_pages(pages)}).", "info"),
                           on_error=self._fail("Saving the PDF"))
