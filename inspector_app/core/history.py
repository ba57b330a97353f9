"""The change history: who changed what in a case, when, from what to what, and why.

`Inspection.history` is append-only. The session adds an entry for every answer, case field,
added and removed case as the change is applied, and again, the other way round, when it is
undone: an undo is a change like any other and nothing is ever taken out of the log. Merging
carries every file's entries into the merged file (see `inspector_app.core.merge`).

This module builds entries and reads the log: per case, per answer, as text and as CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID

from inspector_app.core.document import (
    Answer,
    AnswerValue,
    Case,
    ChangeKind,
    ChangeRecord,
    Inspection,
    ReviewStatus,
)
from inspector_app.core.framework import Framework

# Case fields whose changes are not logged: QA comments carry their own author and time.
UNLOGGED_CASE_FIELDS = frozenset({"qa_comments"})

UNDO_REASON = "Undone"


def field_text(value: Any) -> str:
    """A case field's value as the history stores it ("" for no value)."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def answer_record(
    case: Case,
    question_id: str,
    before: Answer | None,
    after: Answer | None,
    *,
    by: str,
    at: datetime,
    reason: str = "",
) -> ChangeRecord | None:
    """The entry for one answer going from ``before`` to ``after``; None if nothing changes."""
    old_value = before.value if before is not None else None
    new_value = after.value if after is not None else None
    old_note = before.note if before is not None else ""
    new_note = after.note if after is not None else ""
    if old_value == new_value and old_note == new_note:
        return None
    note_changed = old_note != new_note
    return ChangeRecord(
        at=at,
        by=by,
        case_id=case.id,
        case_reference=case.reference,
        kind=ChangeKind.ANSWER,
        question_id=question_id,
        old_value=old_value,
        new_value=new_value,
        old_note=old_note if note_changed else None,
        new_note=new_note if note_changed else None,
        reason=reason,
    )


def field_record(
    case: Case, field_name: str, before: Any, after: Any, *, by: str, at: datetime, reason: str = ""
) -> ChangeRecord | None:
    old_text, new_text = field_text(before), field_text(after)
    if field_name in UNLOGGED_CASE_FIELDS or old_text == new_text:
        return None
    return ChangeRecord(
        at=at,
        by=by,
        case_id=case.id,
        case_reference=case.reference,
        kind=ChangeKind.CASE_FIELD,
        case_field=field_name,
        old_text=old_text,
        new_text=new_text,
        reason=reason,
    )


def case_record(
    case: Case, added: bool, *, by: str, at: datetime, reason: str = "", with_answers: bool = False
) -> ChangeRecord:
    """The entry for a case entering or leaving the inspection. ``with_answers``: a new case
    that arrives answered (a CSV import, a duplicate) lists its answers in ``new_text``, one
    entry in place of one per answer, so that an import does not multiply the history."""
    return ChangeRecord(
        at=at,
        by=by,
        case_id=case.id,
        case_reference=case.reference,
        kind=ChangeKind.CASE_ADDED if added else ChangeKind.CASE_REMOVED,
        new_text=answers_text(case) or None if with_answers else None,
        reason=reason,
    )


ANSWERS_SEPARATOR = "; "


def answers_text(case: Case) -> str:
    """A case's answers in a line: "P2.1.1 Yes; P2.1.2 No; P2.2.3 N/A"."""
    return ANSWERS_SEPARATOR.join(
        f"{question_id} {value_label(answer.value)}"
        for question_id, answer in case.answers.items()
        if answer.value is not None
    )


def undo_reason(reason: str) -> str:
    return f"{UNDO_REASON}: {reason}" if reason else UNDO_REASON


# -- reading the log ---------------------------------------------------------------------------


def case_history(document: Inspection, case_id: UUID) -> list[ChangeRecord]:
    """Every entry about one case, oldest first (entries merged in from other files included)."""
    found = [record for record in document.history if record.case_id == case_id]
    return sorted(found, key=lambda record: record.at)


def answer_history(document: Inspection, case_id: UUID, question_id: str) -> list[ChangeRecord]:
    return [
        record
        for record in case_history(document, case_id)
        if record.kind is ChangeKind.ANSWER and record.question_id == question_id
    ]


def changed_answers(document: Inspection, case_id: UUID) -> set[str]:
    """Question ids of a case whose answer has been changed since it was first given."""
    counts: dict[str, int] = {}
    for record in document.history:
        if record.case_id == case_id and record.kind is ChangeKind.ANSWER:
            counts[record.question_id] = counts.get(record.question_id, 0) + 1
    return {qid for qid, count in counts.items() if count > 1}


