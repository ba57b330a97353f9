"""Progress through a case's key questions, in a bar and in words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from inspector_app.gui.item_models.roles import ProgressRole
from inspector_app.gui.theme import ACCENT, BORDER, TEXT

Index = QModelIndex | QPersistentModelIndex
COMPLETE_COLOUR = "#2E7D4F"


class ProgressDelegate(QStyledItemDelegate):
    """ "9/12" beside a small bar, so progress reads at a glance and in words."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        answered, total = index.data(ProgressRole) or (0, 0)
        rect = opt.rect.adjusted(8, 0, -8, 0)
        text_width = opt.fontMetrics.horizontalAdvance("00/00") + 6
        bar = QRect(rect.left(), rect.center().y() - 3, max(10, rect.width() - text_width - 6), 6)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(BORDER))
        painter.drawRoundedRect(bar, 3, 3)
        if total:
            done = QRect(bar)
            done.setWidth(int(bar.width() * answered / total))
            painter.setBrush(QColor("#2E7D4F" if answered == total else ACCENT))
            painter.drawRoundedRect(done, 3, 3)
        painter.setPen(QColor(TEXT))
        painter.drawText(
            QRect(bar.right() + 6, opt.rect.top(), text_width, opt.rect.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
            text,
        )
        painter.restore()
