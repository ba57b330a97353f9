"""The quick paths taken for speed give exactly what the general paths give.

Opening a file of the current format validates the JSON text directly; anything else (older
formats, broken characters, errors) goes the general way. Building the rating engine from a
list of cases counts answers in bulk. Both must agree with the slower, simpler code.
"""

from __future__ import annotations

import gc
import json

import pytest

from inspector_app.core import storage
from inspector_app.core.document import Answer, AnswerValue
from inspector_app.core.engine import RatingEngine
from inspector_app.core.errors import InspectionFileError
from inspector_app.core.synthetic import GenerationSpec, generate


@pytest.fixture(scope="module")
def generated(pdu):
    document = generate(GenerationSpec(pdu, cases=60, seed=11, complete_share=0.6))
    # Answers the generator does not write: a note without a value, and a removed answer.
    first = document.cases[0]
    question = next(iter(first.answers))
    first.answers[question] = Answer(value=None, note="To check with the manager")
    del document.cases[1].answers[next(iter(document.cases[1].answers))]
    return document


def test_current_files_take_the_quick_path_and_match_the_general_one(generated):
    text = storage.serialise(generated).decode("utf-8")
    quick = storage._validate_current(text.encode("utf-8"))
    assert quick is not None
    general, migrated_from, repaired = storage._validate_any(text, "f")
    assert (migrated_from, repaired) == (None, 0)
    assert quick == general == generated
    loaded = storage.parse_inspection(text.encode("utf-8"), "f")
    assert loaded.document == generated
    assert loaded.exact_source == text.encode("utf-8")


def test_files_written_another_way_open_the_same(generated):
    data = json.loads(storage.serialise(generated))
    # Pretty-printed with the keys in another order: not the app's own layout.
    reordered = {"schema_version": data.pop("schema_version"), **data}
    text = json.dumps(reordered, indent=2, ensure_ascii=True)
    assert storage._validate_current(text.encode("utf-8")) is None
    assert storage.parse_inspection(text.encode("utf-8"), "f").document == generated


def test_a_byte_order_mark_is_allowed_and_broken_utf8_refused_as_before(generated):
    data = storage.serialise(generated)
    assert storage.parse_inspection(b"\xef\xbb\xbf" + data, "f").document == generated
    broken = data.replace(b'"reference":"', b'"reference":"\xff', 1)
    assert storage._validate_current(broken) is None
    with pytest.raises(InspectionFileError, match="is not UTF-8 text"):
        storage.parse_inspection(broken, "f")


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("3.0", "invalid schema_version"),
        ("99", "newer version of the app"),
        ("true", "invalid schema_version"),
    ],
)
def test_odd_versions_are_still_refused_with_the_general_message(generated, version, message):
    text = storage.serialise(generated).decode("utf-8")
    odd = text.replace('"schema_version":3,', f'"schema_version":{version},', 1)
    assert odd != text
    assert storage._validate_current(odd.encode("utf-8")) is None
    with pytest.raises(InspectionFileError, match=message):
        storage.parse_inspection(odd.encode("utf-8"), "f")


def test_the_collector_runs_again_after_opening_or_failing(generated):
    assert gc.isenabled()
    storage.parse_inspection(storage.serialise(generated), "f")
    assert gc.isenabled()
    with pytest.raises(InspectionFileError):
        storage.parse_inspection(b'{"format": "inspection-workbench", "schema_version": 3}', "f")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_bulk_counting_matches_case_by_case_counting(pdu, generated):
    bulk = RatingEngine(pdu, generated.cases)
    one_by_one = RatingEngine(pdu)
    for case in generated.cases:
        one_by_one.add_case(case)
    values = {AnswerValue.NOT_APPLICABLE, AnswerValue.YES, AnswerValue.NO, None}
    assert {a.value for c in generated.cases for a in c.answers.values()} == values
    for question_id in pdu.questions:
        assert bulk.tally(question_id) == one_by_one.tally(question_id), question_id
    assert bulk.result(generated) == one_by_one.result(generated)


def test_answers_outside_the_case_sample_are_still_found(nps):
    document = generate(GenerationSpec(nps, cases=12, seed=5))
    never_na = next(q for q in nps.questions.values() if not q.allows_not_applicable)
    case = next(c for c in document.cases if c.sample == never_na.sample)
    other = next(q for q in nps.questions.values() if q.sample != case.sample)
    case.answers.pop(never_na.id, None)
    case.answers[other.id] = Answer(value=AnswerValue.YES)
    case.answers[never_na.id] = Answer(value=AnswerValue.NOT_APPLICABLE)
    problems, _warnings = storage.check_against_framework(document, nps)
    assert problems == [
        f"case {case.reference}: answers {other.id}, which is not asked in '{case.sample}'",
        f"case {case.reference}: {never_na.id} cannot be answered 'Not applicable'",
    ]


def test_files_hold_one_case_per_line(generated):
    data = storage.serialise(generated)
    lines = data.split(b"\n")
    assert len(lines) == len(generated.cases) + 2  # the header, one line per case, the close
    assert json.loads(data)["cases"][5]["reference"] == generated.cases[5].reference
    case_lines = lines[1:-1]
    assert all(line.startswith(b'{"id":') for line in case_lines)


def test_case_by_case_validation_gives_the_whole_document(generated):
    data = storage.serialise(generated)
    by_case = storage._validate_case_by_case(data)
    assert by_case == generated == storage.Inspection.model_validate_json(data)


@pytest.mark.parametrize(
    "relayout",
    [
        lambda data: json.dumps(json.loads(data), indent=2).encode(),  # pretty-printed
        lambda data: json.dumps(json.loads(data)).encode(),  # one line, cases not last
        lambda data: data.replace(b",\n", b",\r\n"),  # line endings changed by an editor
    ],
    ids=["pretty", "single-line", "crlf"],
)
def test_other_layouts_of_the_same_json_open_the_same(generated, relayout):
    data = relayout(storage.serialise(generated))
    assert storage.parse_inspection(data, "f").document == generated


def test_an_empty_inspection_round_trips(pdu):
    from tests.builders import new_document

    document = new_document(pdu)
    data = storage.serialise(document)
    assert storage._validate_case_by_case(data) == document
    assert storage.parse_inspection(data, "f").document == document
