"""The day's call list: patients to contact, with what is due for each, as a
printable QTextDocument (print preview) or a PDF. QtGui only; plain data in."""
from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from tracker.services.guidance.reminders import CallListEntry

STYLE = """
body { font-family: sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 15pt; margin: 0; }
p.sub { color: #444; margin: 2px 0 10px 0; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; background: #e8ecf2; padding: 4px; border-bottom: 1px solid #888; }
td { padding: 4px; vertical-align: top; border-bottom: 1px solid #ccc; }
td.notes { width: 28%; }
span.overdue { color: #8a1c13; font-weight: bold; }
span.detail { font-size: 9pt; color: #333; }
"""


def call_list_html(day: date, entries: list[CallListEntry], clinic: dict[str, str]) -> str:
    name = escape(clinic.get("clinic_name") or "Clinic")
    rows = []
    for n, entry in enumerate(entries, 1):
        items = []
        for rem in entry.items:
            late = f' <span class="overdue">(due {rem.when.strftime("%d %b")})</span>' if rem.when < day else ""
            detail = f"<br/><span class='detail'>{escape(rem.detail)}</span>" if rem.detail else ""
            items.append(f"<b>{escape(rem.title)}</b>{late}{detail}")
        rows.append(
            f"<tr><td>{n}</td><td><b>{escape(entry.patient_name)}</b><br/>{escape(entry.chart_number)}</td>"
            f"<td>{escape(entry.phone or 'no phone on file')}</td><td>{'<br/>'.join(items)}</td>"
            f"<td class='notes'>&#9744; reached &nbsp; &#9744; message left<br/><br/>Notes:</td></tr>"
        )
    body = ("".join(rows) if rows else "<tr><td colspan='5'>Nobody to call today.</td></tr>")
    return (
        f"<html><head><style>{STYLE}</style></head><body>"
        f"<h1>Call list \u2013 {escape(day.strftime('%A %d %B %Y'))}</h1>"
        f"<p class='sub'>{name} \u00b7 {len(entries)} patient(s) \u00b7 check-in calls first, then overdue follow-ups</p>"
        "<table><tr><th>#</th><th>Patient</th><th>Phone</th><th>What to ask or arrange</th><th>Outcome</th></tr>"
        f"{body}</table></body></html>"
    )


def call_list_document(day: date, entries: list[CallListEntry], clinic: dict[str, str]) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(call_list_html(day, entries, clinic))
    return doc


def pdf_writer(path: Path) -> QPdfWriter:
    """A landscape A4 PDF (QtGui's writer: the printing package does without QtWidgets)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    return writer


def write_call_list_pdf(path: Path, day: date, entries: list[CallListEntry], clinic: dict[str, str]) -> Path:
    """Render the call list to a PDF file (safe to run in a worker thread)."""
    path = Path(path)
    call_list_document(day, entries, clinic).print_(pdf_writer(path))
    return path
