"""The data workbook: every figure behind the ratings, in an .xlsx file.

Sheets: a summary (every standard's rating, the score, how sure each case standard's rating
is, the inspection's details and the method); one sheet per case standard (each key question's
counts, percentage and 95% interval, then broken down by every case attribute and by
inspector); the prompts; the outcomes (where the framework has them); one row per case with
every answer; and the evidence notes.

Every figure is a value computed through `inspector_app.core.engine`, exactly as the
dashboard shows it, never a formula. Percentages are stored as fractions (0.775) with a
percentage format; the printed whole percentage, rounded half up as reports print it, is a
column of its own, so that no spreadsheet rounding can make it differ from the report.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inspector_app.core import qa, stats
from inspector_app.core.document import AnswerValue, Case, Inspection, utc_now
from inspector_app.core.engine import (
    InspectionResult,
    QuestionFigure,
    RatingEngine,
    StandardResult,
    breakdown,
    grouping_label,
)
from inspector_app.core.errors import InspectorError
from inspector_app.core.framework import Framework, Standard
from inspector_app.core.ratings import Rating
from inspector_app.core.storage import atomic_write

WORKBOOK_EXTENSION = ".xlsx"
CONFIDENCE = stats.DEFAULT_CONFIDENCE

PERCENT_EXACT = "0.0%"
PERCENT_PRINTED = "0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

ACCENT = "1B3A5C"
# The spreadsheet's default font, named on every styled cell: a font without a name falls
# back to a serif face in some spreadsheet programs.
FONT = "Calibri"
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=ACCENT)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
TITLE_FONT = Font(name=FONT, bold=True, size=14, color=ACCENT)
SECTION_FONT = Font(name=FONT, bold=True, size=11, color=ACCENT)
BOLD = Font(name=FONT, bold=True)
ITALIC = Font(name=FONT, italic=True)
LEFT = Alignment(horizontal="left")
THIN_BOTTOM = Border(bottom=Side(style="thin", color="A0A0A0"))
# Light tints, legible under black text, one per rating.
RATING_FILLS = {
    Rating.OUTSTANDING: PatternFill("solid", fgColor="B7DDB0"),
    Rating.GOOD: PatternFill("solid", fgColor="DCEFD6"),
    Rating.REQUIRES_IMPROVEMENT: PatternFill("solid", fgColor="FCE4C4"),
    Rating.INADEQUATE: PatternFill("solid", fgColor="F6CACA"),
}

# Sheet names: at most 31 characters, none of these.
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def export_workbook(document: Inspection, framework: Framework, out: Path) -> None:
    """Write the data workbook to ``out`` (.xlsx), atomically. Raises InspectorError."""
    out = Path(out)
    if out.suffix.lower() != WORKBOOK_EXTENSION:
        raise InspectorError(f"{out}: the workbook is an Excel file; name it ….xlsx")
    try:
        workbook = build_workbook(document, framework)
        buffer = io.BytesIO()
        workbook.save(buffer)
    except InspectorError:
        raise
    except Exception as exc:  # a user sees a message, never a traceback
        raise InspectorError(
            f"{out}: the workbook could not be built ({type(exc).__name__}: {exc})"
        ) from exc
    atomic_write(out, buffer.getvalue(), mode=0o600)


def build_workbook(
    document: Inspection, framework: Framework, *, exported_at: datetime | None = None
) -> Workbook:
    engine = RatingEngine(framework, document.cases)
    result = engine.result(document)
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    _summary_sheet(summary, document, framework, result, exported_at or utc_now())
    names = {summary.title}
    for standard_result in result.standards:
        if standard_result.standard.is_case:
            sheet = workbook.create_sheet(
                _sheet_name(f"{standard_result.id} {standard_result.standard.title}", names)
            )
            _standard_sheet(sheet, document, framework, standard_result)
    _prompts_sheet(workbook.create_sheet(_sheet_name("Prompts", names)), framework, engine)
    if framework.outcomes:
        _outcomes_sheet(workbook.create_sheet(_sheet_name("Outcomes", names)), engine)
    _cases_sheet(workbook.create_sheet(_sheet_name("Cases", names)), document, framework)
    _notes_sheet(workbook.create_sheet(_sheet_name("Evidence notes", names)), document)
    return workbook


# -- cells ------------------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Spreadsheets have no time zones: times are written in UTC, and headed so.
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: Any,
    *,
    number_format: str | None = None,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
) -> None:
    cell = sheet.cell(row=row, column=column, value=_clean(value))
    if isinstance(value, str):
        # Text typed by an inspector stays text, even when it starts with "=".
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment


# Headers of number columns sit over the numbers, on the right.
NUMBER_TITLES = frozenset(
    {
        "Yes",
        "No",
        "Not applicable",
        "Unanswered",
        "Applicable",
        "Applicable (Yes + No)",
        "% Yes",
        "Printed %",
        "Points",
        "Lowest % Yes",
        "95% interval: lower",
        "95% interval: upper",
    }
)
HEADER_NUMBER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="right")


def header_row(sheet: Worksheet, row: int, titles: Sequence[str], start: int = 1) -> None:
    for offset, title in enumerate(titles):
        put(
            sheet,
            row,
            start + offset,
            title,
            font=HEADER_FONT,
            fill=HEADER_FILL,
            alignment=HEADER_NUMBER_ALIGNMENT if title in NUMBER_TITLES else HEADER_ALIGNMENT,
        )


def widths(sheet: Worksheet, values: Sequence[float], start: int = 1) -> None:
    for offset, width in enumerate(values):
        sheet.column_dimensions[get_column_letter(start + offset)].width = width


def _print_setup(
    sheet: Worksheet, *, header_rows: str | None = None, fit_width: bool = True
) -> None:
    """Landscape pages, as wide as the sheet where it fits, the header on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if fit_width:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    if header_rows:
        sheet.print_title_rows = header_rows


