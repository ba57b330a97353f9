"""The ratings dashboard as a tree: domains, standards, key questions, prompts, and outcomes.

Figures come from a `FigureSource` (by default the session's live rating engine). The model
caches the latest result and recomputes it lazily, which costs O(key questions); an answer
change marks it stale and reports only the rows it can have changed, so the path from an
answer to the dashboard never walks the cases.

Each figure carries its 95% Wilson interval (`inspector_app.core.stats`), and a case standard
whose rating could differ within its key questions' intervals is marked borderline, in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from PySide6.QtCore import (
    QAbstractItemModel,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from inspector_app.core import stats
from inspector_app.core.engine import (
    InspectionResult,
    QuestionFigure,
    StandardResult,
    format_percent,
)
from inspector_app.core.framework import Framework
from inspector_app.core.ratings import Rating
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.base import NodeTree
from inspector_app.gui.item_models.roles import (
    BorderlineRole,
    ComputedRatingRole,
    IdRole,
    KindRole,
    OverrideRole,
    ProvisionalRole,
    RatingRole,
    ShortNameRole,
    SortRole,
)
from inspector_app.gui.theme import rating_text

Index = QModelIndex | QPersistentModelIndex

NAME, RATING, PERCENT, INTERVAL, COUNTS, NOTES = range(6)
HEADERS = (
    "Standard and key question",
    "Rating",
    "% Yes",
    # Two lines: the figures are narrow, and the key questions' names need the width.
    "95%\ninterval",
    "Yes /\napplicable",
    "Notes",
)
BORDERLINE_TEXT = "Borderline"


class FigureSource(Protocol):
    """Where the dashboard's figures come from: the whole inspection, or a filtered view."""

    def result(self) -> InspectionResult: ...

    def prompt_figures(self, key_question_id: str) -> list[QuestionFigure]: ...

    def outcome_figures(self) -> list[QuestionFigure]: ...


class SessionFigures:
    """The live figures of every case in the session."""

    def __init__(self, editor: DocumentEditor) -> None:
        self.session = editor.session

    def result(self) -> InspectionResult:
        return self.session.result()

    def prompt_figures(self, key_question_id: str) -> list[QuestionFigure]:
        return self.session.engine.prompt_figures(key_question_id)

    def outcome_figures(self) -> list[QuestionFigure]:
        return self.session.engine.outcome_figures()


@dataclass
class Node:
    kind: str  # domain, standard, key_question, prompt, outcomes, outcome
    id: str
    parent: int  # node number of the parent; -1 at the top
    row: int
    children: list[int] = field(default_factory=list)


def build_nodes(framework: Framework) -> list[Node]:
    nodes: list[Node] = []

    def add(kind: str, ident: str, parent: int) -> int:
        siblings = nodes[parent].children if parent >= 0 else top
        number = len(nodes)
        nodes.append(Node(kind, ident, parent, len(siblings)))
        siblings.append(number)
        return number

    top: list[int] = []
    for domain in framework.domains:
        domain_node = add("domain", domain.id, -1)
        for standard in framework.standards_in(domain.id):
            standard_node = add("standard", standard.id, domain_node)
            for kq in standard.key_questions:
                kq_node = add("key_question", kq.id, standard_node)
                for prompt in kq.prompts:
                    add("prompt", prompt.id, kq_node)
    if framework.outcomes:
        outcomes_node = add("outcomes", "outcomes", -1)
        for outcome in framework.outcomes:
            add("outcome", outcome.id, outcomes_node)
    return nodes


# What a standard's rating roles read from its result: shared with the Standards page's list.
STANDARD_RESULT_ROLES: dict[int, Callable[[StandardResult], Any]] = {
    RatingRole: lambda result: result.rating,
    ProvisionalRole: lambda result: result.provisional,
    OverrideRole: lambda result: result.override,
    ComputedRatingRole: lambda result: result.computed_rating,
}


