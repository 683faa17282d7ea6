"""The progress chart of one lesion: a score over time, the injection
sessions marked (doses) and the cumulative dose on a second axis.

``build_progress_chart(data, key)`` gives a QChart for a QChartView;
``render_progress_chart(data, width_px, height_px)`` paints the same chart
into a QImage without any window (printed reports). Both need a
QApplication (``ensure_app`` makes an offscreen one for scripts).
"""
from __future__ import annotations

import logging
import math
import os
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCharts import QChart, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis, QXYSeries
from PySide6.QtCore import QDate, QDateTime, QMargins, QRectF, QSizeF, Qt, QTime
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QGraphicsScene

from tracker.services.instruments.definitions import plain, round_to
from tracker.services.outcome_data import short_agent
from tracker.services.progress import ProgressData, ProgressSeries

log = logging.getLogger(__name__)

SCORE_COLOUR = QColor("#1f5fbf")
INJECTION_COLOUR = QColor("#7a3fb0")
CUMULATIVE_COLOURS = (QColor("#d9822b"), QColor("#8c5a1c"), QColor("#b03a2e"))
REFERENCE_COLOUR = QColor("#2e8b57")
LANE = 0.16  # share of the scale's height added below it for the injection marks


def ensure_app() -> QApplication:
    """The running QApplication, or an offscreen one for a script without a window."""
    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app


