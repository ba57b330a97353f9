"""Lists stored in the document (bullet points, team members) as editable, reorderable models.

A list is one value at a document path; every edit replaces the whole list through one undo
step. When the list changes, the model compares the old and new lists and tells its views the
smallest structural change (one row inserted, removed or moved), so selections and editors
follow the item rather than jumping.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from inspector_app.gui.bridge import UNKNOWN, descend, paths_related
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.base import editable_flags

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ListEdit:
    """The smallest structural difference between two lists of keys."""

    kind: str  # same, insert, remove, move, other
    row: int = -1
    to: int = -1


def diff_keys(old: Sequence[Hashable], new: Sequence[Hashable]) -> ListEdit:
    if list(old) == list(new):
        return ListEdit("same")
    if len(new) == len(old) + 1:
        for i in range(len(new)):
            if list(new[:i]) + list(new[i + 1 :]) == list(old):
                return ListEdit("insert", i)
    if len(new) == len(old) - 1:
        for i in range(len(old)):
            if list(old[:i]) + list(old[i + 1 :]) == list(new):
                return ListEdit("remove", i)
    if len(new) == len(old) and sorted(map(repr, old)) == sorted(map(repr, new)):
        for i in range(len(old)):
            rest = list(old[:i]) + list(old[i + 1 :])
            for j in range(len(new)):
                if new[j] == old[i] and list(new[:j]) + list(new[j + 1 :]) == rest:
                    return ListEdit("move", i, j)
    return ListEdit("other")


def same_length_edit(old: Sequence[Hashable], new: Sequence[Hashable]) -> ListEdit:
    """For lists of plain text, where an edited item changes its key: a move where one is
    recognisable, otherwise a same-shape change when the length did not change."""
    edit = diff_keys(old, new)
    if edit.kind == "other" and len(old) == len(new):
        return ListEdit("same")
    return edit


def begin_list_edit(model: QAbstractItemModel, parent: QModelIndex, edit: ListEdit) -> None:
    """Announce to the model's views the change ``edit`` is about to make under ``parent``."""
    if edit.kind == "insert":
        model.beginInsertRows(parent, edit.row, edit.row)
    elif edit.kind == "remove":
        model.beginRemoveRows(parent, edit.row, edit.row)
    elif edit.kind == "move":
        destination = edit.to + 1 if edit.to > edit.row else edit.to
        model.beginMoveRows(parent, edit.row, edit.row, parent, destination)
    elif edit.kind == "other":
        model.beginResetModel()


class DocumentListSync:
    """Announces changes to a list held at a document path to a Qt model.

    ``keys`` maps the list to hashable keys (item ids, or the items themselves for text).
    """

    def __init__(
        self,
        model: QAbstractItemModel,
        editor: DocumentEditor,
        path: tuple[str, ...],
        keys: Callable[[list[Any]], list[Hashable]],
        *,
        text_items: bool = False,
    ) -> None:
        self.model = model
        self.editor = editor
        self.path = path
        self.keys = keys
        self.text_items = text_items
        self._pending: ListEdit | None = None
        editor.bridge.valueAboutToChange.connect(self._about_to_change)
        editor.bridge.valueChanged.connect(self._changed)

    def current(self) -> list[Any]:
        value = self.editor.session.read_path(self.path)
        return list(value) if value is not None else []

    def _about_to_change(self, path: tuple[str, ...], value: Any) -> None:
        if not paths_related(path, self.path) or self._pending is not None:
            return
        new_value = UNKNOWN if value is UNKNOWN else descend(value, self.path[len(path) :])
        if new_value is UNKNOWN:
            edit = ListEdit("other")
        else:
            old_keys = self.keys(self.current())
            new_keys = self.keys(list(new_value or []))
            edit = (same_length_edit if self.text_items else diff_keys)(old_keys, new_keys)
        begin_list_edit(self.model, QModelIndex(), edit)
        self._pending = edit

    def _changed(self, path: tuple[str, ...]) -> None:
        if not paths_related(path, self.path):
            return
        edit, self._pending = self._pending, None
        model = self.model
        kind = edit.kind if edit is not None else "same"
        if kind == "insert":
            model.endInsertRows()
        elif kind == "remove":
            model.endRemoveRows()
        elif kind == "move":
            model.endMoveRows()
        elif kind == "other":
            model.endResetModel()
        rows = model.rowCount()
        if kind in ("same", "move", "insert", "remove") and rows:
            # Contents, and numbering shown beside items, may have changed everywhere.
            # (A list model's columnCount is private in the bindings: it has one column.)
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            last_column = max(0, columns - 1)
            model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, last_column))


class StringListModel(QAbstractListModel):
    """A list of strings at a document path: bullets, strengths, team members."""

    def __init__(
        self,
        editor: DocumentEditor,
        path: Sequence[str],
        item_name: str = "item",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.path = tuple(path)
        self.item_name = item_name
        self._sync = DocumentListSync(self, editor, self.path, lambda items: items, text_items=True)

    def items(self) -> list[str]:
        return [str(item) for item in self._sync.current()]

    # -- the model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sync.current())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        items = self._sync.current()
        if not 0 <= index.row() < len(items):
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return items[index.row()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.item_name} {index.row() + 1}: {items[index.row()]}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return editable_flags(index, self.editor)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_item(index.row(), str(value))

    # -- edits, each one undo step ---------------------------------------------------------

    def _write(self, items: list[str], verb: str, merge_key: Hashable | None = None) -> bool:
        return self.editor.set_value(self.path, items, f"{verb} {self.item_name}", merge_key)

    def set_item(self, row: int, text: str, merge_key: Hashable | None = None) -> bool:
        items = self.items()
        if not 0 <= row < len(items):
            return False
        items[row] = text.strip()
        return self._write(items, "Edit", merge_key)

    def insert_item(self, row: int, text: str = "", merge_key: Hashable | None = None) -> bool:
        items = self.items()
        row = max(0, min(row, len(items)))
        items.insert(row, text.strip())
        return self._write(items, "Add", merge_key)

    def remove_item(self, row: int, merge_key: Hashable | None = None) -> bool:
        items = self.items()
        if not 0 <= row < len(items):
            return False
        del items[row]
        return self._write(items, "Remove", merge_key)

    def move_item(self, row: int, to: int) -> bool:
        items = self.items()
        if not (0 <= row < len(items) and 0 <= to < len(items)) or row == to:
            return False
        items.insert(to, items.pop(row))
        return self._write(items, "Move", None)
