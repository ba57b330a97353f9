"""The case sample as a table: reference, sample, attributes, inspector, review status, open QA
comments, progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from inspector_app.core.document import Case, ReviewStatus
from inspector_app.core.qa import open_comments
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.roles import IdRole, ProgressRole, SortRole, StatusRole

Index = QModelIndex | QPersistentModelIndex
# Status filter value for every case not yet marked complete.
NOT_COMPLETE = "not-complete"
# Status filter value for every case with a QA comment not yet resolved.
OPEN_COMMENTS = "open-qa-comments"
STATUS_ORDER = {status: i for i, status in enumerate(ReviewStatus)}


@dataclass(frozen=True)
class CaseColumn:
    key: str  # "reference", "sample", "inspector", "status", "qa", "progress", "attributes.<id>"
    title: str
    editable: bool = False

    @property
    def is_attribute(self) -> bool:
        return self.key.startswith("attributes.")


def contiguous(positions: tuple[int, ...]) -> bool:
    return bool(positions) and positions[-1] - positions[0] == len(positions) - 1


class CaseTableModel(QAbstractTableModel):
    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session = editor.session
        framework = editor.framework
        self.columns: list[CaseColumn] = [
            CaseColumn("reference", "Reference", editable=True),
            CaseColumn("sample", "Sample", editable=len(framework.samples) > 1),
            *(
                CaseColumn(f"attributes.{a.id}", a.label, editable=True)
                for a in framework.attributes
            ),
            CaseColumn("inspector", "Inspector", editable=True),
            CaseColumn("status", "Status"),
            CaseColumn("qa", "QA"),
            CaseColumn("progress", "Key questions"),
        ]
        self._column_of = {c.key: i for i, c in enumerate(self.columns)}
        # A structural change announced but not yet finished: "insert", "remove" or "reset".
        self._pending: str | None = None
        bridge = editor.bridge
        bridge.answerChanged.connect(self._answer_changed)
        bridge.caseFieldChanged.connect(self._case_changed)
        bridge.casesAboutToBeInserted.connect(self._about_to_insert)
        bridge.casesInserted.connect(self._finish_structure)
        bridge.casesAboutToBeRemoved.connect(self._about_to_remove)
        bridge.casesRemoved.connect(self._finish_structure)
        bridge.casesAboutToBeReset.connect(self._about_to_reset)
        bridge.casesReset.connect(self._finish_structure)

    # -- lookups -------------------------------------------------------------------------

    def column_of(self, key: str) -> int:
        return self._column_of[key]

    def case_at(self, row: int) -> Case:
        return self.session.cases[row]

    def row_of(self, case_id: UUID) -> int:
        return self.session.case_position(case_id)

    def index_of(self, case_id: UUID, column: int = 0) -> QModelIndex:
        try:
            return self.index(self.row_of(case_id), column)
        except KeyError:
            return QModelIndex()

    # -- the model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.session.cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].key == "progress":
                return "Key questions answered, of those the case's sample asks"
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].key == "qa":
                return "QA comments: how many are still open"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable and self.editor.read_only_reason is None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._pending is not None:
            return None
        case = self.session.cases[index.row()]
        column = self.columns[index.column()]
        if role == IdRole:
            return case.id
        if role == ProgressRole:
            return self.session.case_progress(case)
        if role == StatusRole:
            return case.status
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(case, column)
        if role == SortRole:
            return self._sort_key(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.key == "progress":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, case: Case, column: CaseColumn) -> str:
        match column.key:
            case "reference":
                return case.reference
            case "sample":
                sample = self.editor.framework.samples_by_id.get(case.sample)
                return sample.title if sample else case.sample
            case "inspector":
                return case.inspector
            case "status":
                return case.status.label + (" (with reason)" if case.completion_note else "")
            case "progress":
                answered, total = self.session.case_progress(case)
                return f"{answered}/{total}"
            case "qa":
                return describe_comments(case)
        return case.attributes.get(column.key.split(".", 1)[1], "")

    def _edit_value(self, case: Case, column: CaseColumn) -> Any:
        match column.key:
            case "sample":
                return case.sample
            case "status":
                return case.status.value
            case "progress":
                return self._display(case, column)
        return self._display(case, column)

    def _sort_key(self, case: Case, column: CaseColumn) -> Any:
        if column.key == "progress":
            answered, total = self.session.case_progress(case)
            return answered / total if total else 1.0
        if column.key == "status":
            return STATUS_ORDER[case.status]
        if column.key == "qa":
            return (len(open_comments(case)), len(case.qa_comments))
        return self._display(case, column).casefold()

    def _tooltip(self, case: Case, column: CaseColumn) -> str | None:
        if column.key == "progress":
            answered, total = self.session.case_progress(case)
            left = total - answered
            if not left:
                return f"All {total} key questions answered"
            return f"{answered} of {total} key questions answered; {left} still to answer"
        if column.key == "status" and case.completion_note:
            return f"Marked complete with gaps. Reason: {case.completion_note}"
        if column.key == "qa" and case.qa_comments:
            latest = case.qa_comments[-1]
            who = f" ({latest.by})" if latest.by else ""
            return f"Latest{who}: {latest.text}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        if not column.editable:
            return False
        case = self.session.cases[index.row()]
        self.editor.set_case_field(case.id, column.key, value)
        # The bridge has reported any change already; True tells the view the edit was taken.
        return True

    # -- keeping in step with the document --------------------------------------------------

    def _emit_row(self, case_id: UUID) -> None:
        if self._pending is not None:
            return
        try:
            row = self.row_of(case_id)
        except KeyError:
            return
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def _answer_changed(self, case_id: UUID, _question_id: str) -> None:
        # Only the progress column (and roles read from it) can differ; O(1) per answer.
        self._emit_row(case_id)

    def _case_changed(self, case_id: UUID, _field: str) -> None:
        self._emit_row(case_id)

    def _about_to_insert(self, positions: tuple[int, ...]) -> None:
        if contiguous(positions):
            self.beginInsertRows(QModelIndex(), positions[0], positions[-1])
            self._pending = "insert"
        else:
            self._about_to_reset()

    def _about_to_remove(self, positions: tuple[int, ...]) -> None:
        if contiguous(positions):
            self.beginRemoveRows(QModelIndex(), positions[0], positions[-1])
            self._pending = "remove"
        else:
            self._about_to_reset()

    def _about_to_reset(self) -> None:
        self.beginResetModel()
        self._pending = "reset"

    def _finish_structure(self, *_args: object) -> None:
        pending, self._pending = self._pending, None
        if pending == "insert":
            self.endInsertRows()
        elif pending == "remove":
            self.endRemoveRows()
        elif pending == "reset":
            self.endResetModel()


def describe_comments(case: Case) -> str:
    """The QA comments column: "1 open of 3", "2 resolved", or "" when there are none."""
    total = len(case.qa_comments)
    if not total:
        return ""
    still_open = len(open_comments(case))
    if not still_open:
        return f"{total} resolved"
    return f"{still_open} open" if still_open == total else f"{still_open} open of {total}"


class CaseFilterProxy(QSortFilterProxyModel):
    """Filters cases by text (reference, inspector, attributes), by review status, and to the
    cases with open QA comments."""

    def __init__(self, model: CaseTableModel) -> None:
        super().__init__(model)
        self.cases = model
        self.setSourceModel(model)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self._text = ""
        self._status: str | None = None

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().casefold()))

    def set_status(self, status: str | None) -> None:
        self._refilter(lambda: setattr(self, "_status", status))

    def _refilter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateRowsFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        case = self.cases.session.cases[source_row]
        if self._status == NOT_COMPLETE:
            if case.status is not ReviewStatus.DRAFT:
                return False
        elif self._status == OPEN_COMMENTS:
            if not open_comments(case):
                return False
        elif self._status is not None and case.status.value != self._status:
            return False
        if not self._text:
            return True
        haystack = " ".join([case.reference, case.inspector, *case.attributes.values()]).casefold()
        return all(word in haystack for word in self._text.split())
