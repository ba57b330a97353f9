"""One case's QA comments: what was asked or said, by whom, when, and whether it is resolved.

The model keeps its own list of the comments on show, so that rows can be announced before
they appear (a comment added) or go (an added comment undone), as Qt requires, although the
session only reports a change of the case's comments after it is made.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from inspector_app.core.document import QaComment
from inspector_app.core.errors import EditError
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.formatting import format_when
from inspector_app.gui.item_models.base import ReadOnlyTable
from inspector_app.gui.item_models.roles import IdRole, SortRole
from inspector_app.gui.theme import TEXT_MUTED

Index = QModelIndex | QPersistentModelIndex

COMMENT, BY, WHEN, STATE = range(4)
HEADERS = ("Comment", "By", "When", "State")
OPEN_TEXT = "Open"
RESOLVED_TEXT = "Resolved"


class QaCommentsModel(ReadOnlyTable):
    headers = HEADERS

    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session = editor.session
        self.case_id: UUID | None = None
        self.rows: list[QaComment] = []
        bridge = editor.bridge
        bridge.caseFieldChanged.connect(self._case_field_changed)
        bridge.casesRemoved.connect(self._cases_changed)
        bridge.casesReset.connect(self._cases_changed)

    # -- which case ---------------------------------------------------------------------------

    def set_case(self, case_id: UUID | None) -> None:
        self.beginResetModel()
        self.case_id = case_id
        self.rows = self._read()
        self.endResetModel()

    def _read(self) -> list[QaComment]:
        if self.case_id is None:
            return []
        try:
            return list(self.session.case(self.case_id).qa_comments)
        except EditError:
            return []

    def comment(self, row: int) -> QaComment:
        return self.rows[row]

    def comments(self) -> list[QaComment]:
        return list(self.rows)

    def open_count(self) -> int:
        return sum(1 for comment in self.rows if not comment.resolved)

    # -- keeping in step ------------------------------------------------------------------------

    def _case_field_changed(self, case_id: UUID, field: str) -> None:
        if case_id == self.case_id and field == "qa_comments":
            self._update(self._read())

    def _cases_changed(self, *_args: object) -> None:
        if self.case_id is None:
            return
        try:
            self.session.case(self.case_id)
        except EditError:
            self.set_case(None)  # the case on show was deleted
            return
        self._update(self._read())

    def _update(self, comments: list[QaComment]) -> None:
        old_ids = [c.id for c in self.rows]
        new_ids = [c.id for c in comments]
        shared = min(len(old_ids), len(new_ids))
        if old_ids[:shared] != new_ids[:shared]:
            self.beginResetModel()
            self.rows = comments
            self.endResetModel()
            return
        if len(new_ids) > len(old_ids):
            self.beginInsertRows(QModelIndex(), len(old_ids), len(new_ids) - 1)
            self.rows = comments
            self.endInsertRows()
        elif len(new_ids) < len(old_ids):
            self.beginRemoveRows(QModelIndex(), len(new_ids), len(old_ids) - 1)
            self.rows = comments
            self.endRemoveRows()
        else:
            self.rows = comments
        if shared:
            self.dataChanged.emit(self.index(0, 0), self.index(shared - 1, len(HEADERS) - 1))

    # -- the model ---------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        comment = self.rows[index.row()]
        column = index.column()
        if role == IdRole:
            return comment.id
        if role == SortRole:
            return comment.at.timestamp() if column == WHEN else index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == COMMENT:
                return comment.text
            if column == BY:
                return comment.by or "(unknown)"
            if column == WHEN:
                return format_when(comment.at)
            return RESOLVED_TEXT if comment.resolved else OPEN_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and column == COMMENT:
            state = "resolved" if comment.resolved else "open"
            signed = f"{comment.by or 'unknown'}, {format_when(comment.at)} ({state})"
            return f"{comment.text}\n\n{signed}"
        if role == Qt.ItemDataRole.ForegroundRole and comment.resolved:
            return QColor(TEXT_MUTED)
        if role == Qt.ItemDataRole.FontRole and column == STATE and not comment.resolved:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None
