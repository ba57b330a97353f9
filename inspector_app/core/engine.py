"""The rating engine: case answers in, ratings out, exactly as the published rules say.

The rules (see docs/methodology.md):

* a key question's percentage 'Yes' is Yes / (Yes + No); Not applicable is left out of both,
  and unanswered makes the figure provisional;
* the percentage is banded on the exact fraction, never on the printed whole number, and a
  warning is raised where the printed figure would fall in another band;
* a case standard takes the band of its lowest key question (ties all count as lowest);
* a judgement standard takes the rating the inspectors give it; any standard's rating can be
  overridden with a written rationale;
* points per rating are summed into the score; the score's band is the overall rating.

`RatingEngine` keeps one `Tally` per question and updates it in O(1) per answer change, so the
desktop app can show live figures for thousands of cases; `RatingEngine.result()` then costs
only the number of key questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from inspector_app.core.document import AnswerValue, Case, Inspection, RatingOverride
from inspector_app.core.framework import Framework, Standard
from inspector_app.core.ratings import Rating

NOT_RECORDED = "Not recorded"
# Pseudo-attributes a breakdown can use besides the framework's own case attributes.
CASE_FIELD_GROUPINGS = {"inspector": "Inspector", "sample": "Sample", "status": "Review status"}


@dataclass(slots=True)
class Tally:
    """Counts of one question's answers over the cases of its sample."""

    yes: int = 0
    no: int = 0
    not_applicable: int = 0
    unanswered: int = 0

    def add(self, value: AnswerValue | None, count: int = 1) -> None:
        if value is AnswerValue.YES:
            self.yes += count
        elif value is AnswerValue.NO:
            self.no += count
        elif value is AnswerValue.NOT_APPLICABLE:
            self.not_applicable += count
        else:
            self.unanswered += count

    @property
    def applicable(self) -> int:
        return self.yes + self.no

    @property
    def total(self) -> int:
        return self.yes + self.no + self.not_applicable + self.unanswered

    @property
    def fraction(self) -> Fraction | None:
        """Exact share of 'Yes' among applicable answers; None when none apply yet."""
        return Fraction(self.yes, self.applicable) if self.applicable else None

    def copy(self) -> Tally:
        return Tally(self.yes, self.no, self.not_applicable, self.unanswered)


# Where each answer counts in Tally(yes, no, not_applicable, unanswered).
_TALLY_SLOT: dict[AnswerValue | None, int] = {
    AnswerValue.YES: 0,
    AnswerValue.NO: 1,
    AnswerValue.NOT_APPLICABLE: 2,
    None: 3,
}


