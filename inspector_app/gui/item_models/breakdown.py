"""One question's figures split by a case attribute, inspector, sample or review status.

A breakdown walks every case, so it is not recomputed on each answer: changes mark it stale
and a short timer recomputes it once typing pauses, and only while a view shows it. It can be
limited to the cases of some review statuses, as the dashboard is when filtered.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont

from inspector_app.core.document import ReviewStatus
from inspector_app.core.engine import (
    QuestionFigure,
    Tally,
    available_groupings,
    breakdown,
    format_percent,
    grouping_label,
    question_figure,
)
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.base import ReadOnlyTable
from inspector_app.gui.item_models.roles import ProvisionalRole, RatingRole, SortRole

Index = QModelIndex | QPersistentModelIndex

GROUP, PERCENT, COUNTS, NOT_APPLICABLE, UNANSWERED, BAND = range(6)
# Two lines where the figures below are narrow, as on the dashboard.
HEADERS = ("Group", "% Yes", "Yes /\napplicable", "N/A", "Unanswered", "Band")
ALL_CASES = "All cases"
REFRESH_DELAY_MS = 250


class BreakdownModel(ReadOnlyTable):
    headers = HEADERS

    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.framework = editor.framework
        self.question_id: str | None = None
        self.grouping: str = available_groupings(self.framework)[0]
        self.rows: list[tuple[str, QuestionFigure]] = []
        # Review statuses of the cases counted; None counts every case.
        self.statuses: frozenset[ReviewStatus] | None = None
        self.total_label = ALL_CASES
        self._active = True
        self._stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.recompute)
        editor.bridge.documentChanged.connect(self._document_changed)

    def groupings(self) -> list[tuple[str, str]]:
        return [(g, grouping_label(self.framework, g)) for g in available_groupings(self.framework)]

    def set_question(self, question_id: str | None) -> None:
        if question_id != self.question_id:
            self.question_id = question_id
            self.recompute()

    def set_grouping(self, grouping: str) -> None:
        if grouping != self.grouping:
            self.grouping = grouping
            self.recompute()

    def set_statuses(
        self, statuses: Collection[ReviewStatus] | None, total_label: str = ALL_CASES
    ) -> None:
        """Count only the cases with one of these review statuses (None: every case)."""
        chosen = frozenset(statuses) if statuses is not None else None
        if chosen != self.statuses or total_label != self.total_label:
            self.statuses = chosen
            self.total_label = total_label
            self.recompute()

    def set_active(self, active: bool) -> None:
        """Views call this when they are shown or hidden; hidden breakdowns stay stale."""
        self._active = active
        if active and self._stale:
            self.recompute()

    def _document_changed(self) -> None:
        if self.question_id is None:
            return
        self._stale = True
        if self._active:
            self._timer.start()

    def recompute(self) -> None:
        self._timer.stop()
        self._stale = False
        rows: list[tuple[str, QuestionFigure]] = []
        if self.question_id is not None:
            cases = self.editor.session.cases
            if self.statuses is not None:
                cases = [case for case in cases if case.status in self.statuses]
            rows = breakdown(self.framework, cases, self.question_id, self.grouping)
            if rows:
                rows.append((self.total_label, self._total(rows)))
        if [key for key, _ in rows] == [key for key, _ in self.rows]:
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, BAND))
        else:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def _total(self, rows: list[tuple[str, QuestionFigure]]) -> QuestionFigure:
        tally = Tally()
        for _, figure in rows:
            tally.yes += figure.yes
            tally.no += figure.no
            tally.not_applicable += figure.not_applicable
            tally.unanswered += figure.unanswered
        first = rows[0][1]
        return question_figure(self.framework, first.id, first.text, tally)

    # -- the model -----------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # The first column is named after the grouping: "Sentence type", "Inspector"...
        horizontal = orientation == Qt.Orientation.Horizontal
        if section == GROUP and horizontal and role == Qt.ItemDataRole.DisplayRole:
            return grouping_label(self.framework, self.grouping)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group, figure = self.rows[index.row()]
        column = index.column()
        total_row = index.row() == len(self.rows) - 1
        if role == RatingRole:
            return figure.band
        if role == ProvisionalRole:
            return figure.provisional
        if role == Qt.ItemDataRole.FontRole and total_row:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column != GROUP:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == SortRole:
            return (figure.percent_value or -1.0) if column == PERCENT else index.row()
        if role == Qt.ItemDataRole.ToolTipRole and column == PERCENT and figure.percent is not None:
            band = f", {figure.band.value}" if figure.band is not None else ""
            return f"{figure.percent_value:.1f}% exactly{band}"
        if role == Qt.ItemDataRole.ToolTipRole and column == COUNTS:
            return (
                f"Yes {figure.yes}, No {figure.no}, Not applicable {figure.not_applicable}, "
                f"unanswered {figure.unanswered}"
            )
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        match column:
            case 0:
                return group
            case 1:
                return format_percent(figure.percent)
            case 2:
                return f"{figure.yes} / {figure.applicable}"
            case 3:
                return str(figure.not_applicable)
            case 4:
                return str(figure.unanswered)
            case 5:
                return "" if figure.band is None else figure.band.value
        return None
