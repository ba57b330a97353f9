"""What a merge cannot settle alone, and the result the lead settles it in.

`inspector_app.core.merge.merge` returns a `MergeResult`. Its `decisions` are the questions
for the lead: a conflict (two files changed the same answer or case detail since their
copies were made) offers each file's value as an `Option` with a `Side` (value, note, who,
when, file); a duplicate reference, a case deleted in a copy, or a case edited in a copy
after the master deleted it offer what can be done with the case. A conflict view lists the
decisions, shows each option's `label`, and calls `MergeResult.choose(decision, option)`;
`MergeResult.merged_document()` then applies every choice and logs it in the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal
from uuid import UUID

from inspector_app.core import history
from inspector_app.core.document import (
    Answer,
    AnswerValue,
    Case,
    Inspection,
    ReviewStatus,
    utc_now,
)
from inspector_app.core.errors import InspectorError
from inspector_app.core.framework import Framework


class MergeError(InspectorError):
    """Files that cannot be merged, or a merge whose decisions are not all taken."""


class DecisionKind(StrEnum):
    ANSWER = "answer"  # two files changed the same answer
    CASE_FIELD = "case_field"  # two files changed the same case field
    DUPLICATE_REFERENCE = "duplicate_reference"  # a new case's reference is already taken
    REMOVED_IN_COPY = "removed_in_copy"  # a copy deleted a case the master still has
    EDITED_AFTER_REMOVAL = "edited_after_removal"  # a copy edited a case the master deleted


@dataclass(frozen=True)
class Side:
    """One file's version of a disputed answer or case field."""

    source: str
    value: str  # as shown: "Yes", "No", "N/A", "unanswered", or the field's text
    by: str
    at: datetime | None
    note: str = ""  # answers: the evidence note
    answer: Answer | None = field(default=None, compare=False, repr=False)
    # Case fields: the value as stored ("qa_checked" where ``value`` shows "QA checked").
    stored: str = field(default="", compare=False, repr=False)

    @property
    def state(self) -> tuple[str, str]:
        return (self.value, self.note)


@dataclass(frozen=True)
class Option:
    """One way of settling a decision. ``key`` is what `MergeResult.choose` and the command
    line's ``--choose KEY=OPTION`` take: a file's label for conflicts, a word otherwise."""

    key: str
    label: str
    side: Side | None = None


@dataclass
class Decision:
    """Something the merge cannot settle alone.

    For a conflict (kind ANSWER or CASE_FIELD) each option is one file's value, in
    ``sides``: the first is what the merged file held (the master's, or what an earlier file in
    the merge brought in), the others come from the files that changed it since their copy.
    """

    key: str  # unique in a merge: "BRK-0007/P2.1.1", "BRK-0007/status", "BRK-0041/duplicate"
    kind: DecisionKind
    case_id: UUID
    case_reference: str
    sample: str
    subject: str  # the question id or case field; "" for decisions about a whole case
    title: str
    explanation: str
    options: list[Option]
    base: str | None = None  # conflicts: the value when the copies were made
    # The case to add or restore (duplicate and removal decisions).
    incoming: Case | None = field(default=None, repr=False)
    # A reference change onto another case's reference: taking it would leave two cases with
    # one reference, so no rule settles it.
    reference_clash: bool = False

    @property
    def is_conflict(self) -> bool:
        return self.kind in (DecisionKind.ANSWER, DecisionKind.CASE_FIELD)

    @property
    def question_id(self) -> str | None:
        return self.subject if self.kind is DecisionKind.ANSWER else None

    @property
    def sides(self) -> tuple[Side, ...]:
        return tuple(option.side for option in self.options if option.side is not None)

    def option(self, choice: str | int | Option) -> Option:
        """The option named by its key (any case; a file label with or without its
        extension), its index, or itself. Raises MergeError."""
        if isinstance(choice, Option):
            if choice in self.options:
                return choice
        elif isinstance(choice, int):
            if 0 <= choice < len(self.options):
                return self.options[choice]
        else:
            wanted = choice.strip().casefold()
            for option in self.options:
                key = option.key.casefold()
                if wanted in (key, Path(key).stem):
                    return option
        keys = ", ".join(option.key for option in self.options)
        raise MergeError(f"{self.key}: '{choice}' is not a choice here; use one of: {keys}")


@dataclass(frozen=True)
class AddedCase:
    case_id: UUID
    reference: str
    source: str


@dataclass(frozen=True)
class BroughtIn:
    """An answer or case field taken from another file because only that file changed it."""

    case_id: UUID
    reference: str
    subject: str  # question id or case field
    old: str
    new: str
    source: str
    by: str
    at: datetime | None


PreferRule = Literal["master", "newest"]


