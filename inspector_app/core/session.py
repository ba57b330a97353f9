"""Editing an inspection: reversible changes that keep the document and the ratings in step.

Every edit is a small `Change` object holding the value before and after. `InspectionSession`
applies or reverts it, updates the rating engine incrementally and tells its listeners. The
desktop app wraps each change in a `QUndoCommand` whose redo/undo call `apply`/`revert`, so
undo works for every edit without the core knowing about Qt; the command line uses the same
changes.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ValidationError

from inspector_app.core import history
from inspector_app.core.document import (
    Answer,
    AnswerValue,
    Case,
    Inspection,
    QaComment,
    RatingOverride,
    ReviewStatus,
    StandardWriteUp,
    utc_now,
)
from inspector_app.core.engine import InspectionResult, RatingEngine, StandardResult
from inspector_app.core.errors import EditError, describe_validation_error
from inspector_app.core.framework import Framework
from inspector_app.core.ratings import Rating

# -- changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetAnswer:
    case_id: UUID
    question_id: str
    before: Answer | None
    after: Answer | None
    description: str = "Answer"
    # Why the answer changed, kept in the change history ("QA query resolved", ...).
    reason: str = ""


@dataclass(frozen=True)
class InsertCases:
    """Cases inserted at positions (ascending, in the final list)."""

    cases: tuple[Case, ...]
    positions: tuple[int, ...]
    description: str = "Add cases"


@dataclass(frozen=True)
class RemoveCases:
    """Cases removed from positions (ascending, in the list before removal)."""

    cases: tuple[Case, ...]
    positions: tuple[int, ...]
    description: str = "Delete cases"


CaseField = Literal["reference", "sample", "inspector", "status", "completion_note", "notes"]


@dataclass(frozen=True)
class SetCaseField:
    case_id: UUID
    field: str  # a CaseField, or "attributes.<attribute id>"
    before: Any
    after: Any
    description: str = "Edit case"
    reason: str = ""


@dataclass(frozen=True)
class SetDocumentValue:
    """Any value outside the cases, by path: ("meta", "unit"), ("standards", "P1.1", "rating"),
    ("overrides", "P2.1"), ("narrative", "recommendations")... ``None`` at a dictionary path
    removes the entry."""

    path: tuple[str, ...]
    before: Any
    after: Any
    description: str = "Edit"


@dataclass(frozen=True)
class CompoundChange:
    """Several changes that undo and redo as one (a paste, a status change with a reason)."""

    changes: tuple[Change, ...]
    description: str = "Edit"


Change = SetAnswer | InsertCases | RemoveCases | SetCaseField | SetDocumentValue | CompoundChange

Listener = Callable[[Change, bool], None]


class _Keep(Enum):
    """Marks an argument left as it is (distinct from None, which clears a value)."""

    KEEP = 0


KEEP = _Keep.KEEP


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some locked-down machines
        return "unknown"


@dataclass
class CaseGap:
    question_id: str | None
    message: str


# -- the session ----------------------------------------------------------------------------


@dataclass
class InspectionSession:
    document: Inspection
    framework: Framework
    user: str = field(default_factory=current_user)
    engine: RatingEngine = field(init=False)
    _listeners: list[Listener] = field(default_factory=list, init=False, repr=False)
    _before_listeners: list[Listener] = field(default_factory=list, init=False, repr=False)
    _case_index: dict[UUID, int] = field(default_factory=dict, init=False, repr=False)
    # Counts every apply/revert; `saved_revision` is where the file on disk stands.
    revision: int = field(default=0, init=False)
    saved_revision: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.engine = RatingEngine(self.framework, self.document.cases)
        self._reindex()

    # -- observing ---------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def subscribe_before(self, listener: Listener) -> Callable[[], None]:
        """Be told of a change just before the document is touched.

        For views that must announce structural changes ahead of them (Qt item models call
        beginInsertRows/beginRemoveRows while the old rows still exist). ``applied`` says
        whether the change is about to be applied (True) or reverted (False).
        """
        self._before_listeners.append(listener)
        return lambda: self._before_listeners.remove(listener)

    def _notify(self, change: Change, applied: bool) -> None:
        for listener in list(self._listeners):
            listener(change, applied)

    @property
    def modified(self) -> bool:
        return self.revision != self.saved_revision

    def mark_saved(self) -> None:
        self.saved_revision = self.revision

    # -- reading -------------------------------------------------------------------------

    @property
    def cases(self) -> list[Case]:
        return self.document.cases

    def case(self, case_id: UUID) -> Case:
        try:
            return self.document.cases[self._case_index[case_id]]
        except KeyError:
            raise EditError(f"no case with id {case_id}") from None

    def case_position(self, case_id: UUID) -> int:
        return self._case_index[case_id]

    def result(self) -> InspectionResult:
        return self.engine.result(self.document)

    def standard_result(self, standard_id: str) -> StandardResult:
        return self.engine.standard_result(
            self.document, self.framework.standards_by_id[standard_id]
        )

    def case_gaps(self, case: Case) -> list[CaseGap]:
        """What a case still needs before it can be marked complete without a reason."""
        gaps = []
        for kq in self.framework.key_questions_for_sample(case.sample):
            if case.value_of(kq.id) is None:
                gaps.append(CaseGap(kq.id, f"Key question {kq.id} is not answered"))
        for outcome in self.framework.outcomes:
            if outcome.sample == case.sample and case.value_of(outcome.id) is None:
                gaps.append(CaseGap(outcome.id, f"Outcome {outcome.id} is not answered"))
        if not case.inspector.strip():
            gaps.append(CaseGap(None, "No reviewing inspector is recorded"))
        return gaps

    def case_progress(self, case: Case) -> tuple[int, int]:
        """(answered, total) key questions for a case."""
        questions = self.framework.key_questions_for_sample(case.sample)
        answered = sum(1 for kq in questions if case.value_of(kq.id) is not None)
        return answered, len(questions)

    # -- building changes (validated; nothing is applied yet) ---------------------------

    def answer_change(
        self,
        case_id: UUID,
        question_id: str,
        *,
        value: AnswerValue | Literal[_Keep.KEEP] | None = KEEP,
        note: str | None = None,
        reason: str = "",
    ) -> SetAnswer | None:
        """A change setting the value and/or the evidence note of one answer.

        Returns None when nothing would change. Raises `EditError` if the framework does not
        allow the answer.
        """
        case = self.case(case_id)
        question = self.framework.questions.get(question_id)
        if question is None:
            raise EditError(f"unknown question '{question_id}'")
        if question.sample != case.sample:
            raise EditError(
                f"question {question_id} belongs to the '{question.sample}' sample, "
                f"but case {case.reference} is in '{case.sample}'"
            )
        before = case.answers.get(question_id)
        new_value = (before.value if before else None) if value is KEEP else value
        new_note = (before.note if before else "") if note is None else note
        if new_value is AnswerValue.NOT_APPLICABLE and not question.allows_not_applicable:
            raise EditError(f"{question_id} cannot be answered 'Not applicable'")
        if before is not None and before.value == new_value and before.note == new_note:
            return None
        if before is None and new_value is None and not new_note:
            return None
        after = Answer(value=new_value, note=new_note, set_by=self.user, set_at=utc_now())
        return SetAnswer(
            case_id, question_id, before, after, f"Answer {question_id}", reason.strip()
        )

    def case_field_change(self, case_id: UUID, field_name: str, value: Any) -> SetCaseField | None:
        case = self.case(case_id)
        before = _read_case_field(case, field_name)
        after = value
        if field_name == "reference":
            after = str(value).strip()
            if not after:
                raise EditError("a case needs a reference")
        elif field_name == "sample":
            if value not in self.framework.samples_by_id:
                raise EditError(f"unknown case sample '{value}'")
            if value != case.sample and any(a.value is not None for a in case.answers.values()):
                raise EditError(
                    f"case {case.reference} already has answers for the '{case.sample}' sample; "
                    "clear them before moving it to another sample"
                )
        elif field_name == "status":
            after = ReviewStatus(value)
        elif field_name.startswith("attributes."):
            after = str(value).strip()
            self._check_attribute(case, field_name.split(".", 1)[1], after)
        elif field_name not in ("inspector", "completion_note", "notes"):
            raise EditError(f"cases have no field '{field_name}'")
        if before == after:
            return None
        return SetCaseField(case_id, field_name, before, after, f"Edit {field_name}")

    def _check_attribute(self, case: Case, attribute_id: str, value: str) -> None:
        attribute = self.framework.attributes_by_id.get(attribute_id)
        if attribute is None:
            raise EditError(f"unknown case attribute '{attribute_id}'")
        if value and attribute.values is not None and value not in attribute.values:
            allowed = ", ".join(attribute.values)
            raise EditError(f"'{value}' is not a {attribute.label.lower()}; use one of: {allowed}")

    def mark_complete_change(self, case_id: UUID, reason: str = "") -> Change:
        """Mark a case complete: refused while it has gaps, unless a reason is given."""
        case = self.case(case_id)
        gaps = self.case_gaps(case)
        if gaps and not reason.strip():
            listed = "; ".join(g.message for g in gaps[:5])
            raise EditError(
                f"case {case.reference} is not finished ({listed}); give a reason to mark it "
                "complete anyway"
            )
        changes: list[Change] = []
        note = reason.strip() if gaps else ""
        if note != case.completion_note:
            changes.append(SetCaseField(case_id, "completion_note", case.completion_note, note))
        if case.status is not ReviewStatus.COMPLETE:
            changes.append(SetCaseField(case_id, "status", case.status, ReviewStatus.COMPLETE))
        return CompoundChange(tuple(changes), f"Mark {case.reference} complete")

    # -- quality assurance ------------------------------------------------------------------

    def review_status_change(
        self,
        case_id: UUID,
        status: ReviewStatus | str,
        comment: str = "",
        *,
        resolve_open_comments: bool = False,
    ) -> Change | None:
        """Move a case through review: Draft, Complete, QA checked or Query raised.

        Complete goes through `mark_complete_change`, ``comment`` being the reason for any
        gaps. QA checked needs a case that has been marked complete (or queried) and no open
        QA comments, unless ``resolve_open_comments`` resolves them in the same change. Query
        raised needs ``comment``: the query, added as a QA comment. Draft reopens a case.
        Returns None when the case already has the status and there is no comment to add.
        """
        case = self.case(case_id)
        status = ReviewStatus(status)
        text = comment.strip()
        if status is ReviewStatus.COMPLETE:
            change = self.mark_complete_change(case_id, text)
            return change if change.changes else None
        changes: list[Change] = []
        comments = [c.model_copy() for c in case.qa_comments]
        if status is ReviewStatus.QA_CHECKED:
            if case.status is ReviewStatus.DRAFT:
                raise EditError(f"case {case.reference} is a draft; mark it complete first")
            still_open = [c for c in comments if not c.resolved]
            if still_open and not resolve_open_comments:
                raise EditError(
                    f"case {case.reference} has {len(still_open)} open QA comment"
                    f"{'s' if len(still_open) != 1 else ''}; resolve them first"
                )
            for c in still_open:
                c.resolved = True
        if status is ReviewStatus.QUERY_RAISED and not text:
            raise EditError(f"say what the query on case {case.reference} is")
        if text:
            comments.append(QaComment(at=utc_now(), by=self.user, text=text))
        if comments != case.qa_comments:
            changes.append(SetCaseField(case_id, "qa_comments", list(case.qa_comments), comments))
        if case.status is not status:
            changes.append(SetCaseField(case_id, "status", case.status, status, reason=text))
        if not changes:
            return None
        return CompoundChange(tuple(changes), f"{status.label}: {case.reference}")

    def qa_comment_change(self, case_id: UUID, text: str) -> SetCaseField:
        """Add a QA comment (or a reply to one) to a case, signed by the session's user."""
        case = self.case(case_id)
        if not text.strip():
            raise EditError("a QA comment needs some text")
        comment = QaComment(at=utc_now(), by=self.user, text=text.strip())
        return SetCaseField(
            case_id,
            "qa_comments",
            list(case.qa_comments),
            [*case.qa_comments, comment],
            f"QA comment on {case.reference}",
        )

    def qa_comment_resolved_change(
        self, case_id: UUID, comment_id: UUID, resolved: bool = True
    ) -> SetCaseField | None:
        case = self.case(case_id)
        if not any(c.id == comment_id for c in case.qa_comments):
            raise EditError(f"case {case.reference} has no QA comment {comment_id}")
        after = [
            c.model_copy(update={"resolved": resolved}) if c.id == comment_id else c
            for c in case.qa_comments
        ]
        if after == case.qa_comments:
            return None
        verb = "Resolve" if resolved else "Reopen"
        return SetCaseField(
            case_id, "qa_comments", list(case.qa_comments), after, f"{verb} QA comment"
        )

    def add_cases_change(self, cases: Sequence[Case], at: int | None = None) -> InsertCases:
        for case in cases:
            if case.sample not in self.framework.samples_by_id:
                raise EditError(f"unknown case sample '{case.sample}'")
            if case.id in self._case_index:
                raise EditError(f"case {case.reference} is already in the inspection")
        start = len(self.document.cases) if at is None else max(0, min(at, len(self.cases)))
        positions = tuple(range(start, start + len(cases)))
        label = f"Add {len(cases)} cases" if len(cases) != 1 else f"Add case {cases[0].reference}"
        return InsertCases(tuple(c.model_copy(deep=True) for c in cases), positions, label)

    def remove_cases_change(self, case_ids: Iterable[UUID]) -> RemoveCases:
        positions = sorted({self._case_index[cid] for cid in case_ids if cid in self._case_index})
        cases = tuple(self.document.cases[p] for p in positions)
        label = (
            f"Delete {len(cases)} cases" if len(cases) != 1 else f"Delete case {cases[0].reference}"
        )
        return RemoveCases(cases, tuple(positions), label)

    def value_change(
        self, path: Sequence[str], value: Any, description: str = "Edit"
    ) -> SetDocumentValue | None:
        path = tuple(path)
        before = _copy(self.read_path(path))
        after = _copy(value)
        self._check_value(path, after)
        if before == after:
            return None
        return SetDocumentValue(path, before, after, description)

    def judgement_rating_change(
        self, standard_id: str, rating: Rating | None
    ) -> SetDocumentValue | None:
        standard = self.framework.standards_by_id.get(standard_id)
        if standard is None:
            raise EditError(f"unknown standard '{standard_id}'")
        if standard.is_case:
            raise EditError(
                f"{standard_id} {standard.title} is rated from its cases; override it with a "
                "rationale instead"
            )
        return self.value_change(
            ("standards", standard_id, "rating"), rating, f"Rate {standard_id}"
        )

    def override_change(
        self, standard_id: str, rating: Rating | None, rationale: str = ""
    ) -> SetDocumentValue | None:
        """Override a standard's rating (None clears the override). A rationale is required."""
        if standard_id not in self.framework.standards_by_id:
            raise EditError(f"unknown standard '{standard_id}'")
        if rating is None:
            return self.value_change(
                ("overrides", standard_id), None, f"Clear override of {standard_id}"
            )
        if not rationale.strip():
            raise EditError(f"overriding the rating of {standard_id} needs a written rationale")
        override = RatingOverride(
            rating=rating, rationale=rationale.strip(), set_by=self.user, set_at=utc_now()
        )
        return self.value_change(("overrides", standard_id), override, f"Override {standard_id}")

    def _check_value(self, path: tuple[str, ...], value: Any) -> None:
        if not path:
            raise EditError("empty path")
        if path[0] == "standards":
            if len(path) < 2 or path[1] not in self.framework.standards_by_id:
                raise EditError(f"unknown standard in {'.'.join(path)}")
            rating_of_case_standard = (
                len(path) == 3
                and path[2] == "rating"
                and self.framework.standards_by_id[path[1]].is_case
            )
            if rating_of_case_standard and value is not None:
                raise EditError(f"{path[1]} is rated from its cases")
        if path[0] == "overrides" and (
            len(path) != 2 or path[1] not in self.framework.standards_by_id
        ):
            raise EditError(f"unknown standard in {'.'.join(path)}")
        if path[0] not in ("meta", "narrative", "standards", "overrides"):
            raise EditError(f"'{path[0]}' cannot be edited this way")
        # Validate by building the containing model with the new value.
        parent_path, key = path[:-1], path[-1]
        parent = self.read_path(parent_path, create=False)
        if isinstance(parent, BaseModel):
            data = parent.model_dump()
            data[key] = value.model_dump() if isinstance(value, BaseModel) else value
            try:
                type(parent).model_validate(data)
            except ValidationError as exc:
                raise EditError(describe_validation_error(exc, data)) from None

    # -- applying --------------------------------------------------------------------------

    def apply(self, change: Change | None) -> None:
        if change is None:
            return
        for listener in list(self._before_listeners):
            listener(change, True)
        self._run(change, forward=True)
        self.revision += 1
        self._notify(change, True)

    def revert(self, change: Change | None) -> None:
        if change is None:
            return
        for listener in list(self._before_listeners):
            listener(change, False)
        self._run(change, forward=False)
        self.revision += 1
        self._notify(change, False)

    def _run(self, change: Change, forward: bool) -> None:
        match change:
            case SetAnswer():
                answer = change.after if forward else change.before
                self._log_answer(change, answer, forward)
                self._set_answer(change.case_id, change.question_id, answer)
            case InsertCases():
                if forward:
                    self._insert(change.cases, change.positions)
                else:
                    self._remove(change.positions)
                self._log_cases(change.cases, added=forward, forward=forward)
            case RemoveCases():
                if forward:
                    self._remove(change.positions)
                else:
                    self._insert(change.cases, change.positions)
                self._log_cases(change.cases, added=not forward, forward=forward)
            case SetCaseField():
                value = change.after if forward else change.before
                self._log_case_field(change, value, forward)
                self._set_case_field(change.case_id, change.field, value)
            case SetDocumentValue():
                self._write_path(change.path, _copy(change.after if forward else change.before))
            case CompoundChange():
                for part in change.changes if forward else reversed(change.changes):
                    self._run(part, forward)
            case _:
                raise TypeError(f"unknown change {change!r}")

    # The change history: every applied or reverted change to a case is logged, so an undo
    # shows as a change of its own and nothing is ever taken out of the log.

    def _log_answer(self, change: SetAnswer, answer: Answer | None, forward: bool) -> None:
        case = self.case(change.case_id)
        record = history.answer_record(
            case,
            change.question_id,
            case.answers.get(change.question_id),
            answer,
            by=self.user,
            at=utc_now(),
            reason=change.reason if forward else history.undo_reason(change.reason),
        )
        if record is not None:
            self.document.history.append(record)

    def _log_case_field(self, change: SetCaseField, value: Any, forward: bool) -> None:
        case = self.case(change.case_id)
        record = history.field_record(
            case,
            change.field,
            _read_case_field(case, change.field) if change.field != "qa_comments" else None,
            value,
            by=self.user,
            at=utc_now(),
            reason=change.reason if forward else history.undo_reason(change.reason),
        )
        if record is not None:
            self.document.history.append(record)

    def _log_cases(self, cases: Sequence[Case], *, added: bool, forward: bool) -> None:
        now = utc_now()
        reason = "" if forward else history.UNDO_REASON
        for case in cases:
            self.document.history.append(
                history.case_record(
                    case, added, by=self.user, at=now, reason=reason, with_answers=added and forward
                )
            )

    def _set_answer(self, case_id: UUID, question_id: str, answer: Answer | None) -> None:
        case = self.case(case_id)
        old = case.answers.get(question_id)
        old_value = old.value if old is not None else None
        if answer is None or answer.is_empty:
            case.answers.pop(question_id, None)
            new_value = None
        else:
            case.answers[question_id] = answer
            new_value = answer.value
        self.engine.change_answer(question_id, old_value, new_value)

    def _insert(self, cases: Sequence[Case], positions: Sequence[int]) -> None:
        for case, position in zip(cases, positions, strict=True):
            copy = case.model_copy(deep=True)
            self.document.cases.insert(position, copy)
            self.engine.add_case(copy)
        self._reindex()

    def _remove(self, positions: Sequence[int]) -> None:
        for position in sorted(positions, reverse=True):
            case = self.document.cases.pop(position)
            self.engine.remove_case(case)
        self._reindex()

    def _set_case_field(self, case_id: UUID, field_name: str, value: Any) -> None:
        case = self.case(case_id)
        if field_name == "sample":
            self.engine.remove_case(case)
            case.sample = value
            self.engine.add_case(case)
        elif field_name.startswith("attributes."):
            key = field_name.split(".", 1)[1]
            if value:
                case.attributes[key] = value
            else:
                case.attributes.pop(key, None)
        else:
            setattr(case, field_name, _copy(value))

    def _reindex(self) -> None:
        self._case_index = {case.id: i for i, case in enumerate(self.document.cases)}

    # -- paths into the document ---------------------------------------------------------

    def read_path(self, path: Sequence[str], create: bool = True) -> Any:
        node: Any = self.document
        for i, key in enumerate(path):
            if isinstance(node, dict):
                if key not in node:
                    if path[0] == "standards" and i == 1 and create:
                        return _read_rest(StandardWriteUp(), path[2:])
                    return None
                node = node[key]
            else:
                node = getattr(node, key)
        return node

    def _write_path(self, path: tuple[str, ...], value: Any) -> None:
        if path[0] == "standards":
            node: Any = self.document.write_up(path[1])
            rest = path[2:]
        else:
            node = self.document
            rest = path
        for key in rest[:-1]:
            node = node[key] if isinstance(node, dict) else getattr(node, key)
        key = rest[-1]
        if isinstance(node, dict):
            if value is None:
                node.pop(key, None)
            else:
                node[key] = value
        else:
            setattr(node, key, value)


