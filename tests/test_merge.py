"""Merging inspectors' copies into the master: new cases, changed answers, conflicts, duplicate
references, deletions, case details, QA comments, history, and merging the same file twice.

Copies are made the way a team makes them (a copy of the master's file) and edited through
the session, so that their change history is what the app would write.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector_app.core.document import AnswerValue, Case, ChangeKind, Inspection, ReviewStatus
from inspector_app.core.engine import rate_inspection
from inspector_app.core.framework import Framework
from inspector_app.core.merge import DecisionKind, MergeError, MergeSource, merge
from inspector_app.core.ratings import Rating
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection, parse_inspection, serialise
from tests.builders import new_document

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE


@pytest.fixture
def master(example_path) -> Inspection:
    return load_inspection(example_path).document


def copy_of(document: Inspection, framework: Framework, user: str) -> InspectionSession:
    """A copy of a file, as saved and reopened on another laptop."""
    loaded = parse_inspection(serialise(document))
    return InspectionSession(loaded.document, framework, user=user)


def flip(value: AnswerValue | None) -> AnswerValue:
    return NO if value is YES else YES


def set_answer(session: InspectionSession, index: int, qid: str, value, note=None) -> None:
    change = session.answer_change(session.cases[index].id, qid, value=value, note=note)
    assert change is not None
    session.apply(change)


def merged(master: Inspection, *sessions: InspectionSession, framework: Framework, **kw):
    sources = [MergeSource(s.document, f"{s.user}.inspection") for s in sessions]
    return merge(master, sources, framework, **kw)


# -- new cases and changed answers ---------------------------------------------------------


def test_new_cases_are_brought_in(master: Inspection, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    new = Case(reference="BRK-0101", sample="supervision", inspector="Priya Natarajan")
    priya.apply(priya.add_cases_change([new]))
    set_answer(priya, -1, "P2.1.1", YES, note="Seen at induction")
    result = merged(master, priya, framework=pdu)
    assert [(a.reference, a.source) for a in result.added_cases] == [
        ("BRK-0101", "priya.inspection")
    ]
    assert result.settled and not result.decisions
    document = result.merged_document(user="lead")
    added = document.cases[-1]
    assert added.id == new.id and added.reference == "BRK-0101"
    assert added.answers["P2.1.1"].value is YES
    assert len(document.cases) == len(master.cases) + 1


def test_answers_changed_only_in_a_copy_are_taken(master: Inspection, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    old = master.cases[1].value_of("P2.2.1")
    set_answer(priya, 1, "P2.2.1", flip(old), note="Plan re-read")
    result = merged(master, priya, framework=pdu)
    assert [(c.reference, c.subject, c.source, c.by) for c in result.changed_answers] == [
        ("BRK-0002", "P2.2.1", "priya.inspection", "priya")
    ]
    document = result.merged_document()
    answer = document.cases[1].answers["P2.2.1"]
    assert answer.value is flip(old) and answer.note == "Plan re-read"


def test_answers_changed_only_in_the_master_stay(master: Inspection, pdu: Framework) -> None:
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    old = master.cases[2].value_of("P2.3.1")
    set_answer(lead, 2, "P2.3.1", flip(old))
    set_answer(priya, 5, "P2.1.1", flip(master.cases[5].value_of("P2.1.1")))
    document = merged(lead.document, priya, framework=pdu).merged_document()
    assert document.cases[2].value_of("P2.3.1") is flip(old)
    assert document.cases[5].value_of("P2.1.1") is flip(master.cases[5].value_of("P2.1.1"))


def test_a_change_undone_in_the_copy_brings_nothing(master: Inspection, pdu: Framework) -> None:
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    set_answer(lead, 0, "P2.1.2", NO, note="lead's view")
    change = priya.answer_change(priya.cases[0].id, "P2.1.2", value=YES, note="x")
    priya.apply(change)
    priya.revert(change)
    result = merged(lead.document, priya, framework=pdu)
    assert not result.decisions and not result.changed_answers
    assert result.merged_document().cases[0].answers["P2.1.2"].note == "lead's view"


def test_both_making_the_same_change_is_no_conflict(master: Inspection, pdu: Framework) -> None:
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    value = flip(master.cases[0].value_of("P2.1.3"))
    set_answer(lead, 0, "P2.1.3", value, note="same")
    set_answer(priya, 0, "P2.1.3", value, note="same")
    result = merged(lead.document, priya, framework=pdu)
    assert not result.decisions


# -- conflicts ------------------------------------------------------------------------------


@pytest.fixture
def conflict(master: Inspection, pdu: Framework):
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    set_answer(lead, 3, "P2.4.1", YES, note="Lead: review seen in the record")
    set_answer(priya, 3, "P2.4.1", NO, note="Priya: no review after the arrest")
    return lead, priya


def test_a_conflict_shows_both_values_with_who_when_and_where(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    result = merged(lead.document, priya, framework=pdu)
    assert len(result.conflicts) == 1 and not result.settled
    decision = result.conflicts[0]
    assert decision.kind is DecisionKind.ANSWER
    assert decision.key == "BRK-0004/P2.4.1" and decision.question_id == "P2.4.1"
    assert decision.case_reference == "BRK-0004" and decision.case_id == lead.cases[3].id
    mine, theirs = decision.sides
    assert (mine.source, mine.value, mine.by) == ("master", "Yes", "lead")
    assert (theirs.source, theirs.value, theirs.by) == ("priya.inspection", "No", "priya")
    assert theirs.note == "Priya: no review after the arrest"
    assert mine.at is not None and theirs.at is not None
    assert decision.base is not None  # the value when the copy was made
    with pytest.raises(MergeError, match="not taken yet"):
        result.merged_document()


def test_conflict_settled_for_the_master(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    result = merged(lead.document, priya, framework=pdu)
    result.choose("BRK-0004/P2.4.1", "master")
    document = result.merged_document(user="Jordan Ellis")
    answer = document.cases[3].answers["P2.4.1"]
    assert answer.value is YES and answer.note.startswith("Lead")
    last = document.history[-1]
    assert last.by == "Jordan Ellis" and last.new_value is YES
    assert "master" in last.reason and "priya.inspection" in last.reason


def test_conflict_settled_for_the_copy(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    result = merged(lead.document, priya, framework=pdu)
    decision = result.conflicts[0]
    result.choose(decision, "priya")  # a file label without its extension works too
    document = result.merged_document(user="Jordan Ellis")
    answer = document.cases[3].answers["P2.4.1"]
    assert answer.value is NO and answer.note.startswith("Priya") and answer.set_by == "priya"
    assert document.history[-1].old_value is YES and document.history[-1].new_value is NO
    # Merging the copy again asks nothing and changes nothing.
    again = merged(document, priya, framework=pdu)
    assert not again.decisions and not again.changes_anything


def test_prefer_rules(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    result = merged(lead.document, priya, framework=pdu)
    assert result.prefer("newest") == 1
    assert result.chosen(result.conflicts[0]).key == "priya.inspection"  # changed last
    result.unchoose(result.conflicts[0])
    assert result.prefer("master") == 1
    assert result.merged_document().cases[3].value_of("P2.4.1") is YES


def test_a_bad_choice_is_refused(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    result = merged(lead.document, priya, framework=pdu)
    with pytest.raises(MergeError, match=r"use one of: master, priya\.inspection"):
        result.choose("BRK-0004/P2.4.1", "tom")
    with pytest.raises(MergeError, match="no decision"):
        result.choose("BRK-0999/P2.4.1", "master")


def test_three_files_changing_one_answer_give_one_decision(master, pdu: Framework) -> None:
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    tom = copy_of(master, pdu, "tom")
    set_answer(lead, 0, "P2.2.2", YES, note="lead")
    set_answer(priya, 0, "P2.2.2", NO, note="priya")
    set_answer(tom, 0, "P2.2.2", YES, note="tom")
    result = merged(lead.document, priya, tom, framework=pdu)
    assert len(result.decisions) == 1
    assert [s.source for s in result.decisions[0].sides] == [
        "master",
        "priya.inspection",
        "tom.inspection",
    ]
    result.choose(result.decisions[0], "tom.inspection")
    assert result.merged_document().cases[0].answers["P2.2.2"].note == "tom"


def test_two_copies_changing_an_answer_the_master_left_alone(master, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    tom = copy_of(master, pdu, "tom")
    set_answer(priya, 7, "P2.1.1", YES, note="priya")
    set_answer(tom, 7, "P2.1.1", NO, note="tom")
    result = merged(master, priya, tom, framework=pdu)
    (decision,) = result.decisions
    # The merged file's side is priya's, brought in first: its source says so.
    assert [s.source for s in decision.sides] == ["priya.inspection", "tom.inspection"]


# -- the same file twice -------------------------------------------------------------------


def test_merging_the_same_file_twice_changes_nothing(master: Inspection, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    set_answer(priya, 1, "P2.1.1", flip(master.cases[1].value_of("P2.1.1")))
    priya.apply(priya.add_cases_change([Case(reference="BRK-0102", sample="supervision")]))
    once = merged(master, priya, framework=pdu).merged_document()
    result = merged(once, priya, framework=pdu)
    assert not result.changes_anything and not result.decisions
    twice = result.merged_document()
    assert twice == once
    # Merging both at once is the same as one after the other.
    both = merged(master, priya, priya, framework=pdu)
    assert both.merged_document().cases == once.cases


def test_inputs_are_never_changed(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    before_master, before_copy = serialise(lead.document), serialise(priya.document)
    result = merged(lead.document, priya, framework=pdu)
    result.choose(result.conflicts[0], "priya.inspection")
    result.merged_document()
    assert serialise(lead.document) == before_master
    assert serialise(priya.document) == before_copy


# -- duplicate references and other frameworks ----------------------------------------------


def test_same_reference_different_ids_is_flagged_never_combined(master, pdu) -> None:
    priya = copy_of(master, pdu, "priya")
    tom = copy_of(master, pdu, "tom")
    priya.apply(priya.add_cases_change([Case(reference="BRK-0200", sample="supervision")]))
    set_answer(priya, -1, "P2.1.1", YES)
    tom.apply(tom.add_cases_change([Case(reference="brk-0200", sample="supervision")]))
    set_answer(tom, -1, "P2.1.1", NO)
    result = merged(master, priya, tom, framework=pdu)
    assert [a.source for a in result.added_cases] == ["priya.inspection"]
    (duplicate,) = result.duplicates
    assert duplicate.kind is DecisionKind.DUPLICATE_REFERENCE
    assert duplicate.case_id == tom.cases[-1].id
    assert [o.key for o in duplicate.options] == ["both", "existing", "incoming"]
    assert not result.settled

    result.choose(duplicate, "both")
    document = result.merged_document()
    twins = [c for c in document.cases if c.reference.casefold() == "brk-0200"]
    assert {c.id for c in twins} == {priya.cases[-1].id, tom.cases[-1].id}
    assert {c.value_of("P2.1.1") for c in twins} == {YES, NO}

    result.choose(duplicate, "existing")
    document = result.merged_document()
    twins = [c for c in document.cases if c.reference.casefold() == "brk-0200"]
    assert [c.id for c in twins] == [priya.cases[-1].id]
    # Left out on purpose: merging tom's file again does not ask again.
    assert not merged(document, tom, framework=pdu).decisions

    result.choose(duplicate, "incoming")
    twins = [c for c in result.merged_document().cases if c.reference.casefold() == "brk-0200"]
    assert [c.id for c in twins] == [tom.cases[-1].id]


def test_same_reference_in_the_master_is_flagged(master: Inspection, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    priya.apply(priya.add_cases_change([Case(reference="BRK-0001", sample="supervision")]))
    result = merged(master, priya, framework=pdu)
    assert [d.key for d in result.duplicates] == ["BRK-0001/duplicate"]
    assert not result.added_cases


def test_renaming_a_case_onto_another_cases_reference_is_flagged(master, pdu) -> None:
    priya = copy_of(master, pdu, "priya")
    tom = copy_of(master, pdu, "tom")
    eighth, ninth, sixth = (master.cases[i].id for i in (7, 8, 5))
    priya.apply(priya.case_field_change(eighth, "reference", "BRK-0077"))
    tom.apply(tom.case_field_change(ninth, "reference", "brk-0077"))
    tom.apply(tom.case_field_change(sixth, "reference", "BRK-0005"))  # the fifth case's
    result = merged(master, priya, tom, framework=pdu)
    assert [(f.reference, f.subject, f.new) for f in result.changed_fields] == [
        ("BRK-0077", "reference", "BRK-0077")
    ]
    assert sorted(d.key for d in result.decisions) == ["BRK-0006/reference", "BRK-0009/reference"]
    clash = next(d for d in result.decisions if d.key == "BRK-0009/reference")
    assert clash.kind is DecisionKind.CASE_FIELD
    assert "already has a different case BRK-0077" in clash.explanation
    assert [s.value for s in clash.sides] == ["BRK-0009", "brk-0077"]
    assert not result.settled

    # No rule settles a clash, not even "newest" (which would take the clashing reference).
    assert result.prefer("newest") == 0 and not result.settled
    result.choose(clash, clash.options[0].key)
    result.choose("BRK-0006/reference", "master")
    references = [c.reference.casefold() for c in result.merged_document().cases]
    assert len(references) == len(set(references)), "no two cases share a reference"
    assert references[7:9] == ["brk-0077", "brk-0009"]


def test_a_file_from_another_framework_is_refused(master, pdu, nps) -> None:
    other = new_document(nps, unit="Greater Manchester")
    with pytest.raises(MergeError, match=r"nps-division-2018 inspection.*cannot be merged"):
        merge(master, [MergeSource(other, "gm.inspection")], pdu)


def test_a_file_of_another_inspection_is_noted(master: Inspection, pdu: Framework) -> None:
    other = new_document(pdu, unit="Brackenford PDU")
    other.cases = [Case(reference="X-1", sample="supervision")]
    result = merge(master, [MergeSource(other, "fresh.inspection")], pdu)
    assert any("not a copy of the master" in n for n in result.notices)
    assert [a.reference for a in result.added_cases] == ["X-1"]


# -- deletions -----------------------------------------------------------------------------


def test_a_case_deleted_in_a_copy_is_a_decision(master: Inspection, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    gone = priya.cases[4]
    priya.apply(priya.remove_cases_change([gone.id]))
    result = merged(master, priya, framework=pdu)
    (decision,) = result.decisions
    assert decision.kind is DecisionKind.REMOVED_IN_COPY and decision.case_id == gone.id
    result.choose(decision, "keep")
    kept = result.merged_document()
    assert any(c.id == gone.id for c in kept.cases)
    assert not merged(kept, priya, framework=pdu).decisions  # not asked again
    result.choose(decision, "remove")
    assert all(c.id != gone.id for c in result.merged_document().cases)


def test_a_case_deleted_in_the_master_stays_deleted(master: Inspection, pdu: Framework) -> None:
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    gone = lead.cases[6]
    lead.apply(lead.remove_cases_change([gone.id]))
    result = merged(lead.document, priya, framework=pdu)
    assert not result.decisions and not result.added_cases
    assert all(c.id != gone.id for c in result.merged_document().cases)


def test_a_case_deleted_in_the_master_but_edited_in_a_copy(master, pdu) -> None:
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    gone = lead.cases[6]
    lead.apply(lead.remove_cases_change([gone.id]))
    set_answer(priya, 6, "P2.1.1", flip(master.cases[6].value_of("P2.1.1")), note="new")
    result = merged(lead.document, priya, framework=pdu)
    (decision,) = result.decisions
    assert decision.kind is DecisionKind.EDITED_AFTER_REMOVAL
    result.choose(decision, "restore")
    restored = next(c for c in result.merged_document().cases if c.id == gone.id)
    assert restored.answers["P2.1.1"].note == "new"
    result.choose(decision, "keep-removed")
    document = result.merged_document()
    assert all(c.id != gone.id for c in document.cases)
    assert not merged(document, priya, framework=pdu).decisions


# -- case details, QA comments, narrative, history -------------------------------------------


def test_case_details_merge_by_their_history(master: Inspection, pdu: Framework) -> None:
    lead = copy_of(master, pdu, "lead")
    priya = copy_of(master, pdu, "priya")
    case_a, case_b = master.cases[0].id, master.cases[1].id
    priya.apply(priya.case_field_change(case_a, "status", ReviewStatus.DRAFT))
    priya.apply(priya.case_field_change(case_a, "attributes.gender", "Female"))
    lead.apply(lead.case_field_change(case_b, "inspector", "Gareth Lloyd"))
    priya.apply(priya.case_field_change(case_b, "inspector", "Tom Whitfield"))
    result = merged(lead.document, priya, framework=pdu)
    assert {(f.reference, f.subject) for f in result.changed_fields} == {
        ("BRK-0001", "status"),
        ("BRK-0001", "attributes.gender"),
    }
    (decision,) = result.decisions
    assert decision.kind is DecisionKind.CASE_FIELD and decision.key == "BRK-0002/inspector"
    assert [s.value for s in decision.sides] == ["Gareth Lloyd", "Tom Whitfield"]
    result.choose(decision, "priya.inspection")
    document = result.merged_document()
    assert document.cases[0].status is ReviewStatus.DRAFT
    assert document.cases[0].attributes["gender"] == "Female"
    assert document.cases[1].inspector == "Tom Whitfield"


def test_qa_comments_are_combined(master: Inspection, pdu: Framework) -> None:
    lead = copy_of(master, pdu, "lead")
    case_id = master.cases[3].id
    lead.apply(lead.review_status_change(case_id, ReviewStatus.QUERY_RAISED, "Check P2.2.3"))
    aisha = copy_of(lead.document, pdu, "aisha")
    comment_id = lead.case(case_id).qa_comments[0].id
    aisha.apply(aisha.qa_comment_change(case_id, "Contingency plan found on page 4"))
    aisha.apply(aisha.qa_comment_resolved_change(case_id, comment_id))
    lead.apply(lead.qa_comment_change(case_id, "Also look at P2.4.3"))
    priya = copy_of(lead.document, pdu, "priya")
    priya.apply(priya.case_field_change(case_id, "notes", "Priya's notes"))
    inputs = [serialise(lead.document), serialise(aisha.document)]
    result = merged(lead.document, aisha, priya, framework=pdu)
    assert result.merged_document().cases[3].notes == "Priya's notes"
    assert [serialise(lead.document), serialise(aisha.document)] == inputs
    assert result.qa_comments_added == 1
    comments = result.merged_document().cases[3].qa_comments
    assert comments[0].text == "Check P2.2.3"
    assert {c.text for c in comments[1:]} == {
        "Contingency plan found on page 4",
        "Also look at P2.4.3",
    }
    assert next(c for c in comments if c.id == comment_id).resolved


def test_report_text_stays_the_masters(master: Inspection, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    priya.apply(priya.value_change(("narrative", "foreword"), "A different foreword"))
    priya.apply(priya.judgement_rating_change("P1.1", Rating.OUTSTANDING))
    result = merged(master, priya, framework=pdu)
    assert any("report narrative" in n and "master's are kept" in n for n in result.notices)
    document = result.merged_document()
    assert document.narrative == master.narrative
    assert document.standards["P1.1"].rating is Rating.GOOD


def test_history_survives_the_merge(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    priya.apply(priya.add_cases_change([Case(reference="BRK-0300", sample="supervision")]))
    result = merged(lead.document, priya, framework=pdu)
    result.choose(result.conflicts[0], "master")
    document = result.merged_document()
    ids = {r.id for r in document.history}
    assert {r.id for r in lead.document.history} <= ids
    assert {r.id for r in priya.document.history} <= ids
    assert any(r.kind is ChangeKind.CASE_ADDED and r.by == "priya" for r in document.history)
    # The merged file opens like any other.
    reloaded = parse_inspection(serialise(document))
    assert reloaded.document.history == document.history


def test_merged_ratings_follow_the_merged_answers(master: Inspection, pdu: Framework) -> None:
    priya = copy_of(master, pdu, "priya")
    for index in range(len(master.cases)):
        if master.cases[index].value_of("P2.4.3") is NO:
            set_answer(priya, index, "P2.4.3", YES)
    document = merged(master, priya, framework=pdu).merged_document()
    result = rate_inspection(pdu, document)
    assert result.standard("P2.4").key_questions[2].percent == 1
    assert result == rate_inspection(pdu, priya.document)


def test_merge_times_are_recorded_in_utc(conflict, pdu: Framework) -> None:
    lead, priya = conflict
    result = merged(lead.document, priya, framework=pdu)
    result.prefer("master")
    when = datetime(2025, 3, 20, 10, 0, tzinfo=UTC)
    document = result.merged_document(user="lead", at=when)
    assert document.history[-1].at == when
