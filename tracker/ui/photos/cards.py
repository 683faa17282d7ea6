"""The card delegate shared by the photo grid and the import preview grid:
a fitted thumbnail with a caption under it, and a warning in red at the
bottom, wrapped onto as many lines as the card has room for (at least two);
only a warning longer than that is cut, with an ellipsis, and the models put
the whole warning in the card's tooltip.

Models give: DecorationRole (QImage or None while loading), DisplayRole
(caption), ThumbErrorRole (why there is no thumbnail) and WarningRole
(e.g. "voided", or why a file will not be imported).
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from tracker.ui.photos.shared import paint_thumbnail

ThumbErrorRole = Qt.ItemDataRole.UserRole + 10
WarningRole = Qt.ItemDataRole.UserRole + 11

CARD = QSize(188, 206)
THUMB_HEIGHT = 136
CAPTION_LINES = 3
WARNING_LINES = 2  # a warning always gets at least this many lines, whatever the caption


def wrapped_lines(text: str, font: QFont, width: int, most: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (between words where it can);
    when it needs more than ``most`` lines, the last one shown ends with an ellipsis."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts: list[int] = []
    layout.beginLayout()
    while len(starts) <= most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    lines = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]
    if len(lines) > most:
        lines = lines[:most]
        rest = text[starts[most - 1]:].strip()
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


class PhotoCardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None, card: QSize = CARD, thumb_height: int = THUMB_HEIGHT) -> None:
        super().__init__(parent)
        self.card, self.thumb_height = card, thumb_height

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return self.card

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        rect = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, option.palette.highlight() if selected else QColor("#ffffff"))
        painter.setPen(QColor("#adb5bd"))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        thumb = QRect(rect.left() + 4, rect.top() + 4, rect.width() - 8, self.thumb_height)
        error = index.data(ThumbErrorRole)
        paint_thumbnail(painter, thumb, index.data(Qt.ItemDataRole.DecorationRole),
                        "no preview" if error else "loading…")
        lines = QRect(rect.left() + 4, thumb.bottom() + 3, rect.width() - 8, rect.bottom() - thumb.bottom() - 4)
        caption = index.data(Qt.ItemDataRole.DisplayRole) or ""
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        warning = index.data(WarningRole)
        if warning:
            painter.setPen(QColor("#ffe3e3") if selected else QColor("#b02a37"))
            lines.setBottom(self._paint_warning(painter, option.font, lines, str(warning), caption, flags))
        painter.setPen(option.palette.highlightedText().color() if selected else QColor("#212529"))
        painter.drawText(lines, flags, caption)
        painter.restore()

    @staticmethod
    def _paint_warning(painter: QPainter, font: QFont, area: QRect, warning: str, caption: str, flags) -> int:  # noqa: ANN001
        """Paint the warning at the bottom of ``area`` in the room the caption leaves; returns the caption's last row."""
        metrics = QFontMetrics(font)
        step = metrics.lineSpacing()
        below_caption = area.height() - metrics.boundingRect(QRect(0, 0, area.width(), 100_000), flags, caption).height()
        most = min(max(WARNING_LINES, below_caption // step), max(1, area.height() // step))
        rows = wrapped_lines(warning, font, area.width(), most)
        top = area.bottom() + 1 - len(rows) * step
        for n, row in enumerate(rows):
            painter.drawText(QRect(area.left(), top + n * step, area.width(), step), Qt.AlignmentFlag.AlignHCenter, row)
        return top - 1


class CardGridView(QListView):
    """A wrapping grid of cards; only the items on screen are painted (and so asked for thumbnails)."""

    def __init__(self, parent: QWidget | None = None, card: QSize = CARD, thumb_height: int = THUMB_HEIGHT) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        # Room for three caption lines in the font in use (staff may enlarge it).
        card = QSize(card.width(), max(card.height(), thumb_height + 14 + CAPTION_LINES * self.fontMetrics().lineSpacing()))
        self.setGridSize(card)
        self.setSpacing(0)
        self.setWordWrap(True)
        self.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.setItemDelegate(PhotoCardDelegate(self, card, thumb_height))

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.selectionModel().selectedIndexes()})