@dataclass
class MergeResult:
    framework: Framework
    master_label: str
    added_cases: list[AddedCase]
    changed_answers: list[BroughtIn]
    changed_fields: list[BroughtIn]
    qa_comments_added: int
    history_added: int
    decisions: list[Decision]
    notices: list[str]
    # The master as given, and the merged document before any decision is applied.
    master: Inspection = field(repr=False)
    draft: Inspection = field(repr=False)
    # Decision key -> chosen option key.
    choices: dict[str, str] = field(default_factory=dict)

    # -- reading ----------------------------------------------------------------------------

    @property
    def conflicts(self) -> list[Decision]:
        return [d for d in self.decisions if d.is_conflict]

    @property
    def duplicates(self) -> list[Decision]:
        return [d for d in self.decisions if d.kind is DecisionKind.DUPLICATE_REFERENCE]

    @property
    def unsettled(self) -> list[Decision]:
        return [d for d in self.decisions if d.key not in self.choices]

    @property
    def settled(self) -> bool:
        return not self.unsettled

    def decision(self, key: str) -> Decision:
        for decision in self.decisions:
            if decision.key.casefold() == key.strip().casefold():
                return decision
        raise MergeError(f"there is no decision '{key}' in this merge")

    def chosen(self, decision: Decision) -> Option | None:
        key = self.choices.get(decision.key)
        return decision.option(key) if key is not None else None

    # -- deciding ---------------------------------------------------------------------------

    def choose(self, decision: Decision | str, choice: str | int | Option) -> Option:
        """Settle one decision (or change its choice). Returns the chosen option."""
        found = self.decision(decision) if isinstance(decision, str) else decision
        if found not in self.decisions:
            raise MergeError(f"{found.key} is not a decision of this merge")
        option = found.option(choice)
        self.choices[found.key] = option.key
        return option

    def unchoose(self, decision: Decision | str) -> None:
        found = self.decision(decision) if isinstance(decision, str) else decision
        self.choices.pop(found.key, None)

    def prefer(self, rule: PreferRule) -> int:
        """Settle every unsettled conflict by a rule; returns how many it settled.

        ``master`` keeps the value the merged file held (the master's, or what an earlier file
        brought in); ``newest`` takes the most recently changed value. Duplicate references
        (and renames onto another case's reference) and deleted cases are never settled by a
        rule.
        """
        count = 0
        for decision in self.unsettled:
            if not decision.is_conflict or decision.reference_clash:
                continue
            if rule == "master":
                option = decision.options[0]
            elif rule == "newest":
                # Ties (changes in the same second) go to the file merged last.
                options = [o for o in decision.options if o.side is not None]
                option = max(
                    enumerate(options), key=lambda item: (side_time(item[1].side), item[0])
                )[1]
            else:
                raise MergeError(f"unknown rule '{rule}'; use master or newest")
            self.choices[decision.key] = option.key
            count += 1
        return count

    # -- the outcome ------------------------------------------------------------------------

    def merged_document(self, *, user: str | None = None, at: datetime | None = None) -> Inspection:
        """The merged inspection with every decision applied. Raises MergeError while any
        decision is unsettled. Settled conflicts are logged in the history, by ``user``."""
        if self.unsettled:
            listed = ", ".join(d.key for d in self.unsettled[:5])
            more = f" and {len(self.unsettled) - 5} more" if len(self.unsettled) > 5 else ""
            raise MergeError(
                f"{len(self.unsettled)} merge decision(s) are not taken yet: {listed}{more}"
            )
        from inspector_app.core.session import current_user

        # A full copy, sharing nothing with the draft or the files merged.
        document = Inspection.model_validate(self.draft.model_dump())
        by = user if user is not None else current_user()
        when = at or utc_now()
        for decision in self.decisions:
            option = decision.option(self.choices[decision.key])
            _apply_decision(document, decision, option, by=by, at=when)
        _check(document, self.framework)
        return document

    @property
    def changes_anything(self) -> bool:
        """False when the merge brings nothing new: the master is already up to date."""
        draft, master = self.draft, self.master
        if self.decisions or len(draft.history) != len(master.history):
            return True
        if len(draft.cases) != len(master.cases):
            return True
        # The draft shares every case the merge left alone with the master.
        return any(a is not b and a != b for a, b in zip(draft.cases, master.cases, strict=True))

    def summary(self) -> str:
        parts = [
            _count(len(self.added_cases), "new case"),
            _count(len(self.changed_answers), "changed answer"),
            _count(len(self.changed_fields), "changed case detail"),
            _count(self.qa_comments_added, "QA comment"),
            _count(self.history_added, "history entry", "history entries"),
        ]
        settled = len(self.decisions) - len(self.unsettled)
        if self.decisions:
            parts.append(f"{settled} of {_count(len(self.decisions), 'decision')} taken")
        return ", ".join(parts)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


AnswerState = tuple[AnswerValue | None, str]


def answer_state(answer: Answer | None) -> AnswerState:
    return (answer.value, answer.note) if answer is not None else (None, "")


def read_field(case: Case, name: str) -> str:
    if name.startswith("attributes."):
        return case.attributes.get(name.split(".", 1)[1], "")
    return history.field_text(getattr(case, name, ""))


