"""Small pieces shared by the progress widgets: labels, tables, trend colours."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from tracker.services.instruments.trends import Trend
from tracker.ui.widgets.main_column import MainColumn

TREND_COLOURS = {
    Trend.IMPROVING: ("#e3f4e8", "#1c6b34"),
    Trend.STABLE: ("#eef1f5", "#3b4a5a"),
    Trend.WORSE: ("#fde2e1", "#8a1c13"),
    Trend.WORSE_AGAIN: ("#fde2e1", "#8a1c13"),
    Trend.NOT_ENOUGH: ("#ffffff", "#6b6b6b"),
}
TREND_SYMBOLS = {Trend.IMPROVING: "↑ ", Trend.WORSE: "↓ ", Trend.WORSE_AGAIN: "↓ ", Trend.STABLE: "→ ", Trend.NOT_ENOUGH: ""}
FLAG_COLOUR = "#8a1c13"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #5f6368;")
    label.setWordWrap(True)
    return label


def day_cell(day: date | None) -> str:
    return day.strftime("%d %b %Y") if day else "—"


def make_table(headers: list[str], name: str, stretch: int | None = None, *, least_chars: int = 16) -> QTableWidget:
    """A read-only, row-selecting table; ``stretch`` is the column that takes
    spare width (default: the last), never narrower than ``least_chars``.
    Tab leaves it for the next control (arrows move between rows)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    table.main_column = MainColumn(table, header, len(headers) - 1 if stretch is None else stretch, least_chars)
    table.setMinimumHeight(90)
    return table


def cell(text: str, *, data: object = None, colours: tuple[str, str] | None = None, tip: str | None = None,
         align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.UserRole, data)
    if colours:
        item.setBackground(QColor(colours[0]))
        item.setForeground(QColor(colours[1]))
    if tip:
        item.setToolTip(tip)
    if align_right:
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    return item


def trend_cell(trend: Trend, tip: str | None = None) -> QTableWidgetItem:
    return cell(TREND_SYMBOLS[trend] + trend.label, data=trend.value, colours=TREND_COLOURS[trend], tip=tip)