def _rating(rating: Rating | None) -> str:
    return rating.value if rating is not None else "Not yet rated"


def _rating_fill(rating: Rating | None) -> PatternFill | None:
    return RATING_FILLS.get(rating) if rating is not None else None


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = " ".join(wanted.translate(_SHEET_FORBIDDEN).split())[:31].rstrip()
    name, number = base, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name)
    return name


def _printed(figure: QuestionFigure) -> float | None:
    printed = figure.printed
    return None if printed is None else printed / 100


def _percent(figure: QuestionFigure) -> float | None:
    return None if figure.percent is None else float(figure.percent)


# -- summary ----------------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    ("Domain", 9),
    ("Standard", 10),
    ("Title", 30),
    ("Kind", 11),
    ("Rating", 22),
    ("Points", 8),
    ("Computed rating", 22),
    ("Override rationale", 34),
    ("Lowest key question", 12),
    ("Lowest % Yes", 10),
    ("95% interval: lower", 11),
    ("95% interval: upper", 11),
    ("Borderline", 11),
    ("Could be", 44),
    ("Rating on QA-checked cases only", 22),
    ("Provisional", 11),
)


# Labels below the ratings table run across the narrow first columns; values sit here.
VALUE_COLUMN = 5


def _summary_sheet(
    sheet: Worksheet,
    document: Inspection,
    framework: Framework,
    result: InspectionResult,
    exported_at: datetime,
) -> None:
    sheet.title = "Summary"
    meta = document.meta
    put(sheet, 1, 1, f"{meta.unit}: data workbook", font=TITLE_FONT)
    put(sheet, 2, 1, framework.title, font=ITALIC)
    overall = _rating(result.overall_rating)
    provisional = " (provisional)" if result.provisional else ""
    put(sheet, 3, 1, f"Score {result.score_text}, {overall}{provisional}", font=SECTION_FONT)
    header_row(sheet, 5, [title for title, _ in SUMMARY_COLUMNS])
    widths(sheet, [width for _, width in SUMMARY_COLUMNS])
    sheet.row_dimensions[5].height = 45
    certainty = stats.inspection_certainty(result, CONFIDENCE)
    qa_result = qa.rate_qa_checked(framework, document)
    row = 6
    for standard in result.standards:
        _summary_row(sheet, row, standard, certainty.get(standard.id), qa_result)
        row += 1

    row += 1
    put(sheet, row, 1, "Score", font=BOLD)
    put(sheet, row, VALUE_COLUMN, result.score, alignment=LEFT)
    row += 1
    put(sheet, row, 1, "Maximum score", font=BOLD)
    put(sheet, row, VALUE_COLUMN, result.max_score, alignment=LEFT)
    row += 1
    put(sheet, row, 1, "Overall rating", font=BOLD)
    put(sheet, row, VALUE_COLUMN, overall, fill=_rating_fill(result.overall_rating))
    row += 1
    put(sheet, row, 1, "Provisional", font=BOLD)
    put(sheet, row, VALUE_COLUMN, "Yes" if result.provisional else "No")
    for warning in result.warnings:
        row += 1
        put(sheet, row, 1, "Warning", font=BOLD)
        put(sheet, row, VALUE_COLUMN, warning)

    row += 2
    put(sheet, row, 1, "The inspection", font=SECTION_FONT)
    counts = qa.status_counts(document.cases)
    details: list[tuple[str, Any]] = [
        ("Unit", meta.unit),
        ("Provider", meta.provider),
        ("Region", meta.region),
        ("Framework", f"{framework.id} (version {meta.framework_version})"),
        ("Fieldwork start", meta.fieldwork_start),
        ("Fieldwork end", meta.fieldwork_end),
        ("Lead inspector", meta.lead_inspector),
        ("Cases inspected", len(document.cases)),
        *((f"Cases: {status.label}", n) for status, n in counts.items()),
        ("Practitioner interviews", meta.practitioner_interviews),
        ("Exported (UTC)", exported_at),
    ]
    for label, value in details:
        row += 1
        put(sheet, row, 1, label, font=BOLD)
        put(sheet, row, VALUE_COLUMN, value, alignment=LEFT)

    row += 2
    put(sheet, row, 1, "How the figures are worked out", font=SECTION_FONT)
    for line in _method_notes(framework):
        row += 1
        put(sheet, row, 1, line)
    sheet.freeze_panes = "A6"
    _print_setup(sheet)


