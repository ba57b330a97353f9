"""The facts a report states, worked out once from the inspection.

One pass over the cases counts them by sample and by sentence type and finds those with key
questions still unanswered; every figure comes from the rating engine. The result feeds the
`{fields}` of the report text (`ReportContext.values`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from inspector_app.core.document import Inspection
from inspector_app.core.engine import InspectionResult, QuestionFigure, RatingEngine
from inspector_app.core.framework import Framework
from inspector_app.export.report_text import Placeholder, ReportText
from inspector_app.export.text import join_words, one_line

SENTENCE_TYPE = "sentence_type"
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass(frozen=True)
class ReportContext:
    """Everything the report needs from the inspection, computed once."""

    document: Inspection
    framework: Framework
    text: ReportText
    result: InspectionResult
    outcomes: list[QuestionFigure]
    cases_by_sample: dict[str, int]
    sentence_counts: list[tuple[str | None, int]]
    cases_pending: int
    # The `{fields}` of the report text, filled in once by `build_context`.
    values: dict[str, str] = field(default_factory=dict)

    def standard_values(self, standard_id: str) -> dict[str, str]:
        standard = self.framework.standards_by_id[standard_id]
        return {
            **self.values,
            "id": one_line(standard.id),
            "title": one_line(standard.title),
            "title_lower": one_line(lower_first(standard.title)),
            "count_words": number_words(len(standard.key_questions)),
            "domain_id": standard.domain,
        }

    def count_phrase(self, count: int, nouns: tuple[str, str]) -> str:
        return f"{count} {nouns[0] if count == 1 else nouns[1]}"


def build_context(document: Inspection, framework: Framework, text: ReportText) -> ReportContext:
    engine = RatingEngine(framework, document.cases)
    result = engine.result(document)
    outcomes = engine.outcome_figures()
    by_sample: Counter[str] = Counter()
    sentences: Counter[str | None] = Counter()
    main_sample = framework.default_sample
    key_questions = {
        sample.id: [kq.id for kq in framework.key_questions_for_sample(sample.id)]
        for sample in framework.samples
    }
    pending = 0
    for case in document.cases:
        by_sample[case.sample] += 1
        if case.sample == main_sample:
            sentences[one_line(case.attributes.get(SENTENCE_TYPE, "")) or None] += 1
        answers = case.answers
        for qid in key_questions.get(case.sample, ()):
            answer = answers.get(qid)
            if answer is None or answer.value is None:
                pending += 1
                break
    context = ReportContext(
        document=document,
        framework=framework,
        text=text,
        result=result,
        outcomes=outcomes,
        cases_by_sample=dict(by_sample),
        sentence_counts=_ordered_sentence_counts(framework, sentences),
        cases_pending=pending,
    )
    context.values.update(_values(context))
    return context


def _ordered_sentence_counts(
    framework: Framework, counts: Counter[str | None]
) -> list[tuple[str | None, int]]:
    attribute = framework.attributes_by_id.get(SENTENCE_TYPE)
    declared = list(attribute.values or []) if attribute else []
    order: list[str | None] = [v for v in declared if counts.get(v)]
    order += sorted(v for v in counts if v is not None and v not in order)
    if counts.get(None):
        order.append(None)
    return [(value, counts[value]) for value in order]


def _values(context: ReportContext) -> dict[str, str]:
    document, framework, text = context.document, context.framework, context.text
    meta = document.meta
    missing = text.missing

    def given(value: str, key: str) -> str:
        value = one_line(value)
        return value if value else Placeholder(missing[key])

    unit = given(meta.unit, "unit")
    region = one_line(meta.region)
    provider = one_line(meta.provider)
    team = [name for name in (one_line(n) for n in meta.team) if name]
    result = context.result
    # While anything is unanswered or unrated, the score and overall rating say so wherever
    # they are printed.
    provisional = text.standards.provisional if result.provisional else ""
    overall = result.overall_rating.value + provisional if result.overall_rating else None
    return {
        "unit": unit,
        "provider": provider,
        "region": given(meta.region, "region"),
        "provider_and_region": " – ".join(p for p in (provider, region) if p)
        or Placeholder(missing["region"]),
        "month_year": _month_year(meta.report_date) or Placeholder(missing["month_year"]),
        "lead_inspector": given(meta.lead_inspector, "lead_inspector"),
        "team": join_words(team) if team else Placeholder(missing["team"]),
        "framework_title": one_line(framework.title),
        "fieldwork": date_range(meta.fieldwork_start, meta.fieldwork_end)
        or Placeholder(missing["fieldwork"]),
        "fieldwork_start": long_date(meta.fieldwork_start)
        if meta.fieldwork_start
        else Placeholder(missing["fieldwork_start"]),
        "sentence_counts": _sentence_phrase(context),
        "sample_windows": join_words(
            [f"between {date_range(w.start, w.end, joiner='and')}" for w in meta.sample_windows]
        )
        or Placeholder(missing["sample_windows"]),
        "interviews": context.count_phrase(meta.practitioner_interviews, text.words.practitioners)
        if meta.practitioner_interviews is not None
        else Placeholder(missing["interviews"]),
        "sample_sizes": join_words(
            [
                f"{context.count_phrase(context.cases_by_sample.get(s.id, 0), text.words.cases)}"
                f" in the {lower_first(s.title)} sample"
                for s in framework.samples
            ]
        ),
        "cases": context.count_phrase(len(document.cases), text.words.cases),
        "score": result.score_text + provisional,
        "overall_rating": overall or Placeholder(missing["overall_rating"]),
    }


def _sentence_phrase(context: ReportContext) -> str:
    words = context.text.words
    parts = []
    for value, count in context.sentence_counts:
        if value is None:
            nouns = words.sentence_type_missing
        else:
            nouns = words.sentence_types.get(value) or (
                lower_first(value),
                lower_first(value) + "s",
            )
        parts.append(context.count_phrase(count, nouns))
    return join_words(parts) if parts else context.count_phrase(0, words.cases)


# -- wording helpers ---------------------------------------------------------------------------


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_range(start: date | None, end: date | None, joiner: str = "to") -> str:
    """ "3 to 14 March 2025", "24 February to 7 March 2025"; "" when ``start`` is unknown."""
    if start is None:
        return ""
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} {joiner} {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} {joiner} {long_date(end)}"
    return f"{long_date(start)} {joiner} {long_date(end)}"


def _month_year(day: date | None) -> str:
    return f"{day:%B %Y}" if day else ""


def number_words(count: int) -> str:
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def lower_first(text: str) -> str:
    """ "Implementation and delivery" -> "implementation and delivery"; acronyms kept."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
