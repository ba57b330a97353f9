"""Word-wrapped item text, and a paragraph editor that commits on Enter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from inspector_app.gui.theme import TEXT_MUTED

Index = QModelIndex | QPersistentModelIndex
PAD_X, PAD_Y = 8, 6


class ParagraphEditor(QPlainTextEdit):
    """Enter commits; Shift+Enter starts a new line; Escape cancels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setStyleSheet("QPlainTextEdit { border: 2px solid #1F5FBF; border-radius: 3px; }")


class WrappedTextDelegate(QStyledItemDelegate):
    """Draws an item's text wrapped to the view's width, optionally after a bullet mark."""

    def __init__(
        self,
        view: QAbstractItemView,
        *,
        bullet: str | Callable[[Index], str] = "",
        placeholder: str = "",
        text: Callable[[Index], str] | None = None,
        commit: Callable[[QModelIndex, str], None] | None = None,
        gap_above: Callable[[Index], int] | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        # A mark before every item ("•"), or one per item (its number).
        self.bullet = bullet
        self.placeholder = placeholder
        # The text shown, where it is not the item's display text.
        self.text = text
        # Where edited text goes; by default the model's setData.
        self.commit = commit
        # Extra space above an item (between groups of a tree, say).
        self.gap_above = gap_above

    def _gap(self, index: Index) -> int:
        return self.gap_above(index) if self.gap_above is not None else 0

    def _bullet(self, index: Index) -> str:
        return self.bullet(index) if callable(self.bullet) else self.bullet

    def _text(self, option: QStyleOptionViewItem, index: Index) -> str:
        return self.text(index) if self.text is not None else option.text

    def _text_rect(self, rect: QRect, option: QStyleOptionViewItem, bullet: str) -> QRect:
        indent = QFontMetrics(option.font).horizontalAdvance(bullet + "  ") if bullet else 0
        return rect.adjusted(PAD_X + indent, PAD_Y, -PAD_X, -PAD_Y)

    def _width(self, index: Index) -> int:
        view = self.view
        width = view.viewport().width()
        if isinstance(view, QTreeView):  # a tree indents each level, the top one too
            depth = _depth(index) - (0 if view.rootIsDecorated() else 1)
            width -= view.indentation() * depth
        return width

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = max(80, self._width(index))
        rect = self._text_rect(QRect(0, 0, width, 100000), opt, self._bullet(index))
        text = self._text(opt, index) or self.placeholder or " "
        bounds = QFontMetrics(opt.font).boundingRect(rect, int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, bounds.height() + 2 * PAD_Y + self._gap(index))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = opt.rect.adjusted(0, self._gap(index), 0, 0)
        text = self._text(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setFont(opt.font)
        bullet = self._bullet(index)
        rect = self._text_rect(opt.rect, opt, bullet)
        top_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if bullet:
            painter.setPen(QColor(TEXT_MUTED))
            mark = QRect(
                opt.rect.left() + PAD_X, rect.top(), rect.left() - opt.rect.left(), rect.height()
            )
            painter.drawText(mark, top_left, bullet)
        if not text and self.placeholder:
            painter.setPen(QColor(TEXT_MUTED))
            text = self.placeholder
        else:
            painter.setPen(opt.palette.color(opt.palette.ColorRole.Text))
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap) | top_left, text)
        painter.restore()

    # -- editing -----------------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = ParagraphEditor(parent)
        editor.installEventFilter(self)
        editor.setAccessibleName("Edit text")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        if not isinstance(editor, QPlainTextEdit):
            return
        text = editor.toPlainText().strip()
        if self.commit is not None:
            self.commit(QModelIndex(index), text)
        else:
            model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = QRect(option.rect).adjusted(0, self._gap(index), 0, 0)
        rect.setHeight(max(rect.height(), QFontMetrics(option.font).lineSpacing() * 3 + 12))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            enter = key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and not key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
                return True
            if key_event.key() == Qt.Key.Key_Escape:
                self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.RevertModelCache)
                return True
        return super().eventFilter(watched, event)


def _depth(index: Index) -> int:
    depth = 0
    parent = index.parent()
    while parent.isValid():
        depth += 1
        parent = parent.parent()
    return depth + 1


class WrappingTreeView(QTreeView):
    """A tree whose rows wrap their text: heights are measured again when the width changes.
    Enter edits the current row, as F2 and a double-click do (and as in the bullet lists)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QTreeView.State.EditingState
            and index.isValid()
            and index.flags() & Qt.ItemFlag.ItemIsEditable
        ):
            self.edit(index)
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.scheduleDelayedItemsLayout()