class DashboardModel(NodeTree, QAbstractItemModel):
    # The overall result (score, rating, provisional) may have changed.
    resultChanged = Signal()

    def __init__(
        self,
        editor: DocumentEditor,
        source: FigureSource | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.framework = editor.framework
        self.source: FigureSource = source or SessionFigures(editor)
        self.nodes = build_nodes(self.framework)
        self.top = [n for n, node in enumerate(self.nodes) if node.parent < 0]
        self._node_of = {(node.kind, node.id): n for n, node in enumerate(self.nodes)}
        self._result: InspectionResult | None = None
        self._standards: dict[str, StandardResult] = {}
        self._figures: dict[str, QuestionFigure] = {}
        self._prompts: dict[str, dict[str, QuestionFigure]] = {}
        self._outcomes: dict[str, QuestionFigure] | None = None
        self._certainty: dict[str, stats.StandardCertainty | None] = {}
        bridge = editor.bridge
        bridge.answerChanged.connect(self._answer_changed)
        bridge.caseFieldChanged.connect(self._case_field_changed)
        bridge.casesInserted.connect(self.refresh)
        bridge.casesRemoved.connect(self.refresh)
        bridge.casesReset.connect(self.refresh)
        bridge.valueChanged.connect(self._value_changed)

    # -- figures ---------------------------------------------------------------------------

    def set_source(self, source: FigureSource) -> None:
        """Show figures from another source (a filtered set of cases, say)."""
        self.source = source
        self.refresh()

    def result(self) -> InspectionResult:
        if self._result is None:
            result = self.source.result()
            self._result = result
            self._certainty = {}
            self._standards = {s.id: s for s in result.standards}
            self._figures = {kq.id: kq for s in result.standards for kq in s.key_questions}
        return self._result

    def standard_result(self, standard_id: str) -> StandardResult:
        self.result()
        return self._standards[standard_id]

    def certainty(self, standard_id: str) -> stats.StandardCertainty | None:
        """How sure a case standard's computed rating is (None for a judgement standard)."""
        result = self.standard_result(standard_id)
        if standard_id not in self._certainty:
            self._certainty[standard_id] = stats.standard_certainty(self.framework, result)
        return self._certainty[standard_id]

    def borderline(self, standard_id: str) -> bool:
        certainty = self.certainty(standard_id)
        return certainty is not None and certainty.borderline

    def key_question_figure(self, question_id: str) -> QuestionFigure:
        self.result()
        return self._figures[question_id]

    def prompt_figure(self, key_question_id: str, prompt_id: str) -> QuestionFigure:
        figures = self._prompts.get(key_question_id)
        if figures is None:
            figures = {f.id: f for f in self.source.prompt_figures(key_question_id)}
            self._prompts[key_question_id] = figures
        return figures[prompt_id]

    def outcome_figure(self, outcome_id: str) -> QuestionFigure:
        if self._outcomes is None:
            self._outcomes = {f.id: f for f in self.source.outcome_figures()}
        return self._outcomes[outcome_id]

    def figure_for(self, node: Node) -> QuestionFigure | None:
        if node.kind == "key_question":
            return self.key_question_figure(node.id)
        if node.kind == "prompt":
            return self.prompt_figure(self.nodes[node.parent].id, node.id)
        if node.kind == "outcome":
            return self.outcome_figure(node.id)
        return None

    # -- structure -------------------------------------------------------------------------

    def node(self, index: Index) -> Node | None:
        return self.nodes[index.internalId()] if index.isValid() else None

    def index_of(self, kind: str, ident: str, column: int = 0) -> QModelIndex:
        number = self._node_of.get((kind, ident))
        if number is None:
            return QModelIndex()
        return self.createIndex(self.nodes[number].row, column, number)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == PERCENT:
            return "Yes ÷ (Yes + No); Not applicable answers are left out"
        if role == Qt.ItemDataRole.ToolTipRole and section == INTERVAL:
            return (
                "The 95% Wilson interval: the range the percentage for all the unit's cases "
                "could plausibly take, given this sample"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (PERCENT, INTERVAL, COUNTS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- data ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role == KindRole:
            return node.kind
        if role == IdRole:
            return node.id
        if node.kind == "standard":
            return self._standard_data(node, index.column(), role)
        if node.kind in ("key_question", "prompt", "outcome"):
            return self._figure_data(node, index.column(), role)
        return self._group_data(node, index.column(), role)

    def _group_data(self, node: Node, column: int, role: int) -> Any:
        if column != NAME:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if node.kind == "outcomes":
                return "Outcomes (recorded, not rated)"
            domain = next(d for d in self.framework.domains if d.id == node.id)
            return f"Domain {domain.id}: {domain.title}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == SortRole:
            return node.row
        return None

    def _standard_data(self, node: Node, column: int, role: int) -> Any:
        result = self.standard_result(node.id)
        standard = result.standard
        if role in STANDARD_RESULT_ROLES:
            return STANDARD_RESULT_ROLES[role](result)
        if role == BorderlineRole:
            return self.borderline(node.id)
        if column == NAME:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{standard.id}  {standard.title}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{standard.id} {standard.title}: {standard.statement}"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
        certainty = self.certainty(node.id)
        if column == RATING and role == Qt.ItemDataRole.DisplayRole:
            return describe_rating(result)
        if column == RATING and role == Qt.ItemDataRole.AccessibleTextRole:
            borderline = certainty is not None and certainty.borderline
            return describe_rating(result) + (", borderline" if borderline else "")
        if column == RATING and role == Qt.ItemDataRole.ToolTipRole:
            lines = [rating_tooltip(result)]
            if certainty is not None and certainty.borderline:
                lines.append(describe_borderline(certainty))
            return "\n".join(lines)
        if column == INTERVAL and certainty is not None and certainty.borderline:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return BORDERLINE_TEXT
            if role == Qt.ItemDataRole.ToolTipRole:
                return describe_borderline(certainty)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        if column == NOTES and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            notes = standard_notes(result, tooltip=role == Qt.ItemDataRole.ToolTipRole)
            if certainty is not None and certainty.borderline:
                separator = "\n" if role == Qt.ItemDataRole.ToolTipRole else " · "
                notes = separator.join(filter(None, [notes, describe_borderline(certainty)]))
            return notes
        return None

    def _figure_data(self, node: Node, column: int, role: int) -> Any:
        figure = self.figure_for(node)
        if figure is None:
            return None
        lowest = node.kind == "key_question" and figure.lowest
        if role == ProvisionalRole:
            return figure.provisional
        if role == RatingRole and node.kind == "key_question":
            return figure.band
        if role == Qt.ItemDataRole.FontRole and lowest and column != NOTES:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PERCENT, INTERVAL, COUNTS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == SortRole:
            return figure.percent_value if column == PERCENT else node.row
        display = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if column == NAME:
            if role == ShortNameRole and node.kind == "key_question":
                return self.framework.key_questions_by_id[node.id].short
            if display:
                label = figure.id
                if node.kind == "prompt":
                    label = figure.id.rsplit(".", 1)[-1] + ")"
                return f"{label}  {figure.text}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{figure.id}: {figure.text}"
        elif column == RATING:
            if role == Qt.ItemDataRole.AccessibleTextRole and figure.band is not None:
                return f"{figure.band.value} band"
            if role == Qt.ItemDataRole.ToolTipRole and figure.band is not None:
                return f"{format_percent(figure.percent)} falls in the {figure.band.value} band"
        elif column == PERCENT:
            if display:
                text = format_percent(figure.percent)
                return text + (" *" if figure.rounding_warning else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                if figure.percent is None:
                    return "No applicable answers yet"
                return f"{figure.percent_value:.1f}% exactly"
        elif column == INTERVAL:
            if display or role == Qt.ItemDataRole.ToolTipRole:
                certainty = stats.question_certainty(self.framework, figure)
                if display:
                    return certainty.interval.text if certainty.interval is not None else ""
                return describe_interval(certainty)
        elif column == COUNTS:
            if display:
                return f"{figure.yes} / {figure.applicable}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    f"Yes {figure.yes}, No {figure.no}, Not applicable {figure.not_applicable}, "
                    f"unanswered {figure.unanswered}"
                )
        elif column == NOTES and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return figure_notes(figure, lowest, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        return None

    # -- keeping in step ---------------------------------------------------------------------

    def refresh(self, *_args: object) -> None:
        """Every figure may have changed (cases added or removed, another source)."""
        self._invalidate()
        for number in self.top:
            self._emit_subtree(number)
        self.resultChanged.emit()

    def _invalidate(self) -> None:
        self._result = None
        self._prompts.clear()
        self._outcomes = None

    def _emit_subtree(self, number: int) -> None:
        node = self.nodes[number]
        if node.children:
            first = self.nodes[node.children[0]]
            last = self.nodes[node.children[-1]]
            self.dataChanged.emit(
                self.createIndex(first.row, 0, node.children[0]),
                self.createIndex(last.row, len(HEADERS) - 1, node.children[-1]),
            )
            for child in node.children:
                self._emit_subtree(child)

    def _emit_rows(self, numbers: list[int]) -> None:
        """dataChanged for sibling rows (one contiguous range under one parent)."""
        if not numbers:
            return
        first, last = self.nodes[numbers[0]], self.nodes[numbers[-1]]
        self.dataChanged.emit(
            self.createIndex(first.row, 0, numbers[0]),
            self.createIndex(last.row, len(HEADERS) - 1, numbers[-1]),
        )

    def _answer_changed(self, _case_id: UUID, question_id: str) -> None:
        question = self.framework.questions.get(question_id)
        if question is None:
            return
        if question.kind == "key_question":
            kq_node = self._node_of[("key_question", question_id)]
            standard_node = self.nodes[kq_node].parent
            standard_id = self.nodes[standard_node].id
            lowest_before = self._lowest_in(standard_id) if self._result is not None else None
            self._result = None
            self._emit_rows([standard_node])
            # The siblings' rows change only when the lowest key question (in bold, setting the
            # rating) moves; repainting them all on every answer took most of its time.
            if lowest_before is None or self._lowest_in(standard_id) != lowest_before:
                self._emit_rows(self.nodes[standard_node].children)
            else:
                self._emit_rows([kq_node])
            self.resultChanged.emit()
        elif question.kind == "prompt":
            assert question.key_question_id is not None
            self._prompts.pop(question.key_question_id, None)
            self._emit_rows([self._node_of[("prompt", question_id)]])
        else:
            self._outcomes = None
            self._emit_rows([self._node_of[("outcome", question_id)]])

    def _lowest_in(self, standard_id: str) -> frozenset[str]:
        return frozenset(
            kq.id for kq in self.standard_result(standard_id).key_questions if kq.lowest
        )

    def _case_field_changed(self, _case_id: UUID, field_name: str) -> None:
        if field_name == "sample":
            self.refresh()

    def _value_changed(self, path: tuple[str, ...]) -> None:
        if path[0] not in ("standards", "overrides"):
            return
        self._result = None
        if len(path) >= 2 and (number := self._node_of.get(("standard", path[1]))) is not None:
            self._emit_rows([number])
        else:
            for number in self.top:
                self._emit_rows(self.nodes[number].children)
        self.resultChanged.emit()


# -- words for ratings, shared by every view that shows one ----------------------------------


def describe_rating(result: StandardResult) -> str:
    """The rating in words, with its provisional and overridden marks in words too."""
    text = rating_text(result.rating)
    marks = []
    if result.overridden:
        marks.append("overridden")
    if result.provisional and result.rating is not None:
        marks.append("provisional")
    return f"{text} ({', '.join(marks)})" if marks else text


def rating_tooltip(result: StandardResult) -> str:
    lines = [f"{result.standard.id} {result.standard.title}: {rating_text(result.rating)}"]
    if result.override is not None:
        computed = rating_text(result.computed_rating)
        lines.append(f"Overridden; the rating from the evidence is {computed}.")
        lines.append(f"Rationale: {result.override.rationale}")
        if result.override.set_by:
            lines.append(f"Set by {result.override.set_by}")
    if result.provisional:
        lines.append("Provisional: some cases have not yet answered every key question.")
    if not result.standard.is_case and result.computed_rating is None:
        lines.append("A judgement standard: the inspectors choose its rating.")
    return "\n".join(lines)


def standard_notes(result: StandardResult, *, tooltip: bool = False) -> str:
    notes = []
    if result.override is not None:
        computed = rating_text(result.computed_rating)
        if tooltip:
            notes.append(f"Overridden from {computed}. Rationale: {result.override.rationale}")
        else:
            notes.append(f"Overridden from {computed}: {result.override.rationale}")
    if result.provisional:
        notes.append("Provisional: answers missing")
    if not result.standard.is_case:
        if result.computed_rating is None:
            notes.append("Judgement standard: to be rated")
        elif not notes:
            notes.append("Judgement standard")
    elif result.computed_rating is not None and not notes:
        notes.append("Rated by its lowest key question")
    return "\n".join(notes) if tooltip else " · ".join(notes)


def _bands(ratings: tuple[Rating, ...]) -> str:
    names = [rating.value for rating in ratings]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def describe_borderline(certainty: stats.StandardCertainty) -> str:
    """Why a standard is borderline, in words: the ratings its intervals allow."""
    return (
        f"Borderline: within the 95% intervals of its key questions the rating could be "
        f"{_bands(certainty.possible_ratings)}."
    )


def describe_interval(certainty: stats.QuestionCertainty) -> str:
    """A key question's interval in words, and whether it reaches into another band."""
    interval = certainty.interval
    if interval is None:
        return "No applicable answers yet: no interval"
    text = f"95% interval {interval.text}"
    lower, upper = certainty.lower_band, certainty.upper_band
    if certainty.crosses_threshold and lower is not None and upper is not None:
        return f"{text}: from the {lower.value} band into the {upper.value} band"
    if lower is not None:
        return f"{text}: within the {lower.value} band"
    return text


def figure_notes(figure: QuestionFigure, lowest: bool, *, tooltip: bool = False) -> str:
    notes = []
    if lowest:
        notes.append("Lowest: sets the rating")
    if figure.unanswered:
        notes.append(f"Provisional: {figure.unanswered} unanswered")
    if figure.rounding_warning:
        notes.append(
            figure.rounding_warning if tooltip else "* Printed figure reads as another band"
        )
    return ("\n" if tooltip else " · ").join(notes)


class OutcomeHeaders(QIdentityProxyModel):
    """The dashboard's outcome rows, headed as outcomes rather than standards."""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if section == NAME and horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Outcome"
        return super().headerData(section, orientation, role)
