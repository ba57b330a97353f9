"""Progress on the previous inspection's recommendations, as an editable table."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from inspector_app.core.document import PreviousRecommendation, ProgressCategory
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.base import editable_flags
from inspector_app.gui.item_models.lists import DocumentListSync
from inspector_app.gui.item_models.roles import IdRole

Index = QModelIndex | QPersistentModelIndex
PATH = ("narrative", "previous_recommendations")
RECOMMENDATION, ACTION, PROGRESS, STILL_REQUIRED = range(4)
HEADERS = ("Recommendation", "Action taken and impact", "Progress", "Improvement still required")
FIELDS = ("recommendation", "action_and_impact", "progress", "improvement_still_required")
NOT_SET = "Not assessed"


def still_required_label(value: bool | None) -> str:
    return NOT_SET if value is None else ("Yes" if value else "No")


def progress_label(value: ProgressCategory | None) -> str:
    return NOT_SET if value is None else value.label


class PreviousRecommendationsModel(QAbstractTableModel):
    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._sync = DocumentListSync(self, editor, PATH, lambda items: [i.id for i in items])

    def items(self) -> list[PreviousRecommendation]:
        return self._sync.current()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
                return HEADERS[section]
            return None
        return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return editable_flags(index, self.editor)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        items = self.items()
        if not index.isValid() or index.row() >= len(items):
            return None
        item = items[index.row()]
        column = index.column()
        if role == IdRole:
            return item.id
        if role == Qt.ItemDataRole.EditRole:
            return getattr(item, FIELDS[column])
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            match column:
                case 0:
                    return item.recommendation
                case 1:
                    return item.action_and_impact
                case 2:
                    return progress_label(item.progress)
                case 3:
                    return still_required_label(item.improvement_still_required)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_field(index.row(), FIELDS[index.column()], value)

    # -- edits -----------------------------------------------------------------------------

    def _copy(self) -> list[PreviousRecommendation]:
        return [item.model_copy(deep=True) for item in self.items()]

    def set_field(
        self, row: int, field: str, value: Any, merge_key: Hashable | None = None
    ) -> bool:
        items = self._copy()
        if not 0 <= row < len(items) or field not in FIELDS:
            return False
        if field == "progress":
            value = None if value in (None, "") else ProgressCategory(value)
        elif field == "improvement_still_required":
            value = None if value in (None, "") else bool(value)
        else:
            value = str(value).strip()
        setattr(items[row], field, value)
        label = HEADERS[FIELDS.index(field)].lower()
        return self.editor.set_value(
            PATH, items, f"Edit {label} of previous recommendation {row + 1}", merge_key
        )

    def add(self, at: int) -> bool:
        items = self._copy()
        items.insert(max(0, min(at, len(items))), PreviousRecommendation())
        return self.editor.set_value(PATH, items, "Add previous recommendation")

    def remove(self, row: int) -> bool:
        items = self._copy()
        if not 0 <= row < len(items):
            return False
        del items[row]
        return self.editor.set_value(PATH, items, "Remove previous recommendation")

    def move(self, row: int, to: int) -> bool:
        items = self._copy()
        if not (0 <= row < len(items) and 0 <= to < len(items)) or row == to:
            return False
        items.insert(to, items.pop(row))
        return self.editor.set_value(PATH, items, "Move previous recommendation")
