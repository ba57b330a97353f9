"""One case's answers as a tree: case standards, their key questions and prompts, outcomes.

The review form reads every answer through this model and writes through setData, which
turns each edit into an undoable change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from inspector_app.core.document import AnswerValue, Case
from inspector_app.core.errors import EditError
from inspector_app.core.framework import Framework
from inspector_app.core.session import parse_answer
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.base import FixedHeaders, NodeTree
from inspector_app.gui.item_models.roles import (
    AnswerRole,
    IdRole,
    KindRole,
    NotApplicableRole,
    NoteRole,
    ProgressRole,
)

Index = QModelIndex | QPersistentModelIndex

QUESTION, ANSWER, NOTE = range(3)
HEADERS = ("Question", "Answer", "Evidence note")
UNANSWERED_TEXT = "Not answered"


@dataclass
class AnswerNode:
    kind: str  # standard, key_question, prompt, outcomes, outcome
    id: str
    text: str
    parent: int
    row: int
    allows_not_applicable: bool = False
    not_applicable_rule: str = ""
    children: list[int] = field(default_factory=list)


def build_answer_nodes(framework: Framework, sample: str) -> tuple[list[AnswerNode], list[int]]:
    nodes: list[AnswerNode] = []
    top: list[int] = []

    def add(node: AnswerNode) -> int:
        siblings = nodes[node.parent].children if node.parent >= 0 else top
        node.row = len(siblings)
        number = len(nodes)
        nodes.append(node)
        siblings.append(number)
        return number

    for standard in framework.case_standards:
        if standard.sample != sample:
            continue
        s = add(AnswerNode("standard", standard.id, standard.title, -1, 0))
        for kq in standard.key_questions:
            k = add(
                AnswerNode(
                    "key_question",
                    kq.id,
                    kq.wording,
                    s,
                    0,
                    kq.allows_not_applicable,
                    kq.not_applicable_rule or "",
                )
            )
            for prompt in kq.prompts:
                rule = (
                    "The prompt does not apply to this case" if prompt.allows_not_applicable else ""
                )
                add(
                    AnswerNode(
                        "prompt", prompt.id, prompt.text, k, 0, prompt.allows_not_applicable, rule
                    )
                )
    outcomes = [o for o in framework.outcomes if o.sample == sample]
    if outcomes:
        o = add(AnswerNode("outcomes", "outcomes", "Outcomes", -1, 0))
        for outcome in outcomes:
            rule = (
                "The outcome does not apply to this case" if outcome.allows_not_applicable else ""
            )
            add(
                AnswerNode(
                    "outcome", outcome.id, outcome.text, o, 0, outcome.allows_not_applicable, rule
                )
            )
    return nodes, top


def answer_label(value: AnswerValue | None) -> str:
    return UNANSWERED_TEXT if value is None else value.label


class CaseAnswersModel(FixedHeaders, NodeTree, QAbstractItemModel):
    headers = HEADERS

    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session = editor.session
        self.framework = editor.framework
        self.case_id: UUID | None = None
        self._sample: str | None = None
        self.nodes: list[AnswerNode] = []
        self.top: list[int] = []
        self._node_of: dict[str, int] = {}
        self._shapes: dict[str, tuple[list[AnswerNode], list[int]]] = {}
        self._pending_reset = False
        bridge = editor.bridge
        bridge.answerChanged.connect(self._answer_changed)
        bridge.caseFieldChanged.connect(self._case_field_changed)
        bridge.casesAboutToBeRemoved.connect(self._about_to_remove)
        bridge.casesRemoved.connect(self._finish_reset)
        bridge.casesAboutToBeReset.connect(self._about_to_reset)
        bridge.casesReset.connect(self._finish_reset)

    # -- which case ----------------------------------------------------------------------

    @property
    def case(self) -> Case | None:
        if self.case_id is None:
            return None
        try:
            return self.session.case(self.case_id)
        except EditError:
            return None

    def set_case(self, case_id: UUID | None) -> None:
        case = None
        if case_id is not None:
            case = self.session.case(case_id)
        sample = case.sample if case is not None else None
        if sample == self._sample and case_id is not None and self.case_id is not None:
            self.case_id = case_id
            self._emit_all()
            return
        self.beginResetModel()
        self.case_id = case_id
        self._use_shape(sample)
        self.endResetModel()

    def _use_shape(self, sample: str | None) -> None:
        self._sample = sample
        if sample is None:
            self.nodes, self.top = [], []
        else:
            if sample not in self._shapes:
                self._shapes[sample] = build_answer_nodes(self.framework, sample)
            self.nodes, self.top = self._shapes[sample]
        self._node_of = {node.id: n for n, node in enumerate(self.nodes)}

    # -- lookups -------------------------------------------------------------------------

    def node(self, index: Index) -> AnswerNode | None:
        return self.nodes[index.internalId()] if index.isValid() else None

    def question_index(self, question_id: str, column: int = QUESTION) -> QModelIndex:
        number = self._node_of.get(question_id)
        if number is None:
            return QModelIndex()
        return self.createIndex(self.nodes[number].row, column, number)

    def answerable_ids(self) -> list[str]:
        """Every question the case answers, in the order of the form."""
        return [n.id for n in self.nodes if n.kind in ("key_question", "prompt", "outcome")]

    def value_of(self, question_id: str) -> AnswerValue | None:
        case = self.case
        return None if case is None else case.value_of(question_id)

    # -- the model -----------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        answerable = node.kind in ("key_question", "prompt", "outcome")
        if answerable and index.column() in (ANSWER, NOTE) and self.editor.read_only_reason is None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        case = self.case
        if node is None or case is None:
            return None
        column = index.column()
        if role == KindRole:
            return node.kind
        if role == IdRole:
            return node.id
        if node.kind in ("standard", "outcomes"):
            return self._group_data(node, case, column, role)
        answer = case.answers.get(node.id)
        value = answer.value if answer is not None else None
        if role == AnswerRole:
            return value
        if role == NoteRole:
            return answer.note if answer is not None else ""
        if role == NotApplicableRole:
            return (node.allows_not_applicable, node.not_applicable_rule)
        display = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if column == QUESTION:
            if display:
                return f"{node.id}  {node.text}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return node.text
        elif column == ANSWER:
            if display:
                return answer_label(value)
            if role == Qt.ItemDataRole.EditRole:
                return "" if value is None else value.short_label
        elif column == NOTE and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return answer.note if answer is not None else ""
        return None

    def _group_data(self, node: AnswerNode, case: Case, column: int, role: int) -> Any:
        questions = [
            self.nodes[c].id
            for c in node.children
            if self.nodes[c].kind in ("key_question", "outcome")
        ]
        answered = sum(1 for q in questions if case.value_of(q) is not None)
        if role == ProgressRole:
            return answered, len(questions)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == QUESTION:
            return node.text if node.kind == "outcomes" else f"{node.id}  {node.text}"
        if column == ANSWER:
            return f"{answered}/{len(questions)} answered"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or self.case_id is None:
            return False
        if node.kind not in ("key_question", "prompt", "outcome"):
            return False
        if index.column() == ANSWER and role in (AnswerRole, Qt.ItemDataRole.EditRole):
            if isinstance(value, str) and value in {v.value for v in AnswerValue}:
                value = AnswerValue(value)
            elif isinstance(value, str):
                try:
                    value = parse_answer(value)
                except ValueError as exc:
                    self.editor.editRefused.emit(str(exc))
                    return False
            if value is not None and not isinstance(value, AnswerValue):
                return False
            self.editor.set_answer(self.case_id, node.id, value)
            return True
        if index.column() == NOTE and role in (NoteRole, Qt.ItemDataRole.EditRole):
            self.editor.set_note(self.case_id, node.id, str(value))
            return True
        return False

    # -- keeping in step ---------------------------------------------------------------------

    def _emit_all(self) -> None:
        for number in self.top:
            node = self.nodes[number]
            self.dataChanged.emit(
                self.createIndex(node.row, 0, number),
                self.createIndex(node.row, len(HEADERS) - 1, number),
            )
            self._emit_children(number)

    def _emit_children(self, number: int) -> None:
        children = self.nodes[number].children
        if not children:
            return
        first, last = self.nodes[children[0]], self.nodes[children[-1]]
        self.dataChanged.emit(
            self.createIndex(first.row, 0, children[0]),
            self.createIndex(last.row, len(HEADERS) - 1, children[-1]),
        )
        for child in children:
            self._emit_children(child)

    def _emit_node(self, number: int) -> None:
        node = self.nodes[number]
        self.dataChanged.emit(
            self.createIndex(node.row, 0, number),
            self.createIndex(node.row, len(HEADERS) - 1, number),
        )

    def _answer_changed(self, case_id: UUID, question_id: str) -> None:
        if case_id != self.case_id:
            return
        number = self._node_of.get(question_id)
        if number is None:
            return
        self._emit_node(number)
        # The group row's "2/3 answered" counts key questions and outcomes.
        parent = self.nodes[number].parent
        if parent >= 0 and self.nodes[parent].kind in ("standard", "outcomes"):
            self._emit_node(parent)

    def _case_field_changed(self, case_id: UUID, field_name: str) -> None:
        if case_id == self.case_id and field_name == "sample":
            self.set_case(case_id)

    def _about_to_remove(self, positions: tuple[int, ...]) -> None:
        if self.case_id is None:
            return
        try:
            position = self.session.case_position(self.case_id)
        except KeyError:
            return
        if position in positions:
            self._about_to_reset()

    def _about_to_reset(self) -> None:
        if not self._pending_reset:
            self.beginResetModel()
            self._pending_reset = True

    def _finish_reset(self, *_args: object) -> None:
        if not self._pending_reset:
            return
        self._pending_reset = False
        case = self.case
        if case is None:
            self.case_id = None
        self._use_shape(case.sample if case is not None else None)
        self.endResetModel()
