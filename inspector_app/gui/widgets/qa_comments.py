"""A case's QA comments on the review page: read them, add one, resolve or reopen one.

Every comment added and every comment resolved is an undoable change built by the session
(`qa_comment_change`, `qa_comment_resolved_change`), signed by the session's user.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.qa_comments import BY, COMMENT, STATE, WHEN, QaCommentsModel
from inspector_app.gui.widgets.keyboard import leave_on_tab
from inspector_app.gui.widgets.layout import muted


class QaCommentsPanel(QWidget):
    def __init__(self, editor: DocumentEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.model = QaCommentsModel(editor, self)
        self.case_id: UUID | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        self.summary = muted("")
        self.summary.setAccessibleName("QA comments on this case")
        layout.addWidget(self.summary)
        self.table = QTableView()
        leave_on_tab(self.table)
        self.table.setModel(self.model)
        self.table.setAccessibleName("QA comments")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COMMENT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((BY, 150), (WHEN, 140), (STATE, 84)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        layout.addWidget(self.table, 1)
        tools = QHBoxLayout()
        self.resolve_button = QPushButton("Resolve")
        self.resolve_button.setAccessibleName("Resolve or reopen the selected comment")
        self.resolve_button.setToolTip("Mark the selected comment resolved, or open it again")
        self.resolve_button.clicked.connect(self.toggle_resolved)
        tools.addWidget(self.resolve_button)
        tools.addStretch(1)
        layout.addLayout(tools)
        label = QLabel("&New comment or reply")
        label.setObjectName("Muted")
        layout.addWidget(label)
        self.new_comment = QPlainTextEdit()
        self.new_comment.setAccessibleName("New QA comment")
        self.new_comment.setPlaceholderText(
            "A question for the inspector, or a reply; signed with your name and the time"
        )
        self.new_comment.setTabChangesFocus(True)
        self.new_comment.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        label.setBuddy(self.new_comment)
        layout.addWidget(self.new_comment)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        self.add_button = QPushButton("Add comment")
        self.add_button.setToolTip("Add the comment to the case (Ctrl+Enter)")
        self.add_button.clicked.connect(self.add_comment)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.new_comment)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.add_comment)
        self.new_comment.textChanged.connect(self._update_buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_summary)
        self.model.dataChanged.connect(lambda *_: self._update_summary())
        self._update_summary()

    def set_case(self, case_id: UUID | None) -> None:
        if case_id != self.case_id:
            self.new_comment.clear()
        self.case_id = case_id
        self.model.set_case(case_id)

    # -- editing ---------------------------------------------------------------------------

    def add_comment(self) -> bool:
        case_id = self.case_id
        text = self.new_comment.toPlainText().strip()
        if case_id is None or not text:
            return False
        session = self.editor.session
        if self.editor.run(lambda: session.qa_comment_change(case_id, text)):
            self.new_comment.clear()
            self.table.selectRow(self.model.rowCount() - 1)
            return True
        return False

    def toggle_resolved(self) -> bool:
        case_id = self.case_id
        index = self.table.currentIndex()
        if case_id is None or not index.isValid():
            return False
        comment = self.model.comment(index.row())
        session = self.editor.session
        return self.editor.run(
            lambda: session.qa_comment_resolved_change(case_id, comment.id, not comment.resolved)
        )

    # -- showing -----------------------------------------------------------------------------

    def _update_summary(self, *_args: object) -> None:
        total = self.model.rowCount()
        still_open = self.model.open_count()
        if not total:
            text = "No QA comments on this case."
        else:
            text = f"{total} comment{'s' if total != 1 else ''}: {still_open} open"
        self.summary.setText(text)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.table.currentIndex()
        has_case = self.case_id is not None
        self.add_button.setEnabled(has_case and bool(self.new_comment.toPlainText().strip()))
        self.resolve_button.setEnabled(has_case and index.isValid())
        if index.isValid():
            resolved = self.model.comment(index.row()).resolved
            self.resolve_button.setText("Reopen" if resolved else "Resolve")
