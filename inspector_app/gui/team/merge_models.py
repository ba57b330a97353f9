"""The merge's decisions and what it brought in, as item models for the merge dialog.

`DecisionsModel` is a tree: one row per decision the merge could not take alone (two files
changed the same answer or case detail, a reference used by two different cases, a case
deleted on one side), and under it one row per option. For a conflict each option is one
file's value, with its evidence note, who set it, when, and the file; the lead ticks the one to
keep. Choosing goes straight to `MergeResult.choose`, the one record of the lead's choices.

`BroughtInModel` lists what came in without a question: new cases, changed answers and
changed case details, each with the file it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from inspector_app.core.merge import Decision, DecisionKind, MergeResult, Option
from inspector_app.gui.formatting import format_when
from inspector_app.gui.item_models.base import FixedHeaders, ReadOnlyTable
from inspector_app.gui.item_models.case_history import field_label, field_value
from inspector_app.gui.item_models.roles import IdRole, KindRole
from inspector_app.gui.theme import ATTENTION, TEXT_MUTED

Index = QModelIndex | QPersistentModelIndex

DECISION, VALUE, NOTE, BY, WHEN = range(5)
HEADERS = ("Decision and the files' values", "Value", "Evidence note", "Changed by", "When")
TO_DECIDE = "To decide"

KIND_LABELS = {
    DecisionKind.ANSWER: "answers differ",
    DecisionKind.CASE_FIELD: "case details differ",
    DecisionKind.DUPLICATE_REFERENCE: "duplicate reference",
    DecisionKind.REMOVED_IN_COPY: "deleted in a copy",
    DecisionKind.EDITED_AFTER_REMOVAL: "deleted in the master",
}

# Internal ids: decisions are 1..n; option k of decision d is (d << 16) | (k + 1).
_OPTION_BITS = 16


class DecisionsModel(FixedHeaders, QAbstractItemModel):
    headers = HEADERS

    # The choices changed (one decision, a shortcut, or choices cleared).
    choicesChanged = Signal()

    def __init__(self, result: MergeResult, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result = result
        self.decisions: list[Decision] = list(result.decisions)

    # -- reading -----------------------------------------------------------------------------

    def decision_index(self, row: int, column: int = 0) -> QModelIndex:
        return self.index(row, column)

    def option_index(self, row: int, option: int, column: int = 0) -> QModelIndex:
        return self.index(option, column, self.index(row, 0))

    def decision_at(self, index: Index) -> Decision | None:
        """The decision of a row, or of the option row's parent."""
        if not index.isValid():
            return None
        number = index.internalId()
        return self.decisions[(number >> _OPTION_BITS if number >> _OPTION_BITS else number) - 1]

    def option_at(self, index: Index) -> Option | None:
        if not index.isValid() or not index.internalId() >> _OPTION_BITS:
            return None
        decision = self.decision_at(index)
        assert decision is not None
        return decision.options[(index.internalId() & ((1 << _OPTION_BITS) - 1)) - 1]

    def unsettled_count(self) -> int:
        return len(self.result.unsettled)

    # -- choosing ----------------------------------------------------------------------------

    def choose(self, row: int, option: int | str) -> None:
        """Settle decision ``row`` with an option (its position or key)."""
        decision = self.decisions[row]
        self.result.choose(decision, option)
        self._decision_changed(row)
        self.choicesChanged.emit()

    def prefer(self, rule: str) -> int:
        """Settle every conflict not yet decided by a rule ("master" or "newest")."""
        count = self.result.prefer(rule)  # type: ignore[arg-type]
        if count:
            self._all_changed()
            self.choicesChanged.emit()
        return count

    def clear_choices(self) -> None:
        for decision in self.decisions:
            self.result.unchoose(decision)
        self._all_changed()
        self.choicesChanged.emit()

    def _decision_changed(self, row: int) -> None:
        last = len(HEADERS) - 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        parent = self.index(row, 0)
        options = self.rowCount(parent)
        if options:
            self.dataChanged.emit(self.index(0, 0, parent), self.index(options - 1, last, parent))

    def _all_changed(self) -> None:
        for row in range(len(self.decisions)):
            self._decision_changed(row)

    # -- structure ---------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if row < 0 or not 0 <= column < len(HEADERS):
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self.decisions):
                return QModelIndex()
            return self.createIndex(row, column, row + 1)
        number = parent.internalId()
        if number >> _OPTION_BITS or parent.column() != 0:
            return QModelIndex()
        if row >= len(self.decisions[number - 1].options):
            return QModelIndex()
        return self.createIndex(row, column, (number << _OPTION_BITS) | (row + 1))

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        decision = index.internalId() >> _OPTION_BITS
        if not decision:
            return QModelIndex()
        return self.createIndex(decision - 1, 0, decision)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.decisions)
        if parent.column() != 0 or parent.internalId() >> _OPTION_BITS:
            return 0
        return len(self.decisions[parent.internalId() - 1].options)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.option_at(index) is not None and index.column() == DECISION:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        option = self.option_at(index)
        if option is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        row = index.parent().row()
        if checked:
            self.choose(row, option.key)
        else:
            # Unticking the chosen option leaves the decision open again.
            decision = self.decisions[row]
            chosen = self.result.chosen(decision)
            if chosen is not None and chosen.key == option.key:
                self.result.unchoose(decision)
                self._decision_changed(row)
                self.choicesChanged.emit()
        return True

    # -- data --------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        decision = self.decision_at(index)
        if decision is None:
            return None
        option = self.option_at(index)
        if role == IdRole:
            return decision.key if option is None else f"{decision.key}={option.key}"
        if role == KindRole:
            return "decision" if option is None else "option"
        if option is None:
            return self._decision_data(decision, index.column(), role)
        return self._option_data(decision, option, index.column(), role)

    def _decision_data(self, decision: Decision, column: int, role: int) -> Any:
        chosen = self.result.chosen(decision)
        display = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if column == DECISION:
            if display:
                return decision_heading(decision, self.result)
            if role == Qt.ItemDataRole.ToolTipRole:
                return describe_decision(decision)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
        elif column == VALUE:
            if display:
                if chosen is None:
                    return TO_DECIDE
                return f"Chosen: {option_name(chosen)}"
            if role == Qt.ItemDataRole.ForegroundRole and chosen is None:
                return QColor(ATTENTION)
            if role == Qt.ItemDataRole.FontRole and chosen is None:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
        elif column == NOTE and display and decision.base is not None:
            return f"When the copies were made: {decision.base}"
        elif column == NOTE and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(TEXT_MUTED)
        return None

    def _option_data(self, decision: Decision, option: Option, column: int, role: int) -> Any:
        chosen = self.result.chosen(decision)
        is_chosen = chosen is not None and chosen.key == option.key
        side = option.side
        display = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if column == DECISION:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if is_chosen else Qt.CheckState.Unchecked
            if display:
                text = side.source if side is not None else option.label
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    text += ", chosen" if is_chosen else ", not chosen"
                return text
            if role == Qt.ItemDataRole.ToolTipRole:
                return option.label
        if role == Qt.ItemDataRole.FontRole and is_chosen:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if side is None:
            return None
        if display:
            if column == VALUE:
                return side.value
            if column == NOTE:
                return " ".join(side.note.split())
            if column == BY:
                return side.by
            if column == WHEN:
                return format_when(side.at)
        if role == Qt.ItemDataRole.ToolTipRole and column == NOTE and side.note:
            return side.note
        return None


