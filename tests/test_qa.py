"""Quality assurance: review statuses and QA comments as undoable changes, and ratings on a
chosen set of statuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.cli.main import main
from inspector_app.core import qa
from inspector_app.core.document import AnswerValue, Case, ReviewStatus
from inspector_app.core.engine import rate_inspection
from inspector_app.core.errors import EditError
from inspector_app.core.ratings import Rating
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection, save_inspection
from tests.builders import cases_with_counts, new_document

YES, NO = AnswerValue.YES, AnswerValue.NO


@pytest.fixture
def session(pdu) -> InspectionSession:
    document = new_document(pdu)
    counts = {kq.id: (8, 10) for kq in pdu.key_questions_for_sample("supervision")}
    counts.update({outcome.id: (5, 10) for outcome in pdu.outcomes})
    document.cases = cases_with_counts("supervision", 10, counts, prefix="Q")
    for case in document.cases:
        case.inspector = "Tom Whitfield"
    return InspectionSession(document, pdu, user="Aisha Karim")


def test_raising_a_query_needs_the_query_and_adds_it_as_a_comment(session) -> None:
    case = session.cases[0]
    with pytest.raises(EditError, match="say what the query"):
        session.review_status_change(case.id, ReviewStatus.QUERY_RAISED)
    change = session.review_status_change(case.id, "query_raised", "Is P2.2.3 right?")
    session.apply(change)
    assert case.status is ReviewStatus.QUERY_RAISED
    (comment,) = case.qa_comments
    assert (comment.by, comment.text, comment.resolved) == (
        "Aisha Karim",
        "Is P2.2.3 right?",
        False,
    )
    assert session.document.history[-1].reason == "Is P2.2.3 right?"
    session.revert(change)
    assert case.status is ReviewStatus.DRAFT and case.qa_comments == []


def test_qa_checked_needs_a_finished_case_and_no_open_comments(session) -> None:
    case = session.cases[1]
    with pytest.raises(EditError, match="mark it complete first"):
        session.review_status_change(case.id, ReviewStatus.QA_CHECKED)
    session.apply(session.review_status_change(case.id, ReviewStatus.COMPLETE))
    session.apply(session.qa_comment_change(case.id, "Check the contingency plan"))
    with pytest.raises(EditError, match="1 open QA comment"):
        session.review_status_change(case.id, ReviewStatus.QA_CHECKED)
    change = session.review_status_change(
        case.id, ReviewStatus.QA_CHECKED, resolve_open_comments=True
    )
    session.apply(change)
    assert case.status is ReviewStatus.QA_CHECKED
    assert all(c.resolved for c in case.qa_comments)
    session.revert(change)
    assert case.status is ReviewStatus.COMPLETE and not case.qa_comments[0].resolved
    assert session.review_status_change(case.id, ReviewStatus.COMPLETE) is None


def test_marking_complete_still_checks_for_gaps(session) -> None:
    case = session.cases[2]
    case.inspector = ""
    with pytest.raises(EditError, match="not finished"):
        session.review_status_change(case.id, ReviewStatus.COMPLETE)
    session.apply(session.review_status_change(case.id, ReviewStatus.COMPLETE, "Shared case"))
    assert case.completion_note == "Shared case"


def test_comments_resolve_and_reopen_with_undo(session) -> None:
    case = session.cases[0]
    session.apply(session.qa_comment_change(case.id, "First"))
    comment_id = case.qa_comments[0].id
    resolve = session.qa_comment_resolved_change(case.id, comment_id)
    session.apply(resolve)
    assert case.qa_comments[0].resolved
    assert session.qa_comment_resolved_change(case.id, comment_id) is None
    session.revert(resolve)
    assert not case.qa_comments[0].resolved
    with pytest.raises(EditError, match="needs some text"):
        session.qa_comment_change(case.id, "   ")
    assert qa.open_comments(case)[0].text == "First"
    assert qa.cases_with_open_comments(session.cases) == [case]


def test_ratings_on_qa_checked_cases_only(pdu) -> None:
    document = new_document(pdu)
    kqs = [kq.id for kq in pdu.key_questions_for_sample("supervision")]
    checked = cases_with_counts("supervision", 10, dict.fromkeys(kqs, (9, 10)), prefix="A")
    others = cases_with_counts("supervision", 10, dict.fromkeys(kqs, (2, 10)), prefix="B")
    for case in checked:
        case.status = ReviewStatus.QA_CHECKED
    document.cases = checked + others
    document.write_up("P1.1").rating = Rating.GOOD
    session = InspectionSession(document, pdu)
    session.apply(session.override_change("P2.1", Rating.GOOD, "Agreed with the QA lead"))

    full = rate_inspection(pdu, document)
    assert full.standard("P2.2").rating is Rating.REQUIRES_IMPROVEMENT  # 11 of 20
    only = qa.rate_qa_checked(pdu, document)
    assert only.standard("P2.2").rating is Rating.OUTSTANDING  # 9 of 10
    assert only.standard("P2.2").key_questions[0].yes == 9
    assert only.standard("P2.1").rating is Rating.OUTSTANDING  # overrides left out...
    with_overrides = qa.rate_cases_with_status(
        pdu, document, qa.QA_CHECKED_ONLY, include_overrides=True
    )
    assert with_overrides.standard("P2.1").rating is Rating.GOOD  # ...unless asked for
    assert only.standard("P1.1").rating is Rating.GOOD  # judgement ratings stay
    # The same figures as rating a file holding only those cases.
    alone = new_document(pdu)
    alone.cases = checked
    alone.write_up("P1.1").rating = Rating.GOOD
    assert only.standards == rate_inspection(pdu, alone).standards

    nothing = qa.rate_cases_with_status(pdu, document, {ReviewStatus.QUERY_RAISED})
    assert nothing.standard("P2.1").rating is None
    everything = qa.rate_cases_with_status(pdu, document, qa.ALL_STATUSES, include_overrides=True)
    assert everything.standards == full.standards


def test_status_counts(pdu) -> None:
    cases = [Case(reference=f"S{i}", sample="supervision") for i in range(5)]
    cases[0].status = ReviewStatus.QA_CHECKED
    cases[1].status = ReviewStatus.QUERY_RAISED
    counts = qa.status_counts(cases)
    assert list(counts) == list(ReviewStatus)
    assert counts == {
        ReviewStatus.DRAFT: 3,
        ReviewStatus.COMPLETE: 0,
        ReviewStatus.QA_CHECKED: 1,
        ReviewStatus.QUERY_RAISED: 1,
    }
    assert qa.cases_with_status(cases, {ReviewStatus.QUERY_RAISED}) == [cases[1]]


def test_cli_review_and_qa(session, tmp_path: Path, capsys) -> None:
    path = tmp_path / "qa.inspection"
    save_inspection(session.document, path)
    assert main(["review", str(path), "q0001", "complete"]) == 0
    assert main(["review", str(path), "Q0001", "query", "--comment", "Check P2.3.1"]) == 0
    assert main(["review", str(path), "Q0002", "qa-checked"]) == 2
    assert "mark it complete first" in capsys.readouterr().err
    assert main(["review", str(path), "Q0002", "maybe"]) == 2
    assert main(["review", str(path), "Q9999", "draft"]) == 2
    document = load_inspection(path).document
    assert document.cases[0].status is ReviewStatus.QUERY_RAISED
    capsys.readouterr()
    assert main(["qa", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Draft: 9, Complete: 0, QA checked: 0, Query raised: 1" in out
    assert "open  Q0001" in out and "Check P2.3.1" in out
    assert "On the 0 QA-checked cases only" in out
    assert main(["review", str(path), "Q0001", "qa-checked", "--resolve"]) == 0
    assert load_inspection(path).document.cases[0].status is ReviewStatus.QA_CHECKED
