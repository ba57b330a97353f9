"""The Word report, read back with python-docx: sections, ratings, figures, placeholders."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from inspector_app.core.document import (
    Answer,
    AnswerValue,
    Inspection,
    RatingOverride,
    Recommendation,
    RecommendationGroup,
)
from inspector_app.core.engine import format_percent, rate_inspection
from inspector_app.core.framework import Framework
from inspector_app.core.ratings import Rating
from inspector_app.core.storage import load_inspection
from inspector_app.core.synthetic import GenerationSpec, generate
from inspector_app.export.docx_report import export_docx
from inspector_app.export.styles import PLACEHOLDER
from tests.builders import cases_with_counts, new_document

HEADINGS = {"TOC Heading": 0, "Heading 1": 1, "Heading 2": 2, "Heading 3": 3}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def export(document: Inspection, framework: Framework, folder: Path, **options) -> Document:
    out = folder / "report.docx"
    export_docx(document, framework, out, **options)
    return docx.Document(str(out))


def headings(report: Document, deepest: int = 3) -> list[tuple[int, str]]:
    found = []
    for paragraph in report.paragraphs:
        level = HEADINGS.get(paragraph.style.name)
        if level is not None and level <= deepest:
            found.append((level, paragraph.text))
    return found


def blocks(report: Document) -> list[Paragraph | Table]:
    return list(report.iter_inner_content())


def section_after(
    report: Document, heading: str, level: int | None = None
) -> list[Paragraph | Table]:
    """The blocks after a heading, up to the next heading of the same or a higher level."""
    items = blocks(report)
    for index, block in enumerate(items):
        found_level = _level(block)
        if (
            isinstance(block, Paragraph)
            and block.text == heading
            and found_level is not None
            and level in (None, found_level)
        ):
            level = found_level
            following = []
            for later in items[index + 1 :]:
                later_level = _level(later) if isinstance(later, Paragraph) else None
                if later_level is not None and later_level <= level:
                    break
                following.append(later)
            return following
    raise AssertionError(f"no heading {heading!r}")


def _level(block: Paragraph | Table) -> int | None:
    return HEADINGS.get(block.style.name) if isinstance(block, Paragraph) else None


def first_table(found: list[Paragraph | Table]) -> Table:
    return next(block for block in found if isinstance(block, Table))


def texts(found: list[Paragraph | Table]) -> list[str]:
    return [block.text for block in found if isinstance(block, Paragraph)]


def placeholder_texts(report: Document) -> list[str]:
    return [
        run.text
        for paragraph in report.paragraphs
        for run in paragraph.runs
        if run.style is not None and run.style.name == PLACEHOLDER
    ]


@pytest.fixture(scope="module")
def example() -> Inspection:
    from inspector_app.paths import example_inspection_path

    return load_inspection(example_inspection_path()).document


@pytest.fixture(scope="module")
def example_report(example: Inspection, pdu: Framework, tmp_path_factory) -> Document:
    return export(example, pdu, tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def nps_inspection(nps: Framework) -> Inspection:
    document = generate(GenerationSpec(framework=nps, cases=120, seed=11, unit="NPS Fell Division"))
    document.narrative.recommendations = [
        RecommendationGroup(
            addressee="NPS Fell Division",
            recommendations=[
                Recommendation(text="record changes in risk of harm in the risk management plan"),
                Recommendation(text="make domestic abuse checks before every court report"),
            ],
        ),
        RecommendationGroup(
            addressee="HM Prison and Probation Service",
            recommendations=[Recommendation(text="bring the workforce up to strength")],
        ),
    ]
    document.write_up("1.1").rating = Rating.GOOD
    return document


@pytest.fixture(scope="module")
def nps_report(nps_inspection: Inspection, nps: Framework, tmp_path_factory) -> Document:
    return export(nps_inspection, nps, tmp_path_factory.mktemp("nps"))


# -- pdu-2023: the example inspection --------------------------------------------------------


def test_pdu_sections_come_in_the_order_of_the_report_skeleton(example_report: Document) -> None:
    assert headings(example_report, deepest=2) == [
        (0, "Contents"),
        (2, "Acknowledgements"),
        (2, "The role of the inspectorate"),
        (2, "Copyright and publication"),
        (1, "Foreword"),
        (1, "Ratings"),
        (1, "Recommendations"),
        (1, "Background"),
        (1, "1. Organisational arrangements and activity"),
        (2, "P1.1 Leadership"),
        (2, "P1.2 Staffing"),
        (2, "P1.3 Services"),
        (2, "Feedback from people on probation"),
        (2, "Diversity and inclusion"),
        (1, "2. Service delivery"),
        (2, "P2.1 Assessment"),
        (2, "P2.2 Planning"),
        (2, "P2.3 Implementation and delivery"),
        (2, "P2.4 Reviewing"),
        (2, "Outcomes"),
        (2, "Progress on previous recommendations"),
        (1, "Annexe: web links"),
    ]
    judgement = section_after(example_report, "P1.1 Leadership")
    assert [text for level, text in headings_in(judgement)] == [
        "Strengths",
        "Areas for improvement",
    ]


def headings_in(found: list[Paragraph | Table]) -> list[tuple[int, str]]:
    return [(_level(b), b.text) for b in found if isinstance(b, Paragraph) and _level(b)]


def test_cover_and_contents(example_report: Document) -> None:
    cover = [p.text for p in example_report.paragraphs[:4]]
    assert cover[1] == "Brackenford PDU"
    assert "The Probation Service – North East region" in cover
    assert any("June 2025" in line for line in cover)
    xml = example_report.element.xml
    assert 'TOC \\o "1-1"' in xml
    settings = example_report.settings.element.xml
    assert "updateFields" in settings
    # Until Word updates the field, the contents list the chapters.
    contents = [p.text for p in example_report.paragraphs if p.style.name.lower() == "toc 1"]
    assert contents == [text for level, text in headings(example_report) if level == 1]


def test_ratings_page_shows_score_overall_and_every_standard(
    example_report: Document, example: Inspection, pdu: Framework
) -> None:
    result = rate_inspection(pdu, example)
    ratings = section_after(example_report, "Ratings")
    lines = texts(ratings)
    assert "Score 8/21" in lines
    assert "Overall rating: Requires improvement" in lines
    assert "Fieldwork started: 3 March 2025" in lines
    table = first_table(ratings)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Standard", "Rating"]
    shown = {row[0]: row[1] for row in rows[1:] if row[0] != row[1]}
    expected = {f"{s.id} {s.standard.title}": s.rating.value for s in result.standards}
    assert shown == expected
    domains = [row[0] for row in rows[1:] if row[0] == row[1]]
    assert domains == ["1. Organisational arrangements and activity", "2. Service delivery"]


def test_case_standards_table_their_figures_with_the_lowest_in_bold(
    example_report: Document, example: Inspection, pdu: Framework
) -> None:
    result = rate_inspection(pdu, example)
    for standard in pdu.case_standards:
        figures = result.standard(standard.id).key_questions
        found = section_after(example_report, f"{standard.id} {standard.title}")
        table = first_table(found)
        rows = table.rows[1:]
        assert [row.cells[0].text for row in rows] == [f.text for f in figures]
        assert [row.cells[1].text for row in rows] == [format_percent(f.percent) for f in figures]
        assert any(f.lowest for f in figures)
        for row, figure in zip(rows, figures, strict=True):
            runs = [run for cell in row.cells for p in cell.paragraphs for run in p.runs]
            assert all(bool(run.bold) == figure.lowest for run in runs), figure.id
        assert f"Rating: {result.standard(standard.id).rating.value}" in texts(found)
        # the sentence on the lowest-score rule, and the numbered note on the method
        assert any("lowest share, shown in bold" in line for line in texts(found))
        assert any(
            line.split(" ")[0].isdigit() and "How the figures work" in line for line in texts(found)
        )


def test_a_chart_per_case_standard(example_report: Document, pdu: Framework) -> None:
    shapes = example_report.inline_shapes
    assert len(shapes) == len(pdu.case_standards)
    for shape in shapes:
        blob = example_report.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ].blob
        assert blob.startswith(PNG_SIGNATURE)
    # Each chart carries its figures as alternative text for screen readers.
    for shape, standard in zip(shapes, pdu.case_standards, strict=True):
        description = shape._inline.docPr.get("descr")
        assert description.startswith(f"{standard.title}: percentage 'Yes'")
        assert all(kq.id in description for kq in standard.key_questions)
    captions = [p.text for p in example_report.paragraphs if p.style.name == "Caption"]
    assert [c for c in captions if c.startswith("Figure")] == [
        f"Figure {n}: {s.title}: percentage 'Yes' for each key question, against the rating bands"
        for n, s in enumerate(pdu.case_standards, start=1)
    ]


def test_background_states_facts_computed_from_the_data(example_report: Document) -> None:
    facts = texts(section_after(example_report, "Background"))[0]
    assert "from 3 to 14 March 2025" in facts
    assert "29 community orders and 11 releases on licence" in facts
    assert "between 2 and 8 September 2024 and between 30 September and 6 October 2024" in facts
    assert "34 probation practitioners" in facts


def test_recommendations_are_numbered_under_their_addressee(example_report: Document) -> None:
    found = section_after(example_report, "Recommendations")
    assert [text for _level, text in headings_in(found)] == [
        "Brackenford PDU should:",
        "The Probation Service North East region should:",
    ]
    numbered = [b.text for b in found if isinstance(b, Paragraph) and b.style.name == "List Number"]
    assert len(numbered) == 6
    assert numbered[0].startswith("make sure that domestic abuse")


def test_previous_recommendations_are_a_table(example_report: Document) -> None:
    table = first_table(section_after(example_report, "Progress on previous recommendations"))
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == [
        "Previous recommendation",
        "Action taken and impact",
        "Progress",
        "Improvement still required?",
    ]
    assert rows[3][2:] == ["Sufficient progress", "No"]


def test_the_example_has_no_empty_heading(example_report: Document, nps_report: Document) -> None:
    for report in (example_report, nps_report):
        items = blocks(report)
        for index, block in enumerate(items):
            if isinstance(block, Paragraph) and _level(block) is not None:
                assert block.text.strip(), "a heading without words"
                following = items[index + 1] if index + 1 < len(items) else None
                assert following is not None, block.text
                if isinstance(following, Paragraph):
                    assert following.text.strip(), f"nothing under {block.text!r}"


# -- nps-division-2018 -----------------------------------------------------------------------


def test_nps_report_has_its_own_shape(nps_report: Document) -> None:
    top = [text for level, text in headings(nps_report, deepest=1) if level == 1]
    assert top == [
        "Foreword",
        "Overall findings",
        "Ratings",
        "Recommendations",
        "Background",
        "1. Organisational delivery",
        "2. Case supervision",
        "3. NPS-specific work",
        "Annex 1: Methodology",
        "Annex 2: Inspection results, domains two and three",
        "Annex 3: Glossary",
    ]
    found = section_after(nps_report, "Recommendations")
    assert [text for _level, text in headings_in(found)] == [
        "NPS Fell Division should:",
        "HM Prison and Probation Service should:",
    ]
    chapter = section_after(nps_report, "3. NPS-specific work", level=1)
    domain_three = [text for level, text in headings_in(chapter) if level == 2]
    assert domain_three == ["3.1 Court reports and case allocation", "3.2 Statutory victim work"]


def test_nps_ratings_and_annex_table_of_every_key_question(
    nps_report: Document, nps_inspection: Inspection, nps: Framework
) -> None:
    result = rate_inspection(nps, nps_inspection)
    lines = texts(section_after(nps_report, "Ratings"))
    assert f"Score {result.score_text} (provisional)" in lines
    annex = first_table(
        section_after(nps_report, "Annex 2: Inspection results, domains two and three")
    )
    cells = {row.cells[0].text.split(" ")[0]: row for row in annex.rows[1:]}
    for standard in result.standards:
        if not standard.standard.is_case:
            assert standard.id not in cells
            continue
        assert cells[standard.id].cells[1].text == standard.rating.value
        for figure in standard.key_questions:
            row = cells[figure.id]
            assert row.cells[1].text == format_percent(figure.percent)
            runs = [run for p in row.cells[1].paragraphs for run in p.runs]
            assert all(bool(run.bold) == figure.lowest for run in runs)
    assert len(nps_report.inline_shapes) == len(nps.case_standards)


def test_nps_sections_only_when_drafted_stay_out_until_written(
    nps_report: Document, nps_inspection: Inspection, nps: Framework, tmp_path: Path
) -> None:
    titles = [text for _level, text in headings(nps_report)]
    assert "Feedback from service users" not in titles
    drafted = nps_inspection.model_copy(deep=True)
    drafted.narrative.feedback = "Service users spoke well of their officers."
    report = export(drafted, nps, tmp_path)
    assert texts(section_after(report, "Feedback from service users")) == [
        "Service users spoke well of their officers."
    ]


# -- placeholders, provisional figures, overrides ------------------------------------------


def test_empty_narrative_gives_visible_placeholders(pdu: Framework, tmp_path: Path) -> None:
    document = new_document(pdu, unit="Empty PDU")
    report = export(document, pdu, tmp_path)
    placeholders = placeholder_texts(report)
    for expected in (
        "[To be drafted: foreword]",
        "[To be drafted: recommendations for Empty PDU]",
        "[To be drafted: feedback from people on probation]",
        "[To be drafted: summary of the findings on leadership]",
        "[To be drafted: strengths found in leadership]",
        "[To be drafted: findings on assessment from the case evidence]",
        "[date fieldwork started]",
        "[fieldwork dates]",
    ):
        assert expected in placeholders, expected
    assert texts(section_after(report, "Foreword"))[0] == "[To be drafted: foreword]"
    assert "Rating: [Not yet rated]" in texts(section_after(report, "P2.1 Assessment"))
    # Every section is there, even with nothing written.
    assert [t for level, t in headings(report, deepest=2)] == [
        t for level, t in headings(docx.Document(str(_example_export(tmp_path, pdu))), deepest=2)
    ]


def _example_export(tmp_path: Path, pdu: Framework) -> Path:
    from inspector_app.paths import example_inspection_path

    out = tmp_path / "example.docx"
    export_docx(load_inspection(example_inspection_path()).document, pdu, out)
    return out


def test_figures_with_unanswered_questions_are_provisional(pdu: Framework, tmp_path: Path) -> None:
    document = new_document(pdu)
    document.cases = cases_with_counts(
        "supervision",
        10,
        {"P2.1.1": (8, 9), "P2.1.2": (6, 10), "P2.1.3": (5, 8)},
        unanswered={"P2.1.1": 1},
    )
    report = export(document, pdu, tmp_path)
    ratings = texts(section_after(report, "Ratings"))
    assert "Score 1/21 (provisional)" in ratings
    assert any(line.startswith("Provisional: 10 cases") for line in ratings)
    found = section_after(report, "P2.1 Assessment")
    assert "Rating: Requires improvement (provisional)" in texts(found)
    table = first_table(found)
    assert table.rows[1].cells[1].text == "89% (provisional)"
    assert table.rows[2].cells[1].text == "60%"
    assert any("answers are still to come for P2.1.1 (1 case)" in line for line in texts(found))


def test_an_overridden_rating_shows_its_rationale(pdu: Framework, tmp_path: Path) -> None:
    document = new_document(pdu)
    document.cases = cases_with_counts(
        "supervision", 10, {"P2.1.1": (9, 10), "P2.1.2": (9, 10), "P2.1.3": (6, 10)}
    )
    rationale = "Two cases were misfiled; the corrected figures were agreed with the QA lead."
    document.overrides["P2.1"] = RatingOverride(rating=Rating.GOOD, rationale=rationale)
    report = export(document, pdu, tmp_path)
    found = texts(section_after(report, "P2.1 Assessment"))
    assert "Rating: Good" in found
    assert any("in place of Requires improvement" in line and rationale in line for line in found)
    ratings = section_after(report, "Ratings")
    rows = {row.cells[0].text: row.cells[1].text for row in first_table(ratings).rows}
    assert rows["P2.1 Assessment"].startswith("Good")
    assert any(rationale in line and "P2.1 Assessment" in line for line in texts(ratings))


# -- hostile text ---------------------------------------------------------------------------


def test_any_typed_or_pasted_text_exports(pdu: Framework, tmp_path: Path) -> None:
    hostile = "Bell\x07 null\x00 escape\x1b tab\tend \ud800 ok"
    emoji = "Progress 👍🏽 and 🧑‍⚖️"
    arabic = "تقرير التفتيش"
    hebrew = "דו״ח ביקורת"
    long_note = ("A long paragraph of evidence. " * 3500).strip()
    document = new_document(pdu, unit=f"Unit {emoji}\x0c")
    document.meta.lead_inspector = f"{arabic}\x01"
    document.narrative.foreword = f"{hostile}\n\n{emoji}\n\n{arabic}\n\n{hebrew}\n\n{long_note}"
    document.narrative.recommendations = [
        RecommendationGroup(
            addressee=f"{hebrew}\x02", recommendations=[Recommendation(text=hostile)]
        )
    ]
    write_up = document.write_up("P1.1")
    write_up.strengths = [emoji, f"{arabic}\r\n{hebrew}", "\x00\x01"]
    write_up.summary = long_note
    document.cases = cases_with_counts("supervision", 4, {"P2.1.1": (2, 4)})
    document.cases[0].answers["P2.1.1"] = Answer(value=AnswerValue.YES, note=long_note + "\x00")
    # A lone surrogate cannot pass validation, but the rest of the hostile text can.
    rationale = hostile.replace("\ud800", "") + emoji
    document.overrides["P2.1"] = RatingOverride(rating=Rating.GOOD, rationale=rationale)
    assert len(long_note) > 100_000
    report = export(document, pdu, tmp_path)
    body = "\n".join(p.text for p in report.paragraphs)
    for text in (emoji, arabic, hebrew, "Bell null escape tab\tend  ok"):
        assert text in body
    assert long_note in body
    assert not any(char in body for char in "\x00\x01\x02\x07\x0c\x1b\ud800")
    assert report.paragraphs[1].text == f"Unit {emoji}"


# -- progress -------------------------------------------------------------------------------


def test_progress_reports_every_step_then_done(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    calls: list[tuple[int, int, str]] = []
    export_docx(example, pdu, tmp_path / "r.docx", progress=lambda *call: calls.append(call))
    total = calls[0][1]
    assert [done for done, _total, _label in calls] == list(range(total + 1))
    assert all(call[1] == total for call in calls)
    labels = [label for _done, _total, label in calls]
    assert "P2.3 Implementation and delivery" in labels
    assert labels[-2:] == ["Saving the report", "Report saved"]


def test_the_export_is_a_valid_zip_with_no_leftovers(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    out = tmp_path / "report.docx"
    export_docx(example, pdu, out)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]
