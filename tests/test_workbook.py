"""The data workbook, read back with openpyxl: every figure equals the core's, stored as a
value with a readable format; and LibreOffice opens it."""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from inspector_app.cli.main import main
from inspector_app.core import qa, stats
from inspector_app.core.document import Inspection
from inspector_app.core.engine import RatingEngine, breakdown, grouping_label
from inspector_app.core.errors import InspectorError
from inspector_app.core.framework import Framework
from inspector_app.core.ratings import Rating
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection
from inspector_app.core.synthetic import GenerationSpec, generate
from inspector_app.export.workbook import export_workbook
from tests.office import convert, needs_libreoffice

FORMULA_NOTE = '=HYPERLINK("http://example.invalid")'


@pytest.fixture
def document(example_path: Path, pdu: Framework) -> Inspection:
    """The example with an override, unanswered questions, a formula-like note and a case with
    no inspector, so that every kind of figure is there."""
    loaded = load_inspection(example_path)
    session = InspectionSession(loaded.document, pdu, user="tester")
    session.apply(session.override_change("P2.3", Rating.GOOD, "=Agreed after re-reading"))
    cases = session.cases
    for case in cases[:3]:
        session.apply(session.answer_change(case.id, "P2.4.2", value=None))
    session.apply(session.answer_change(cases[5].id, "P2.1.1", note=FORMULA_NOTE))
    session.apply(session.case_field_change(cases[6].id, "inspector", ""))
    return session.document


@pytest.fixture
def workbook_path(document: Inspection, pdu: Framework, tmp_path: Path) -> Path:
    out = tmp_path / "data.xlsx"
    export_workbook(document, pdu, out)
    return out


def columns(sheet: Worksheet, row: int) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[row] if cell.value is not None}


def value(sheet: Worksheet, row: int, column: int):
    return sheet.cell(row=row, column=column).value


def same(number: float | None):
    """A float as a spreadsheet keeps it: equal to 15 significant digits."""
    return None if number is None else pytest.approx(number, rel=1e-15, abs=0)


def percent(fraction: Fraction | None):
    return None if fraction is None else same(float(fraction))


def test_summary_holds_every_rating_and_the_score(workbook_path, document, pdu) -> None:
    result = RatingEngine(pdu, document.cases).result(document)
    certainty = stats.inspection_certainty(result)
    qa_result = qa.rate_qa_checked(pdu, document)
    sheet = load_workbook(workbook_path)["Summary"]
    provisional = " (provisional)" if result.provisional else ""
    assert result.provisional  # three answers were cleared
    assert value(sheet, 3, 1) == (
        f"Score {result.score_text}, {result.overall_rating.value}{provisional}"
    )
    head = columns(sheet, 5)
    rows = {value(sheet, r, head["Standard"]): r for r in range(6, 6 + len(result.standards))}
    assert list(rows) == [s.id for s in result.standards]
    for standard in result.standards:
        row = rows[standard.id]
        assert value(sheet, row, head["Rating"]) == standard.rating.value
        assert value(sheet, row, head["Points"]) == standard.points
        assert value(sheet, row, head["Provisional"]) == ("Yes" if standard.provisional else "No")
        if standard.overridden:
            assert value(sheet, row, head["Computed rating"]) == standard.computed_rating.value
            assert value(sheet, row, head["Override rationale"]) == standard.override.rationale
        if standard.standard.is_case:
            lowest = [kq for kq in standard.key_questions if kq.lowest]
            assert value(sheet, row, head["Lowest key question"]) == ", ".join(
                kq.id for kq in lowest
            )
            assert value(sheet, row, head["Lowest % Yes"]) == percent(lowest[0].percent)
            interval = certainty[standard.id].question(lowest[0].id).interval
            assert value(sheet, row, head["95% interval: lower"]) == same(interval.lower)
            assert value(sheet, row, head["95% interval: upper"]) == same(interval.upper)
            assert value(sheet, row, head["Borderline"]) == (
                "Yes" if certainty[standard.id].borderline else "No"
            )
            qa_rating = qa_result.standard(standard.id).computed_rating
            assert value(sheet, row, head["Rating on QA-checked cases only"]) == (
                qa_rating.value if qa_rating else "Not yet rated"
            )
    labels = {value(sheet, r, 1): value(sheet, r, 5) for r in range(1, sheet.max_row + 1)}
    assert labels["Score"] == result.score
    assert labels["Maximum score"] == result.max_score == 21
    assert labels["Overall rating"] == result.overall_rating.value
    assert labels["Cases inspected"] == len(document.cases)
    assert (
        labels["Cases: QA checked"] == qa.status_counts(document.cases)[qa.ReviewStatus.QA_CHECKED]
    )
    assert sheet.freeze_panes == "A6"


