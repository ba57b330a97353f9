"""What the app's item models have in common: fixed column headers, and flat read-only tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
