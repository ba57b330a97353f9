"""Merging inspectors' copies into the lead's file.

The lead's file is the master; each inspector works in a copy of it. `merge` brings into (a
copy of) the master what every other file added or changed since it was copied, and returns
a `MergeResult`: the merged document, what was brought in, and the *decisions* it cannot take
alone (two files changed the same answer, two cases share a reference, a case was deleted in
one file and not the other). The lead settles each decision with `MergeResult.choose`, then
`MergeResult.merged_document()` gives the file to save.

How "changed since the copy" is told apart from "changed in the master" without a separate
base file: the change history. Both files carry the history up to the moment of copying
(entries have ids), and every change since is an entry in one file only. For each answer the
other file changed (it has entries the master lacks), the first of those entries holds the
value at the time of the copy: the *base*. Then, as in any three-way merge:

* the other file's answer equals the master's: nothing to do;
* the other file's answer equals the base (changed, then changed back): the master's stands;
* the master's answer equals the base: the master did not change it, so the other's is taken;
* otherwise both changed it: a conflict, settled by the lead.

Case fields (reference, inspector, status, attributes, notes) follow the same rule through
their history entries. Everything else, and the full policy, is in docs/team-fieldwork.md.
Merging is idempotent: the merged file holds every entry of the other file, so merging the
same file again finds nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from inspector_app.core import history
from inspector_app.core.document import (
    Answer,
    Case,
    ChangeKind,
    ChangeRecord,
    Inspection,
    ReviewStatus,
)
from inspector_app.core.framework import Framework, get_framework
from inspector_app.core.merge_decisions import (
    AddedCase,
    AnswerState,
    BroughtIn,
    Decision,
    DecisionKind,
    MergeError,
    MergeResult,
    Option,
    Side,
    answer_state,
    read_field,
    write_field,
)

__all__ = [
    "MASTER",
    "AddedCase",
    "BroughtIn",
    "Decision",
    "DecisionKind",
    "MergeError",
    "MergeResult",
    "MergeSource",
    "Option",
    "Side",
    "merge",
    "merge_files",
]

MASTER = "master"


@dataclass(frozen=True)
class MergeSource:
    """A file to merge in, with the name it is shown under (its file name, usually)."""

    document: Inspection
    label: str


def merge(
    master: Inspection,
    others: Sequence[Inspection | MergeSource],
    framework: Framework | None = None,
    *,
    master_label: str = MASTER,
) -> MergeResult:
    """Merge other files into a copy of ``master`` (neither is changed).

    ``framework`` defaults to the master's. Raises MergeError if a file is an inspection
    against another framework.
    """
    if framework is None:
        framework = get_framework(master.meta.framework_id)
    if master.meta.framework_id != framework.id:
        raise MergeError(
            f"the master is a {master.meta.framework_id} inspection, not {framework.id}"
        )
    sources = _label_sources(others, master_label)
    for source in sources:
        framework_id = source.document.meta.framework_id
        if framework_id != master.meta.framework_id:
            raise MergeError(
                f"{source.label} is a {framework_id} inspection and the master a "
                f"{master.meta.framework_id} one; files of different frameworks cannot be merged"
            )
    merger = _Merger(master, framework, master_label)
    for source in sources:
        merger.merge_source(source)
    return merger.result()


def merge_files(master_path: Path, other_paths: Sequence[Path]) -> MergeResult:
    """Load and merge files by path, labelling each by its file name. Raises InspectorError."""
    from inspector_app.core.storage import load_inspection

    loaded = load_inspection(master_path)
    others = []
    for path in other_paths:
        other = load_inspection(path)
        others.append(MergeSource(other.document, Path(path).name))
    return merge(loaded.document, others, loaded.framework)


def _label_sources(
    others: Sequence[Inspection | MergeSource], master_label: str
) -> list[MergeSource]:
    used = {master_label.casefold()}
    sources = []
    for number, other in enumerate(others, start=1):
        source = other if isinstance(other, MergeSource) else MergeSource(other, f"copy {number}")
        label = source.label
        suffix = 2
        while label.casefold() in used:
            label = f"{source.label} ({suffix})"
            suffix += 1
        used.add(label.casefold())
        sources.append(MergeSource(source.document, label))
    return sources


# Case fields a merge carries over; anything else in a history entry is left alone.
MERGED_CASE_FIELDS = ("reference", "sample", "inspector", "status", "completion_note", "notes")


def _mergeable_field(name: str) -> bool:
    return name in MERGED_CASE_FIELDS or name.startswith("attributes.")


class _Merger:
    def __init__(self, master: Inspection, framework: Framework, master_label: str) -> None:
        self.master = master
        # Copy on write: the draft shares the master's cases until the merge changes one, so
        # that merging a few changes into thousands of cases stays quick. The merged document
        # handed out (`MergeResult.merged_document`) is a full copy, sharing nothing.
        self.document = master.model_copy(
            update={"cases": list(master.cases), "history": list(master.history)}
        )
        self.owned: set[UUID] = set()
        self.positions = {case.id: i for i, case in enumerate(self.document.cases)}
        self.framework = framework
        self.master_label = master_label
        self.added: list[AddedCase] = []
        self.answers: list[BroughtIn] = []
        self.fields: list[BroughtIn] = []
        self.comments_added = 0
        self.history_added = 0
        self.decisions: list[Decision] = []
        self.notices: list[str] = []
        # Conflicts still open, by (case id, "answer"|"field", subject): a later file that
        # changed the same thing adds its side there.
        self.open_conflicts: dict[tuple[UUID, str, str], Decision] = {}
        # Which file the merged file's value of (case id, subject) came from, when not the
        # master's.
        self.source_of: dict[tuple[UUID, str], str] = {}
        # Cases already the subject of a whole-case decision, so a later file does not ask
        # the same question twice.
        self.case_decided: set[tuple[UUID, DecisionKind]] = set()
        self.by_reference: dict[tuple[str, str], Case] = {}

    def result(self) -> MergeResult:
        return MergeResult(
            framework=self.framework,
            master_label=self.master_label,
            added_cases=self.added,
            changed_answers=self.answers,
            changed_fields=self.fields,
            qa_comments_added=self.comments_added,
            history_added=self.history_added,
            decisions=self.decisions,
            notices=self.notices,
            master=self.master,
            draft=self.document,
        )

    # -- one file ---------------------------------------------------------------------------

    def merge_source(self, source: MergeSource) -> None:
        other = source.document
        document = self.document
        self._note_differences(source)
        known = {record.id for record in document.history}
        theirs_known = {record.id for record in other.history}
        new_records = [record for record in other.history if record.id not in known]
        new_by_case: dict[UUID, list[ChangeRecord]] = {}
        for record in new_records:
            new_by_case.setdefault(record.case_id, []).append(record)
        # Cases this file deleted since its copy, and cases the merged file deleted since.
        removed_there = {r.case_id for r in new_records if r.kind is ChangeKind.CASE_REMOVED}
        removed_here = {
            r.case_id
            for r in document.history
            if r.kind is ChangeKind.CASE_REMOVED and r.id not in theirs_known
        }
        mine_last = _last_records(document.history)
        theirs_last = _last_records(other.history)
        index = {case.id: case for case in document.cases}
        self.by_reference = {_reference_key(case): case for case in document.cases}
        their_ids = {case.id for case in other.cases}

        for theirs in other.cases:
            mine = index.get(theirs.id)
            if mine is not None:
                records = new_by_case.get(theirs.id, [])
                if records or _comments_differ(mine, theirs):
                    mine = index[theirs.id] = self._own(mine)
                    self._merge_case(mine, theirs, records, source, mine_last, theirs_last)
            elif theirs.id in removed_here:
                if new_by_case.get(theirs.id):
                    self._edited_after_removal(theirs, source)
            else:
                self._new_case(theirs, source, index)
        for case in list(document.cases):
            if case.id in removed_there and case.id not in their_ids:
                self._removed_in_copy(case, source)

        document.history.extend(record.model_copy() for record in new_records)
        self.history_added += len(new_records)

    def _note_differences(self, source: MergeSource) -> None:
        other, master = source.document, self.master
        if other.id != master.id:
            self.notices.append(
                f"{source.label} is not a copy of the master (another inspection file); "
                "its cases are matched by id like any other's"
            )
        if other.meta.framework_version != master.meta.framework_version:
            self.notices.append(
                f"{source.label} was written with version {other.meta.framework_version} of "
                f"the framework, the master with {master.meta.framework_version}"
            )
        kept = [
            name
            for name, differs in (
                ("the inspection details", other.meta != master.meta),
                ("the report narrative", other.narrative != master.narrative),
                ("the standards' write-ups and ratings", other.standards != master.standards),
                ("the rating overrides", other.overrides != master.overrides),
            )
            if differs
        ]
        if kept:
            self.notices.append(
                f"{source.label} differs from the master in {_join(kept)}; the master's are "
                "kept (the report is the lead's: copy any wording across by hand)"
            )

    # -- cases only one side has ------------------------------------------------------------

    def _new_case(self, theirs: Case, source: MergeSource, index: dict[UUID, Case]) -> None:
        if theirs.sample not in self.framework.samples_by_id:
            self.notices.append(
                f"{source.label}: case {theirs.reference} is in an unknown sample "
                f"'{theirs.sample}' and was left out"
            )
            return
        twin = self.by_reference.get(_reference_key(theirs))
        if twin is None:
            copy = theirs.model_copy(deep=True)
            self.document.cases.append(copy)
            index[copy.id] = copy
            self.owned.add(copy.id)
            self.positions[copy.id] = len(self.document.cases) - 1
            self.by_reference[_reference_key(copy)] = copy
            self.added.append(AddedCase(copy.id, copy.reference, source.label))
            return
        if (theirs.id, DecisionKind.DUPLICATE_REFERENCE) in self.case_decided:
            return
        self.case_decided.add((theirs.id, DecisionKind.DUPLICATE_REFERENCE))
        twin_source = next(
            (a.source for a in self.added if a.case_id == twin.id), self.master_label
        )
        self._decide(
            Decision(
                key=f"{theirs.reference}/duplicate",
                kind=DecisionKind.DUPLICATE_REFERENCE,
                case_id=theirs.id,
                case_reference=theirs.reference,
                sample=theirs.sample,
                subject="",
                title=f"Two cases {theirs.reference}",
                explanation=(
                    f"{source.label} has a new case {theirs.reference} and {twin_source} already "
                    f"has a different case with that reference ({_progress(twin)} in "
                    f"{twin_source}, {_progress(theirs)} in {source.label}). They are not "
                    "combined."
                ),
                options=[
                    Option("both", "Keep both: they are different cases (correct a reference)"),
                    Option("existing", f"Keep {twin_source}'s case; leave out {source.label}'s"),
                    Option("incoming", f"Keep {source.label}'s case; remove {twin_source}'s"),
                ],
                incoming=theirs.model_copy(deep=True),
            ),
        )

    def _edited_after_removal(self, theirs: Case, source: MergeSource) -> None:
        if (theirs.id, DecisionKind.EDITED_AFTER_REMOVAL) in self.case_decided:
            return
        self.case_decided.add((theirs.id, DecisionKind.EDITED_AFTER_REMOVAL))
        self._decide(
            Decision(
                key=f"{theirs.reference}/removed",
                kind=DecisionKind.EDITED_AFTER_REMOVAL,
                case_id=theirs.id,
                case_reference=theirs.reference,
                sample=theirs.sample,
                subject="",
                title=f"Case {theirs.reference} was deleted from the master",
                explanation=(
                    f"The master deleted case {theirs.reference}, but {source.label} changed it "
                    "since the copy was made."
                ),
                options=[
                    Option("keep-removed", "Leave it deleted"),
                    Option("restore", f"Restore it as {source.label} has it"),
                ],
                incoming=theirs.model_copy(deep=True),
            )
        )

    def _removed_in_copy(self, case: Case, source: MergeSource) -> None:
        if (case.id, DecisionKind.REMOVED_IN_COPY) in self.case_decided:
            return
        self.case_decided.add((case.id, DecisionKind.REMOVED_IN_COPY))
        self._decide(
            Decision(
                key=f"{case.reference}/removed",
                kind=DecisionKind.REMOVED_IN_COPY,
                case_id=case.id,
                case_reference=case.reference,
                sample=case.sample,
                subject="",
                title=f"{source.label} deleted case {case.reference}",
                explanation=(
                    f"{source.label} deleted case {case.reference} after the copy was made; "
                    f"the merged file still has it ({_progress(case)})."
                ),
                options=[
                    Option("keep", "Keep the case"),
                    Option("remove", "Delete it from the merged file too"),
                ],
            )
        )

    # -- cases both sides have ----------------------------------------------------------------

    def _own(self, case: Case) -> Case:
        """The draft's own copy of a case, made on its first change."""
        if case.id in self.owned:
            return case
        # Containers are copied; the answers and comments in them are replaced when they
        # change, never changed in place, so they can be shared with the master's case.
        copy = case.model_copy(
            update={
                "attributes": dict(case.attributes),
                "answers": dict(case.answers),
                "qa_comments": list(case.qa_comments),
            }
        )
        self.document.cases[self.positions[case.id]] = copy
        self.owned.add(case.id)
        return copy

    def _merge_case(
        self,
        mine: Case,
        theirs: Case,
        records: list[ChangeRecord],
        source: MergeSource,
        mine_last: dict[tuple[UUID, str], ChangeRecord],
        theirs_last: dict[tuple[UUID, str], ChangeRecord],
    ) -> None:
        first_answer: dict[str, ChangeRecord] = {}
        first_note: dict[str, str] = {}
        first_field: dict[str, ChangeRecord] = {}
        for record in records:
            if record.kind is ChangeKind.ANSWER:
                first_answer.setdefault(record.question_id, record)
                if record.old_note is not None:
                    first_note.setdefault(record.question_id, record.old_note)
            elif record.kind is ChangeKind.CASE_FIELD and _mergeable_field(record.case_field):
                first_field.setdefault(record.case_field, record)
        for name, record in first_field.items():
            self._merge_field(mine, theirs, name, record, source, mine_last, theirs_last)
        for question_id, record in first_answer.items():
            their_answer = theirs.answers.get(question_id)
            base: AnswerState = (
                record.old_value,
                first_note.get(question_id, answer_state(their_answer)[1]),
            )
            self._merge_answer(mine, theirs, question_id, base, source, mine_last, theirs_last)
        self._merge_comments(mine, theirs)

    def _merge_answer(
        self,
        mine: Case,
        theirs: Case,
        question_id: str,
        base: AnswerState,
        source: MergeSource,
        mine_last: dict[tuple[UUID, str], ChangeRecord],
        theirs_last: dict[tuple[UUID, str], ChangeRecord],
    ) -> None:
        question = self.framework.questions.get(question_id)
        if question is None or question.sample != mine.sample:
            self.notices.append(
                f"{source.label}: the answer to {question_id} on case {mine.reference} does "
                "not fit the case's sample in the merged file and was left out"
            )
            return
        their_answer = theirs.answers.get(question_id)
        my_answer = mine.answers.get(question_id)
        their_state, my_state = answer_state(their_answer), answer_state(my_answer)
        conflict_key = (mine.id, "answer", question_id)
        open_conflict = self.open_conflicts.get(conflict_key)
        if open_conflict is not None:
            if their_state != base:
                side = self._answer_side(
                    source.label, their_answer, theirs, question_id, theirs_last
                )
                _add_side(open_conflict, side)
            return
        if their_state in (my_state, base):
            return
        if my_state == base:
            self._take_answer(mine, question_id, their_answer, source, theirs_last, theirs)
            return
        current_source = self.source_of.get((mine.id, question_id), self.master_label)
        sides = [
            self._answer_side(current_source, my_answer, mine, question_id, mine_last),
            self._answer_side(source.label, their_answer, theirs, question_id, theirs_last),
        ]
        decision = Decision(
            key=f"{mine.reference}/{question_id}",
            kind=DecisionKind.ANSWER,
            case_id=mine.id,
            case_reference=mine.reference,
            sample=mine.sample,
            subject=question_id,
            title=f"{mine.reference} {question_id}: {question.text}",
            explanation="The answer was changed in more than one file since the copies were made.",
            options=[_side_option(side) for side in sides],
            base=_answer_text(base),
        )
        self.open_conflicts[conflict_key] = decision
        self._decide(decision)

    def _take_answer(
        self,
        mine: Case,
        question_id: str,
        answer: Answer | None,
        source: MergeSource,
        theirs_last: dict[tuple[UUID, str], ChangeRecord],
        theirs: Case,
    ) -> None:
        old = _answer_text(answer_state(mine.answers.get(question_id)))
        if answer is None or answer.is_empty:
            mine.answers.pop(question_id, None)
        else:
            mine.answers[question_id] = answer
        self.source_of[(mine.id, question_id)] = source.label
        side = self._answer_side(source.label, answer, theirs, question_id, theirs_last)
        self.answers.append(
            BroughtIn(
                mine.id,
                mine.reference,
                question_id,
                old,
                _answer_text(answer_state(answer)),
                source.label,
                side.by,
                side.at,
            )
        )

    def _answer_side(
        self,
        label: str,
        answer: Answer | None,
        case: Case,
        question_id: str,
        last: dict[tuple[UUID, str], ChangeRecord],
    ) -> Side:
        record = last.get((case.id, question_id))
        by = record.by if record is not None else (answer.set_by if answer else "")
        at = record.at if record is not None else (answer.set_at if answer else None)
        value, note = answer_state(answer)
        return Side(
            label,
            history.value_label(value),
            by,
            at,
            note,
            answer,
        )

    def _merge_field(
        self,
        mine: Case,
        theirs: Case,
        name: str,
        first: ChangeRecord,
        source: MergeSource,
        mine_last: dict[tuple[UUID, str], ChangeRecord],
        theirs_last: dict[tuple[UUID, str], ChangeRecord],
    ) -> None:
        base = first.old_text or ""
        their_value, my_value = read_field(theirs, name), read_field(mine, name)
        conflict_key = (mine.id, "field", name)
        their_side = self._field_side(source.label, theirs, name, theirs_last)
        open_conflict = self.open_conflicts.get(conflict_key)
        if open_conflict is not None:
            if their_value != base:
                _add_side(open_conflict, their_side)
            return
        if their_value in (my_value, base):
            return
        if name == "sample" and any(a.value is not None for a in mine.answers.values()):
            self.notices.append(
                f"{source.label} moved case {mine.reference} to the '{their_value}' sample, "
                "but it has answers in the merged file; it stays where it is"
            )
            return
        clash = self._reference_clash(mine, name, their_value)
        if my_value == base and clash is None:
            write_field(mine, name, their_value)
            if name == "reference":
                self.by_reference.pop(_reference_key(mine, my_value), None)
                self.by_reference[_reference_key(mine)] = mine
            self.source_of[(mine.id, name)] = source.label
            self.fields.append(
                BroughtIn(
                    mine.id,
                    mine.reference,
                    name,
                    my_value,
                    their_value,
                    source.label,
                    their_side.by,
                    their_side.at,
                )
            )
            return
        current_source = self.source_of.get((mine.id, name), self.master_label)
        sides = [self._field_side(current_source, mine, name, mine_last), their_side]
        decision = Decision(
            key=f"{mine.reference}/{name}",
            kind=DecisionKind.CASE_FIELD,
            case_id=mine.id,
            case_reference=mine.reference,
            sample=mine.sample,
            subject=name,
            title=f"{mine.reference}: {_field_title(self.framework, name)}",
            explanation=(
                "This case detail was changed in more than one file since the copies were made."
                if clash is None
                else f"{source.label} renamed case {base} to {their_value}, but the merged file "
                f"already has a different case {clash.reference} ({_progress(clash)}). Keep the "
                "reference, or take the new one and correct one of the two afterwards."
            ),
            options=[_side_option(side) for side in sides],
            base=_shown_field(name, base),
            reference_clash=clash is not None,
        )
        self.open_conflicts[conflict_key] = decision
        self._decide(decision)

    def _reference_clash(self, case: Case, name: str, value: str) -> Case | None:
        """Another case of the same sample already called ``value``, when ``name`` is the
        reference: renaming a case onto it would leave two cases with one reference."""
        if name != "reference":
            return None
        twin = self.by_reference.get(_reference_key(case, value))
        return twin if twin is not None and twin.id != case.id else None

    def _field_side(
        self,
        label: str,
        case: Case,
        name: str,
        last: dict[tuple[UUID, str], ChangeRecord],
    ) -> Side:
        record = last.get((case.id, name))
        return Side(
            label,
            _shown_field(name, read_field(case, name)),
            record.by if record is not None else "",
            record.at if record is not None else None,
            stored=read_field(case, name),
        )

    def _merge_comments(self, mine: Case, theirs: Case) -> None:
        # Comments are never edited, only added and resolved: take the union, and a comment
        # resolved in either file is resolved.
        position = {comment.id: i for i, comment in enumerate(mine.qa_comments)}
        added = False
        for comment in theirs.qa_comments:
            index = position.get(comment.id)
            if index is None:
                mine.qa_comments.append(comment.model_copy())
                self.comments_added += 1
                added = True
            elif comment.resolved and not mine.qa_comments[index].resolved:
                mine.qa_comments[index] = mine.qa_comments[index].model_copy(
                    update={"resolved": True}
                )
        if added:
            mine.qa_comments.sort(key=lambda c: c.at)

    def _decide(self, decision: Decision) -> None:
        keys = {d.key.casefold() for d in self.decisions}
        key, number = decision.key, 2
        while key.casefold() in keys:
            key = f"{decision.key}#{number}"
            number += 1
        decision.key = key
        self.decisions.append(decision)


