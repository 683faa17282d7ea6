"""The progress report (one lesion, or every lesion of a patient), for reviews and referrals.

For each lesion: what it is and where, the treatment history with running
totals, the outcome chart with the injection dates marked (drawn by the
outcomes feature, handed in as ``chart``), the outcome scores, the first and
latest photo side by side, and the visit notes.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from tracker.printing import html as h
from tracker.printing.images import PRINT_SCALE, ImageSet, clinic_logo, photo_image
from tracker.printing.prepared import PreparedDocument, Progress, report
from tracker.printing.qt_app import ensure_gui_application
from tracker.services.documents import LesionReport, PhotoRef, ProgressDocument
from tracker.services.dosing import fmt

#: Draws a lesion's outcome chart at (width, height) pixels, or None when there is nothing to draw.
ChartRenderer = Callable[[LesionReport, int, int], "QImage | None"]

CHART_PX = (640, 230)
PHOTO_PX = (310, 240)
TABLE_PT = 10

STYLE = h.BASE_STYLE + """
.caption { font-size: 9.5pt; color: #555555; }
.lesion { page-break-inside: avoid; }
"""


def instrument_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _facts(lesion: LesionReport) -> str:
    parts = [f"<b>{h.esc(lesion.condition)}</b>, {h.esc(lesion.site)}", f"status: {h.esc(lesion.status)}"]
    if lesion.onset:
        parts.append(f"first noticed {h.esc(h.short_date(lesion.onset))}")
    text = "; ".join(parts)
    notes = f"<br>{h.esc(lesion.notes)}" if lesion.notes else ""
    return f"<p>{text}{notes}</p>"


def _history(lesion: LesionReport) -> str:
    if not lesion.rows:
        return "<h3>Treatment history</h3><p class=\"muted\">No signed injections recorded for this lesion.</p>"
    rows = [(h.short_date(r.day), r.agent, r.concentration, r.volume, str(r.points), r.dose, r.cumulative)
            for r in lesion.rows]
    table = h.table(("Date", "Medicine", "Strength", "Volume", "Points", "Dose", "Total so far"), rows,
                    widths=("14%", "28%", "12%", "10%", "9%", "11%", "16%"), font_pt=TABLE_PT)
    total = f"<p><b>Cumulative dose:</b> {h.esc('; '.join(lesion.cumulative))}</p>" if lesion.cumulative else ""
    visits = len({r.session_id for r in lesion.rows})
    return f"<h3>Treatment history ({visits} visit{'s' if visits != 1 else ''})</h3>{table}{total}"


def _outcome(lesion: LesionReport, images: ImageSet, chart: ChartRenderer | None) -> str:
    parts = []
    if chart is not None and lesion.scores:
        width, height = CHART_PX
        image = chart(lesion, round(width * PRINT_SCALE), round(height * PRINT_SCALE))
        if image is not None and not image.isNull():
            parts.append(f"<p>{images.tag('chart', image, width, height)}</p>")
    if lesion.scores:
        rows = [(h.short_date(p.day), instrument_label(p.instrument), "" if p.score is None else fmt(p.score), p.notes or "")
                for p in lesion.scores]
        if any(p.notes for p in lesion.scores):
            parts.append(h.table(("Date", "Measure", "Score", "Notes"), rows, widths=("15%", "30%", "12%", "43%"),
                                 font_pt=TABLE_PT))
        else:
            parts.append(h.table(("Date", "Measure", "Score"), [r[:3] for r in rows], widths=("20%", "55%", "25%"),
                                 font_pt=TABLE_PT))
    else:
        parts.append('<p class="muted">No outcome scores recorded yet.</p>')
    return "<h3>Outcome</h3>" + "".join(parts)


def _photo_cells(photo: PhotoRef | None, images: ImageSet) -> tuple[str, str]:
    """The picture and its caption for one photo (either may say why there is none)."""
    width, height = PHOTO_PX
    if photo is None:
        return '<span class="caption">no later photo yet</span>', ""
    image = photo_image(photo, QSize(round(width * PRINT_SCALE), round(height * PRINT_SCALE)))
    picture = images.tag("photo", image, width, height) if image is not None else "<i>photo file missing</i>"
    when = h.short_date(photo.taken) if photo.taken else "date unknown"
    label = f", {photo.label}" if photo.label else ""
    return picture, f'<span class="caption">{h.esc(when + label)}</span>'


def _photos(lesion: LesionReport, images: ImageSet) -> str:
    if lesion.first_photo is None:
        return ""
    first, first_caption = _photo_cells(lesion.first_photo, images)
    latest, latest_caption = _photo_cells(lesion.latest_photo, images)
    cell = '<td width="50%" align="center" valign="{}">{}</td>'
    rows = [("bottom", "<b>First photo</b>", "<b>Latest photo</b>"), ("middle", first, latest),
            ("top", first_caption, latest_caption)]
    body = "".join(f"<tr>{cell.format(v, a)}{cell.format(v, b)}</tr>" for v, a, b in rows)
    return f'<h3>Photos</h3><table width="100%" cellspacing="0" cellpadding="3">{body}</table>'


def _notes(lesion: LesionReport) -> str:
    lines = [f"{h.short_date(r.day)}: {r.note}" for r in lesion.rows if r.note]
    return f"<h3>Visit notes</h3>{h.bullets(lines)}" if lines else ""


def _lesion(index: int, lesion: LesionReport, images: ImageSet, chart: ChartRenderer | None, *, new_page: bool) -> str:
    brk = ' style="page-break-before: always;"' if new_page else ""
    return (f"<h2{brk}>{index}. {h.esc(lesion.label)}</h2>" + _facts(lesion) + _history(lesion)
            + _outcome(lesion, images, chart) + _photos(lesion, images) + _notes(lesion))


def build_progress(doc: ProgressDocument, *, chart: ChartRenderer | None = None,
                   progress: Progress | None = None) -> PreparedDocument:
    ensure_gui_application()
    images = ImageSet()
    logo = clinic_logo(doc.clinic.logo_path, images)
    heading = "Treatment progress report" if doc.scope == "lesion" else "Treatment progress report: all lesions"
    who = (f"<p><b>Patient:</b> {h.esc(doc.patient_name)} · chart {h.esc(doc.chart_number)} · "
           f"born {h.esc(h.short_date(doc.date_of_birth))}<br>"
           f"<span class=\"muted\">Prepared {h.esc(h.long_date(doc.prepared_on))}</span></p>")
    if doc.lesions:
        parts = []
        for i, lesion in enumerate(doc.lesions, start=1):
            report(progress, i - 1, len(doc.lesions), f"laying out {lesion.label}")
            parts.append(_lesion(i, lesion, images, chart, new_page=i > 1))
        body = "".join(parts)
    else:
        body = '<p class="muted">This patient has no lesions recorded.</p>'
    html = h.clinic_heading(doc.clinic, logo) + f"<h1>{h.esc(heading)}</h1>" + who + body
    single = doc.scope == "lesion" and len(doc.lesions) == 1
    subject = doc.lesions[0].label if single else "all lesions"
    record_id = doc.lesions[0].lesion_id if single else doc.patient_id
    title = f"Progress report - {doc.patient_name} - {subject}"
    footer = " · ".join(p for p in (doc.clinic.name, f"Progress report for {doc.patient_name}",
                                     h.short_date(doc.prepared_on)) if p)
    return PreparedDocument(title=title, html=f"<body>{html}</body>", stylesheet=STYLE, images=tuple(images.items),
                            paper_size=doc.clinic.paper_size, footer=footer, base_point_size=11.0,
                            kind=f"{doc.scope}_progress", record_id=record_id)
