"""The patient's aftercare sheet: laid out from an ``AftercareDocument`` (plain data).

Large type (12 pt body); at the top who and when, the next appointment, what
was treated on the body-map drawing and the medicine; then the guidance rules'
advice, with the warning signs and emergencies in boxes that stand out even in
grey. A typical visit (one lesion) fits on one page.
"""
from __future__ import annotations

from tracker.printing import html as h
from tracker.printing.images import PRINT_SCALE, ImageSet, body_map_image, clinic_logo
from tracker.printing.prepared import PreparedDocument
from tracker.printing.qt_app import ensure_gui_application
from tracker.services.body_map_data import VIEWS
from tracker.services.documents import AftercareDocument, GuidanceSection

MAP_HEIGHT_PX = 150
#: a little narrower than other documents' margins, so a typical visit's advice fits on one page
MARGIN_MM = 10.0
LEFT_COLUMN, RIGHT_COLUMN = "64%", "36%"
#: the right-hand column's width in CSS pixels (96 per inch) on the narrower of A4 and Letter
MAP_COLUMN_PX = 250
MAX_MAP_VIEWS = 3

STYLE = h.BASE_STYLE + """
.site { margin-bottom: 4px; }
.caption { font-size: 9pt; color: #555555; }
"""


def view_caption(view: str) -> str:
    return VIEWS.get(view, view.replace("_", " ").capitalize())


def _maps(doc: AftercareDocument, images: ImageSet) -> str:
    views = list(dict.fromkeys([m.view for m in doc.marks] + [a.view for a in doc.areas]))[:MAX_MAP_VIEWS]
    # Two or three drawings share the room one would have.
    width = MAP_COLUMN_PX // max(1, len(views)) - 6
    cells, drawn = [], set()
    for view in views:
        image = body_map_image(view, doc.marks, round(MAP_HEIGHT_PX * PRINT_SCALE), areas=doc.areas)
        if image is None:
            continue
        drawn.add(view)
        tag = images.tag("map", image, width, MAP_HEIGHT_PX)
        cells.append(f'<td align="center" valign="bottom">{tag}<br><span class="caption">{h.esc(view_caption(view))}</span></td>')
    shown = {m.number for m in doc.marks if m.view in drawn} | {a.number for a in doc.areas if a.view in drawn}
    missing = [site for site in doc.treated if site.number not in shown]
    note = ""
    if missing:  # a site no drawing has room for (the sole, say) is named, not silently left out
        names = "; ".join(f"{site.number}. {site.label}" for site in missing)
        note = f'<p class="caption">Not marked on {"the drawing" if cells else "a drawing"}: {h.esc(names)}</p>'
    if not cells:
        return note
    return f'<table cellspacing="0" cellpadding="2" align="center"><tr>{"".join(cells)}</tr></table>{note}'


def _treated(doc: AftercareDocument) -> str:
    parts = []
    for site in doc.treated:
        what = " · ".join([site.condition, *site.medicines])
        parts.append(f'<p class="site"><b>{site.number}. {h.esc(site.label)}</b> ({h.esc(site.site)})<br>'
                     f'<span class="muted">{h.esc(what)}</span></p>')
    return "".join(parts)


def _section_html(doc: AftercareDocument, section: GuidanceSection) -> str:
    if section.key == "warning_signs":
        title = f"{section.title}: {doc.clinic.phone}" if doc.clinic.phone else section.title
        return h.boxed(title, h.bullets(section.lines), h.WARNING_BG, h.WARNING_LINE)
    if section.key == "emergency":
        return h.boxed(section.title, h.bullets(section.lines), h.DANGER_BG, h.DANGER_LINE)
    return f"<h3>{h.esc(section.title)}</h3>{h.bullets(section.lines)}"


def _sources(doc: AftercareDocument) -> str:
    if not doc.sources:
        return ""
    # For the clinic's staff (which documents to look in if a patient asks), and said to be theirs.
    return (f'<p class="small" style="margin-top: 6px;">For clinic staff, the sources of this advice: '
            f'{h.esc("; ".join(doc.sources))}.</p>')


def _next_visit(doc: AftercareDocument) -> str:
    """The next appointment, near the top where it is seen; a line to write it on when none is planned."""
    if doc.next_visit is None:
        return "<b>Next appointment:</b> ______________________________"
    what = f" ({h.esc(doc.next_visit_text)})" if doc.next_visit_text else ""
    return f'<b>Next appointment:</b> <span style="color: {h.ACCENT};"><b>{h.esc(h.long_date(doc.next_visit))}</b></span>{what}'


def build_aftercare(doc: AftercareDocument) -> PreparedDocument:
    """Lay out the aftercare sheet."""
    ensure_gui_application()
    images = ImageSet()
    logo = clinic_logo(doc.clinic.logo_path, images)
    who = (f"<p><b>For:</b> {h.esc(doc.patient_name)} <span class=\"muted\">(chart {h.esc(doc.chart_number)})</span><br>"
           f"<b>Treated on:</b> {h.esc(h.long_date(doc.visit_date))}"
           + (f" <span class=\"muted\">by {h.esc(doc.clinician)}</span>" if doc.clinician else "")
           + f"<br>{_next_visit(doc)}</p>")
    maps = _maps(doc, images)
    sections = [s for s in doc.sections if s.lines]
    # At the top: who, what was treated and the medicine beside the drawing, with the emergencies under it.
    left = [s for s in sections if s.key == "medicine"]
    right = [s for s in sections if s.key == "emergency"]
    treated = (f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
               f'<td valign="top" width="{LEFT_COLUMN}">{who}<h3>What was treated</h3>{_treated(doc)}'
               + "".join(_section_html(doc, s) for s in left) + "</td>"
               f'<td valign="top" align="center" width="{RIGHT_COLUMN}" style="padding-left: 10px;">{maps}'
               + "".join(_section_html(doc, s) for s in right) + "</td></tr></table>")
    # Then when to call the clinic, first, so the warning signs stay on the first page however long the
    # rest of the advice runs.
    rest = [s for s in sections if s not in left and s not in right]
    rest.sort(key=lambda s: s.key != "warning_signs")
    body = "".join(_section_html(doc, s) for s in rest)
    html = h.letterhead(doc.clinic, logo, "Aftercare instructions") + treated + body + _sources(doc)
    title = f"Aftercare - {doc.patient_name} - {doc.visit_date.isoformat()}"
    draft = "" if doc.signed else "DRAFT: the visit record is not signed yet"
    footer = " · ".join(p for p in (doc.clinic.name, f"Aftercare for {doc.patient_name}", h.short_date(doc.visit_date),
                                     draft) if p)
    return PreparedDocument(title=title, html=f"<body>{html}</body>", stylesheet=STYLE, images=tuple(images.items),
                            paper_size=doc.clinic.paper_size, footer=footer, base_point_size=12.0, margin_mm=MARGIN_MM,
                            kind="aftercare", record_id=doc.session_id)
