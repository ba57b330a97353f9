"""Helpers that build documents with exact answer counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from inspector_app.core.document import Answer, AnswerValue, Case, Inspection, InspectionMeta
from inspector_app.core.framework import Framework

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE


def new_document(framework: Framework, unit: str = "Test PDU") -> Inspection:
    return Inspection(
        meta=InspectionMeta(
            unit=unit, framework_id=framework.id, framework_version=framework.version
        )
    )


def cases_with_counts(
    sample: str,
    total: int,
    counts: Mapping[str, tuple[int, int]],
    *,
    prefix: str = "C",
    attributes: Sequence[Mapping[str, str]] | None = None,
    unanswered: Mapping[str, int] | None = None,
) -> list[Case]:
    """``total`` cases in ``sample`` where question q has counts[q] = (yes, applicable).

    The first ``yes`` cases answer Yes, the next ``applicable - yes`` answer No, then
    ``unanswered[q]`` cases leave it blank, and the rest answer Not applicable.
    """
    unanswered = unanswered or {}
    cases = []
    for index in range(total):
        answers = {}
        for question_id, (yes, applicable) in counts.items():
            blank = unanswered.get(question_id, 0)
            assert applicable + blank <= total, question_id
            if index < yes:
                answers[question_id] = Answer(value=YES)
            elif index < applicable:
                answers[question_id] = Answer(value=NO)
            elif index < applicable + blank:
                continue
            else:
                answers[question_id] = Answer(value=NA)
        case_attributes = dict(attributes[index]) if attributes else {}
        cases.append(
            Case(
                reference=f"{prefix}{index + 1:04d}",
                sample=sample,
                attributes=case_attributes,
                answers=answers,
            )
        )
    return cases
