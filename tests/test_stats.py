"""Confidence intervals and sample sizes against published formulas and worked examples."""

from __future__ import annotations

import math

import pytest

from inspector_app.cli.main import main
from inspector_app.core import stats
from inspector_app.core.engine import rate_inspection
from inspector_app.core.errors import InspectorError
from inspector_app.core.ratings import Rating
from tests.builders import cases_with_counts, new_document

# Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17, Table II, method 3 (Wilson score, no continuity
# correction), 95%.
NEWCOMBE = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("yes", "n", "lower", "upper"), NEWCOMBE)
def test_wilson_matches_newcombes_worked_examples(yes, n, lower, upper) -> None:
    interval = stats.wilson_interval(yes, n)
    assert interval is not None
    assert round(interval.lower, 4) == lower
    assert round(interval.upper, 4) == upper


@pytest.mark.parametrize(("yes", "n"), [(31, 40), (1, 2), (7, 9), (40, 40), (0, 3), (650, 1000)])
@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99])
def test_wilson_is_the_published_formula(yes, n, confidence) -> None:
    # The closed form, and the interval's defining property: its ends are the proportions
    # whose normal-approximation test just fails to reject the observed p.
    z = stats.z_score(confidence)
    p = yes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    interval = stats.wilson_interval(yes, n, confidence)
    assert interval is not None
    assert interval.lower == pytest.approx(max(0.0, centre - half), abs=1e-12)
    assert interval.upper == pytest.approx(min(1.0, centre + half), abs=1e-12)
    for end in (interval.lower, interval.upper):
        if 0 < end < 1:
            assert abs(p - end) == pytest.approx(z * math.sqrt(end * (1 - end) / n))
    assert interval.lower <= p <= interval.upper


def test_wilson_edges() -> None:
    assert stats.wilson_interval(0, 0) is None
    assert stats.wilson_interval(12, 12).upper == 1.0
    assert stats.wilson_interval(0, 12).lower == 0.0
    with pytest.raises(ValueError):
        stats.wilson_interval(5, 4)
    assert stats.wilson_interval(31, 40).text == "62%–88%"