def _summary_row(
    sheet: Worksheet,
    row: int,
    standard: StandardResult,
    certainty: stats.StandardCertainty | None,
    qa_result: InspectionResult,
) -> None:
    info = standard.standard
    put(sheet, row, 1, info.domain)
    put(sheet, row, 2, info.id)
    put(sheet, row, 3, info.title)
    put(sheet, row, 4, "Case" if info.is_case else "Judgement")
    put(sheet, row, 5, _rating(standard.rating), fill=_rating_fill(standard.rating))
    put(sheet, row, 6, standard.points)
    if standard.overridden:
        put(sheet, row, 7, _rating(standard.computed_rating))
        put(sheet, row, 8, standard.override.rationale if standard.override else "")
    lowest = [kq for kq in standard.key_questions if kq.lowest]
    if lowest:
        put(sheet, row, 9, ", ".join(kq.id for kq in lowest))
        put(sheet, row, 10, _percent(lowest[0]), number_format=PERCENT_EXACT)
        if certainty is not None:
            interval = certainty.question(lowest[0].id).interval
            if interval is not None:
                put(sheet, row, 11, interval.lower, number_format=PERCENT_EXACT)
                put(sheet, row, 12, interval.upper, number_format=PERCENT_EXACT)
    if certainty is not None and certainty.worst is not None:
        put(sheet, row, 13, "Yes" if certainty.borderline else "No")
        put(sheet, row, 14, " or ".join(r.value for r in certainty.possible_ratings))
    if info.is_case:
        qa_rating = qa_result.standard(info.id).computed_rating
        put(sheet, row, 15, _rating(qa_rating), fill=_rating_fill(qa_rating))
    put(sheet, row, 16, "Yes" if standard.provisional else "No")


