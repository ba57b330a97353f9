"""How sure is a rating: confidence intervals for key-question figures, and sample sizes.

A key question's percentage 'Yes' comes from a sample of cases, so the figure for all the
unit's cases could be somewhat higher or lower. The Wilson score interval (Wilson, 1927) gives
the range; unlike the textbook "p ± z·√(p(1−p)/n)" it behaves on small samples and near 0% or
100%, where inspection figures often sit:

    centre = (p + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²)

A case standard is *borderline* when the band of its lowest key question could differ within
the intervals: the rating is the band of the lowest of the true figures, which lies between the
lowest of the lower ends and the lowest of the upper ends; if those fall in different bands,
so could the rating.

Sample sizes follow Cochran: n₀ = z²·p(1−p)/e², with p = 0.5 (the most cautious) and e the
margin of error, corrected for a finite population N: n = n₀ / (1 + (n₀ − 1)/N), rounded up.
The 2018 inspections sized their samples for 80% confidence and a margin of error of 5.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist

from inspector_app.core.engine import InspectionResult, QuestionFigure, StandardResult
from inspector_app.core.errors import InspectorError
from inspector_app.core.framework import Framework
from inspector_app.core.ratings import RATING_ORDER, Rating

DEFAULT_CONFIDENCE = 0.95
# The 2018 divisional inspections: "a confidence level of 80 per cent (with a margin of error
# of 5)".
INSPECTION_SAMPLE_CONFIDENCE = 0.80
INSPECTION_SAMPLE_MARGIN = 0.05


def z_score(confidence: float) -> float:
    """The two-sided standard normal quantile: 1.96 for 0.95, 1.2816 for 0.80."""
    if not 0 < confidence < 1:
        raise InspectorError(f"a confidence level must be between 0% and 100%, not {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


@dataclass(frozen=True, slots=True)
class Interval:
    """A confidence interval for a proportion, as fractions 0..1."""

    lower: float
    upper: float
    confidence: float

    def contains(self, value: float) -> bool:
        return self.lower <= value <= self.upper

    @property
    def text(self) -> str:
        """As shown beside a figure: "62%–86%"."""
        return f"{self.lower * 100:.0f}%–{self.upper * 100:.0f}%"


def wilson_interval(
    successes: int, trials: int, confidence: float = DEFAULT_CONFIDENCE
) -> Interval | None:
    """The Wilson score interval for ``successes`` out of ``trials``; None when trials is 0."""
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"{successes} successes out of {trials} trials")
    if trials == 0:
        return None
    z = z_score(confidence)
    n = trials
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # Exact at the ends: no rounding drift below 0 or above 1 when all or none are 'Yes'.
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(lower, upper, confidence)


# -- how sure is a rating -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionCertainty:
    """A key question's figure with its interval and the bands at either end."""

    figure: QuestionFigure
    interval: Interval | None
    lower_band: Rating | None
    upper_band: Rating | None

    @property
    def id(self) -> str:
        return self.figure.id

    @property
    def crosses_threshold(self) -> bool:
        """True when the interval reaches into another band than its lower end's."""
        return self.lower_band != self.upper_band


@dataclass(frozen=True, slots=True)
class StandardCertainty:
    """How sure a case standard's computed rating is.

    ``worst`` and ``best`` are the ratings at the ends of the intervals; the standard is
    borderline when they differ.
    """

    standard_id: str
    key_questions: tuple[QuestionCertainty, ...]
    worst: Rating | None
    best: Rating | None

    @property
    def borderline(self) -> bool:
        return self.worst is not None and self.worst != self.best

    @property
    def possible_ratings(self) -> tuple[Rating, ...]:
        """Every rating between best and worst, best first."""
        if self.worst is None or self.best is None:
            return ()
        top, bottom = RATING_ORDER.index(self.best), RATING_ORDER.index(self.worst)
        return RATING_ORDER[top : bottom + 1]

    def question(self, question_id: str) -> QuestionCertainty:
        for item in self.key_questions:
            if item.id == question_id:
                return item
        raise KeyError(question_id)


