"""An editable, reorderable list of bullet points (strengths, areas for improvement, findings).

Keyboard: Insert adds a bullet after the current one, Enter or F2 edits, Delete removes,
Alt+Up and Alt+Down move. Adding a bullet and typing its text is one undo step, and a bullet
left empty disappears without leaving anything to undo.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.item_models.lists import StringListModel
from inspector_app.gui.theme import TEXT_MUTED
from inspector_app.gui.widgets.text_delegate import WrappedTextDelegate

_adding = itertools.count(1)


class _AutoHeightList(QListView):
    """A list as tall as its items, so a page of lists scrolls as one."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)

    def fit(self) -> None:
        model = self.model()
        height = 2 * self.frameWidth() + 4
        rows = model.rowCount() if model is not None else 0
        for row in range(rows):
            height += self.sizeHintForIndex(model.index(row, 0)).height()
        if rows == 0:
            height += self.fontMetrics().lineSpacing() + 16
        self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.fit()

    def sizeHint(self) -> QSize:
        return QSize(300, self.height())

    def paintEvent(self, event: object) -> None:
        super().paintEvent(event)  # type: ignore[arg-type]
        if self.model() is not None and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(TEXT_MUTED))
            painter.drawText(
                self.viewport().rect().adjusted(10, 0, -10, 0),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self.empty_text,
            )


class BulletListEditor(QWidget):
    def __init__(self, model: StringListModel, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._adding_key: tuple[str, int] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        header = QHBoxLayout()
        header.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("SectionTitle")
        font = self.title.font()
        font.setWeight(font.Weight.DemiBold)
        self.title.setFont(font)
        header.addWidget(self.title)
        header.addStretch(1)
        self.add_button = self._tool("Add", f"Add a {model.item_name} (Insert)", self.add)
        self.remove_button = self._tool(
            "Remove", f"Remove the selected {model.item_name} (Delete)", self.remove
        )
        self.up_button = self._tool("Move up", "Move up (Alt+Up)", lambda: self.move(-1))
        self.down_button = self._tool("Move down", "Move down (Alt+Down)", lambda: self.move(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            header.addWidget(button)
        layout.addLayout(header)
        self.view = _AutoHeightList(f"No {model.item_name}s yet. Press Insert or click Add.", self)
        self.view.setModel(model)
        self.view.setAccessibleName(title)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.delegate = WrappedTextDelegate(
            self.view,
            bullet="•",
            placeholder=f"(empty {model.item_name})",
            commit=self._commit_text,
        )
        self.delegate.closeEditor.connect(self._editor_closed)
        self.view.setItemDelegate(self.delegate)
        layout.addWidget(self.view)
        self.title.setBuddy(self.view)
        for sequence, slot in (
            (QKeySequence(Qt.Key.Key_Insert), self.add),
            (QKeySequence(Qt.Key.Key_Delete), self.remove),
            (QKeySequence("Alt+Up"), lambda: self.move(-1)),
            (QKeySequence("Alt+Down"), lambda: self.move(1)),
            (QKeySequence(Qt.Key.Key_Return), self.edit_current),
        ):
            shortcut = QShortcut(sequence, self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.modelReset,
            model.dataChanged,
            model.rowsMoved,
        ):
            signal.connect(self._model_changed)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._model_changed()

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName("ListTool")
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(f"{text} ({self.model.item_name})")
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        return button

    def _model_changed(self, *_args: object) -> None:
        self.view.fit()
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.view.currentIndex().row()
        rows = self.model.rowCount()
        has = 0 <= row < rows
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < rows - 1)

    # -- actions -----------------------------------------------------------------------------

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def add(self) -> None:
        row = self.current_row()
        at = row + 1 if row >= 0 else self.model.rowCount()
        key = ("add", next(_adding))
        if not self.model.insert_item(at, "", merge_key=key):
            return
        self._adding_key = key
        index = self.model.index(at, 0)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def remove(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.model.remove_item(row)
        rows = self.model.rowCount()
        if rows:
            self.view.setCurrentIndex(self.model.index(min(row, rows - 1), 0))
        self.view.setFocus()

    def move(self, delta: int) -> None:
        row = self.current_row()
        if row < 0 or not self.model.move_item(row, row + delta):
            return
        self.view.setCurrentIndex(self.model.index(row + delta, 0))

    def edit_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def _editor_closed(self, _editor: QWidget, _hint: QAbstractItemDelegate.EndEditHint) -> None:
        key, self._adding_key = self._adding_key, None
        if key is None:
            return
        row = self.current_row()
        if 0 <= row < self.model.rowCount() and not self.model.items()[row].strip():
            # Merges with the insertion: nothing was added, so nothing is left to undo.
            self.model.remove_item(row, merge_key=key)
        self.view.setFocus()

    def _commit_text(self, index: QModelIndex, text: str) -> None:
        # The text of a freshly added bullet merges with its insertion into one undo step.
        key = self._adding_key
        if key is not None and not text.strip():
            return  # left empty: _editor_closed takes it away again
        self.model.set_item(index.row(), text, merge_key=key)
