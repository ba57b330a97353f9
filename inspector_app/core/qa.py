"""Quality assurance: review statuses, QA comments, and ratings on a chosen set of cases.

A case moves Draft → Complete (its inspector has finished) → QA checked (the quality-assurance
inspector agrees) or Query raised (the QA inspector asks something, in a QA comment). The
changes are built by the session (`InspectionSession.review_status_change`,
`qa_comment_change`, `qa_comment_resolved_change`) so that they undo like any other edit.

This module reads: which cases have which status, what is still open, and the ratings the
dashboard shows when it is filtered to some statuses ("QA-checked cases only").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from inspector_app.core.document import Case, Inspection, QaComment, ReviewStatus
from inspector_app.core.engine import InspectionResult, RatingEngine
from inspector_app.core.framework import Framework

ALL_STATUSES: frozenset[ReviewStatus] = frozenset(ReviewStatus)
QA_CHECKED_ONLY: frozenset[ReviewStatus] = frozenset({ReviewStatus.QA_CHECKED})


def cases_with_status(cases: Iterable[Case], statuses: Collection[ReviewStatus]) -> list[Case]:
    wanted = {ReviewStatus(s) for s in statuses}
    return [case for case in cases if case.status in wanted]


def status_counts(cases: Iterable[Case]) -> dict[ReviewStatus, int]:
    """How many cases have each status, every status listed (in review order)."""
    counts = dict.fromkeys(ReviewStatus, 0)
    for case in cases:
        counts[case.status] += 1
    return counts


def open_comments(case: Case) -> list[QaComment]:
    return [comment for comment in case.qa_comments if not comment.resolved]


def cases_with_open_comments(cases: Iterable[Case]) -> list[Case]:
    return [case for case in cases if open_comments(case)]


def rate_cases_with_status(
    framework: Framework,
    document: Inspection,
    statuses: Collection[ReviewStatus],
    *,
    include_overrides: bool = False,
) -> InspectionResult:
    """The ratings computed on the cases that have one of ``statuses`` only.

    Case standards are rated from those cases alone, by the same rules as the full ratings;
    judgement standards keep the inspectors' ratings. Overrides are left out unless
    ``include_overrides``: an override is a decision about the whole sample, and this view
    shows what a subset of cases says on its own.
    """
    cases = cases_with_status(document.cases, statuses)
    view = document if include_overrides else document.model_copy(update={"overrides": {}})
    return RatingEngine(framework, cases).result(view)


def rate_qa_checked(framework: Framework, document: Inspection) -> InspectionResult:
    """The ratings on QA-checked cases only."""
    return rate_cases_with_status(framework, document, QA_CHECKED_ONLY)
