"""Every published report reproduced: its printed figures in, its printed ratings out."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from inspector_app.cli.main import main
from inspector_app.core.document import AnswerValue
from inspector_app.core.engine import printed_percent, rate_inspection
from inspector_app.core.framework import get_framework
from inspector_app.core.ratings import Rating
from tests.builders import cases_with_counts, new_document
from tests.seed_reports import SEED_REPORTS, SeedReport, SeedSample

REPORT_IDS = [f"{r.seed}-{r.unit}" for r in SEED_REPORTS]


def seed_attributes(sample: SeedSample) -> list[dict[str, str]] | None:
    if not sample.attribute_counts:
        return None
    rows: list[dict[str, str]] = [{} for _ in range(sample.total)]
    for attribute, counts in sample.attribute_counts.items():
        values = [value for value, count in counts for _ in range(count)]
        assert len(values) == sample.total
        for row, value in zip(rows, values, strict=True):
            row[attribute] = value
    return rows


def build_seed_document(report: SeedReport):
    framework = get_framework(report.framework)
    document = new_document(framework, report.unit)
    for sample in report.samples:
        counts = {kq: (yes, applicable) for kq, (yes, applicable, _) in sample.figures.items()}
        document.cases += cases_with_counts(
            sample.sample,
            sample.total,
            counts,
            prefix=sample.sample[:3].upper(),
            attributes=seed_attributes(sample),
        )
    for standard_id, rating in report.judgements.items():
        document.write_up(standard_id).rating = Rating(rating)
    return framework, document


@pytest.mark.parametrize("report", SEED_REPORTS, ids=REPORT_IDS)
def test_fixture_reproduces_printed_percentages(report: SeedReport) -> None:
    for sample in report.samples:
        for kq, (yes, applicable, printed) in sample.figures.items():
            assert printed_percent(Fraction(yes, applicable)) == printed, kq


@pytest.mark.parametrize("report", SEED_REPORTS, ids=REPORT_IDS)
def test_every_rating_score_and_overall_rating_match_the_report(report: SeedReport) -> None:
    framework, document = build_seed_document(report)
    result = rate_inspection(framework, document)

    assert {s.id: s.rating.value for s in result.standards} == report.ratings
    assert result.score == report.score
    assert result.max_score == report.max_score
    assert result.score_text == report.printed_score.lstrip("0")
    assert result.overall_rating == Rating(report.overall)
    assert not result.provisional
    for standard_id, lowest in report.lowest.items():
        standard = result.standard(standard_id)
        assert {kq.id for kq in standard.key_questions if kq.lowest} == lowest
    for sample in report.samples:
        for kq_id, (yes, applicable, printed) in sample.figures.items():
            figure = next(kq for s in result.standards for kq in s.key_questions if kq.id == kq_id)
            assert (figure.yes, figure.applicable, figure.printed) == (yes, applicable, printed)


def test_prompt_figures_quoted_in_the_northamptonshire_report() -> None:
    from inspector_app.core.engine import RatingEngine
    from tests.seed_reports import NORTHAMPTONSHIRE

    framework, document = build_seed_document(NORTHAMPTONSHIRE)
    for prompt_id, (yes, applicable) in NORTHAMPTONSHIRE.prompts.items():
        for index, case in enumerate(document.cases):
            value = (
                AnswerValue.YES
                if index < yes
                else AnswerValue.NO
                if index < applicable
                else AnswerValue.NOT_APPLICABLE
            )
            case.answers[prompt_id] = replace(case.answers["P2.1.1"], value=value)
    engine = RatingEngine(framework, document.cases)
    figures = {f.id: f for kq in ("P2.1.1", "P2.1.3", "P2.2.3") for f in engine.prompt_figures(kq)}
    assert figures["P2.1.1.b"].printed == 79
    assert (figures["P2.1.3.b"].yes, figures["P2.1.3.b"].applicable) == (14, 63)
    assert figures["P2.1.3.b"].not_applicable == 7
    assert (figures["P2.2.3.d"].yes, figures["P2.2.3.d"].applicable) == (14, 59)


def write_seed_csv(report: SeedReport, path: Path) -> None:
    _framework, document = build_seed_document(report)
    attributes = sorted({a for case in document.cases for a in case.attributes})
    questions = [kq for s in report.samples for kq in s.figures]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "sample", *attributes, *questions])
        labels = {AnswerValue.YES: "Yes", AnswerValue.NO: "No", AnswerValue.NOT_APPLICABLE: "N/A"}
        for case in document.cases:
            answers = [
                labels[case.answers[q].value] if q in case.answers else "" for q in questions
            ]
            writer.writerow(
                [
                    case.reference,
                    case.sample,
                    *(case.attributes.get(a, "") for a in attributes),
                    *answers,
                ]
            )


@pytest.mark.parametrize("report", SEED_REPORTS, ids=REPORT_IDS)
def test_command_line_gives_the_published_ratings(
    report: SeedReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's path: new, import-cases, rate, summary --json."""
    file = tmp_path / "seed.inspection"
    cases_csv = tmp_path / "cases.csv"
    write_seed_csv(report, cases_csv)

    assert main(["new", str(file), "--framework", report.framework, "--unit", report.unit]) == 0
    assert main(["import-cases", str(file), str(cases_csv)]) == 0
    for standard_id, rating in report.judgements.items():
        slug = Rating(rating).slug
        assert main(["rate", str(file), standard_id, slug]) == 0
    capsys.readouterr()
    assert main(["summary", str(file), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)

    assert summary["framework"] == report.framework
    assert summary["score"] == report.score
    assert summary["max_score"] == report.max_score
    assert summary["overall_rating"] == report.overall
    assert summary["provisional"] is False
    assert {s["id"]: s["rating"] for s in summary["standards"]} == report.ratings
    figures = {kq["id"]: kq for s in summary["standards"] for kq in s.get("key_questions", [])}
    for sample in report.samples:
        for kq_id, (yes, applicable, printed) in sample.figures.items():
            assert figures[kq_id]["yes"] == yes
            assert figures[kq_id]["applicable"] == applicable
            assert figures[kq_id]["percent"] == pytest.approx(100 * yes / applicable)
            assert round(figures[kq_id]["percent"] + 1e-9) == printed
            assert figures[kq_id]["lowest"] == (kq_id in report.lowest[kq_id.rsplit(".", 1)[0]])