def test_z_scores() -> None:
    assert stats.z_score(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert stats.z_score(0.80) == pytest.approx(1.281552, abs=1e-6)
    assert stats.z_score(0.99) == pytest.approx(2.575829, abs=1e-6)
    with pytest.raises(InspectorError):
        stats.z_score(1.0)


# Krejcie and Morgan (1970), "Determining sample size for research activities", Table 1
# (95% confidence, margin of error 5%, p = 0.5): the same formula as Cochran's with the finite
# population correction. Their table rounds to the nearest case; the app rounds up, and these
# entries are those where the two agree.
KREJCIE_MORGAN = [(10, 10), (100, 80), (1000, 278), (1400, 302), (10000, 370), (1000000, 384)]


@pytest.mark.parametrize(("population", "size"), KREJCIE_MORGAN)
def test_sample_sizes_match_krejcie_and_morgan(population, size) -> None:
    assert stats.sample_size(population, confidence=0.95, margin=0.05) == size


def test_sample_size_is_cochran_with_the_finite_population_correction() -> None:
    # Without a population: n0 = z² p (1 − p) / e², the classic 384.1 → 385 at 95% and ±5.
    assert stats.sample_size(None, confidence=0.95, margin=0.05) == 385
    z = stats.z_score(0.80)
    n0 = z * z * 0.25 / 0.05**2
    assert n0 == pytest.approx(164.24, abs=0.01)
    assert stats.sample_size(None) == 165  # the 2018 inspections' 80% and ±5
    for population in (50, 200, 576, 1400, 5000):
        expected = math.ceil(n0 / (1 + (n0 - 1) / population))
        assert stats.sample_size(population) == expected
    assert stats.sample_size(1400) == 148
    assert stats.sample_size(3) == 3  # never more than the population
    assert stats.sample_size(1400, proportion=0.9) < stats.sample_size(1400)


def test_margin_of_error_is_the_inverse() -> None:
    for population in (200, 576, 1400):
        size = stats.sample_size(population)
        assert stats.margin_of_error(size, population) <= 0.05
        assert stats.margin_of_error(size - 1, population) > 0.05
    # 128 cases, the sample of the 2018 divisional report, give ±5 at 80% from about 576.
    assert stats.margin_of_error(128, 576) == pytest.approx(0.05, abs=1e-3)
    with pytest.raises(InspectorError):
        stats.margin_of_error(10, 5)


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(InspectorError, match="margin of error"):
        stats.sample_size(100, margin=0)
    with pytest.raises(InspectorError, match="confidence"):
        stats.sample_size(100, confidence=1.2)
    with pytest.raises(InspectorError, match="population"):
        stats.sample_size(0)


# -- borderline ratings -------------------------------------------------------------------------


def _rate(pdu, counts: dict[str, tuple[int, int]], total: int):
    document = new_document(pdu)
    document.cases = cases_with_counts("supervision", total, counts)
    return rate_inspection(pdu, document)


def test_a_figure_near_a_threshold_makes_its_standard_borderline(pdu) -> None:
    # 66 of 100 is Good, but the interval (56%–75%) reaches into Requires improvement.
    result = _rate(pdu, {"P2.1.1": (66, 100), "P2.1.2": (90, 100), "P2.1.3": (95, 100)}, 100)
    certainty = stats.inspection_certainty(result)["P2.1"]
    assert result.standard("P2.1").rating is Rating.GOOD
    assert certainty.borderline
    assert certainty.worst is Rating.REQUIRES_IMPROVEMENT and certainty.best is Rating.GOOD
    assert certainty.possible_ratings == (Rating.GOOD, Rating.REQUIRES_IMPROVEMENT)
    assert certainty.question("P2.1.1").crosses_threshold
    assert "P2.1" in stats.borderline_standards(result)


def test_a_large_sample_is_sure(pdu) -> None:
    counts = {"P2.1.1": (720, 1000), "P2.1.2": (900, 1000), "P2.1.3": (950, 1000)}
    certainty = stats.inspection_certainty(_rate(pdu, counts, 1000))["P2.1"]
    assert not certainty.borderline and certainty.worst is certainty.best is Rating.GOOD
    assert not certainty.question("P2.1.1").crosses_threshold


def test_another_question_can_make_the_rating_uncertain(pdu) -> None:
    # The lowest figure (72% of 1000) is surely Good, but P2.1.2 (15 of 20, 75%) could be
    # below 65%, which would make it the lowest and the standard Requires improvement.
    counts = {"P2.1.1": (720, 1000), "P2.1.2": (15, 20), "P2.1.3": (950, 1000)}
    result = _rate(pdu, counts, 1000)
    certainty = stats.inspection_certainty(result)["P2.1"]
    assert result.standard("P2.1").rating is Rating.GOOD
    assert certainty.borderline and certainty.worst is Rating.REQUIRES_IMPROVEMENT


def test_judgement_and_unrated_standards(pdu) -> None:
    result = _rate(pdu, {"P2.1.1": (5, 10)}, 10)
    certainty = stats.inspection_certainty(result)
    assert "P1.1" not in certainty
    assert certainty["P2.2"].worst is None and not certainty["P2.2"].borderline
    assert certainty["P2.2"].possible_ratings == ()


def test_cli_sample_size(capsys) -> None:
    assert main(["sample-size", "--population", "1400", "--confidence", "80", "--margin", "5"]) == 0
    assert "Inspect 148 cases of 1,400 eligible cases for 80% confidence" in capsys.readouterr().out
    assert main(["sample-size", "--confidence", "95%", "--margin", "5"]) == 0
    assert "Inspect 385 cases" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["sample-size", "--confidence", "180"])
    assert main(["sample-size", "--population", "0"]) == 2
