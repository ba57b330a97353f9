"""Edits as reversible changes: apply, revert, validation, and live ratings."""

from __future__ import annotations

import pytest

from inspector_app.core.document import AnswerValue, Case, ReviewStatus
from inspector_app.core.errors import EditError
from inspector_app.core.ratings import Rating
from inspector_app.core.session import CompoundChange, InspectionSession, parse_answer
from tests.builders import new_document

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE


@pytest.fixture
def session(pdu) -> InspectionSession:
    document = new_document(pdu)
    document.cases = [Case(reference=f"A{i}", sample="supervision") for i in range(4)]
    return InspectionSession(document, pdu, user="tester")


def answer(session: InspectionSession, index: int, qid: str, value, note=None) -> None:
    session.apply(session.answer_change(session.cases[index].id, qid, value=value, note=note))


def test_answer_updates_ratings_and_records_who_and_when(session: InspectionSession) -> None:
    events = []
    session.subscribe(lambda change, applied: events.append((change.description, applied)))
    answer(session, 0, "P2.1.1", YES, note="Good engagement")
    stored = session.cases[0].answers["P2.1.1"]
    assert stored.value is YES and stored.note == "Good engagement"
    assert stored.set_by == "tester" and stored.set_at is not None
    assert session.engine.tally("P2.1.1").yes == 1
    assert events == [("Answer P2.1.1", True)]
    assert session.modified


def test_revert_restores_previous_answer_and_tally(session: InspectionSession) -> None:
    answer(session, 0, "P2.1.1", YES)
    change = session.answer_change(session.cases[0].id, "P2.1.1", value=NO)
    session.apply(change)
    assert session.engine.tally("P2.1.1").no == 1
    session.revert(change)
    assert session.cases[0].value_of("P2.1.1") is YES
    tally = session.engine.tally("P2.1.1")
    assert (tally.yes, tally.no, tally.unanswered) == (1, 0, 3)


def test_not_applicable_refused_where_framework_forbids(session: InspectionSession) -> None:
    with pytest.raises(EditError, match="cannot be answered 'Not applicable'"):
        session.answer_change(session.cases[0].id, "P2.1.1", value=NA)
    answer(session, 0, "P2.2.3", NA)
    assert session.cases[0].value_of("P2.2.3") is NA


def test_no_op_edit_gives_no_change(session: InspectionSession) -> None:
    answer(session, 0, "P2.1.1", YES)
    assert session.answer_change(session.cases[0].id, "P2.1.1", value=YES) is None
    assert session.answer_change(session.cases[1].id, "P2.1.1", value=None) is None


def test_clearing_value_keeps_note(session: InspectionSession) -> None:
    answer(session, 0, "P2.1.1", YES, note="evidence")
    answer(session, 0, "P2.1.1", None)
    assert session.cases[0].answers["P2.1.1"].note == "evidence"
    assert session.engine.tally("P2.1.1").unanswered == 4


def test_add_and_remove_cases_are_undoable(session: InspectionSession) -> None:
    answer(session, 1, "P2.1.1", YES)
    removal = session.remove_cases_change([session.cases[1].id, session.cases[3].id])
    session.apply(removal)
    assert [c.reference for c in session.cases] == ["A0", "A2"]
    assert session.engine.tally("P2.1.1").yes == 0
    session.revert(removal)
    assert [c.reference for c in session.cases] == ["A0", "A1", "A2", "A3"]
    assert session.engine.tally("P2.1.1").yes == 1
    addition = session.add_cases_change([Case(reference="B1", sample="supervision")], at=1)
    session.apply(addition)
    assert [c.reference for c in session.cases][:3] == ["A0", "B1", "A1"]
    assert session.engine.tally("P2.1.1").unanswered == 4
    session.revert(addition)
    assert len(session.cases) == 4


def test_judgement_rating_and_override(session: InspectionSession) -> None:
    session.apply(session.judgement_rating_change("P1.1", Rating.GOOD))
    assert session.result().standard("P1.1").rating is Rating.GOOD
    with pytest.raises(EditError, match="rated from its cases"):
        session.judgement_rating_change("P2.1", Rating.GOOD)
    with pytest.raises(EditError, match="written rationale"):
        session.override_change("P2.1", Rating.GOOD, "  ")
    change = session.override_change("P2.1", Rating.GOOD, "Practice seen beyond the sample")
    session.apply(change)
    assert session.result().standard("P2.1").override.rationale == "Practice seen beyond the sample"
    session.revert(change)
    assert session.result().standard("P2.1").override is None


def test_document_values_by_path_are_validated(session: InspectionSession) -> None:
    session.apply(session.value_change(("meta", "unit"), "Renamed PDU"))
    assert session.document.meta.unit == "Renamed PDU"
    with pytest.raises(EditError):
        session.value_change(("meta", "unit"), "   ")
    with pytest.raises(EditError):
        session.value_change(("meta", "practitioner_interviews"), -3)
    change = session.value_change(("standards", "P1.2", "strengths"), ["One", "Two"])
    session.apply(change)
    assert session.document.standards["P1.2"].strengths == ["One", "Two"]
    session.revert(change)
    assert session.document.standards["P1.2"].strengths == []


def test_case_fields_and_attributes(session: InspectionSession) -> None:
    case_id = session.cases[0].id
    session.apply(session.case_field_change(case_id, "attributes.sentence_type", "Licence"))
    assert session.cases[0].attributes == {"sentence_type": "Licence"}
    with pytest.raises(EditError, match="not a sentence type"):
        session.case_field_change(case_id, "attributes.sentence_type", "Fine")
    with pytest.raises(EditError, match="needs a reference"):
        session.case_field_change(case_id, "reference", " ")


def test_complete_needs_every_answer_or_a_reason(session: InspectionSession) -> None:
    case = session.cases[0]
    with pytest.raises(EditError, match="not finished"):
        session.mark_complete_change(case.id)
    change = session.mark_complete_change(case.id, reason="Case closed early")
    assert isinstance(change, CompoundChange)
    session.apply(change)
    assert case.status is ReviewStatus.COMPLETE and case.completion_note == "Case closed early"
    session.revert(change)
    assert case.status is ReviewStatus.DRAFT and case.completion_note == ""


def test_complete_when_nothing_is_missing(pdu, session: InspectionSession) -> None:
    case = session.cases[0]
    session.apply(session.case_field_change(case.id, "inspector", "Ann"))
    for question in pdu.questions_for_sample("supervision"):
        if question.kind != "prompt":
            session.apply(session.answer_change(case.id, question.id, value=YES))
    assert session.case_gaps(case) == []
    session.apply(session.mark_complete_change(case.id))
    assert case.status is ReviewStatus.COMPLETE and case.completion_note == ""


def test_parse_answer_spellings() -> None:
    assert parse_answer(" yes ") is YES and parse_answer("Y") is YES
    assert parse_answer("NO") is NO and parse_answer("n") is NO
    assert parse_answer("N/A") is NA and parse_answer("na") is NA
    assert parse_answer("") is None
    with pytest.raises(ValueError, match="not an answer"):
        parse_answer("maybe")


def test_before_listeners_see_the_document_as_it_was(session: InspectionSession) -> None:
    seen = []
    session.subscribe_before(
        lambda change, applied: seen.append((change.description, applied, len(session.cases)))
    )
    change = session.remove_cases_change([session.cases[0].id])
    session.apply(change)
    session.revert(change)
    assert seen == [("Delete case A0", True, 4), ("Delete case A0", False, 3)]
