"""The sample windows (date ranges the case sample was drawn from), as an editable table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from inspector_app.core.document import DateWindow
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.base import editable_flags
from inspector_app.gui.item_models.lists import DocumentListSync

Index = QModelIndex | QPersistentModelIndex
PATH = ("meta", "sample_windows")
HEADERS = ("From", "To")


def format_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


class SampleWindowsModel(QAbstractTableModel):
    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._sync = DocumentListSync(
            self, editor, PATH, lambda items: [(w.start, w.end) for w in items], text_items=True
        )

    def items(self) -> list[DateWindow]:
        return self._sync.current()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < 2 else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return editable_flags(index, self.editor)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        items = self.items()
        if not index.isValid() or index.row() >= len(items):
            return None
        window = items[index.row()]
        value = window.start if index.column() == 0 else window.end
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return format_date(value)
        if role == Qt.ItemDataRole.EditRole:
            return QDate(value.year, value.month, value.day)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if isinstance(value, QDate):
            value = date(value.year(), value.month(), value.day())
        if not isinstance(value, date):
            return False
        items = [w.model_copy() for w in self.items()]
        window = items[index.row()]
        start, end = (value, window.end) if index.column() == 0 else (window.start, value)
        if end < start:
            self.editor.editRefused.emit("A sample window cannot end before it starts.")
            return False
        items[index.row()] = DateWindow(start=start, end=end)
        return self.editor.set_value(PATH, items, "Edit sample window")

    def add(self, start: date | None = None) -> bool:
        items = [w.model_copy() for w in self.items()]
        if start is None:
            start = items[-1].end + timedelta(days=1) if items else date.today()
        items.append(DateWindow(start=start, end=start + timedelta(days=13)))
        return self.editor.set_value(PATH, items, "Add sample window")

    def remove(self, row: int) -> bool:
        items = [w.model_copy() for w in self.items()]
        if not 0 <= row < len(items):
            return False
        del items[row]
        return self.editor.set_value(PATH, items, "Remove sample window")