def test_each_case_standard_sheet_has_the_figures_and_breakdowns(
    workbook_path, document, pdu
) -> None:
    engine = RatingEngine(pdu, document.cases)
    result = engine.result(document)
    workbook = load_workbook(workbook_path)
    for standard in pdu.case_standards:
        sheet = workbook[f"{standard.id} {standard.title}"[:31]]
        figures = result.standard(standard.id).key_questions
        certainty = stats.standard_certainty(pdu, result.standard(standard.id))
        head = columns(sheet, 5)
        for row, figure in enumerate(figures, start=6):
            assert value(sheet, row, head["Key question"]) == figure.id
            assert value(sheet, row, head["Yes"]) == figure.yes
            assert value(sheet, row, head["No"]) == figure.no
            assert value(sheet, row, head["Not applicable"]) == figure.not_applicable
            assert value(sheet, row, head["Unanswered"]) == figure.unanswered
            assert value(sheet, row, head["Applicable (Yes + No)"]) == figure.applicable
            assert value(sheet, row, head["% Yes"]) == percent(figure.percent)
            assert value(sheet, row, head["Printed %"]) * 100 == pytest.approx(figure.printed)
            assert value(sheet, row, head["Band"]) == figure.band.value
            assert value(sheet, row, head["Lowest"]) == ("Yes" if figure.lowest else None)
            interval = certainty.question(figure.id).interval
            assert value(sheet, row, head["95% interval: lower"]) == same(interval.lower)
            assert value(sheet, row, head["95% interval: upper"]) == same(interval.upper)
            assert value(sheet, row, head["Wording"]) == figure.text
            assert sheet.cell(row=row, column=head["% Yes"]).number_format == "0.0%"
            assert sheet.cell(row=row, column=head["Printed %"]).number_format == "0%"
        groupings = [a.id for a in pdu.attributes] + ["inspector"]
        found = _breakdowns(sheet)
        assert list(found) == [f"By {grouping_label(pdu, g).lower()}" for g in groupings]
        for grouping in groupings:
            table = found[f"By {grouping_label(pdu, grouping).lower()}"]
            for index, kq in enumerate(standard.key_questions):
                expected = breakdown(pdu, document.cases, kq.id, grouping)
                got = {group: cells[3 * index : 3 * index + 3] for group, cells in table}
                assert list(got) == [group for group, _ in expected]
                for group, figure in expected:
                    assert got[group] == [figure.yes, figure.applicable, percent(figure.percent)]
        assert sheet.freeze_panes == "B6"


def _breakdowns(sheet: Worksheet) -> dict[str, list[tuple[str, list]]]:
    """Each "By ..." block: (group, [yes, applicable, % per key question...]) rows."""
    blocks: dict[str, list[tuple[str, list]]] = {}
    row = 1
    while row <= sheet.max_row:
        title = value(sheet, row, 1)
        if isinstance(title, str) and title.startswith("By "):
            rows = []
            row += 3  # the key-question ids, then the column titles
            while value(sheet, row, 1) is not None:
                cells = [value(sheet, row, c) for c in range(2, sheet.max_column + 1)]
                rows.append((value(sheet, row, 1), cells))
                row += 1
            blocks[title] = rows
        row += 1
    return blocks


def test_prompts_and_outcomes(workbook_path, document, pdu) -> None:
    engine = RatingEngine(pdu, document.cases)
    workbook = load_workbook(workbook_path)
    sheet = workbook["Prompts"]
    head = columns(sheet, 1)
    expected = [
        (kq.id, figure)
        for standard in pdu.case_standards
        for kq in standard.key_questions
        for figure in engine.prompt_figures(kq.id)
    ]
    assert sheet.max_row == len(expected) + 1
    for row, (kq_id, figure) in enumerate(expected, start=2):
        assert value(sheet, row, head["Key question"]) == kq_id
        assert value(sheet, row, head["Prompt"]) == figure.id
        assert value(sheet, row, head["Yes"]) == figure.yes
        assert value(sheet, row, head["No"]) == figure.no
        assert value(sheet, row, head["Not applicable"]) == figure.not_applicable
        assert value(sheet, row, head["Unanswered"]) == figure.unanswered
        assert value(sheet, row, head["% Yes"]) == percent(figure.percent)
        assert value(sheet, row, head["Text"]) == figure.text
    sheet = workbook["Outcomes"]
    head = columns(sheet, 1)
    for row, figure in enumerate(engine.outcome_figures(), start=2):
        assert value(sheet, row, head["Outcome"]) == figure.id
        assert value(sheet, row, head["Yes"]) == figure.yes
        assert value(sheet, row, head["% Yes"]) == percent(figure.percent)


