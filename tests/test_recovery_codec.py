"""The recovery journal's record of an edit: every kind of change survives JSON unchanged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.core.change_codec import (
    ChangeCodecError,
    change_types,
    decode_change,
    document_path_type,
    dumps_change,
    loads_change,
)
from inspector_app.core.document import (
    Answer,
    AnswerValue,
    Case,
    Recommendation,
    RecommendationGroup,
    ReviewStatus,
)
from inspector_app.core.ratings import Rating
from inspector_app.core.session import (
    CompoundChange,
    InsertCases,
    InspectionSession,
    RemoveCases,
    SetAnswer,
    SetCaseField,
    SetDocumentValue,
)
from inspector_app.core.storage import load_inspection, serialise


@pytest.fixture
def session(example_path) -> InspectionSession:
    loaded = load_inspection(example_path)
    return InspectionSession(loaded.document, loaded.framework, user="tester")


def examples(session: InspectionSession) -> list:
    case = session.cases[0]
    new_case = Case(reference="NEW-1", sample="supervision", notes="Added\nlater")
    groups = [RecommendationGroup(addressee="PDU", recommendations=[Recommendation(text="Do")])]
    return [
        session.answer_change(case.id, "P2.1.1", value=AnswerValue.NO, note="a\nb ☃ \U0001f600"),
        session.answer_change(case.id, "P2.1.1", value=None, note=""),
        SetAnswer(case.id, "P2.1.2", None, Answer(value=AnswerValue.YES), reason="QA query"),
        session.add_cases_change([new_case], at=2),
        session.remove_cases_change([session.cases[1].id, session.cases[3].id]),
        session.case_field_change(case.id, "status", "qa_checked"),
        session.case_field_change(case.id, "attributes.gender", "Female"),
        session.case_field_change(case.id, "reference", "BRK-0001a"),
        session.qa_comment_change(case.id, "Which plan is current?"),
        session.value_change(("meta", "unit"), "Renamed PDU"),
        session.value_change(("meta", "fieldwork_start"), date(2025, 3, 3)),
        session.value_change(("meta", "team"), ["A. Inspector", "B. Inspector"]),
        session.value_change(("meta", "practitioner_interviews"), 12),
        session.judgement_rating_change("P1.1", Rating.INADEQUATE),
        session.override_change("P2.1", Rating.GOOD, "Agreed at QA"),
        session.value_change(("narrative", "recommendations"), groups),
        session.value_change(("narrative", "diversity", "strengths"), ["One", "Two"]),
        session.mark_complete_change(session.cases[4].id, "Interview outstanding"),
    ]


def test_every_kind_of_change_round_trips(session: InspectionSession) -> None:
    changes = [c for c in examples(session) if c is not None]
    assert {type(c) for c in changes} == set(change_types().values()), (
        "add an example of each new kind of change"
    )
    for change in changes:
        line = dumps_change(change)
        assert "\n" not in line and line.isascii()
        assert loads_change(line) == change, type(change).__name__


def test_replaying_decoded_changes_gives_the_same_document(example_path) -> None:
    loaded = load_inspection(example_path)
    live = InspectionSession(loaded.document, loaded.framework, user="tester")
    replica_loaded = load_inspection(example_path)
    replica = InspectionSession(replica_loaded.document, replica_loaded.framework, user="tester")
    for change in examples(live):
        if change is None:
            continue
        live.apply(change)
        replica.apply(loads_change(dumps_change(change)))
    for change in reversed(examples(live)[:5]):
        if change is not None:
            live.revert(change)
            replica.revert(loads_change(dumps_change(change)))
    # The change history holds new ids and times on each side; everything else is equal.
    live.document.history = replica.document.history = []
    assert serialise(replica.document) == serialise(live.document)


def test_value_types_follow_the_document_path() -> None:
    assert document_path_type(("standards", "P1.1", "rating")) == Rating | None
    assert document_path_type(("meta", "fieldwork_start")) == date | None
    decoded = decode_change(
        {
            "type": "SetDocumentValue",
            "path": ["overrides", "P2.1"],
            "before": None,
            "after": {"rating": "Good", "rationale": "Why", "set_by": "", "set_at": None},
        }
    )
    assert decoded.after.rating is Rating.GOOD
    field = decode_change(
        {
            "type": "SetCaseField",
            "case_id": str(uuid4()),
            "field": "status",
            "before": "draft",
            "after": "complete",
        }
    )
    assert field.after is ReviewStatus.COMPLETE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"type": "Explode"}, "unknown kind"),
        ({"type": "SetAnswer", "case_id": "not-a-uuid", "question_id": "P2.1.1"}, "case_id"),
        ({"type": "SetAnswer", "question_id": "P2.1.1"}, "SetAnswer"),
        ({"type": "CompoundChange", "changes": {}}, "must be a list"),
        ({"type": "SetDocumentValue", "path": "meta.unit", "before": 1, "after": 2}, "path"),
    ],
)
def test_damaged_records_raise_the_codec_error(data, message: str) -> None:
    with pytest.raises(ChangeCodecError, match=message):
        decode_change(data)


def test_unparseable_text_raises_the_codec_error() -> None:
    with pytest.raises(ChangeCodecError):
        loads_change(b'{"type": "SetAns')


texts = st.text(max_size=60)
answers = st.none() | st.builds(
    Answer,
    value=st.sampled_from([None, *AnswerValue]),
    note=texts,
    set_by=texts,
    set_at=st.none()
    | st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ).map(lambda d: d.replace(microsecond=0)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=answers,
    after=answers,
    reason=texts,
    field_value=texts,
    nested=st.integers(0, 3),
)
def test_arbitrary_answers_and_text_round_trip(before, after, reason, field_value, nested) -> None:
    case_id = uuid4()
    change = CompoundChange(
        (
            SetAnswer(case_id, "P2.1.1", before, after, "Answer", reason),
            SetCaseField(case_id, "notes", "", field_value),
            SetDocumentValue(("narrative", "foreword"), "", field_value),
        )
    )
    for _ in range(nested):
        change = CompoundChange((change,), "Nested")
    line = dumps_change(change)
    assert json.loads(line)["type"] == "CompoundChange"
    assert loads_change(line) == change


def test_insert_and_remove_keep_whole_cases(session: InspectionSession) -> None:
    cases = tuple(c.model_copy(deep=True) for c in session.cases[:3])
    for change in (InsertCases(cases, (0, 1, 2)), RemoveCases(cases, (0, 1, 2))):
        back = loads_change(dumps_change(change))
        assert back == change
        assert back.cases[0].answers == cases[0].answers
