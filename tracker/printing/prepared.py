"""A laid-out document ready for paper: HTML, its images, the footer; and putting it on pages.

A ``PreparedDocument`` holds only plain values and QImages (no QObject), so it
can be made in a worker thread and handed to the GUI thread (for the preview)
or printed where it was made. Painting builds a fresh QTextDocument without a
parent for the device it paints on, which is allowed in any thread.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout, QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPagedPaintDevice, QPainter, QPdfWriter, QPen,
    QTextBlock, QTextCursor, QTextDocument, QTextFormat, QTextFrame, QTextTable,
)

from tracker.printing.page_setup import MARGIN_MM, page_layout_for
from tracker.printing.qt_app import ensure_gui_application
from tracker.services.documents_audit import DocumentOutput

log = logging.getLogger(__name__)

#: progress(done, total, text) -> False once the person cancelled (the task runner's callback)
Progress = Callable[[int, int, str], bool]


class DocumentCancelled(Exception):
    """The person cancelled while the document was being made; nothing was written."""


def report(progress: Progress | None, done: int, total: int, text: str) -> None:
    if progress is not None and not progress(done, total, text):
        raise DocumentCancelled("cancelled")


#: Plain sans-serif faces of ordinary width (a wide face such as DejaVu Sans puts far fewer words on a line).
FONT_FAMILIES = ["Arial", "Liberation Sans", "Helvetica", "Noto Sans", "DejaVu Sans Condensed", "DejaVu Sans"]
PDF_DPI = 300
#: how far list items are indented, in the document's units (Qt's default, 40, is wider than print needs)
LIST_INDENT = 16
FOOTER_POINTS = 8.5
#: tables shorter than this share of a page are never split across two pages
KEEP_TOGETHER = 0.5
MAX_KEEP_ROUNDS = 12
ENDLESS = 1.0e7


def document_font(point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    return font


@dataclass(frozen=True)
class PreparedDocument:
    """One printable document: what to print, not yet where."""

    title: str
    html: str
    stylesheet: str
    #: (name used in the HTML's <img src>, image)
    images: tuple[tuple[str, QImage], ...]
    #: the clinic's paper setting ("A4", "Letter", or "" for the locale's)
    paper_size: str
    footer: str
    base_point_size: float = 12.0
    margin_mm: float = MARGIN_MM
    #: what it is about, for the audit trail: a kind of services.documents_audit.ENTITIES and the record's id
    kind: str = ""
    record_id: int = 0

    def output(self, action: str, destination: str, pages: int) -> DocumentOutput:
        """The audit record for this document having been printed or exported."""
        return DocumentOutput(kind=self.kind, record_id=self.record_id, action=action, destination=destination, pages=pages)

    def text_document(self, device: QPagedPaintDevice | None = None) -> QTextDocument:
        """A new QTextDocument (no parent) laid out for ``device`` when given."""
        doc = QTextDocument()
        doc.setDefaultFont(document_font(self.base_point_size))
        doc.setDocumentMargin(0)
        doc.setDefaultStyleSheet(self.stylesheet)
        doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, self.title)
        for name, image in self.images:
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        if device is not None:
            doc.documentLayout().setPaintDevice(device)
            doc.setIndentWidth(LIST_INDENT)
        doc.setHtml(self.html)
        return doc


def _footer_height(device: QPagedPaintDevice) -> float:
    return FOOTER_POINTS / 72.0 * device.logicalDpiY() * 2.4


def _paint_footer(painter: QPainter, rect: QRectF, text: str, page: int, pages: int) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#888888"), max(1.0, rect.height() / 60)))
    painter.drawLine(rect.topLeft(), rect.topRight())
    painter.setFont(document_font(FOOTER_POINTS))
    painter.setPen(QColor("#444444"))
    flags = Qt.AlignmentFlag.AlignVCenter
    numbering = f"Page {page} of {pages}"
    metrics = QFontMetricsF(painter.font(), painter.device())
    room = rect.width() - metrics.horizontalAdvance(numbering) - metrics.horizontalAdvance("    ")
    # A long clinic or patient name is cut short with an ellipsis, never printed over the page number.
    painter.drawText(rect, flags | Qt.AlignmentFlag.AlignLeft, metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room))
    painter.drawText(rect, flags | Qt.AlignmentFlag.AlignRight, numbering)
    painter.restore()


def _page_of(y: float, page_height: float) -> int:
    return int(y // page_height)


def _break_before(item: QTextBlock | QTextTable) -> None:
    """Start a new page before a block or a table."""
    if isinstance(item, QTextTable):
        table_format = item.format()
        table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        item.setFormat(table_format)
        return
    cursor = QTextCursor(item)
    block_format = cursor.blockFormat()
    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    cursor.setBlockFormat(block_format)


def _heading_before(frame: QTextFrame) -> QTextBlock | None:
    block = frame.document().findBlock(frame.firstPosition() - 1)
    return block if block.isValid() and block.blockFormat().headingLevel() > 0 else None


def _natural_heights(doc: QTextDocument) -> dict[int, float]:
    """Each top-level table's height laid out on one endless page (a split table measures taller)."""
    size = doc.pageSize()
    doc.setPageSize(QSizeF(size.width(), ENDLESS))
    layout = doc.documentLayout()
    heights = {f.firstPosition(): layout.frameBoundingRect(f).height()
               for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)}
    doc.setPageSize(size)
    return heights