def test_one_row_per_case_with_every_answer(workbook_path, document, pdu) -> None:
    workbook = load_workbook(workbook_path)
    sheet = workbook["Cases"]
    head = columns(sheet, 1)
    assert sheet.max_row == len(document.cases) + 1
    for row, case in enumerate(document.cases, start=2):
        assert value(sheet, row, head["Reference"]) == case.reference
        assert value(sheet, row, head["Review status"]) == case.status.label
        assert (value(sheet, row, head["Inspector"]) or "") == case.inspector
        for attribute in pdu.attributes:
            got = value(sheet, row, head[attribute.label]) or ""
            assert got == case.attributes.get(attribute.id, "")
        for question_id in pdu.questions:
            answer = case.value_of(question_id)
            expected = answer.short_label if answer is not None else None
            assert value(sheet, row, head[question_id]) == expected, (case.reference, question_id)
    assert sheet.freeze_panes == "B2"
    notes = workbook["Evidence notes"]
    texts = [value(notes, r, 6) for r in range(2, notes.max_row + 1)]
    expected_notes = [a.note for c in document.cases for a in c.answers.values() if a.note]
    assert texts == expected_notes


def test_values_never_formulas(workbook_path) -> None:
    workbook = load_workbook(workbook_path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    notes = workbook["Evidence notes"]
    assert FORMULA_NOTE in [value(notes, r, 6) for r in range(2, notes.max_row + 1)]


def test_command_line_export(document, pdu, tmp_path: Path, capsys) -> None:
    from inspector_app.core.storage import save_inspection

    source = tmp_path / "x.inspection"
    save_inspection(document, source)
    out = tmp_path / "x.xlsx"
    assert main(["export", str(source), "--xlsx", str(out)]) == 0
    assert "Wrote the workbook" in capsys.readouterr().out
    assert load_workbook(out)["Summary"]["A1"].value == "Brackenford PDU: data workbook"


def test_failures_are_clear_and_leave_nothing(document, pdu, tmp_path: Path) -> None:
    with pytest.raises(InspectorError, match=r"name it ….xlsx"):
        export_workbook(document, pdu, tmp_path / "data.xls")
    with pytest.raises(InspectorError, match="folder does not exist"):
        export_workbook(document, pdu, tmp_path / "missing" / "data.xlsx")
    # A folder where the file should go: the write fails at the last step, even for root.
    (tmp_path / "taken.xlsx").mkdir()
    with pytest.raises(InspectorError, match="be saved"):
        export_workbook(document, pdu, tmp_path / "taken.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.xlsx"]  # no temporary file left


def test_an_existing_workbook_is_replaced_whole(document, pdu, tmp_path: Path) -> None:
    target = tmp_path / "data.xlsx"
    target.write_bytes(b"an older export")
    export_workbook(document, pdu, target)
    assert load_workbook(target).sheetnames[0] == "Summary"


def test_a_framework_with_several_samples(nps: Framework, tmp_path: Path) -> None:
    document = generate(GenerationSpec(framework=nps, cases=60, seed=7))
    out = tmp_path / "nps.xlsx"
    export_workbook(document, nps, out)
    workbook = load_workbook(out)
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert "Outcomes" not in workbook.sheetnames
    assert len(workbook.sheetnames) == 1 + len(nps.case_standards) + 3
    result = RatingEngine(nps, document.cases).result(document)
    for standard in nps.case_standards:
        sheet = workbook[f"{standard.id} {standard.title}"[:31].rstrip()]
        for row, figure in enumerate(result.standard(standard.id).key_questions, start=6):
            assert value(sheet, row, 1) == figure.id
            assert value(sheet, row, 2) == figure.yes
            assert value(sheet, row, 7) == percent(figure.percent)
    answers = workbook["Cases"]
    head = columns(answers, 1)
    court = next(c for c in document.cases if c.sample == "court-reports")
    row = next(r for r in range(2, answers.max_row + 1) if value(answers, r, 1) == court.reference)
    kq = nps.key_questions_for_sample("court-reports")[0].id
    assert value(answers, row, head[kq]) == court.value_of(kq).short_label


@needs_libreoffice
def test_libreoffice_opens_the_workbook(workbook_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "converted"
    out.mkdir()
    for target in ("csv", "pdf"):
        convert(workbook_path, target, out)
    # The first sheet as Calc displays it: values read and formats applied.
    summary = (out / "data.csv").read_text(encoding="utf-8", errors="replace")
    assert "Brackenford PDU: data workbook" in summary
    assert "P2.1,Assessment,Case,Good,2" in summary
    assert "67.5%" in summary  # the exact percentage, shown with one decimal
    pdf = out / "data.pdf"
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60
        ).stdout
        for expected in ("P2.1 Assessment", "By sentence type", "BRK-0040", "P2.4.3.d"):
            assert expected in text
