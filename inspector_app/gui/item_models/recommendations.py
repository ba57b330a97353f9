"""Recommendations, grouped by who they are addressed to, as an editable tree.

The groups are the top level ("Brackenford PDU should:") and each group's recommendations
are its children, numbered. Every edit replaces ``narrative.recommendations`` in one undo step.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from inspector_app.core.document import Recommendation, RecommendationGroup
from inspector_app.gui.bridge import UNKNOWN, descend, paths_related
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.base import editable_flags
from inspector_app.gui.item_models.lists import ListEdit, begin_list_edit, diff_keys
from inspector_app.gui.item_models.roles import IdRole, KindRole

Index = QModelIndex | QPersistentModelIndex
PATH = ("narrative", "recommendations")
TOP = 0  # internal id of group rows; a recommendation's is its group's number


class RecommendationsModel(QAbstractItemModel):
    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        # Stable numbers for groups, so child indexes survive groups moving.
        self._numbers: dict[UUID, int] = {}
        self._pending: tuple[str, QModelIndex, ListEdit] | None = None
        editor.bridge.valueAboutToChange.connect(self._about_to_change)
        editor.bridge.valueChanged.connect(self._changed)

    # -- reading -------------------------------------------------------------------------

    def groups(self) -> list[RecommendationGroup]:
        return list(self.editor.session.read_path(PATH) or [])

    def _number(self, group: RecommendationGroup) -> int:
        number = self._numbers.get(group.id)
        if number is None:
            number = self._numbers[group.id] = len(self._numbers) + 1
        return number

    def _group_row_of_number(self, number: int) -> int:
        for row, group in enumerate(self.groups()):
            if self._numbers.get(group.id) == number:
                return row
        return -1

    def is_group(self, index: Index) -> bool:
        return index.isValid() and index.internalId() == TOP

    def group_row(self, index: Index) -> int:
        """The group an index belongs to (itself, or its parent's row)."""
        if not index.isValid():
            return -1
        if index.internalId() == TOP:
            return index.row()
        return self._group_row_of_number(index.internalId())

    def item(self, index: Index) -> RecommendationGroup | Recommendation | None:
        if not index.isValid():
            return None
        groups = self.groups()
        if index.internalId() == TOP:
            return groups[index.row()] if index.row() < len(groups) else None
        row = self._group_row_of_number(index.internalId())
        if row < 0:
            return None
        recommendations = groups[row].recommendations
        return recommendations[index.row()] if index.row() < len(recommendations) else None

    # -- the model -----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        groups = self.groups()
        if not parent.isValid():
            if row >= len(groups):
                return QModelIndex()
            self._number(groups[row])
            return self.createIndex(row, 0, TOP)
        if parent.internalId() != TOP or parent.row() >= len(groups):
            return QModelIndex()
        group = groups[parent.row()]
        if row >= len(group.recommendations):
            return QModelIndex()
        return self.createIndex(row, 0, self._number(group))

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == TOP:
            return QModelIndex()
        row = self._group_row_of_number(index.internalId())
        return self.createIndex(row, 0, TOP) if row >= 0 else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        groups = self.groups()
        if not parent.isValid():
            return len(groups)
        if parent.internalId() != TOP or parent.column() != 0 or parent.row() >= len(groups):
            return 0
        return len(groups[parent.row()].recommendations)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if section == 0 and horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Recommendations"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return editable_flags(index, self.editor)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        if isinstance(item, RecommendationGroup):
            if role == KindRole:
                return "group"
            if role == IdRole:
                return item.id
            if role == Qt.ItemDataRole.DisplayRole:
                addressee = item.addressee.strip() or "(who is this addressed to?)"
                return f"{addressee} should:"
            if role == Qt.ItemDataRole.EditRole:
                return item.addressee
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"Recommendations to {item.addressee or 'an unnamed addressee'}"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
            return None
        if role == KindRole:
            return "recommendation"
        if role == IdRole:
            return item.id
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}.  {item.text or '(empty)'}"
        if role in (Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return item.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Recommendation {index.row() + 1}: {item.text}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if self.is_group(index):
            return self.set_addressee(index.row(), str(value))
        return self.set_text(self.group_row(index), index.row(), str(value))

    # -- edits -----------------------------------------------------------------------------

    def _write(
        self, groups: list[RecommendationGroup], description: str, merge_key: Hashable | None = None
    ) -> bool:
        return self.editor.set_value(PATH, groups, description, merge_key)

    def _copy(self) -> list[RecommendationGroup]:
        return [g.model_copy(deep=True) for g in self.groups()]

    def set_addressee(
        self, group_row: int, addressee: str, merge_key: Hashable | None = None
    ) -> bool:
        groups = self._copy()
        if not 0 <= group_row < len(groups):
            return False
        groups[group_row].addressee = addressee.strip()
        return self._write(groups, "Edit addressee", merge_key)

    def set_text(
        self, group_row: int, row: int, text: str, merge_key: Hashable | None = None
    ) -> bool:
        groups = self._copy()
        if not 0 <= group_row < len(groups) or not 0 <= row < len(
            groups[group_row].recommendations
        ):
            return False
        groups[group_row].recommendations[row].text = text.strip()
        return self._write(groups, "Edit recommendation", merge_key)

    def add_group(self, at: int, addressee: str = "") -> bool:
        groups = self._copy()
        at = max(0, min(at, len(groups)))
        groups.insert(at, RecommendationGroup(addressee=addressee.strip()))
        return self._write(groups, "Add addressee")

    def add_recommendation(
        self, group_row: int, at: int, text: str = "", merge_key: Hashable | None = None
    ) -> bool:
        groups = self._copy()
        if not 0 <= group_row < len(groups):
            return False
        items = groups[group_row].recommendations
        items.insert(max(0, min(at, len(items))), Recommendation(text=text.strip()))
        return self._write(groups, "Add recommendation", merge_key)

    def remove(self, index: Index, merge_key: Hashable | None = None) -> bool:
        groups = self._copy()
        if self.is_group(index):
            if index.row() >= len(groups):
                return False
            del groups[index.row()]
            return self._write(groups, "Remove addressee and recommendations", merge_key)
        group_row = self.group_row(index)
        if group_row < 0 or index.row() >= len(groups[group_row].recommendations):
            return False
        del groups[group_row].recommendations[index.row()]
        return self._write(groups, "Remove recommendation", merge_key)

    def move(self, index: Index, delta: int) -> bool:
        groups = self._copy()
        if self.is_group(index):
            items: list[Any] = groups
            description = "Move addressee"
        else:
            group_row = self.group_row(index)
            if group_row < 0:
                return False
            items = groups[group_row].recommendations
            description = "Move recommendation"
        row, to = index.row(), index.row() + delta
        if not (0 <= row < len(items) and 0 <= to < len(items)):
            return False
        items.insert(to, items.pop(row))
        return self._write(groups, description)

    # -- keeping in step ---------------------------------------------------------------------

    def _about_to_change(self, path: tuple[str, ...], value: Any) -> None:
        if not paths_related(path, PATH) or self._pending is not None:
            return
        new = UNKNOWN if value is UNKNOWN else descend(value, PATH[len(path) :])
        parent, edit = QModelIndex(), ListEdit("other")
        if new is not UNKNOWN:
            parent, edit = self._structural_edit(self.groups(), list(new or []))
        begin_list_edit(self, parent, edit)
        self._pending = ("", parent, edit)

    def _structural_edit(
        self, old: list[RecommendationGroup], new: list[RecommendationGroup]
    ) -> tuple[QModelIndex, ListEdit]:
        top = diff_keys([g.id for g in old], [g.id for g in new])
        children_old = {g.id: [r.id for r in g.recommendations] for g in old}
        children_new = {g.id: [r.id for r in g.recommendations] for g in new}
        changed = [
            gid
            for gid in children_old
            if gid in children_new and children_old[gid] != children_new[gid]
        ]
        if top.kind != "same":
            return QModelIndex(), top if not changed else ListEdit("other")
        if not changed:
            return QModelIndex(), top
        if len(changed) > 1:
            return QModelIndex(), ListEdit("other")
        gid = changed[0]
        edit = diff_keys(children_old[gid], children_new[gid])
        row = next(i for i, g in enumerate(old) if g.id == gid)
        return self.index(row, 0), edit

    def _changed(self, path: tuple[str, ...]) -> None:
        if not paths_related(path, PATH):
            return
        pending, self._pending = self._pending, None
        kind = pending[2].kind if pending else "same"
        if kind == "insert":
            self.endInsertRows()
        elif kind == "remove":
            self.endRemoveRows()
        elif kind == "move":
            self.endMoveRows()
        elif kind == "other":
            self.endResetModel()
        if kind != "other":
            # Texts and numbering may have changed anywhere in the tree.
            groups = self.groups()
            if groups:
                self.dataChanged.emit(self.index(0, 0), self.index(len(groups) - 1, 0))
            for row, group in enumerate(groups):
                if group.recommendations:
                    parent = self.index(row, 0)
                    self.dataChanged.emit(
                        self.index(0, 0, parent),
                        self.index(len(group.recommendations) - 1, 0, parent),
                    )
