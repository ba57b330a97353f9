"""The rating rules: bands on exact fractions, lowest score, ties, N/A, provisional, overrides."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.core.document import Answer, AnswerValue, RatingOverride
from inspector_app.core.engine import (
    NOT_RECORDED,
    RatingEngine,
    Tally,
    breakdown,
    printed_percent,
    rate_inspection,
)
from inspector_app.core.framework import Framework
from inspector_app.core.ratings import Rating
from tests.builders import NA, NO, YES, cases_with_counts, new_document

P21 = ("P2.1.1", "P2.1.2", "P2.1.3")


def assessment(pdu: Framework, counts, total=100, **kwargs):
    document = new_document(pdu)
    document.cases = cases_with_counts("supervision", total, counts, **kwargs)
    return document, rate_inspection(pdu, document)


@pytest.mark.parametrize(
    ("yes", "total", "band"),
    [
        (80, 100, Rating.OUTSTANDING),
        (79, 100, Rating.GOOD),
        (65, 100, Rating.GOOD),
        (64, 100, Rating.REQUIRES_IMPROVEMENT),
        (50, 100, Rating.REQUIRES_IMPROVEMENT),
        (49, 100, Rating.INADEQUATE),
        (0, 100, Rating.INADEQUATE),
        (100, 100, Rating.OUTSTANDING),
        # Exact fractions just under a threshold stay in the lower band.
        (3999, 5000, Rating.GOOD),  # 79.98%
        (323, 500, Rating.REQUIRES_IMPROVEMENT),  # 64.6% prints as 65%
        (4, 5, Rating.OUTSTANDING),  # exactly 80%
        (13, 20, Rating.GOOD),  # exactly 65%
        (1, 2, Rating.REQUIRES_IMPROVEMENT),  # exactly 50%
    ],
)
def test_band_edges_use_the_exact_fraction(
    pdu: Framework, yes: int, total: int, band: Rating
) -> None:
    assert pdu.scoring.band_for(Fraction(yes, total)) == band


def test_rounding_warning_where_printed_figure_reads_as_another_band(pdu: Framework) -> None:
    # 64.6% prints as 65% (Good) but rates Requires improvement.
    _, result = assessment(
        pdu, {"P2.1.1": (323, 500), "P2.1.2": (400, 500), "P2.1.3": (450, 500)}, total=500
    )
    kq = result.standard("P2.1").key_questions[0]
    assert kq.printed == 65
    assert kq.band == Rating.REQUIRES_IMPROVEMENT
    assert kq.rounding_warning and "65%" in kq.rounding_warning and "64.6%" in kq.rounding_warning
    assert result.standard("P2.1").rating == Rating.REQUIRES_IMPROVEMENT
    assert result.warnings == (kq.rounding_warning,)


def test_no_warning_when_printed_and_exact_bands_agree(pdu: Framework) -> None:
    _, result = assessment(pdu, {"P2.1.1": (66, 100), "P2.1.2": (70, 100), "P2.1.3": (90, 100)})
    assert not result.warnings


def test_printed_percent_rounds_half_up() -> None:
    assert printed_percent(Fraction(1, 8)) == 13  # 12.5
    assert printed_percent(Fraction(129, 200)) == 65  # 64.5
    assert printed_percent(Fraction(2, 3)) == 67
    assert printed_percent(Fraction(0, 1)) == 0


def test_lowest_key_question_sets_the_standard_rating(pdu: Framework) -> None:
    _, result = assessment(pdu, {"P2.1.1": (90, 100), "P2.1.2": (70, 100), "P2.1.3": (55, 100)})
    standard = result.standard("P2.1")
    assert standard.rating == Rating.REQUIRES_IMPROVEMENT
    assert [kq.lowest for kq in standard.key_questions] == [False, False, True]


def test_tied_lowest_questions_are_all_marked(pdu: Framework) -> None:
    _, result = assessment(
        pdu, {"P2.1.1": (40, 100), "P2.1.2": (70, 100), "P2.1.3": (20, 50)}, total=100
    )
    standard = result.standard("P2.1")
    assert [kq.lowest for kq in standard.key_questions] == [True, False, True]
    assert standard.rating == Rating.INADEQUATE


def test_not_applicable_is_left_out_of_numerator_and_denominator(pdu: Framework) -> None:
    # P2.2.3 may be N/A: 30 Yes, 10 No, 60 N/A -> 75%.
    document = new_document(pdu)
    document.cases = cases_with_counts("supervision", 100, {"P2.2.3": (30, 40)})
    engine = RatingEngine(pdu, document.cases)
    tally = engine.tally("P2.2.3")
    assert (tally.yes, tally.no, tally.not_applicable, tally.unanswered) == (30, 10, 60, 0)
    assert tally.fraction == Fraction(3, 4)


def test_unanswered_makes_the_rating_provisional(pdu: Framework) -> None:
    _, result = assessment(
        pdu,
        {"P2.1.1": (8, 9), "P2.1.2": (9, 10), "P2.1.3": (9, 10)},
        total=10,
        unanswered={"P2.1.1": 1},
    )
    standard = result.standard("P2.1")
    assert standard.provisional
    assert standard.key_questions[0].unanswered == 1
    assert standard.rating == Rating.OUTSTANDING  # on the answers so far
    assert result.provisional


def test_complete_standard_is_not_provisional(pdu: Framework) -> None:
    _, result = assessment(pdu, {"P2.1.1": (8, 10), "P2.1.2": (9, 10), "P2.1.3": (9, 10)}, total=10)
    assert not result.standard("P2.1").provisional


def test_standard_without_answers_is_not_yet_rated(pdu: Framework) -> None:
    document = new_document(pdu)
    result = rate_inspection(pdu, document)
    assert all(s.rating is None for s in result.standards)
    assert result.overall_rating is None
    assert result.score == 0 and result.max_score == 21
    assert result.provisional


def test_question_with_every_case_not_applicable_has_no_figure(pdu: Framework) -> None:
    document = new_document(pdu)
    document.cases = cases_with_counts(
        "supervision", 10, {"P2.2.1": (7, 10), "P2.2.2": (8, 10), "P2.2.3": (0, 0)}
    )
    standard = rate_inspection(pdu, document).standard("P2.2")
    third = standard.key_questions[2]
    assert third.percent is None and third.not_applicable == 10
    assert standard.rating == Rating.GOOD  # rated on the questions that apply
    assert not standard.provisional


def test_judgement_rating_counts_towards_score(pdu: Framework) -> None:
    document = new_document(pdu)
    document.write_up("P1.1").rating = Rating.GOOD
    document.write_up("P1.2").rating = Rating.OUTSTANDING
    result = rate_inspection(pdu, document)
    assert result.score == 5
    # The score can only rise as the other standards are rated: no overall rating yet.
    assert result.overall_rating is None
    assert result.provisional  # other standards not rated yet


def test_the_overall_rating_comes_once_every_standard_is_rated(pdu: Framework) -> None:
    document = new_document(pdu)
    for standard in pdu.standards:
        if standard.is_case:
            document.overrides[standard.id] = RatingOverride(
                rating=Rating.REQUIRES_IMPROVEMENT, rationale="No cases yet"
            )
    result = rate_inspection(pdu, document)
    assert result.score == 4 and result.overall_rating is None, "judgement standards unrated"
    for standard_id in ("P1.1", "P1.2", "P1.3"):
        document.write_up(standard_id).rating = Rating.GOOD
    result = rate_inspection(pdu, document)
    assert (result.score, result.overall_rating) == (10, Rating.REQUIRES_IMPROVEMENT)


def test_override_replaces_computed_rating_and_keeps_both(pdu: Framework) -> None:
    document, _ = assessment(pdu, {"P2.1.1": (90, 100), "P2.1.2": (90, 100), "P2.1.3": (40, 100)})
    document.overrides["P2.1"] = RatingOverride(
        rating=Rating.REQUIRES_IMPROVEMENT, rationale="Sample skewed by one team"
    )
    standard = rate_inspection(pdu, document).standard("P2.1")
    assert standard.computed_rating == Rating.INADEQUATE
    assert standard.rating == Rating.REQUIRES_IMPROVEMENT
    assert standard.overridden and standard.points == 1


def test_override_needs_a_rationale() -> None:
    with pytest.raises(ValueError):
        RatingOverride(rating=Rating.GOOD, rationale="   ")


@pytest.mark.parametrize(
    ("score", "expected"),
    [(0, Rating.INADEQUATE), (3, Rating.INADEQUATE), (4, Rating.REQUIRES_IMPROVEMENT),
     (10, Rating.REQUIRES_IMPROVEMENT), (11, Rating.GOOD), (17, Rating.GOOD),
     (18, Rating.OUTSTANDING), (21, Rating.OUTSTANDING)],
)  # fmt: skip
def test_overall_cut_points_out_of_21(pdu: Framework, score: int, expected: Rating) -> None:
    assert pdu.scoring.overall_for(score) == expected


@pytest.mark.parametrize(
    ("score", "expected"),
    [(5, Rating.INADEQUATE), (6, Rating.REQUIRES_IMPROVEMENT), (15, Rating.REQUIRES_IMPROVEMENT),
     (16, Rating.GOOD), (25, Rating.GOOD), (26, Rating.OUTSTANDING), (30, Rating.OUTSTANDING)],
)  # fmt: skip
def test_overall_cut_points_out_of_30(nps: Framework, score: int, expected: Rating) -> None:
    assert nps.scoring.overall_for(score) == expected


def test_each_sample_rates_only_its_own_standards(nps: Framework) -> None:
    document = new_document(nps)
    document.cases = cases_with_counts("court-reports", 10, {"3.1.1": (9, 10), "3.1.2": (9, 10)})
    result = rate_inspection(nps, document)
    assert result.standard("3.1").rating == Rating.OUTSTANDING
    assert not result.standard("3.1").provisional
    assert result.standard("2.1").rating is None
    assert result.standard("3.2").rating is None


def test_breakdown_by_attribute_orders_groups_and_counts(pdu: Framework) -> None:
    attributes = (
        [{"sentence_type": "Licence"}] * 4 + [{"sentence_type": "Community order"}] * 5 + [{}]
    )
    document = new_document(pdu)
    document.cases = cases_with_counts(
        "supervision", 10, {"P2.1.1": (6, 10)}, attributes=attributes
    )
    groups = breakdown(pdu, document.cases, "P2.1.1", "sentence_type")
    assert [name for name, _ in groups] == ["Community order", "Licence", NOT_RECORDED]
    figures = {name: (f.yes, f.applicable) for name, f in groups}
    assert figures == {"Licence": (4, 4), "Community order": (2, 5), NOT_RECORDED: (0, 1)}


def test_breakdown_by_inspector(pdu: Framework) -> None:
    document = new_document(pdu)
    document.cases = cases_with_counts("supervision", 4, {"P2.1.1": (2, 4)})
    for case, name in zip(document.cases, ["Ann", "Ann", "Bo", "Bo"], strict=True):
        case.inspector = name
    groups = dict(breakdown(pdu, document.cases, "P2.1.1", "inspector"))
    assert (groups["Ann"].yes, groups["Bo"].yes) == (2, 0)


# -- properties ---------------------------------------------------------------------------------

ANSWERS = st.sampled_from([AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE, None])


@given(st.lists(ANSWERS, max_size=60))
def test_tally_invariants(values: list[AnswerValue | None]) -> None:
    tally = Tally()
    for value in values:
        tally.add(value)
    assert tally.total == len(values)
    assert tally.applicable == values.count(AnswerValue.YES) + values.count(AnswerValue.NO)
    if tally.applicable:
        assert 0 <= tally.fraction <= 1
        assert tally.fraction == Fraction(values.count(AnswerValue.YES), tally.applicable)
    else:
        assert tally.fraction is None
    for value in values:
        tally.add(value, -1)
    assert tally == Tally()


@settings(max_examples=60, deadline=None)
@given(
    initial=st.lists(st.tuples(st.sampled_from(P21), ANSWERS), max_size=40),
    edits=st.lists(st.tuples(st.integers(0, 7), st.sampled_from(P21), ANSWERS), max_size=60),
)
def test_incremental_engine_equals_a_full_recount(pdu, initial, edits) -> None:
    document = new_document(pdu)
    document.cases = cases_with_counts("supervision", 8, {})
    for index, (question, value) in enumerate(initial):
        if value is not None:
            document.cases[index % 8].answers[question] = Answer(value=value)
    engine = RatingEngine(pdu, document.cases)
    for index, question, value in edits:
        case = document.cases[index]
        engine.change_answer(question, case.value_of(question), value)
        if value is None:
            case.answers.pop(question, None)
        else:
            case.answers[question] = Answer(value=value)
    fresh = RatingEngine(pdu, document.cases)
    for question in P21:
        assert engine.tally(question) == fresh.tally(question)
    assert engine.result(document) == fresh.result(document)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=3, max_size=3))
def test_standard_takes_band_of_minimum_exact_fraction(pdu, pairs) -> None:
    counts = {kq: (min(a, b), max(a, b)) for kq, (a, b) in zip(P21, pairs, strict=True)}
    _, result = assessment(pdu, counts, total=50)
    standard = result.standard("P2.1")
    fractions = [Fraction(y, n) for y, n in counts.values() if n]
    if not fractions:
        assert standard.rating is None
        return
    assert standard.rating == pdu.scoring.band_for(min(fractions))
    assert any(kq.lowest for kq in standard.key_questions)
    for kq in standard.key_questions:
        assert kq.lowest == (kq.percent is not None and kq.percent == min(fractions))
    assert standard.points == pdu.scoring.points[standard.rating]


def test_answer_values_are_distinct_from_strings() -> None:
    assert YES != NO != NA