def _method_notes(framework: Framework) -> list[str]:
    bands = ", ".join(
        f"{band.rating.value} from {band.min_percent:g}%" for band in framework.scoring.bands
    )
    return [
        "% Yes = Yes ÷ (Yes + No). Not applicable answers count in neither; unanswered "
        "questions make a figure provisional.",
        f"Bands of the exact percentage: {bands}. The printed percentage is rounded half up.",
        "A case standard takes the band of its lowest key question; judgement standards "
        "take the inspectors' rating; an override replaces a rating and gives its rationale.",
        "95% intervals are Wilson score intervals. A standard is borderline when the band of "
        "its lowest key question could differ anywhere within the intervals.",
        "Ratings on QA-checked cases only use the cases whose review status is QA checked, "
        "without overrides.",
    ]


# -- one case standard ------------------------------------------------------------------------

QUESTION_COLUMNS = (
    ("Key question", 30),
    # The breakdowns below share these columns (Yes, Applicable, % Yes per key question), so
    # every number column is wide enough for "Applicable".
    ("Yes", 12),
    ("No", 12),
    ("Not applicable", 12),
    ("Unanswered", 12),
    ("Applicable (Yes + No)", 12),
    ("% Yes", 12),
    ("Printed %", 12),
    ("Band", 12),
    ("Lowest", 12),
    ("95% interval: lower", 12),
    ("95% interval: upper", 12),
    ("Crosses a band threshold", 12),
    ("Wording", 70),
)


def _standard_sheet(
    sheet: Worksheet, document: Inspection, framework: Framework, result: StandardResult
) -> None:
    standard = result.standard
    certainty = stats.standard_certainty(framework, result, CONFIDENCE)
    put(sheet, 1, 1, f"{standard.id} {standard.title}", font=TITLE_FONT)
    put(sheet, 2, 1, standard.statement, font=ITALIC)
    line = f"Rating: {_rating(result.rating)}"
    if result.overridden:
        line += f" (overridden; computed {_rating(result.computed_rating)})"
    if certainty is not None and certainty.borderline:
        line += f"; borderline: could be {' or '.join(r.value for r in certainty.possible_ratings)}"
    if result.provisional:
        line += "; provisional"
    put(sheet, 3, 1, line, font=SECTION_FONT)
    header_row(sheet, 5, [title for title, _ in QUESTION_COLUMNS])
    widths(sheet, [width for _, width in QUESTION_COLUMNS])
    sheet.row_dimensions[5].height = 45
    row = 6
    for figure in result.key_questions:
        interval = certainty.question(figure.id) if certainty is not None else None
        _figure_row(sheet, row, figure, interval)
        row += 1
    row += 1
    for grouping in _groupings(framework, standard):
        row = _breakdown_block(sheet, row, document.cases, framework, standard, grouping)
    sheet.freeze_panes = "B6"
    _print_setup(sheet)


