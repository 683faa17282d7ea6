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
from tracker.services.documents import LesionReport, ProgressDocument, ReportPhoto
from tracker.services.instruments import instrument
from tracker.services.progress import ProgressData, ProgressSeries

#: Draws a lesion's outcome chart (score over time, injections marked) at (width, height) pixels:
#: ``tracker.charts.progress_chart.render_progress_chart``, handed in by the caller because
#: QtCharts needs QtWidgets, which the printing package does without.
ChartRenderer = Callable[[ProgressData, int, int], "QImage | None"]

CHART_PX = (640, 336)  # the chart's own proportions (800 x 420), so its lettering keeps its size
PHOTO_PX = (310, 240)
TABLE_PT = 10
MAX_METRICS = 4

STYLE = h.BASE_STYLE + """
.caption { font-size: 9.5pt; color: #555555; }
.lesion { page-break-inside: avoid; }
"""


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


def _score_table(series: list[ProgressSeries]) -> str:
    """One instrument's measurements: a row per assessment date, a column per metric (the main ones first)."""
    shown = series[:MAX_METRICS]
    values = {s.key: {p.day: p.value for p in s.points} for s in shown}
    days = sorted({day for s in shown for day in values[s.key]})
    rows = [(h.short_date(day), *(s.definition.format(values[s.key].get(day)) for s in shown)) for day in days]
    name = instrument(shown[0].instrument)
    title = name.short_name if name else shown[0].instrument
    return (f"<h4>{h.esc(title)}</h4>"
            + h.table(("Date", *(s.label for s in shown)), rows, font_pt=TABLE_PT))


def _outcome(lesion: LesionReport, images: ImageSet, chart: ChartRenderer | None) -> str:
    outcome = lesion.outcome
    if outcome is None or not outcome.series:
        return '<h3>Outcome</h3><p class="muted">No outcome scores recorded yet.</p>'
    parts = [f"<p><b>Response:</b> {h.esc(' '.join(outcome.summary))}</p>"] if outcome.summary else []
    if chart is not None:
        width, height = CHART_PX
        image = chart(outcome, round(width * PRINT_SCALE), round(height * PRINT_SCALE))
        if image is not None and not image.isNull():
            parts.append(f"<p>{images.tag('chart', image, width, height)}</p>")
    by_instrument: dict[str, list[ProgressSeries]] = {}
    for series in outcome.series:
        by_instrument.setdefault(series.instrument, []).append(series)
    parts += [_score_table(series) for series in by_instrument.values()]
    return "<h3>Outcome</h3>" + "".join(parts)


def _photo_cells(photo: ReportPhoto | None, images: ImageSet) -> tuple[str, str]:
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
    heading = "Treatment progress report" if doc.scope == "lesion" else "Progress report: all lesions"
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
    html = h.letterhead(doc.clinic, logo, heading) + who + body
    single = doc.scope == "lesion" and len(doc.lesions) == 1
    subject = doc.lesions[0].label if single else "all lesions"
    record_id = doc.lesions[0].lesion_id if single else doc.patient_id
    title = f"Progress report - {doc.patient_name} - {subject}"
    footer = " · ".join(p for p in (doc.clinic.name, f"Progress report for {doc.patient_name}",
                                     h.short_date(doc.prepared_on)) if p)
    return PreparedDocument(title=title, html=f"<body>{html}</body>", stylesheet=STYLE, images=tuple(images.items),
                            paper_size=doc.clinic.paper_size, footer=footer, base_point_size=11.0,
                            kind=f"{doc.scope}_progress", record_id=record_id)