def _next_misplaced(doc: QTextDocument, page_height: float, heights: dict[int, float]) -> QTextBlock | QTextTable | None:
    """Where a page break would keep things together: a small table (a box, a score table, the photos)
    split across two pages, or a heading left alone at the foot of a page. None when all is well."""
    layout = doc.documentLayout()
    for frame in doc.rootFrame().childFrames():
        if heights.get(frame.firstPosition(), page_height) >= page_height * KEEP_TOGETHER:
            continue
        box = layout.frameBoundingRect(frame)
        if _page_of(box.top(), page_height) != _page_of(box.bottom() - 1, page_height):
            heading = _heading_before(frame)
            if heading is None or _page_of(layout.blockBoundingRect(heading).top(), page_height) != _page_of(box.top(), page_height):
                return frame
            return heading
    block = doc.begin()
    while block.isValid():
        following = block.next()
        if block.blockFormat().headingLevel() > 0 and following.isValid():
            if _page_of(layout.blockBoundingRect(block).top(), page_height) != \
                    _page_of(layout.blockBoundingRect(following).bottom() - 1, page_height):
                return block
        block = following
    return None


def keep_together(doc: QTextDocument, page_height: float) -> None:
    """Move headings and small tables that a page boundary would split to the next page."""
    if doc.pageCount() < 2:
        return
    heights = _natural_heights(doc)
    moved: set[int] = set()
    for _ in range(MAX_KEEP_ROUNDS):
        item = _next_misplaced(doc, page_height, heights)
        position = None if item is None else (item.firstPosition() if isinstance(item, QTextTable) else item.position())
        if position is None or position in moved or position <= 1:
            return
        moved.add(position)
        _break_before(item)


def paint_document(prepared: PreparedDocument, device: QPagedPaintDevice, progress: Progress | None = None) -> int:
    """Lay the document out on the device's pages (its own page size) and paint them; returns the page count.

    When cancelled part way, a printer's job is aborted (``QPrinter.abort``) and DocumentCancelled raised."""
    ensure_gui_application()
    margin = prepared.margin_mm
    device.setPageMargins(QMarginsF(margin, margin, margin, margin), QPageLayout.Unit.Millimeter)
    paint_rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
    footer = _footer_height(device)
    body = QSizeF(paint_rect.width(), paint_rect.height() - footer)
    doc = prepared.text_document(device)
    painter = QPainter()
    try:
        doc.setPageSize(body)
        keep_together(doc, body.height())
        pages = max(1, doc.pageCount())
        layout = doc.documentLayout()
        if not painter.begin(device):
            raise OSError(f"cannot print '{prepared.title}': the output could not be opened")
        for index in range(pages):
            try:
                report(progress, index, pages, f"page {index + 1} of {pages}")
            except DocumentCancelled:
                getattr(device, "abort", lambda: None)()
                raise
            if index:
                device.newPage()
            top = index * body.height()
            painter.save()
            painter.translate(0, -top)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, top, body.width(), body.height())
            painter.setClipRect(context.clip)
            layout.draw(painter, context)
            painter.restore()
            _paint_footer(painter, QRectF(0, body.height(), body.width(), footer), prepared.footer, index + 1, pages)
    finally:
        if painter.isActive():
            painter.end()
        # Let the document go here, in the thread that made it: an exception's traceback would
        # otherwise carry it to the GUI thread, which must not stop its timers.
        layout = None
        del doc, layout
    return pages


def pdf_target(path: str | os.PathLike) -> Path:
    """The file to write, refused up front when its folder is missing."""
    target = Path(path)
    if target.is_dir():
        raise OSError(f"cannot save the PDF: {target} is a folder; give a file name in it, e.g. {target / 'sheet.pdf'}")
    if not target.parent.is_dir():
        raise OSError(f"cannot save the PDF: the folder {target.parent} does not exist")
    return target


def write_pdf(prepared: PreparedDocument, path: str | os.PathLike, progress: Progress | None = None) -> int:
    """Save as PDF (written beside the target, then renamed: never half a file); returns the page count."""
    target = pdf_target(path)
    partial = target.with_name(f".{target.name}.part")
    writer = QPdfWriter(str(partial))
    writer.setResolution(PDF_DPI)
    writer.setTitle(prepared.title)
    writer.setCreator("Injection Tracker")
    writer.setPageLayout(page_layout_for(prepared.paper_size))
    try:
        pages = paint_document(prepared, writer, progress)
        del writer  # flushes and closes the file
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    log.info("wrote %s (%d pages)", target, pages)
    return pages