def _figure_row(
    sheet: Worksheet,
    row: int,
    figure: QuestionFigure,
    certainty: stats.QuestionCertainty | None,
) -> None:
    bold = BOLD if figure.lowest else None
    put(sheet, row, 1, figure.id, font=bold)
    put(sheet, row, 2, figure.yes)
    put(sheet, row, 3, figure.no)
    put(sheet, row, 4, figure.not_applicable)
    put(sheet, row, 5, figure.unanswered)
    put(sheet, row, 6, figure.applicable)
    put(sheet, row, 7, _percent(figure), number_format=PERCENT_EXACT, font=bold)
    put(sheet, row, 8, _printed(figure), number_format=PERCENT_PRINTED, font=bold)
    put(sheet, row, 9, figure.band.value if figure.band else None, fill=_rating_fill(figure.band))
    if figure.lowest:
        put(sheet, row, 10, "Yes")
    if certainty is not None and certainty.interval is not None:
        put(sheet, row, 11, certainty.interval.lower, number_format=PERCENT_EXACT)
        put(sheet, row, 12, certainty.interval.upper, number_format=PERCENT_EXACT)
        put(sheet, row, 13, "Yes" if certainty.crosses_threshold else "No")
    put(sheet, row, 14, figure.text)


def _groupings(framework: Framework, standard: Standard) -> list[str]:
    """Case attributes recorded for the standard's sample, then the inspector."""
    sample = standard.sample or framework.default_sample
    return [a.id for a in framework.attributes_for_sample(sample)] + ["inspector"]


def _breakdown_block(
    sheet: Worksheet,
    row: int,
    cases: Iterable[Case],
    framework: Framework,
    standard: Standard,
    grouping: str,
) -> int:
    label = grouping_label(framework, grouping)
    put(sheet, row, 1, f"By {label.lower()}", font=SECTION_FONT)
    row += 1
    # Two header rows: each key question's id over its three columns, then what they hold.
    header_row(sheet, row, [""] + [kq.id for kq in standard.key_questions for _ in range(3)])
    for index in range(len(standard.key_questions)):
        column = 2 + 3 * index
        sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + 2)
        sheet.cell(row=row, column=column).alignment = Alignment(horizontal="center")
    row += 1
    header_row(sheet, row, [label] + ["Yes", "Applicable", "% Yes"] * len(standard.key_questions))
    row += 1
    cases = list(cases)
    per_question = [
        dict(breakdown(framework, cases, kq.id, grouping)) for kq in standard.key_questions
    ]
    groups: list[str] = []
    for figures in per_question:
        groups += [g for g in figures if g not in groups]
    for group in groups:
        put(sheet, row, 1, group)
        for index, figures in enumerate(per_question):
            figure = figures.get(group)
            column = 2 + 3 * index
            if figure is None:
                continue
            put(sheet, row, column, figure.yes)
            put(sheet, row, column + 1, figure.applicable)
            put(sheet, row, column + 2, _percent(figure), number_format=PERCENT_EXACT)
        row += 1
    return row + 1


# -- prompts and outcomes ---------------------------------------------------------------------

FIGURE_COLUMNS = (
    ("Yes", 9),
    ("No", 9),
    ("Not applicable", 11),
    ("Unanswered", 12),
    ("Applicable (Yes + No)", 12),
    ("% Yes", 9),
    ("Printed %", 9),
    ("95% interval: lower", 11),
    ("95% interval: upper", 11),
    ("Text", 80),
)


def _figure_cells(sheet: Worksheet, row: int, column: int, figure: QuestionFigure) -> None:
    interval = stats.wilson_interval(figure.yes, figure.applicable, CONFIDENCE)
    put(sheet, row, column, figure.yes)
    put(sheet, row, column + 1, figure.no)
    put(sheet, row, column + 2, figure.not_applicable)
    put(sheet, row, column + 3, figure.unanswered)
    put(sheet, row, column + 4, figure.applicable)
    put(sheet, row, column + 5, _percent(figure), number_format=PERCENT_EXACT)
    put(sheet, row, column + 6, _printed(figure), number_format=PERCENT_PRINTED)
    if interval is not None:
        put(sheet, row, column + 7, interval.lower, number_format=PERCENT_EXACT)
        put(sheet, row, column + 8, interval.upper, number_format=PERCENT_EXACT)
    put(sheet, row, column + 9, figure.text)


