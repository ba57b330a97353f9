"""Importing cases from a CSV file, all or nothing.

The header row names the columns: ``case_ref`` (required), ``sample`` (optional, default the
framework's first sample), ``inspector`` (optional), any of the framework's case attributes,
and any question id (key questions, prompts, outcomes). Answers are Yes, No or N/A (also Y, N,
NA, in any case); a blank cell is unanswered. Any problem stops the import with the row and
column named, and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from inspector_app.core.document import Answer, Case, utc_now
from inspector_app.core.errors import CaseImportError
from inspector_app.core.framework import Framework
from inspector_app.core.session import parse_answer

REFERENCE_COLUMN = "case_ref"
CASE_COLUMNS = ("case_ref", "sample", "inspector")
MAX_CSV_BYTES = 50 * 1024 * 1024


def read_csv_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise CaseImportError(f"{path} is larger than {MAX_CSV_BYTES // 1024 // 1024} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseImportError(f"cannot read {path} ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Spreadsheet programs on Windows often save CSV in the legacy code page.
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CaseImportError(
            f"{path} is not a text file in UTF-8 or Windows encoding (byte {exc.start})"
        ) from None


def parse_cases(
    text: str,
    framework: Framework,
    existing: Iterable[Case] = (),
    *,
    set_by: str = "",
) -> list[Case]:
    """Cases from CSV text. Raises `CaseImportError` naming the row and column of a problem.

    Rows are numbered as a spreadsheet shows them: the header is row 1.
    """
    if "\x00" in text:
        raise CaseImportError("the file contains NUL bytes; it is not a CSV text file")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CaseImportError("the file is empty; the first row must name the columns", row=1)
    dialect = _dialect(lines[0])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise CaseImportError(f"the CSV cannot be read: {exc}") from None
    header = [cell.strip() for cell in rows[0]]
    columns = _check_header(header, framework)
    now = utc_now()
    taken = {(c.sample, c.reference.casefold()) for c in existing}
    cases: list[Case] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise CaseImportError(
                f"has {len(row)} cells but the header names {len(header)} columns", row=number
            )
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        case = _case_from_row(cells, columns, framework, number, set_by, now)
        key = (case.sample, case.reference.casefold())
        if key in taken:
            raise CaseImportError(
                f"case reference '{case.reference}' is already in the '{case.sample}' sample",
                row=number,
                column=REFERENCE_COLUMN,
            )
        taken.add(key)
        cases.append(case)
    return cases


def _dialect(header_line: str) -> type[csv.Dialect]:
    # Excel in many European locales separates with semicolons; exports from other tools use
    # tabs. The header decides, since it must contain case_ref and at least one other column.
    class Detected(csv.excel):
        pass

    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    separator = max(counts, key=lambda sep: counts[sep])
    Detected.delimiter = separator if counts[separator] else ","
    return Detected


def _check_header(header: list[str], framework: Framework) -> dict[str, str]:
    """Map each column to what it holds: 'case', 'attribute' or 'question'."""
    columns: dict[str, str] = {}
    for index, name in enumerate(header):
        column_label = name or f"#{index + 1}"
        if not name:
            raise CaseImportError("a column has no name", row=1, column=column_label)
        if name in columns:
            raise CaseImportError("the column appears twice", row=1, column=name)
        if name in CASE_COLUMNS:
            columns[name] = "case"
        elif name in framework.attributes_by_id:
            columns[name] = "attribute"
        elif name in framework.questions:
            columns[name] = "question"
        else:
            known = ", ".join([*CASE_COLUMNS, *framework.attributes_by_id])
            raise CaseImportError(
                f"unknown column; expected {known}, or a question id of {framework.id} "
                f"such as {next(iter(framework.key_questions_by_id))}",
                row=1,
                column=name,
            )
    if REFERENCE_COLUMN not in columns:
        raise CaseImportError("the header has no 'case_ref' column", row=1)
    return columns


def _case_from_row(
    cells: dict[str, str],
    columns: dict[str, str],
    framework: Framework,
    row: int,
    set_by: str,
    now,
) -> Case:
    reference = cells.get(REFERENCE_COLUMN, "")
    if not reference:
        raise CaseImportError("the case reference is blank", row=row, column=REFERENCE_COLUMN)
    sample = cells.get("sample", "") or framework.default_sample
    if sample not in framework.samples_by_id:
        known = ", ".join(framework.samples_by_id)
        raise CaseImportError(
            f"unknown sample '{sample}'; use one of: {known}", row=row, column="sample"
        )
    attributes: dict[str, str] = {}
    answers: dict[str, Answer] = {}
    for name, kind in columns.items():
        value = cells.get(name, "")
        if kind == "attribute" and value:
            attribute = framework.attributes_by_id[name]
            if not attribute.applies_to(sample):
                raise CaseImportError(
                    f"'{attribute.label}' is not recorded for the '{sample}' sample",
                    row=row,
                    column=name,
                )
            if attribute.values is not None:
                match = _match_choice(value, attribute.values)
                if match is None:
                    allowed = ", ".join(attribute.values)
                    label = attribute.label.lower()
                    raise CaseImportError(
                        f"'{value}' is not a valid {label}; use one of: {allowed}",
                        row=row,
                        column=name,
                    )
                value = match
            attributes[name] = value
        elif kind == "question" and value:
            question = framework.questions[name]
            try:
                answer = parse_answer(value)
            except ValueError as exc:
                raise CaseImportError(str(exc), row=row, column=name) from None
            if question.sample != sample:
                raise CaseImportError(
                    f"{name} is asked in the '{question.sample}' sample, but this case is in "
                    f"'{sample}'",
                    row=row,
                    column=name,
                )
            if answer == "not_applicable" and not question.allows_not_applicable:
                raise CaseImportError(
                    f"{name} cannot be answered 'Not applicable'", row=row, column=name
                )
            answers[name] = Answer(value=answer, set_by=set_by, set_at=now)
    return Case(
        reference=reference,
        sample=sample,
        inspector=cells.get("inspector", ""),
        attributes=attributes,
        answers=answers,
    )


def _match_choice(value: str, choices: list[str]) -> str | None:
    folded = value.casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    return None
