"""The patient's aftercare sheet: laid out from an ``AftercareDocument`` (plain data).

Large type (12 pt body), the warning signs and emergencies in boxes that
stand out even in grey, the next appointment at the end. A typical visit fits
on one page.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.printing import html as h
from tracker.printing.images import PRINT_SCALE, ImageSet, body_map_image, clinic_logo, drawing_path
from tracker.printing.prepared import PreparedDocument
from tracker.printing.qt_app import ensure_gui_application
from tracker.services.body_map_data import VIEWS
from tracker.services.documents import AftercareDocument, GuidanceSection

MAP_HEIGHT_PX = 190
MAX_MAP_VIEWS = 3
#: Section keys in print order; the guidance rules may add others (printed after "care").
ORDER = ("medicine", "what_to_expect", "care", "warning_signs", "emergency")
TITLES = {
    "medicine": "Your medicine",
    "what_to_expect": "What to expect",
    "care": "Looking after the treated area",
    "warning_signs": "When to call the clinic",
    "emergency": "Emergencies",
}

STYLE = h.BASE_STYLE + """
.site { margin-bottom: 4px; }
.caption { font-size: 9pt; color: #555555; }
"""


def view_caption(view: str) -> str:
    return VIEWS.get(view, view.replace("_", " ").capitalize())


def _maps(doc: AftercareDocument, images: ImageSet, drawings: Callable[[str], Path | None]) -> str:
    views: list[str] = []
    for mark in doc.marks:
        if mark.view not in views:
            views.append(mark.view)
    views = views[:MAX_MAP_VIEWS]
    # Two or three drawings share the room one would have.
    height = round(MAP_HEIGHT_PX * (1.0, 0.8, 0.68)[len(views) - 1]) if views else MAP_HEIGHT_PX
    cells = []
    for view in views:
        image = body_map_image(view, doc.marks, round(height * PRINT_SCALE), drawings(view))
        if image is None:
            continue
        tag = images.tag("map", image, round(MAP_HEIGHT_PX * 0.9), height)
        cells.append(f'<td align="center" valign="bottom">{tag}<br><span class="caption">{h.esc(view_caption(view))}</span></td>')
    if not cells:
        return ""
    return f'<table cellspacing="0" cellpadding="2" align="right"><tr>{"".join(cells)}</tr></table>'


def _treated(doc: AftercareDocument) -> str:
    parts = []
    for site in doc.treated:
        what = " · ".join([site.condition, *site.medicines])
        parts.append(f'<p class="site"><b>{site.number}. {h.esc(site.label)}</b> ({h.esc(site.site)})<br>'
                     f'<span class="muted">{h.esc(what)}</span></p>')
    return "".join(parts)


def _sections(doc: AftercareDocument) -> list[GuidanceSection]:
    by_key = {s.key: s for s in doc.sections if s.lines}
    if "medicine" not in by_key and doc.medicines:
        by_key["medicine"] = GuidanceSection("medicine", TITLES["medicine"], doc.medicines)
    extra = [s for key, s in by_key.items() if key not in ORDER]
    ordered = [by_key[k] for k in ORDER[:3] if k in by_key] + extra + [by_key[k] for k in ORDER[3:] if k in by_key]
    return ordered


def _section_html(doc: AftercareDocument, section: GuidanceSection) -> str:
    title = section.title or TITLES.get(section.key, section.key)
    if section.key == "warning_signs":
        call = f"Call the clinic on {doc.clinic.phone}." if doc.clinic.phone else ""
        body = h.bullets(section.lines) + (f"<p><b>{h.esc(call)}</b></p>" if call else "")
        return h.boxed(title, body, h.WARNING_BG, h.WARNING_LINE)
    if section.key == "emergency":
        return h.boxed(title, h.bullets(section.lines), h.DANGER_BG, h.DANGER_LINE)
    return f"<h3>{h.esc(title)}</h3>{h.bullets(section.lines)}"


def _next_visit(doc: AftercareDocument) -> str:
    if doc.next_visit is not None:
        what = f" ({h.esc(doc.next_visit_text)})" if doc.next_visit_text else ""
        text = f"<b>{h.esc(h.long_date(doc.next_visit))}</b>{what}"
    else:
        text = "_______________________________ (the clinic writes it here)"
    return (f'<table width="100%" cellspacing="0" cellpadding="6" style="margin-top: 8px; border-collapse: collapse;">'
            f'<tr><td style="border: 1px solid {h.ACCENT};"><b>Your next appointment:</b> {text}</td></tr></table>')


def build_aftercare(doc: AftercareDocument, *, drawings: Callable[[str], Path | None] = drawing_path) -> PreparedDocument:
    """Lay out the aftercare sheet; ``drawings`` finds the SVG of a body-map view."""
    ensure_gui_application()
    images = ImageSet()
    logo = clinic_logo(doc.clinic.logo_path, images)
    who = (f"<p><b>For:</b> {h.esc(doc.patient_name)} <span class=\"muted\">(chart {h.esc(doc.chart_number)})</span><br>"
           f"<b>Treated on:</b> {h.esc(h.long_date(doc.visit_date))}"
           + (f" <span class=\"muted\">by {h.esc(doc.clinician)}</span>" if doc.clinician else "") + "</p>")
    maps = _maps(doc, images, drawings)
    treated = f"{who}<h3>What was treated</h3>{_treated(doc)}"
    if maps:
        treated = (f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td valign="top">{treated}</td>'
                   f'<td valign="top" align="right">{maps}</td></tr></table>')
    body = "".join(_section_html(doc, s) for s in _sections(doc))
    sources = ""
    if doc.citations:
        sources = f'<p class="small" style="margin-top: 8px;">Based on: {h.esc("; ".join(doc.citations))}</p>'
    html = (h.clinic_heading(doc.clinic, logo) + "<h1>Your aftercare instructions</h1>"
            + treated + body + _next_visit(doc) + sources)
    title = f"Aftercare - {doc.patient_name} - {doc.visit_date.isoformat()}"
    draft = "" if doc.signed else "DRAFT: the visit record is not signed yet"
    footer = " · ".join(p for p in (doc.clinic.name, f"Aftercare for {doc.patient_name}", h.short_date(doc.visit_date),
                                     draft) if p)
    return PreparedDocument(title=title, html=f"<body>{html}</body>", stylesheet=STYLE, images=tuple(images.items),
                            paper_size=doc.clinic.paper_size, footer=footer, base_point_size=12.0,
                            kind="aftercare", record_id=doc.session_id)
