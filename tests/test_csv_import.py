"""CSV import: all or nothing, with the row and column of every problem."""

from __future__ import annotations

import pytest

from inspector_app.core.csv_import import parse_cases
from inspector_app.core.document import AnswerValue, Case
from inspector_app.core.errors import CaseImportError


def test_answers_attributes_and_samples(pdu, nps) -> None:
    text = (
        "case_ref,sample,inspector,sentence_type,P2.1.1,P2.1.2,P2.2.3\n"
        "A1,supervision,Ann,community order,Yes,n,NA\n"
        "A2,,Bo,Licence,y,,N/A\n"
    )
    cases = parse_cases(text, pdu, set_by="importer")
    assert [c.reference for c in cases] == ["A1", "A2"]
    assert cases[0].attributes == {"sentence_type": "Community order"}
    assert cases[0].value_of("P2.1.2") is AnswerValue.NO
    assert cases[1].value_of("P2.1.2") is None
    assert cases[1].value_of("P2.2.3") is AnswerValue.NOT_APPLICABLE
    assert cases[1].sample == "supervision" and cases[1].inspector == "Bo"
    assert cases[0].answers["P2.1.1"].set_by == "importer"
    court = parse_cases("case_ref;sample;3.1.1\nR1;court-reports;Yes\n", nps)
    assert court[0].sample == "court-reports"


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("case_ref,colour\nA1,red\n", 1, "colour", "unknown column"),
        ("sample,P2.1.1\nsupervision,Yes\n", 1, None, "no 'case_ref' column"),
        ("case_ref,P2.1.1\nA1,Yes\nA2,perhaps\n", 3, "P2.1.1", "'perhaps' is not an answer"),
        ("case_ref,P2.1.1\nA1,N/A\n", 2, "P2.1.1", "cannot be answered 'Not applicable'"),
        ("case_ref,P2.1.1\nA1,Yes\na1,No\n", 3, "case_ref", "already in the 'supervision' sample"),
        ("case_ref,sample\nA1,prison\n", 2, "sample", "unknown sample 'prison'"),
        ("case_ref,sentence_type\nA1,Fine\n", 2, "sentence_type", "not a valid sentence type"),
        ("case_ref,P2.1.1\n,Yes\n", 2, "case_ref", "reference is blank"),
        ("case_ref,P2.1.1,P2.1.1\nA1,Yes,Yes\n", 1, "P2.1.1", "appears twice"),
        ("case_ref,P2.1.1\nA1,Yes,extra\n", 2, None, "has 3 cells"),
        ("", 1, None, "empty"),
    ],
)
def test_problems_name_row_and_column(pdu, text, row, column, message) -> None:
    with pytest.raises(CaseImportError) as caught:
        parse_cases(text, pdu)
    error = caught.value
    assert message in str(error)
    assert error.row == row
    assert error.column == column


def test_question_from_another_sample_is_refused(nps) -> None:
    with pytest.raises(CaseImportError, match="asked in the 'court-reports' sample"):
        parse_cases("case_ref,3.1.1\nA1,Yes\n", nps)


def test_duplicate_of_an_existing_case_is_refused(pdu) -> None:
    existing = [Case(reference="A1", sample="supervision")]
    with pytest.raises(CaseImportError, match="already in"):
        parse_cases("case_ref\nA1\n", pdu, existing)


def test_blank_rows_are_skipped(pdu) -> None:
    assert len(parse_cases("case_ref\nA1\n\n,\nA2\n", pdu)) == 2
