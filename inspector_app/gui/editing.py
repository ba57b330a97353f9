"""Every edit of the document as an undoable command.

Views never change the document themselves: they ask `DocumentEditor`, which builds a core
`Change` with the session's validating builders, wraps it in a `ChangeCommand` and pushes it
on the document's `QUndoStack`. The command's redo() applies the change and undo() reverts it,
so Undo and Redo work the same for every kind of edit. A refused edit (an `EditError`) changes
nothing and is reported through `editRefused` with the core's message.

Text typed into a field is committed as it goes (after a pause, and when the field loses
focus); consecutive commits to the same field in one sitting carry the same merge key and
merge into one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from inspector_app.core.document import AnswerValue, Case, Inspection
from inspector_app.core.errors import EditError
from inspector_app.core.framework import Framework
from inspector_app.core.ratings import Rating
from inspector_app.core.session import (
    Change,
    CompoundChange,
    InspectionSession,
    SetAnswer,
    SetCaseField,
    SetDocumentValue,
)
from inspector_app.gui.bridge import SessionBridge

# QUndoCommand.id() of commands that may merge; the merge key decides whether they do.
MERGEABLE_COMMAND_ID = 0x1E5


def merge_changes(first: Change, second: Change) -> Change | None:
    """One change doing what ``first`` then ``second`` did, if both edit the same target."""
    if isinstance(first, SetAnswer) and isinstance(second, SetAnswer):
        if (first.case_id, first.question_id) == (second.case_id, second.question_id):
            return replace(first, after=second.after)
    elif isinstance(first, SetCaseField) and isinstance(second, SetCaseField):
        if (first.case_id, first.field) == (second.case_id, second.field):
            return replace(first, after=second.after)
    elif (
        isinstance(first, SetDocumentValue)
        and isinstance(second, SetDocumentValue)
        and first.path == second.path
    ):
        return replace(first, after=second.after)
    return None


def is_no_op(change: Change) -> bool:
    if isinstance(change, SetAnswer):
        before, after = change.before, change.after
        if before is None or after is None:
            empty = [a for a in (before, after) if a is not None]
            return all(a.is_empty for a in empty)
        return (before.value, before.note) == (after.value, after.note)
    if isinstance(change, SetCaseField | SetDocumentValue):
        return change.before == change.after
    if isinstance(change, CompoundChange):
        return all(is_no_op(part) for part in change.changes)
    return False


class ChangeCommand(QUndoCommand):
    def __init__(
        self,
        session: InspectionSession,
        change: Change,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(change.description)
        self.session = session
        self.change = change
        self.merge_key = merge_key

    def redo(self) -> None:
        self.session.apply(self.change)

    def undo(self) -> None:
        self.session.revert(self.change)

    def id(self) -> int:
        return MERGEABLE_COMMAND_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ChangeCommand) or other.merge_key != self.merge_key:
            return False
        merged = merge_changes(self.change, other.change)
        if merged is None:
            return False
        self.change = merged
        # Typing a field back to what it was leaves nothing to undo.
        self.setObsolete(is_no_op(merged))
        return True


class DocumentEditor(QObject):
    """The one way views change the document."""

    editRefused = Signal(str)
    # Bound text fields commit what the user is still typing (before undo, save, close).
    commitPendingRequested = Signal()

    def __init__(
        self,
        session: InspectionSession,
        undo_stack: QUndoStack | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.framework = session.framework
        self.bridge = SessionBridge(session, self)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        # Set while a file is open read-only (another user holds it, or it is a snapshot).
        self.read_only_reason: str | None = None

    @property
    def document(self) -> Inspection:
        return self.session.document

    def close(self) -> None:
        """Stop reporting: the document is closing and its views are going away."""
        self.bridge.detach()
        self.bridge.blockSignals(True)
        # The stack reports its own destruction (cleanChanged, indexChanged...) to views that
        # may already be gone; silence it and drop the commands now.
        self.undo_stack.blockSignals(True)
        self.undo_stack.clear()

    # -- the core path -----------------------------------------------------------------------

    def push(self, change: Change | None, merge_key: Hashable | None = None) -> bool:
        """Apply a built change as one undo step. False when there was nothing to do."""
        if change is None:
            return False
        if self.read_only_reason is not None:
            self.editRefused.emit(self.read_only_reason)
            return False
        self.undo_stack.push(ChangeCommand(self.session, change, merge_key))
        return True

    def run(self, build: Callable[[], Change | None], merge_key: Hashable | None = None) -> bool:
        """Build a change and push it; an `EditError` is reported, never raised."""
        try:
            change = build()
        except EditError as exc:
            self.editRefused.emit(exc.message)
            return False
        return self.push(change, merge_key)

    def commit_pending(self) -> None:
        self.commitPendingRequested.emit()

    def undo(self) -> None:
        self.commit_pending()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.commit_pending()
        self.undo_stack.redo()

    # -- answers and cases ---------------------------------------------------------------------

    def set_answer(self, case_id: UUID, question_id: str, value: AnswerValue | None) -> bool:
        return self.run(lambda: self.session.answer_change(case_id, question_id, value=value))

    def set_note(
        self, case_id: UUID, question_id: str, note: str, merge_key: Hashable | None = None
    ) -> bool:
        def build() -> Change | None:
            change = self.session.answer_change(case_id, question_id, note=note)
            return replace(change, description=f"Note on {question_id}") if change else None

        return self.run(build, merge_key)

    def set_case_field(
        self, case_id: UUID, field: str, value: Any, merge_key: Hashable | None = None
    ) -> bool:
        def build() -> Change | None:
            change = self.session.case_field_change(case_id, field, value)
            if change is None:
                return None
            label = _case_field_label(self.framework, field)
            reference = self.session.case(case_id).reference
            return replace(change, description=f"Edit {label} of {reference}")

        return self.run(build, merge_key)

    def add_cases(self, cases: Sequence[Case], at: int | None = None) -> bool:
        return self.run(lambda: self.session.add_cases_change(cases, at))

    def remove_cases(self, case_ids: Sequence[UUID]) -> bool:
        if not case_ids:
            return False
        return self.run(lambda: self.session.remove_cases_change(case_ids))

    def mark_complete(self, case_id: UUID, reason: str = "") -> bool:
        return self.run(lambda: self.session.mark_complete_change(case_id, reason))

    # -- everything else -------------------------------------------------------------------

    def set_value(
        self,
        path: Sequence[str],
        value: Any,
        description: str = "Edit",
        merge_key: Hashable | None = None,
    ) -> bool:
        return self.run(lambda: self.session.value_change(path, value, description), merge_key)

    def rate_judgement(self, standard_id: str, rating: Rating | None) -> bool:
        return self.run(lambda: self.session.judgement_rating_change(standard_id, rating))

    def override(self, standard_id: str, rating: Rating | None, rationale: str = "") -> bool:
        return self.run(lambda: self.session.override_change(standard_id, rating, rationale))


def _case_field_label(framework: Framework, field: str) -> str:
    if field.startswith("attributes."):
        attribute = framework.attributes_by_id.get(field.split(".", 1)[1])
        return attribute.label.lower() if attribute else field
    return {
        "reference": "reference",
        "sample": "sample",
        "inspector": "inspector",
        "status": "status",
        "completion_note": "completion note",
        "notes": "case notes",
    }.get(field, field)
