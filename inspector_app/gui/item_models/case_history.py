"""One case's change history: when, who, what, the value before and after, and why.

The history is append-only, so the model follows it by looking only at the entries added
since it last looked (usually one per edit): no edit makes it walk the whole log. Choosing
another case reads that case's entries once.
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

from inspector_app.core import history
from inspector_app.core.document import ChangeKind, ChangeRecord, ReviewStatus
from inspector_app.core.framework import Framework
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.formatting import format_when, shorten
from inspector_app.gui.item_models.base import ReadOnlyTable
from inspector_app.gui.item_models.roles import IdRole, SortRole

Index = QModelIndex | QPersistentModelIndex

WHEN, WHO, WHAT, BEFORE, AFTER, REASON = range(6)
HEADERS = ("When", "Who", "What", "Before", "After", "Reason")

_FIELD_NAMES = {
    "reference": "Reference",
    "sample": "Sample",
    "inspector": "Inspector",
    "status": "Review status",
    "completion_note": "Completion note",
    "notes": "Case notes",
}


def subject_label(record: ChangeRecord, framework: Framework) -> str:
    """What an entry changed, in words: "P2.1.1", "P2.1.1 evidence note", "Review status"."""
    if record.kind is ChangeKind.ANSWER:
        note_only = record.old_value == record.new_value and record.new_note is not None
        return f"{record.question_id} evidence note" if note_only else record.question_id
    if record.kind is ChangeKind.CASE_FIELD:
        return field_label(record.case_field, framework)
    return "Case added" if record.kind is ChangeKind.CASE_ADDED else "Case removed"


def field_label(name: str, framework: Framework) -> str:
    """A case field in words: "Review status", "Gender"."""
    if name.startswith("attributes."):
        attribute = framework.attributes_by_id.get(name.split(".", 1)[1])
        return attribute.label if attribute is not None else name
    return _FIELD_NAMES.get(name, name)


def field_value(name: str, text: str | None) -> str:
    """A case field's stored text as shown: "QA checked" for "qa_checked", "(blank)"."""
    if not text:
        return "(blank)"
    if name == "status":
        try:
            return ReviewStatus(text).label
        except ValueError:
            return text
    return text


def values(record: ChangeRecord) -> tuple[str, str]:
    """The value before and after, as shown: "No", "Yes — “Seen at induction”", "Complete"."""
    if record.kind is ChangeKind.ANSWER:
        before = history.value_label(record.old_value)
        after = history.value_label(record.new_value)
        if record.new_note is not None:  # the evidence note changed too
            if record.old_note:
                before += f" — “{record.old_note}”"
            after += f" — “{record.new_note}”" if record.new_note else " — note cleared"
        return before, after
    if record.kind is ChangeKind.CASE_FIELD:
        name = record.case_field
        return field_value(name, record.old_text), field_value(name, record.new_text)
    return "", ""


class CaseHistoryModel(ReadOnlyTable):
    headers = HEADERS

    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.framework = editor.framework
        self.case_id: UUID | None = None
        self.rows: list[ChangeRecord] = []
        self._seen = 0  # how many entries of the document's history have been looked at
        editor.bridge.documentChanged.connect(self._document_changed)

    def set_case(self, case_id: UUID | None) -> None:
        document = self.editor.document
        self.beginResetModel()
        self.case_id = case_id
        self.rows = history.case_history(document, case_id) if case_id is not None else []
        self._seen = len(document.history)
        self.endResetModel()

    def records(self) -> list[ChangeRecord]:
        return list(self.rows)

    def _document_changed(self) -> None:
        log = self.editor.document.history
        if len(log) <= self._seen:
            return
        new = [record for record in log[self._seen :] if record.case_id == self.case_id]
        self._seen = len(log)
        if new and self.case_id is not None:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()

    # -- the model ---------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.rows[index.row()]
        column = index.column()
        if role == IdRole:
            return record.id
        if role == SortRole:
            return record.at.timestamp() if column == WHEN else index.row()
        display = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if display:
            if column == WHEN:
                return format_when(record.at)
            if column == WHO:
                return record.by or "(unknown)"
            if column == WHAT:
                return subject_label(record, self.framework)
            if column in (BEFORE, AFTER):
                before, after = values(record)
                return shorten(before if column == BEFORE else after, 120)
            return shorten(record.reason, 60)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (BEFORE, AFTER):
                before, after = values(record)
                return before if column == BEFORE else after
            if column == WHAT and record.kind is ChangeKind.ANSWER:
                question = self.framework.questions.get(record.question_id)
                return f"{record.question_id}: {question.text}" if question else None
            if column == REASON and record.reason:
                return record.reason
        return None