def msecs(day: date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def _time_range(data: ProgressData) -> tuple[date, date]:
    first, last = data.first_day, data.last_day
    if first is None:
        today = date.today()
        return today - timedelta(days=30), today
    pad = timedelta(days=max(7, (last - first).days // 20))
    return first - pad, last + pad


def nice_interval(span: float, integer: bool) -> float:
    """A round tick step giving about six ticks: 1, 2, 2.5 or 5 times a power of ten."""
    raw = max(span, 1e-9) / 6
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer and power < 10 else (1, 2, 2.5, 5, 10)
    step = next(s * power for s in steps if s * power >= raw)
    return max(step, 1.0) if integer else step


def _value_range(series: ProgressSeries | None) -> tuple[float, float, float]:
    """(low, high, tick step): the instrument's own range when it has both ends,
    else from zero to a round number above the highest value."""
    if series is None:
        return 0.0, 1.0, 1.0
    values = [p.value for p in series.points] + [v for v, _ in series.reference_lines]
    low = float(series.min if series.min is not None else min(min(values), Decimal(0)))
    integer = series.decimals == 0
    if series.max is not None:
        high = float(series.max)
        return low, high, nice_interval(high - low, integer)
    top = float(max(values)) * 1.1 or 1.0
    step = nice_interval(top - low, integer)
    return low, step * math.ceil(top / step), step


def _line(name: str, colour: QColor, width: float, style: Qt.PenStyle = Qt.SolidLine) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    pen = QPen(colour, width)
    pen.setStyle(style)
    series.setPen(pen)
    return series


def _attach(chart: QChart, series, *axes) -> None:  # noqa: ANN001
    chart.addSeries(series)
    for axis in axes:
        series.attachAxis(axis)


def _show_point_labels(series, colour: QColor, scale: float, *, bold: bool = False) -> None:  # noqa: ANN001
    series.setPointLabelsVisible(True)
    series.setPointLabelsClipping(False)
    series.setPointLabelsColor(colour)
    font = QFont(series.pointLabelsFont())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    series.setPointLabelsFont(font)


def _score_series(chart: QChart, series: ProgressSeries, x_axis, y_axis, scale: float, lift: float) -> None:  # noqa: ANN001
    """The score line with its points, and each value written just above its point
    (by a hidden series lifted by ``lift`` axis units, so labels never sit on the marks)."""
    line = _line(series.label, SCORE_COLOUR, 2.5 * scale)
    line.setPointsVisible(True)
    line.setMarkerSize(7 * scale)
    labels = QScatterSeries()
    labels.setMarkerSize(1)
    labels.setColor(Qt.transparent)
    labels.setBorderColor(Qt.transparent)
    for point in series.points:
        line.append(msecs(point.day), float(point.value))
        labels.append(msecs(point.day), float(point.value) + lift)
    _attach(chart, line, x_axis, y_axis)
    _attach(chart, labels, x_axis, y_axis)
    _hide_from_legend(chart, labels)
    _show_point_labels(labels, SCORE_COLOUR.darker(130), scale, bold=True)
    for i, point in enumerate(series.points):
        text = _format(series, point.value) + (f" {point.band}" if point.band else "")
        labels.setPointConfiguration(i, {QXYSeries.PointConfiguration.LabelFormat: text})


def _hide_from_legend(chart: QChart, series) -> None:  # noqa: ANN001
    for marker in chart.legend().markers(series):
        marker.setVisible(False)


def _format(series: ProgressSeries, value: Decimal) -> str:
    return plain(round_to(value, series.decimals))


def _reference_lines(chart: QChart, series: ProgressSeries, span: tuple[date, date], x_axis, y_axis, scale: float) -> None:  # noqa: ANN001
    for value, label in series.reference_lines:
        line = _line(label, REFERENCE_COLOUR, 1.5 * scale, Qt.DashLine)
        line.append(msecs(span[0]), float(value))
        line.append(msecs(span[1]), float(value))
        _attach(chart, line, x_axis, y_axis)


def _dose_label(doses: tuple[tuple[str, str, Decimal], ...]) -> str:
    units = {unit for _, unit, _ in doses}
    if len(units) == 1:
        return " + ".join(plain(d) for _, _, d in doses) + f" {units.pop()}"
    return " + ".join(f"{plain(d)} {u}" for _, u, d in doses)


def _session_lines(chart: QChart, data: ProgressData, x_axis, y_axis, bottom: float, top: float) -> None:  # noqa: ANN001
    """A faint vertical line at each injection session, left out of the legend."""
    pen_colour = QColor(INJECTION_COLOUR)
    pen_colour.setAlpha(70)
    for ses in data.sessions:
        line = _line("", pen_colour, 1, Qt.DotLine)
        line.append(msecs(ses.day), bottom)
        line.append(msecs(ses.day), top)
        _attach(chart, line, x_axis, y_axis)
        _hide_from_legend(chart, line)


def _injection_marks(chart: QChart, data: ProgressData, x_axis, y_axis, y_low: float, plot_width: float, scale: float) -> None:  # noqa: ANN001
    if not data.sessions:
        return
    agents = []
    for ses in data.sessions:
        for name, unit, _ in ses.doses:
            if (name, unit) not in agents:
                agents.append((name, unit))
    marks = QScatterSeries()
    marks.setName("Injection: " + " + ".join(short_agent(n) for n, _ in agents))
    marks.setMarkerShape(QScatterSeries.MarkerShapeTriangle)
    marks.setMarkerSize(13 * scale)
    marks.setColor(INJECTION_COLOUR)
    marks.setBorderColor(INJECTION_COLOUR.darker(140))
    for ses in data.sessions:
        marks.append(msecs(ses.day), y_low)
    _attach(chart, marks, x_axis, y_axis)
    _show_point_labels(marks, INJECTION_COLOUR.darker(150), scale)
    # Label as many sessions as fit without overlapping, by each label's own width
    # (a short "0.25 mg" fits where a long mixture's label would not).
    span_ms = max(1.0, x_axis.max().toMSecsSinceEpoch() - x_axis.min().toMSecsSinceEpoch())
    metrics = QFontMetricsF(marks.pointLabelsFont())
    gap = metrics.horizontalAdvance("  ")
    last_x, last_half = None, 0.0
    for i, ses in enumerate(data.sessions):
        x = (msecs(ses.day) - x_axis.min().toMSecsSinceEpoch()) / span_ms * plot_width
        text = _dose_label(ses.doses)
        half = metrics.horizontalAdvance(text) / 2
        if last_x is None or x - last_x >= last_half + half + gap:
            marks.setPointConfiguration(i, {QXYSeries.PointConfiguration.LabelFormat: text})
            last_x, last_half = x, half
        else:
            marks.setPointConfiguration(i, {QXYSeries.PointConfiguration.LabelVisibility: False})


def _cumulative(chart: QChart, data: ProgressData, span: tuple[date, date], x_axis, scale: float) -> None:  # noqa: ANN001
    steps = data.cumulative()
    if not steps:
        return
    keys = list(dict(steps[-1][1]))
    units = {unit for _, unit in keys}
    axis = QValueAxis()
    axis.setTitleText(f"Cumulative dose ({units.pop()})" if len(units) == 1 else "Cumulative dose")
    axis.setGridLineVisible(False)
    axis.setLinePenColor(CUMULATIVE_COLOURS[0])
    axis.setLabelsColor(CUMULATIVE_COLOURS[0].darker(140))
    chart.addAxis(axis, Qt.AlignRight)
    top = 0.0
    for n, key in enumerate(keys):
        name, unit = key
        line = _line(f"Cumulative {short_agent(name)} ({unit})", CUMULATIVE_COLOURS[n % len(CUMULATIVE_COLOURS)], 2 * scale, Qt.DashLine)
        before = 0.0
        for day, totals in steps:
            now = float(dict(totals).get(key, Decimal(0)))
            line.append(msecs(day), before)
            line.append(msecs(day), now)
            before = now
        line.append(msecs(span[1]), before)
        top = max(top, before)
        _attach(chart, line, x_axis, axis)
    step = nice_interval(top * 1.1 or 1.0, integer=False)
    high = step * math.ceil((top * 1.1 or 1.0) / step)
    axis.setRange(-high * LANE, high)  # the same lane as the score axis, so both zeros line up
    axis.setTickType(QValueAxis.TicksDynamic)
    axis.setTickAnchor(0.0)
    axis.setTickInterval(step)
    axis.setLabelFormat(label_format(step))


def label_format(step: float) -> str:
    """As many decimals as the tick step has: a step of 2.5 labels 7.5, not 8."""
    exponent = Decimal(f"{step:.6g}").normalize().as_tuple().exponent
    return f"%.{max(0, -exponent) if isinstance(exponent, int) else 1}f"


def _style_axis(axis, scale: float) -> None:  # noqa: ANN001
    font = QFont(axis.labelsFont())
    font.setPointSizeF(font.pointSizeF() * scale)
    axis.setLabelsFont(font)
    title = QFont(axis.titleFont())
    title.setPointSizeF(title.pointSizeF() * scale)
    axis.setTitleFont(title)


def build_progress_chart(data: ProgressData, key: str | None = None, *, width_px: float = 800,
                         height_px: float = 420, scale: float = 1.0) -> QChart:
    """The chart of one series (default: the lesion's main one) with injections and cumulative dose."""
    series = data.series_for(key)
    chart = QChart()
    chart.setAnimationOptions(QChart.NoAnimation)
    chart.setMargins(QMargins(6, 6, 6, 6))
    title = f"{data.lesion_label}: {series.label}" if series else f"{data.lesion_label}: no assessments recorded yet"
    chart.setTitle(title)
    title_font = QFont(chart.titleFont())
    title_font.setPointSizeF(max(title_font.pointSizeF(), 11) * scale)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    span = _time_range(data)
    x_axis = QDateTimeAxis()
    long_span = (span[1] - span[0]).days > 400
    x_axis.setFormat("MMM yyyy" if long_span else "d MMM yy")
    x_axis.setRange(QDateTime.fromMSecsSinceEpoch(int(msecs(span[0]))), QDateTime.fromMSecsSinceEpoch(int(msecs(span[1]))))
    x_axis.setTickCount(max(3, min(8, int(width_px // 120))))
    x_axis.setTitleText("Date")
    chart.addAxis(x_axis, Qt.AlignBottom)
    y_axis = QValueAxis()
    low, high, step = _value_range(series)
    # A lane below the scale holds the injection marks, so their labels never
    # cover a score near the bottom; ticks stay on round numbers of the scale.
    lane = (high - low) * LANE
    y_axis.setRange(low - lane, high)
    y_axis.setTickType(QValueAxis.TicksDynamic)
    y_axis.setTickAnchor(0.0 if low >= 0 else low)
    y_axis.setTickInterval(step)
    y_axis.setLabelFormat(label_format(step))
    y_axis.setTitleText(series.axis_title if series else "Score")
    if series is None:
        y_axis.setLabelsVisible(False)
    chart.addAxis(y_axis, Qt.AlignLeft)
    for axis in (x_axis, y_axis):
        _style_axis(axis, scale)
    plot_width = max(100.0, width_px - 190 * scale)
    if series is not None:
        _reference_lines(chart, series, span, x_axis, y_axis, scale)
        plot_height = max(80.0, height_px - 170 * scale)  # what title, legend and date axis leave
        _score_series(chart, series, x_axis, y_axis, scale, lift=(high - low + lane) * 5 * scale / plot_height)
    _session_lines(chart, data, x_axis, y_axis, low - lane * 0.55, high)
    _injection_marks(chart, data, x_axis, y_axis, low - lane * 0.55, plot_width, scale)
    _cumulative(chart, data, span, x_axis, scale)
    for axis in chart.axes():
        _style_axis(axis, scale) if axis not in (x_axis, y_axis) else None
    legend = chart.legend()
    legend.setAlignment(Qt.AlignBottom)
    legend_font = QFont(legend.font())
    legend_font.setPointSizeF(legend_font.pointSizeF() * scale)
    legend.setFont(legend_font)
    return chart


def render_progress_chart(data: ProgressData, width_px: int, height_px: int, *, key: str | None = None) -> QImage:
    """The progress chart painted into an image, with no window shown.

    Fonts grow with the image (a 1600-pixel-wide image for print gets fonts
    twice the size of an 800-pixel one), so text stays readable on paper.
    """
    ensure_app()
    scale = max(1.0, min(width_px / 800, height_px / 420))
    chart = build_progress_chart(data, key, width_px=width_px, height_px=height_px, scale=scale)
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.resize(QSizeF(width_px, height_px))
    image = QImage(width_px, height_px, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, width_px, height_px), QRectF(0, 0, width_px, height_px))
    painter.end()
    scene.removeItem(chart)
    chart.deleteLater()
    log.debug("rendered progress chart of lesion %s at %dx%d", data.lesion_id, width_px, height_px)
    return image