def option_name(option: Option) -> str:
    """An option as the lead knows it: "master", "priya" (a file without its extension), or
    the word for a decision about a whole case."""
    return Path(option.key).stem if option.side is not None else option.key


def decision_heading(decision: Decision, result: MergeResult) -> str:
    """A decision in a line: "BRK-0002 P2.1.1: answers differ"."""
    subject = decision.subject
    if decision.kind is DecisionKind.CASE_FIELD:
        subject = field_label(subject, result.framework)
    what = f"{decision.case_reference} {subject}".strip()
    return f"{what}: {KIND_LABELS[decision.kind]}"


def describe_decision(decision: Decision) -> str:
    lines = [decision.title, decision.explanation]
    if decision.base is not None:
        lines.append(f"When the copies were made: {decision.base}")
    return "\n".join(lines)


# -- what came in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BroughtInRow:
    change: str  # "New case", "Answer", "Case detail"
    reference: str
    subject: str
    before: str
    after: str
    source: str
    by: str
    when: str


CHANGE, CASE, SUBJECT, BEFORE, AFTER, SOURCE, WHO, AT = range(8)
BROUGHT_IN_HEADERS = (
    "Change",
    "Case",
    "Question or detail",
    "Before",
    "After",
    "From",
    "By",
    "When",
)


def brought_in_rows(result: MergeResult) -> list[BroughtInRow]:
    rows = [
        BroughtInRow("New case", added.reference, "", "", "", added.source, "", "")
        for added in result.added_cases
    ]
    for item in result.changed_answers:
        rows.append(
            BroughtInRow(
                "Answer",
                item.reference,
                item.subject,
                item.old,
                item.new,
                item.source,
                item.by,
                format_when(item.at),
            )
        )
    for item in result.changed_fields:
        rows.append(
            BroughtInRow(
                "Case detail",
                item.reference,
                field_label(item.subject, result.framework),
                field_value(item.subject, item.old),
                field_value(item.subject, item.new),
                item.source,
                item.by,
                format_when(item.at),
            )
        )
    return rows


class BroughtInModel(ReadOnlyTable):
    headers = BROUGHT_IN_HEADERS

    def __init__(self, result: MergeResult, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = brought_in_rows(result)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return (
                row.change,
                row.reference,
                row.subject,
                row.before,
                row.after,
                row.source,
                row.by,
                row.when,
            )[index.column()]
        return None