def cases_matching(document: Inspection, reference: str) -> list[Case]:
    """Cases whose reference matches, ignoring case (one per sample at most, normally)."""
    key = reference.strip().casefold()
    return [case for case in document.cases if case.reference.casefold() == key]


def history_for_reference(document: Inspection, reference: str) -> list[ChangeRecord]:
    """Entries about cases with this reference, including cases since removed."""
    key = reference.strip().casefold()
    ids = {case.id for case in cases_matching(document, reference)}
    ids |= {r.case_id for r in document.history if r.case_reference.casefold() == key}
    found = [record for record in document.history if record.case_id in ids]
    return sorted(found, key=lambda record: record.at)


def value_label(value: AnswerValue | None) -> str:
    return value.short_label if value is not None else "unanswered"


def subject(record: ChangeRecord) -> str:
    """What an entry is about: a question id, a case field, or the case itself."""
    if record.kind is ChangeKind.ANSWER:
        return record.question_id
    if record.kind is ChangeKind.CASE_FIELD:
        return record.case_field
    return "case"


def describe(record: ChangeRecord, framework: Framework | None = None) -> str:
    """One line for a history view: "P2.1.1: No → Yes; note changed (Checked again)"."""
    if record.kind is ChangeKind.ANSWER:
        parts = []
        if record.old_value != record.new_value:
            parts.append(f"{value_label(record.old_value)} → {value_label(record.new_value)}")
        else:
            parts.append(value_label(record.new_value))
        if record.new_note is not None:
            parts.append("note cleared" if not record.new_note else "note changed")
        text = f"{record.question_id}: " + "; ".join(parts)
    elif record.kind is ChangeKind.CASE_FIELD:
        label = record.case_field
        if framework is not None and label.startswith("attributes."):
            attribute = framework.attributes_by_id.get(label.split(".", 1)[1])
            label = attribute.label if attribute is not None else label
        old = _field_label(record.case_field, record.old_text)
        new = _field_label(record.case_field, record.new_text)
        if record.case_field in ("notes", "completion_note"):
            text = f"{label} changed"
        else:
            text = f"{label}: {old} → {new}"
    elif record.kind is ChangeKind.CASE_ADDED:
        answered = record.new_text.count(ANSWERS_SEPARATOR) + 1 if record.new_text else 0
        text = (
            f"case added with {answered} answer{'s' if answered != 1 else ''}"
            if answered
            else ("case added")
        )
    else:
        text = "case removed"
    return f"{text} ({record.reason})" if record.reason else text


def _field_label(field_name: str, text: str | None) -> str:
    if not text:
        return "(blank)"
    if field_name == "status":
        try:
            return ReviewStatus(text).label
        except ValueError:
            return text
    return text


# -- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "when",
    "who",
    "case_ref",
    "change",
    "question_or_field",
    "old_value",
    "new_value",
    "old_note",
    "new_note",
    "reason",
    "case_id",
    "entry_id",
)

# A spreadsheet treats a cell starting with one of these as a formula; a leading apostrophe
# keeps it as the text the inspector typed.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _record_row(record: ChangeRecord) -> list[str]:
    if record.kind is ChangeKind.ANSWER:
        old = value_label(record.old_value) if record.old_value else ""
        new = value_label(record.new_value) if record.new_value else ""
    else:
        old, new = record.old_text or "", record.new_text or ""
    return [
        record.at.isoformat(),
        record.by,
        record.case_reference,
        record.kind.value,
        subject(record) if record.kind in (ChangeKind.ANSWER, ChangeKind.CASE_FIELD) else "",
        old,
        new,
        record.old_note if record.old_note is not None else "",
        record.new_note if record.new_note is not None else "",
        record.reason,
        str(record.case_id),
        str(record.id),
    ]


def history_csv(records: Iterable[ChangeRecord]) -> str:
    """The entries as CSV text, one row each, with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_cell(value) for value in _record_row(record)])
    return out.getvalue()


def write_history_csv(records: Sequence[ChangeRecord], path: Path) -> None:
    """Write the CSV atomically, with a byte-order mark so that spreadsheets read it as UTF-8."""
    from inspector_app.core.storage import atomic_write

    atomic_write(path, history_csv(records).encode("utf-8-sig"), mode=0o600)