def _prompts_sheet(sheet: Worksheet, framework: Framework, engine: RatingEngine) -> None:
    lead = (("Standard", 10), ("Key question", 12), ("Prompt", 12))
    columns = (*lead, *FIGURE_COLUMNS)
    header_row(sheet, 1, [title for title, _ in columns])
    widths(sheet, [width for _, width in columns])
    sheet.row_dimensions[1].height = 45
    row = 2
    for standard in framework.case_standards:
        for kq in standard.key_questions:
            for figure in engine.prompt_figures(kq.id):
                put(sheet, row, 1, standard.id)
                put(sheet, row, 2, kq.id)
                put(sheet, row, 3, figure.id)
                _figure_cells(sheet, row, 4, figure)
                row += 1
    sheet.freeze_panes = "D2"
    _print_setup(sheet, header_rows="1:1")


def _outcomes_sheet(sheet: Worksheet, engine: RatingEngine) -> None:
    columns = (("Outcome", 10), *FIGURE_COLUMNS)
    header_row(sheet, 1, [title for title, _ in columns])
    widths(sheet, [width for _, width in columns])
    sheet.row_dimensions[1].height = 45
    for row, figure in enumerate(engine.outcome_figures(), start=2):
        put(sheet, row, 1, figure.id)
        _figure_cells(sheet, row, 2, figure)
    sheet.freeze_panes = "B2"
    _print_setup(sheet, header_rows="1:1")


# -- cases and notes -------------------------------------------------------------------------


def answer_text(value: AnswerValue | None) -> str | None:
    return value.short_label if value is not None else None


def _cases_sheet(sheet: Worksheet, document: Inspection, framework: Framework) -> None:
    fixed = [("Reference", 14), ("Sample", 14), ("Inspector", 18), ("Review status", 14)]
    fixed += [(a.label, 16) for a in framework.attributes]
    fixed += [("Open QA comments", 10)]
    questions = list(framework.questions.values())
    header_row(sheet, 1, [title for title, _ in fixed] + [q.id for q in questions])
    widths(sheet, [width for _, width in fixed] + [9] * len(questions))
    sheet.row_dimensions[1].height = 30
    first_question = len(fixed) + 1
    for offset, question in enumerate(questions):
        # The full wording on hover, so the header stays a narrow column of ids.
        comment = Comment(question.text, "Inspection Workbench")
        comment.width, comment.height = 300, 100
        sheet.cell(row=1, column=first_question + offset).comment = comment
    for row, case in enumerate(document.cases, start=2):
        put(sheet, row, 1, case.reference)
        put(sheet, row, 2, case.sample)
        put(sheet, row, 3, case.inspector)
        put(sheet, row, 4, case.status.label)
        for offset, attribute in enumerate(framework.attributes):
            put(sheet, row, 5 + offset, case.attributes.get(attribute.id, ""))
        put(sheet, row, len(fixed), len(qa.open_comments(case)))
        for offset, question in enumerate(questions):
            value = answer_text(case.value_of(question.id))
            if value is not None:
                put(sheet, row, first_question + offset, value)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, header_rows="1:1", fit_width=False)


def _notes_sheet(sheet: Worksheet, document: Inspection) -> None:
    # The note last, where a long one can run on to the right.
    columns = (
        ("Reference", 14),
        ("Question", 12),
        ("Answer", 9),
        ("Set by", 18),
        ("Set at (UTC)", 18),
        ("Evidence note", 100),
    )
    header_row(sheet, 1, [title for title, _ in columns])
    widths(sheet, [width for _, width in columns])
    row = 2
    for case in document.cases:
        for question_id, answer in case.answers.items():
            if not answer.note:
                continue
            put(sheet, row, 1, case.reference)
            put(sheet, row, 2, question_id)
            put(sheet, row, 3, answer_text(answer.value))
            put(sheet, row, 4, answer.set_by)
            put(sheet, row, 5, answer.set_at)
            put(sheet, row, 6, answer.note)
            row += 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, header_rows="1:1")
