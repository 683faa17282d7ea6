"""The card delegate shared by the photo grid and the import preview grid:
a fitted thumbnail with a caption under it, and a warning line in red.

Models give: DecorationRole (QImage or None while loading), DisplayRole
(caption), ThumbErrorRole (why there is no thumbnail) and WarningRole
(e.g. "voided", or why a file will not be imported).
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from tracker.ui.photos.shared import paint_thumbnail

ThumbErrorRole = Qt.ItemDataRole.UserRole + 10
WarningRole = Qt.ItemDataRole.UserRole + 11

CARD = QSize(188, 206)
THUMB_HEIGHT = 136
CAPTION_LINES = 3


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
        metrics = QFontMetrics(option.font)
        warning = index.data(WarningRole)
        if warning:
            painter.setPen(QColor("#ffe3e3") if selected else QColor("#b02a37"))
            height = min(lines.height() // 2, metrics.height() * 2)
            painter.drawText(QRect(lines.left(), lines.bottom() - height, lines.width(), height),
                             Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                             metrics.elidedText(str(warning), Qt.TextElideMode.ElideRight, lines.width() * 2 - 8))
            lines.setBottom(lines.bottom() - height)
        painter.setPen(option.palette.highlightedText().color() if selected else QColor("#212529"))
        painter.drawText(lines, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.restore()


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
