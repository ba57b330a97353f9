"""Rating chips: the rating in words on a coloured pill, with marks in words beside it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from inspector_app.core.ratings import Rating
from inspector_app.gui.item_models.roles import (
    KindRole,
    RatingRole,
    as_rating,
)
from inspector_app.gui.theme import RATING_COLOURS, TEXT_MUTED, rating_text

CHIP_PADDING = 10


def chip_font(base: QFont, scale: float = 1.0) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def chip_size(font: QFont, text: str, height: int) -> QSize:
    return QSize(QFontMetrics(font).horizontalAdvance(text) + 2 * CHIP_PADDING, height)


def paint_chip(
    painter: QPainter, rect: QRect, rating: Rating | None, font: QFont, text: str | None = None
) -> int:
    """Paint a chip at the left of ``rect``, vertically centred. Returns its width."""
    label = text if text is not None else rating_text(rating)
    colours = RATING_COLOURS[rating]
    height = min(rect.height() - 4, QFontMetrics(font).height() + 8)
    size = chip_size(font, label, height)
    chip = QRectF(
        rect.left() + 0.5, rect.top() + (rect.height() - height) / 2 + 0.5, size.width(), height
    )
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(colours.border), 1))
    painter.setBrush(QColor(colours.background))
    painter.drawRoundedRect(chip, height / 2, height / 2)
    painter.setPen(QColor(colours.text))
    painter.setFont(font)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()
    return size.width()


def chip_marks(provisional: bool, overridden: bool) -> str:
    marks = []
    if overridden:
        marks.append("overridden")
    if provisional:
        marks.append("provisional")
    return ", ".join(marks)


class RatingChip(QWidget):
    """A standalone chip, e.g. the overall rating beside the score."""

    def __init__(
        self, parent: QWidget | None = None, *, scale: float = 1.0, compact_marks: bool = False
    ) -> None:
        super().__init__(parent)
        self._rating: Rating | None = None
        self._provisional = False
        self._overridden = False
        self._scale = scale
        self._text: str | None = None
        self._compact = compact_marks
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Rating")
        self._update_accessible()

    def set_rating(
        self,
        rating: Rating | None,
        *,
        provisional: bool = False,
        overridden: bool = False,
        text: str | None = None,
    ) -> None:
        self._rating, self._provisional, self._overridden, self._text = (
            rating,
            provisional,
            overridden,
            text,
        )
        self._update_accessible()
        self.updateGeometry()
        self.update()

    @property
    def label(self) -> str:
        return self._text if self._text is not None else rating_text(self._rating)

    def marks(self) -> str:
        return chip_marks(self._provisional and self._rating is not None, self._overridden)

    def _update_accessible(self) -> None:
        marks = self.marks()
        self.setAccessibleDescription(f"{self.label} ({marks})" if marks else self.label)
        self.setToolTip(self.accessibleDescription())

    def _fonts(self) -> tuple[QFont, QFont]:
        chip = chip_font(self.font(), self._scale)
        mark = QFont(self.font())
        mark.setItalic(True)
        return chip, mark

    def sizeHint(self) -> QSize:
        chip, mark = self._fonts()
        height = QFontMetrics(chip).height() + 12
        width = chip_size(chip, self.label, height).width()
        marks = self.marks()
        if marks:
            width += 8 + QFontMetrics(mark).horizontalAdvance(marks)
        return QSize(width + 2, height)

    def paintEvent(self, _event: object) -> None:
        chip, mark = self._fonts()
        painter = QPainter(self)
        width = paint_chip(painter, self.rect(), self._rating, chip, self._text)
        marks = self.marks()
        if marks:
            painter.setPen(QColor(TEXT_MUTED))
            painter.setFont(mark)
            rect = self.rect().adjusted(width + 8, 0, 0, 0)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, marks
            )


class RatingDelegate(QStyledItemDelegate):
    """Draws RatingRole as a chip in cells that have one, and text elsewhere. The provisional
    and overridden marks are left to the row's name, which has room for them."""

    CHIP_SCALE = 0.92

    def __init__(self, parent: QWidget | None = None, *, always_chip: bool = False) -> None:
        super().__init__(parent)
        self.always_chip = always_chip

    @classmethod
    def column_width(cls, font: QFont) -> int:
        """Wide enough for the widest chip ("Requires improvement") in ``font``."""
        chip = chip_font(font, cls.CHIP_SCALE)
        labels = [rating_text(rating) for rating in (*Rating, None)]
        return max(chip_size(chip, label, 0).width() for label in labels) + 12

    def _has_chip(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        kind = index.data(KindRole)
        return self.always_chip or kind == "standard"

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not self._has_chip(index):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rating = as_rating(index.data(RatingRole))
        paint_chip(
            painter,
            option.rect.adjusted(4, 0, -4, 0),
            rating,
            chip_font(option.font, self.CHIP_SCALE),
        )

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        if self._has_chip(index):
            size.setHeight(max(size.height(), QFontMetrics(option.font).height() + 14))
        return size