def _band(framework: Framework, value: float) -> Rating:
    return framework.scoring.band_for(Fraction(value))


def question_certainty(
    framework: Framework, figure: QuestionFigure, confidence: float = DEFAULT_CONFIDENCE
) -> QuestionCertainty:
    interval = wilson_interval(figure.yes, figure.applicable, confidence)
    if interval is None:
        return QuestionCertainty(figure, None, None, None)
    return QuestionCertainty(
        figure, interval, _band(framework, interval.lower), _band(framework, interval.upper)
    )


def standard_certainty(
    framework: Framework, result: StandardResult, confidence: float = DEFAULT_CONFIDENCE
) -> StandardCertainty | None:
    """The certainty of a case standard's computed rating; None for a judgement standard."""
    if not result.standard.is_case:
        return None
    questions = tuple(question_certainty(framework, f, confidence) for f in result.key_questions)
    intervals = [q.interval for q in questions if q.interval is not None]
    if not intervals:
        return StandardCertainty(result.id, questions, None, None)
    worst = _band(framework, min(i.lower for i in intervals))
    best = _band(framework, min(i.upper for i in intervals))
    return StandardCertainty(result.id, questions, worst, best)


def inspection_certainty(
    result: InspectionResult, confidence: float = DEFAULT_CONFIDENCE
) -> dict[str, StandardCertainty]:
    """Every case standard's certainty, by standard id (what the dashboard shows)."""
    found = {}
    for standard in result.standards:
        certainty = standard_certainty(result.framework, standard, confidence)
        if certainty is not None:
            found[standard.id] = certainty
    return found


def borderline_standards(
    result: InspectionResult, confidence: float = DEFAULT_CONFIDENCE
) -> list[str]:
    return [sid for sid, c in inspection_certainty(result, confidence).items() if c.borderline]


# -- sample sizes -------------------------------------------------------------------------------


def _check_sizes(confidence: float, margin: float, proportion: float) -> None:
    if not 0 < margin < 1:
        raise InspectorError(f"a margin of error must be between 0% and 100%, not {margin}")
    if not 0 < proportion < 1:
        raise InspectorError(
            f"the expected proportion must be between 0% and 100%, not {proportion}"
        )
    z_score(confidence)


def sample_size(
    population: int | None,
    confidence: float = INSPECTION_SAMPLE_CONFIDENCE,
    margin: float = INSPECTION_SAMPLE_MARGIN,
    proportion: float = 0.5,
) -> int:
    """Cases to inspect so that a percentage is within ``margin`` at ``confidence``.

    ``population`` is the number of eligible cases (None: so many that it does not matter).
    Fractions: ``confidence=0.8, margin=0.05``. Never more than the population.
    """
    _check_sizes(confidence, margin, proportion)
    if population is not None and population < 1:
        raise InspectorError(f"the population must be at least one case, not {population}")
    z = z_score(confidence)
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    # A hair of tolerance so that a size that is exactly whole is not pushed up by float error.
    size = math.ceil(n - 1e-9)
    return size if population is None else min(size, population)


def margin_of_error(
    sample: int,
    population: int | None = None,
    confidence: float = INSPECTION_SAMPLE_CONFIDENCE,
    proportion: float = 0.5,
) -> float:
    """The margin of error (a fraction) that ``sample`` cases give; the inverse of
    `sample_size`, with the same finite population correction."""
    if sample < 1:
        raise InspectorError("a sample needs at least one case")
    if population is not None and sample > population:
        raise InspectorError(f"a sample of {sample} is larger than the population {population}")
    z = z_score(confidence)
    variance = proportion * (1 - proportion) / sample
    if population is not None:
        if population == 1:
            return 0.0
        variance *= (population - sample) / (population - 1)
    return z * math.sqrt(variance)
