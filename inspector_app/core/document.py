"""The inspection document: everything an inspection file holds.

Plain pydantic models with no behaviour beyond validation. Edits go through
`inspector_app.core.session.InspectionSession`, which keeps the rating engine and every view
in step; reading is free.

The JSON form of `Inspection` is the file format. Changing a field here changes the format:
bump `SCHEMA_VERSION` and add a migration in `inspector_app.core.migrations`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from inspector_app.core.ratings import Rating

FORMAT_TAG = "inspection-workbench"
# History of the file format (migrations in migrations.py, samples in tests/data/schema/):
#   1  first release
#   2  case QA comments; the inspection's append-only change history
#   3  the history also records case fields and added or removed cases (ChangeRecord.kind)
SCHEMA_VERSION = 3

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def utc_now() -> datetime:
    # Whole seconds: enough for "who changed this and when", and stable through JSON.
    return datetime.now(UTC).replace(microsecond=0)


class _Model(BaseModel):
    # Unknown keys are refused: a typo or a file from elsewhere must not load half-understood.
    model_config = ConfigDict(extra="forbid", validate_default=False)


class AnswerValue(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {"yes": "Yes", "no": "No", "not_applicable": "Not applicable"}[self.value]

    @property
    def short_label(self) -> str:
        return {"yes": "Yes", "no": "No", "not_applicable": "N/A"}[self.value]


@pydantic_dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Answer:
    """One case's answer to one question. ``value`` None means not answered yet.

    Immutable: an edit replaces the answer, so the document, the undo history and the recovery
    journal can share answers without copying them. A slotted dataclass rather than a model
    because an inspection holds hundreds of thousands of answers (5,000 cases × some 70
    questions): each takes about 170 bytes instead of a model's 590, and validates in half
    the time.
    """

    value: AnswerValue | None = None
    note: str = ""
    set_by: str = ""
    set_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.note


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"
    QA_CHECKED = "qa_checked"
    QUERY_RAISED = "query_raised"

    @property
    def label(self) -> str:
        return {
            "draft": "Draft",
            "complete": "Complete",
            "qa_checked": "QA checked",
            "query_raised": "Query raised",
        }[self.value]


class QaComment(_Model):
    """A quality-assurance note on a case, by the QA inspector or in reply to one."""

    id: UUID = Field(default_factory=uuid4)
    at: datetime
    by: str = ""
    text: NonEmpty
    resolved: bool = False


class ChangeKind(StrEnum):
    ANSWER = "answer"
    CASE_FIELD = "case_field"
    CASE_ADDED = "case_added"
    CASE_REMOVED = "case_removed"


class ChangeRecord(_Model):
    """One entry of the append-only change history: what changed in a case, by whom and when.

    ``kind`` says what the entry records:

    * ``answer``: ``question_id``'s answer went from ``old_value`` to ``new_value``;
      ``old_note``/``new_note`` are None when the evidence note did not change;
    * ``case_field``: ``case_field`` ("status", "inspector", "attributes.gender"...) went from
      ``old_text`` to ``new_text``;
    * ``case_added`` / ``case_removed``: the case entered or left the inspection.

    Merging relies on the ids: two files share the entries made before one was copied from the
    other, and each entry made since exists in one file only.
    """

    id: UUID = Field(default_factory=uuid4)
    at: datetime
    by: str = ""
    case_id: UUID
    case_reference: str = ""
    kind: ChangeKind = ChangeKind.ANSWER
    question_id: str = ""
    old_value: AnswerValue | None = None
    new_value: AnswerValue | None = None
    old_note: str | None = None
    new_note: str | None = None
    case_field: str = ""
    old_text: str | None = None
    new_text: str | None = None
    reason: str = ""


class Case(_Model):
    """One inspected case: a person on probation, identified by a reference, never a name."""

    id: UUID = Field(default_factory=uuid4)
    reference: NonEmpty
    sample: NonEmpty
    attributes: dict[str, str] = {}
    inspector: str = ""
    # Answers to key questions, prompts and outcomes, by question id (ids are unique across
    # the three kinds in a framework). A missing entry is an unanswered question.
    answers: dict[str, Answer] = {}
    status: ReviewStatus = ReviewStatus.DRAFT
    # Why a case was marked complete although something it needs is missing.
    completion_note: str = ""
    notes: str = ""
    qa_comments: list[QaComment] = []

    def value_of(self, question_id: str) -> AnswerValue | None:
        answer = self.answers.get(question_id)
        return answer.value if answer is not None else None


class DateWindow(_Model):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> DateWindow:
        if self.end < self.start:
            raise ValueError("the window ends before it starts")
        return self


class InspectionMeta(_Model):
    unit: NonEmpty
    provider: str = "The Probation Service"
    region: str = ""
    framework_id: NonEmpty
    framework_version: NonEmpty
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    # The month and year printed on the cover.
    report_date: date | None = None
    lead_inspector: str = ""
    team: list[str] = []
    sample_windows: list[DateWindow] = []
    practitioner_interviews: int | None = Field(default=None, ge=0)


class StandardWriteUp(_Model):
    """What the inspectors write about one standard.

    ``rating`` is set only for judgement standards, where the inspectors decide it; a case
    standard's rating comes from its key questions (or an override).
    """

    rating: Rating | None = None
    summary: str = ""
    strengths: list[str] = []
    areas_for_improvement: list[str] = []
    # Case standards: the findings listed under the key-question table.
    findings: list[str] = []


class RatingOverride(_Model):
    """A rating set by the inspectors in place of the computed one, always with a reason."""

    rating: Rating
    rationale: NonEmpty
    set_by: str = ""
    set_at: datetime | None = None


class Recommendation(_Model):
    id: UUID = Field(default_factory=uuid4)
    text: str = ""


class RecommendationGroup(_Model):
    """Recommendations addressed to one body ("Wakefield PDU should:")."""

    id: UUID = Field(default_factory=uuid4)
    addressee: str = ""
    recommendations: list[Recommendation] = []


class ProgressCategory(StrEnum):
    SUFFICIENT = "sufficient"
    SOME = "some"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "sufficient": "Sufficient progress",
            "some": "Some progress",
            "none": "No progress",
        }[self.value]


class PreviousRecommendation(_Model):
    id: UUID = Field(default_factory=uuid4)
    recommendation: str = ""
    action_and_impact: str = ""
    progress: ProgressCategory | None = None
    improvement_still_required: bool | None = None


class FindingsSection(_Model):
    """A narrative section with an introduction, strengths and areas for improvement."""

    summary: str = ""
    strengths: list[str] = []
    areas_for_improvement: list[str] = []


class Narrative(_Model):
    """The report's prose. Text fields keep paragraphs apart with blank lines."""

    foreword: str = ""
    foreword_signatory: str = ""
    acknowledgements: str = ""
    recommendations: list[RecommendationGroup] = []
    background: str = ""
    feedback: str = ""
    diversity: FindingsSection = FindingsSection()
    outcomes: FindingsSection = FindingsSection()
    previous_inspection: str = ""
    previous_recommendations: list[PreviousRecommendation] = []


class Inspection(_Model):
    format: Literal["inspection-workbench"] = FORMAT_TAG
    schema_version: int = SCHEMA_VERSION
    id: UUID = Field(default_factory=uuid4)
    created_at: datetime = Field(default_factory=utc_now)
    saved_at: datetime | None = None
    saved_by: str = ""
    meta: InspectionMeta
    cases: list[Case] = []
    standards: dict[str, StandardWriteUp] = {}
    overrides: dict[str, RatingOverride] = {}
    narrative: Narrative = Narrative()
    # Append-only: entries are added, never edited or removed (merges bring in other files').
    history: list[ChangeRecord] = []

    def write_up(self, standard_id: str) -> StandardWriteUp:
        """The write-up of a standard, created empty on first use."""
        found = self.standards.get(standard_id)
        if found is None:
            found = self.standards[standard_id] = StandardWriteUp()
        return found

    def judgement_rating(self, standard_id: str) -> Rating | None:
        found = self.standards.get(standard_id)
        return found.rating if found is not None else None