def printed_percent(fraction: Fraction) -> int:
    """The whole percentage a report prints: rounded half up (64.5% prints as 65%)."""
    exact = Decimal(fraction.numerator * 100) / Decimal(fraction.denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_percent(fraction: Fraction | None) -> str:
    return "–" if fraction is None else f"{printed_percent(fraction)}%"


@dataclass(frozen=True, slots=True)
class QuestionFigure:
    """The figure for one key question or prompt."""

    id: str
    text: str
    yes: int
    no: int
    not_applicable: int
    unanswered: int
    percent: Fraction | None  # exact share, 0..1
    band: Rating | None
    lowest: bool = False
    rounding_warning: str | None = None

    @property
    def applicable(self) -> int:
        return self.yes + self.no

    @property
    def printed(self) -> int | None:
        return None if self.percent is None else printed_percent(self.percent)

    @property
    def percent_value(self) -> float | None:
        """The exact percentage (0..100) as a float, for JSON and display."""
        return None if self.percent is None else float(self.percent * 100)

    @property
    def provisional(self) -> bool:
        return self.unanswered > 0


@dataclass(frozen=True, slots=True)
class StandardResult:
    standard: Standard
    computed_rating: Rating | None
    override: RatingOverride | None
    provisional: bool
    key_questions: tuple[QuestionFigure, ...] = ()
    points: int | None = None

    @property
    def id(self) -> str:
        return self.standard.id

    @property
    def rating(self) -> Rating | None:
        """The rating that counts: the override where there is one."""
        return self.override.rating if self.override is not None else self.computed_rating

    @property
    def overridden(self) -> bool:
        return self.override is not None

    @property
    def rated(self) -> bool:
        return self.rating is not None

    @property
    def warnings(self) -> list[str]:
        return [kq.rounding_warning for kq in self.key_questions if kq.rounding_warning]


@dataclass(frozen=True, slots=True)
class InspectionResult:
    framework: Framework
    standards: tuple[StandardResult, ...]
    score: int
    max_score: int
    overall_rating: Rating | None
    provisional: bool
    warnings: tuple[str, ...] = field(default=())

    def standard(self, standard_id: str) -> StandardResult:
        for result in self.standards:
            if result.id == standard_id:
                return result
        raise KeyError(standard_id)

    @property
    def score_text(self) -> str:
        """As printed on a ratings page: "6/21"."""
        return f"{self.score}/{self.max_score}"

    @property
    def unrated(self) -> list[str]:
        return [s.id for s in self.standards if not s.rated]


def question_figure(
    framework: Framework, question_id: str, text: str, tally: Tally
) -> QuestionFigure:
    fraction = tally.fraction
    band = None if fraction is None else framework.scoring.band_for(fraction)
    warning = None
    if fraction is not None:
        printed = printed_percent(fraction)
        printed_band = framework.scoring.band_for(Fraction(printed, 100))
        if printed_band != band:
            warning = (
                f"{question_id} prints as {printed}% but is {float(fraction * 100):.1f}%, "
                f"which is {band}; the printed figure reads as {printed_band}."
            )
    return QuestionFigure(
        id=question_id,
        text=text,
        yes=tally.yes,
        no=tally.no,
        not_applicable=tally.not_applicable,
        unanswered=tally.unanswered,
        percent=fraction,
        band=band,
        rounding_warning=warning,
    )


def rate_case_standard(
    framework: Framework,
    standard: Standard,
    tallies: Mapping[str, Tally],
    override: RatingOverride | None = None,
) -> StandardResult:
    figures = [
        question_figure(framework, kq.id, kq.wording, tallies.get(kq.id, Tally()))
        for kq in standard.key_questions
    ]
    rated = [f for f in figures if f.percent is not None]
    computed = None
    if rated:
        lowest = min(f.percent for f in rated if f.percent is not None)
        figures = [
            _with_lowest(f) if f.percent is not None and f.percent == lowest else f for f in figures
        ]
        computed = framework.scoring.band_for(lowest)
    # A key question with every case Not applicable has no figure but is complete; only
    # questions still waiting for answers make the rating provisional.
    provisional = any(f.unanswered for f in figures)
    result = StandardResult(
        standard=standard,
        computed_rating=computed,
        override=override,
        provisional=provisional,
        key_questions=tuple(figures),
    )
    return _with_points(framework, result)


def rate_judgement_standard(
    framework: Framework,
    standard: Standard,
    rating: Rating | None,
    override: RatingOverride | None = None,
) -> StandardResult:
    result = StandardResult(
        standard=standard, computed_rating=rating, override=override, provisional=False
    )
    return _with_points(framework, result)


def _with_lowest(figure: QuestionFigure) -> QuestionFigure:
    return QuestionFigure(
        id=figure.id,
        text=figure.text,
        yes=figure.yes,
        no=figure.no,
        not_applicable=figure.not_applicable,
        unanswered=figure.unanswered,
        percent=figure.percent,
        band=figure.band,
        lowest=True,
        rounding_warning=figure.rounding_warning,
    )


def _with_points(framework: Framework, result: StandardResult) -> StandardResult:
    rating = result.rating
    points = None if rating is None else framework.scoring.points[rating]
    return StandardResult(
        standard=result.standard,
        computed_rating=result.computed_rating,
        override=result.override,
        provisional=result.provisional,
        key_questions=result.key_questions,
        points=points,
    )


def combine(framework: Framework, standards: Iterable[StandardResult]) -> InspectionResult:
    """Sum the points and band the score. Provisional while answers are missing.

    The overall rating waits for every standard: a score can only rise as standards are
    rated, so banding a partial score would report a rating the inspection may not get."""
    standards = tuple(standards)
    rated = [s for s in standards if s.points is not None]
    score = sum(s.points or 0 for s in rated)
    every_standard_rated = len(rated) == len(standards)
    overall = framework.scoring.overall_for(score) if every_standard_rated else None
    provisional = any(s.provisional or not s.rated for s in standards)
    warnings = tuple(w for s in standards for w in s.warnings)
    return InspectionResult(
        framework=framework,
        standards=standards,
        score=score,
        max_score=framework.max_score,
        overall_rating=overall,
        provisional=provisional,
        warnings=warnings,
    )


class RatingEngine:
    """Live tallies for every question of a framework over a set of cases.

    Feed it every change (`add_case`, `remove_case`, `change_answer`) and it stays exact;
    `rebuild` starts again from a list of cases.
    """

    def __init__(self, framework: Framework, cases: Iterable[Case] = ()) -> None:
        self.framework = framework
        self._questions_by_sample = {
            sample.id: tuple(q.id for q in framework.questions_for_sample(sample.id))
            for sample in framework.samples
        }
        self._tallies: dict[str, Tally] = {}
        self.rebuild(cases)

    def rebuild(self, cases: Iterable[Case]) -> None:
        # Opening an inspection counts every answer of every case: counting into plain lists
        # takes half the time of a Tally.add call per answer.
        counts = {qid: [0, 0, 0, 0] for qid in self.framework.questions}
        slot = _TALLY_SLOT
        questions_by_sample = self._questions_by_sample
        for case in cases:
            answers = case.answers
            for qid in questions_by_sample.get(case.sample, ()):
                answer = answers.get(qid)
                counts[qid][slot[answer.value] if answer is not None else 3] += 1
        self._tallies = {qid: Tally(*tally) for qid, tally in counts.items()}

    def add_case(self, case: Case, count: int = 1) -> None:
        answers = case.answers
        tallies = self._tallies
        for qid in self._questions_by_sample.get(case.sample, ()):
            answer = answers.get(qid)
            tallies[qid].add(answer.value if answer is not None else None, count)

    def remove_case(self, case: Case) -> None:
        self.add_case(case, -1)

    def change_answer(
        self, question_id: str, old: AnswerValue | None, new: AnswerValue | None
    ) -> None:
        if old is new:
            return
        tally = self._tallies[question_id]
        tally.add(old, -1)
        tally.add(new, 1)

    def tally(self, question_id: str) -> Tally:
        return self._tallies[question_id].copy()

    def standard_result(self, document: Inspection, standard: Standard) -> StandardResult:
        override = document.overrides.get(standard.id)
        if standard.is_case:
            return rate_case_standard(self.framework, standard, self._tallies, override)
        rating = document.judgement_rating(standard.id)
        return rate_judgement_standard(self.framework, standard, rating, override)

    def result(self, document: Inspection) -> InspectionResult:
        return combine(
            self.framework,
            (self.standard_result(document, s) for s in self.framework.standards),
        )

    def prompt_figures(self, key_question_id: str) -> list[QuestionFigure]:
        kq = self.framework.key_questions_by_id[key_question_id]
        return [
            question_figure(self.framework, p.id, p.text, self._tallies[p.id]) for p in kq.prompts
        ]

    def outcome_figures(self) -> list[QuestionFigure]:
        return [
            question_figure(self.framework, o.id, o.text, self._tallies[o.id])
            for o in self.framework.outcomes
        ]


def rate_inspection(framework: Framework, document: Inspection) -> InspectionResult:
    """One-off rating of a whole document (the command line's path)."""
    return RatingEngine(framework, document.cases).result(document)


# -- breakdowns ---------------------------------------------------------------------------


def grouping_label(framework: Framework, grouping: str) -> str:
    attribute = framework.attributes_by_id.get(grouping)
    if attribute is not None:
        return attribute.label
    if grouping in CASE_FIELD_GROUPINGS:
        return CASE_FIELD_GROUPINGS[grouping]
    raise KeyError(grouping)


def available_groupings(framework: Framework) -> list[str]:
    return [a.id for a in framework.attributes] + list(CASE_FIELD_GROUPINGS)


def group_value(case: Case, grouping: str) -> str:
    if grouping == "inspector":
        value = case.inspector
    elif grouping == "sample":
        value = case.sample
    elif grouping == "status":
        value = case.status.label
    else:
        value = case.attributes.get(grouping, "")
    return value.strip() or NOT_RECORDED


def breakdown(
    framework: Framework, cases: Iterable[Case], question_id: str, grouping: str
) -> list[tuple[str, QuestionFigure]]:
    """One question's figures split by a case attribute (or inspector, sample, status).

    Groups come in the order of the attribute's allowed values, then any other values found,
    alphabetically, with "Not recorded" last. Only cases in the question's sample count.
    """
    question = framework.questions[question_id]
    tallies: dict[str, Tally] = {}
    for case in cases:
        if case.sample != question.sample:
            continue
        key = group_value(case, grouping)
        tallies.setdefault(key, Tally()).add(case.value_of(question_id))
    attribute = framework.attributes_by_id.get(grouping)
    declared = list(attribute.values or []) if attribute else []
    order = [v for v in declared if v in tallies and v != NOT_RECORDED]
    order += sorted(k for k in tallies if k not in order and k != NOT_RECORDED)
    if NOT_RECORDED in tallies:
        order.append(NOT_RECORDED)
    return [
        (key, question_figure(framework, question_id, question.text, tallies[key])) for key in order
    ]
