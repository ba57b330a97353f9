"""The standards as a flat list with their ratings, for the Standards page's navigator.

Figures come from the dashboard model's cached result, and its changes are passed on row by
row, so this list never computes anything itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from inspector_app.gui.item_models.dashboard import (
    STANDARD_RESULT_ROLES,
    DashboardModel,
    describe_rating,
    rating_tooltip,
)
from inspector_app.gui.item_models.roles import (
    IdRole,
    KindRole,
)

Index = QModelIndex | QPersistentModelIndex


class StandardsListModel(QAbstractListModel):
    def __init__(self, dashboard: DashboardModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dashboard = dashboard
        self.standards = list(dashboard.framework.standards)
        self._row_of = {s.id: row for row, s in enumerate(self.standards)}
        dashboard.dataChanged.connect(self._dashboard_changed)
        dashboard.modelReset.connect(self._all_changed)

    def row_of(self, standard_id: str) -> int:
        return self._row_of[standard_id]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.standards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.standards):
            return None
        standard = self.standards[index.row()]
        if role == IdRole:
            return standard.id
        if role == KindRole:
            return "standard"
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{standard.id}  {standard.title}"
        result = self.dashboard.standard_result(standard.id)
        if role in STANDARD_RESULT_ROLES:
            return STANDARD_RESULT_ROLES[role](result)
        if role == Qt.ItemDataRole.ToolTipRole:
            return rating_tooltip(result)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{standard.id} {standard.title}: {describe_rating(result)}"
        return None

    def _dashboard_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = None
    ) -> None:
        parent = top_left.parent()
        for row in range(top_left.row(), bottom_right.row() + 1):
            index = self.dashboard.index(row, 0, parent)
            if index.data(KindRole) == "standard":
                mine = self.index(self._row_of[index.data(IdRole)], 0)
                self.dataChanged.emit(mine, mine)

    def _all_changed(self) -> None:
        if self.standards:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.standards) - 1, 0))