def write_field(case: Case, name: str, text: str) -> None:
    if name.startswith("attributes."):
        key = name.split(".", 1)[1]
        if text:
            case.attributes[key] = text
        else:
            case.attributes.pop(key, None)
    elif name == "status":
        case.status = ReviewStatus(text)
    else:
        setattr(case, name, text)


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def side_time(side: Side) -> datetime:
    """Sort key: when a side's value was set (unknown times first)."""
    if side.at is None:
        return _EARLIEST
    return side.at if side.at.tzinfo is not None else side.at.replace(tzinfo=UTC)


def _apply_decision(
    document: Inspection, decision: Decision, option: Option, *, by: str, at: datetime
) -> None:
    cases = document.cases
    position = {case.id: i for i, case in enumerate(cases)}
    match decision.kind:
        case DecisionKind.ANSWER:
            _settle_answer(document, decision, option, position, by=by, at=at)
        case DecisionKind.CASE_FIELD:
            _settle_field(document, decision, option, position, by=by, at=at)
        case DecisionKind.DUPLICATE_REFERENCE:
            incoming = decision.incoming
            assert incoming is not None
            reason = f"Merge: {decision.case_reference} is a duplicate reference"
            if option.key == "both":
                cases.append(incoming.model_copy(deep=True))
                document.history.append(
                    history.case_record(incoming, True, by=by, at=at, reason=reason)
                )
            elif option.key == "existing":
                # Logged as removed so that merging the same file again does not ask again.
                document.history.append(
                    history.case_record(incoming, False, by=by, at=at, reason=reason)
                )
            else:
                twin = next(
                    (
                        c
                        for c in cases
                        if c.sample == incoming.sample
                        and c.reference.casefold() == incoming.reference.casefold()
                        and c.id != incoming.id
                    ),
                    None,
                )
                at_index = len(cases)
                if twin is not None:
                    at_index = cases.index(twin)
                    cases.remove(twin)
                    document.history.append(
                        history.case_record(twin, False, by=by, at=at, reason=reason)
                    )
                cases.insert(at_index, incoming.model_copy(deep=True))
                document.history.append(
                    history.case_record(incoming, True, by=by, at=at, reason=reason)
                )
        case DecisionKind.REMOVED_IN_COPY:
            case = cases[position[decision.case_id]] if decision.case_id in position else None
            if case is None:
                return
            if option.key == "remove":
                cases.remove(case)
            else:
                document.history.append(
                    history.case_record(
                        case, True, by=by, at=at, reason="Merge: kept, though deleted in a copy"
                    )
                )
        case DecisionKind.EDITED_AFTER_REMOVAL:
            incoming = decision.incoming
            if option.key == "restore" and incoming is not None and incoming.id not in position:
                cases.append(incoming.model_copy(deep=True))
                document.history.append(
                    history.case_record(
                        incoming, True, by=by, at=at, reason="Merge: restored, edited in a copy"
                    )
                )


def _settle_answer(
    document: Inspection,
    decision: Decision,
    option: Option,
    position: dict[UUID, int],
    *,
    by: str,
    at: datetime,
) -> None:
    if decision.case_id not in position:
        return  # the case itself was left out by another decision
    case = document.cases[position[decision.case_id]]
    question_id = decision.subject
    chosen = option.side
    assert chosen is not None
    current = case.answers.get(question_id)
    rejected = [s for s in decision.sides if s.source != chosen.source]
    # The entry runs from the value replaced, or, when the merged file's own value is kept,
    # from the latest value turned down, so that the log's last word is the answer kept.
    if answer_state(current) != answer_state(chosen.answer):
        before = current
    else:
        latest = max(rejected, key=side_time, default=None)
        before = latest.answer if latest is not None else None
    if chosen.answer is None or chosen.answer.is_empty:
        case.answers.pop(question_id, None)
    else:
        case.answers[question_id] = chosen.answer
    reason = f"Merge: {chosen.source}'s answer chosen over " + ", ".join(s.source for s in rejected)
    record = history.answer_record(
        case, question_id, before, chosen.answer, by=by, at=at, reason=reason
    )
    if record is not None:
        document.history.append(record)


def _settle_field(
    document: Inspection,
    decision: Decision,
    option: Option,
    position: dict[UUID, int],
    *,
    by: str,
    at: datetime,
) -> None:
    if decision.case_id not in position:
        return
    case = document.cases[position[decision.case_id]]
    chosen = option.side
    assert chosen is not None
    name = decision.subject
    current = read_field(case, name)
    rejected = [s for s in decision.sides if s.source != chosen.source]
    if current != chosen.stored:
        before = current
    else:
        latest = max(rejected, key=side_time, default=None)
        before = latest.stored if latest is not None else ""
    write_field(case, name, chosen.stored)
    reason = f"Merge: {chosen.source}'s value chosen over " + ", ".join(s.source for s in rejected)
    record = history.field_record(case, name, before, chosen.stored, by=by, at=at, reason=reason)
    if record is not None:
        document.history.append(record)


def _check(document: Inspection, framework: Framework) -> None:
    from inspector_app.core.storage import check_against_framework

    problems, _warnings = check_against_framework(document, framework)
    if problems:
        raise MergeError("the merged file would not be valid: " + "; ".join(problems[:5]))