def _comments_differ(mine: Case, theirs: Case) -> bool:
    """True when the other file has a QA comment the case lacks, or has resolved one."""
    resolved = {comment.id: comment.resolved for comment in mine.qa_comments}
    return any(
        c.id not in resolved or (c.resolved and not resolved[c.id]) for c in theirs.qa_comments
    )


def _reference_key(case: Case, reference: str | None = None) -> tuple[str, str]:
    """How references are matched: within a sample, ignoring case."""
    return (case.sample, (case.reference if reference is None else reference).casefold())


def _last_records(records: Iterable[ChangeRecord]) -> dict[tuple[UUID, str], ChangeRecord]:
    """The latest entry (in the file's order) for each case answer and case field."""
    last: dict[tuple[UUID, str], ChangeRecord] = {}
    for record in records:
        if record.kind is ChangeKind.ANSWER:
            last[(record.case_id, record.question_id)] = record
        elif record.kind is ChangeKind.CASE_FIELD:
            last[(record.case_id, record.case_field)] = record
    return last


def _add_side(decision: Decision, side: Side) -> None:
    if any(existing.state == side.state for existing in decision.sides):
        return  # agrees with a value already offered
    if any(option.key == side.source for option in decision.options):
        return
    decision.options.append(_side_option(side))


def _side_option(side: Side) -> Option:
    who = f", {side.by}" if side.by else ""
    when = f" {side.at:%Y-%m-%d %H:%M}" if side.at else ""
    note = f" — “{_shorten(side.note)}”" if side.note else ""
    return Option(side.source, f"{side.value}{note} ({side.source}{who}{when})", side)


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _answer_text(state: AnswerState) -> str:
    value, note = state
    text = history.value_label(value)
    return f"{text} — {note}" if note else text


def _shown_field(name: str, text: str) -> str:
    if name == "status" and text:
        try:
            return ReviewStatus(text).label
        except ValueError:
            return text
    return text or "(blank)"


def _field_title(framework: Framework, name: str) -> str:
    if name.startswith("attributes."):
        attribute = framework.attributes_by_id.get(name.split(".", 1)[1])
        return attribute.label if attribute is not None else name
    return {
        "reference": "Case reference",
        "sample": "Case sample",
        "inspector": "Inspector",
        "status": "Review status",
        "completion_note": "Completion note",
        "notes": "Case notes",
    }.get(name, name)


def _progress(case: Case) -> str:
    answered = sum(1 for answer in case.answers.values() if answer.value is not None)
    return f"{answered} answer{'s' if answered != 1 else ''}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
