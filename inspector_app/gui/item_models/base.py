"""What the app's item models have in common: fixed column headers, flat read-only tables,
and trees over a fixed table of nodes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from inspector_app.gui.editing import DocumentEditor

Index = QModelIndex | QPersistentModelIndex


def editable_flags(index: Index, editor: DocumentEditor) -> Qt.ItemFlag:
    """An item the user may edit, unless the document is open read-only."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editor.read_only_reason is None:
        flags |= Qt.ItemFlag.ItemIsEditable
    return flags


class FixedHeaders:
    """Columns named by the class's ``headers``; every level of a tree shows the same columns.

    Mixed in before the Qt model class, so that its methods are the ones Qt calls.
    """

    headers: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


class ReadOnlyTable(FixedHeaders, QAbstractTableModel):
    """A flat table of ``rows`` that the user can select but not edit; subclasses give `data`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TreeNode(Protocol):
    parent: int  # the parent's number in the node table; -1 at the top
    row: int  # the row among its siblings
    children: list[int]  # the children's numbers, in row order


class NodeTree:
    """A tree model over a fixed table of nodes: ``nodes`` (each a `TreeNode`) and ``top``,
    the numbers of the top-level nodes. An index's internal id is its node's number.

    Mixed in before the Qt model class, so that its methods are the ones Qt calls.
    """

    nodes: Sequence[TreeNode]
    top: Sequence[int]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if row < 0 or not 0 <= column < self.columnCount():  # type: ignore[attr-defined]
            return QModelIndex()
        children = self.nodes[parent.internalId()].children if parent.isValid() else self.top
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])  # type: ignore[attr-defined]

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self.nodes[index.internalId()]
        if node.parent < 0:
            return QModelIndex()
        return self.createIndex(self.nodes[node.parent].row, 0, node.parent)  # type: ignore[attr-defined]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.top)
        if parent.column() != 0:
            return 0
        return len(self.nodes[parent.internalId()].children)