def _read_case_field(case: Case, field_name: str) -> Any:
    if field_name.startswith("attributes."):
        return case.attributes.get(field_name.split(".", 1)[1], "")
    if not hasattr(case, field_name) or field_name in ("id", "answers", "attributes"):
        raise EditError(f"cases have no field '{field_name}'")
    return getattr(case, field_name)


def _read_rest(node: Any, path: Sequence[str]) -> Any:
    for key in path:
        node = node[key] if isinstance(node, dict) else getattr(node, key)
    return node


def _copy(value: Any) -> Any:
    """Changes hold their own copies so later edits cannot reach into the undo history."""
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


ANSWER_KEYS: dict[str, AnswerValue] = {
    "yes": AnswerValue.YES,
    "y": AnswerValue.YES,
    "no": AnswerValue.NO,
    "n": AnswerValue.NO,
    "n/a": AnswerValue.NOT_APPLICABLE,
    "na": AnswerValue.NOT_APPLICABLE,
    "not applicable": AnswerValue.NOT_APPLICABLE,
}


def parse_answer(text: str) -> AnswerValue | None:
    """Read an answer as typed in a CSV or on the command line; blank is unanswered.

    Raises ValueError for anything else.
    """
    key = text.strip().lower()
    if not key:
        return None
    try:
        return ANSWER_KEYS[key]
    except KeyError:
        raise ValueError(f"'{text.strip()}' is not an answer; use Yes, No or N/A") from None
