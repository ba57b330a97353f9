"""The report's section order and standard wording, read from `templates/report-text/*.toml`.

Each framework has a text file named after its id (`pdu-2023.toml`); a framework without one
uses a file written for its report shape (`shape = "pdu"`). The files are plain text an
inspector can edit: `{name}` is filled in from the inspection, and `[text in brackets]` is
printed as a placeholder for the team to replace. Every file is checked when it is read, and a
mistake is reported with the file, the key and the problem.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from inspector_app import paths
from inspector_app.core.errors import describe_validation_error
from inspector_app.core.framework import Framework
from inspector_app.export.report_errors import ReportExportError
from inspector_app.export.text import one_line

TEXT_FOLDER = "report-text"

# Every field a text may use. Which are filled depends on where the text is used; the
# comments at the top of each text file say which.
KNOWN_FIELDS = frozenset(
    {
        # the inspection
        "unit", "provider", "region", "provider_and_region", "month_year", "lead_inspector",
        "team", "framework_title", "fieldwork", "fieldwork_start", "sentence_counts",
        "sample_windows", "interviews", "sample_sizes", "cases", "score", "overall_rating",
        # a standard or domain
        "id", "title", "title_lower", "count_words", "rating", "computed", "rationale",
        "bases", "pending", "warning", "domain_id", "domain_title",
        # lists, samples, placeholders
        "addressee", "what", "sample_title", "description", "count", "cases_pending",
        "standards",
    }
)  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Strict):
    """Nouns that follow a count: the singular and the plural."""

    sentence_types: dict[str, tuple[str, str]]
    sentence_type_missing: tuple[str, str]
    practitioners: tuple[str, str]
    cases: tuple[str, str]


class StandardTexts(_Strict):
    heading: str
    rating: str
    not_rated: str
    provisional: str
    override: str
    summary_placeholder: str
    strengths_heading: str
    strengths_placeholder: str
    areas_heading: str
    areas_placeholder: str
    guidance_heading: str = ""
    lowest_rule: str
    table_question: str
    table_percent: str
    no_figure: str
    chart_caption: str
    findings_placeholder: str
    method_note: str
    pending_note: str
    rounding_note: str


class _Section(_Strict):
    heading: str = ""
    level: Literal[1, 2] = 1
    new_page: bool = False
    # Leave the section out when the team has written nothing for it (and say nothing).
    only_when_drafted: bool = False


class CoverSection(_Section):
    kind: Literal["cover"]
    kicker: str
    lines: list[str]


class ContentsSection(_Section):
    kind: Literal["contents"]


class AcknowledgementsSection(_Section):
    kind: Literal["acknowledgements"]
    # Printed when the team has not written acknowledgements of its own.
    text: str


class BoilerplateSection(_Section):
    kind: Literal["boilerplate"]
    text: str


class ForewordSection(_Section):
    kind: Literal["foreword"]
    placeholder: str
    signatory_placeholder: str


class OverallFindingsSection(_Section):
    kind: Literal["overall_findings"]
    intro: str
    domain_heading: str
    standard_line: str


class RatingsSection(_Section):
    kind: Literal["ratings"]
    fieldwork: str
    score: str
    overall: str
    column_standard: str
    column_rating: str
    domain_row: str
    pending_note: str
    unrated_note: str
    override_note: str


class RecommendationsSection(_Section):
    kind: Literal["recommendations"]
    intro: str
    addressee: str
    placeholder: str


class BackgroundSection(_Section):
    kind: Literal["background"]
    facts: str
    placeholder: str


class DomainSection(_Section):
    kind: Literal["domain"]
    domain: str
    summary_placeholder: str = ""


class FeedbackSection(_Section):
    kind: Literal["feedback"]
    placeholder: str


class FindingsSection(_Section):
    kind: Literal["diversity", "outcomes"]
    # Empty: an empty summary is simply left out.
    summary_placeholder: str = ""
    strengths_placeholder: str
    areas_placeholder: str
    # Outcomes only: a table of the outcome figures from the cases, when there are any.
    figures_caption: str = ""
    column_outcome: str = ""
    column_count: str = ""
    column_percent: str = ""
    count: str = ""


class PreviousRecommendationsSection(_Section):
    kind: Literal["previous_recommendations"]
    intro_placeholder: str
    columns: tuple[str, str, str, str]
    row_placeholder: str
    progress_placeholder: str
    required_yes: str
    required_no: str
    required_placeholder: str


class MethodologySection(_Section):
    kind: Literal["methodology"]
    text: str
    sample_line: str


class ResultsAnnexSection(_Section):
    kind: Literal["results_annex"]
    intro: str
    column_question: str
    column_result: str


Section = Annotated[
    CoverSection
    | ContentsSection
    | AcknowledgementsSection
    | BoilerplateSection
    | ForewordSection
    | OverallFindingsSection
    | RatingsSection
    | RecommendationsSection
    | BackgroundSection
    | DomainSection
    | FeedbackSection
    | FindingsSection
    | PreviousRecommendationsSection
    | MethodologySection
    | ResultsAnnexSection,
    Field(discriminator="kind"),
]


class ReportText(_Strict):
    shape: str
    draft_placeholder: str
    missing: dict[str, str]
    words: Words
    standards: StandardTexts
    sections: list[Section]

    @field_validator("missing")
    @classmethod
    def _every_missing_fact_has_words(cls, missing: dict[str, str]) -> dict[str, str]:
        needed = [key for key in MISSING_KEYS if key not in missing]
        if needed:
            raise ValueError(f"no placeholder given for: {', '.join(needed)}")
        return missing


# Facts that an inspection may not record yet; each needs a placeholder in [missing].
MISSING_KEYS = (
    "unit",
    "region",
    "lead_inspector",
    "team",
    "month_year",
    "fieldwork",
    "fieldwork_start",
    "sample_windows",
    "interviews",
    "overall_rating",
    "addressee",
)


# -- loading ----------------------------------------------------------------------------------


def text_folder() -> Path:
    """The report texts that ship with the app."""
    return paths.templates_dir() / TEXT_FOLDER


def user_text_folder() -> Path:
    """Report texts an inspector has added or edited; a file here replaces the built-in one
    with the same name, as for frameworks."""
    return paths.user_data_dir() / TEXT_FOLDER


def text_path_for(framework: Framework, folder: Path | None = None) -> Path:
    """The text file for a framework: its own (the user's copy first), else the first written
    for its report shape. ``folder`` searches that folder alone."""
    folders = [folder] if folder is not None else [user_text_folder(), text_folder()]
    for where in folders:
        own = where / f"{framework.id}.toml"
        if own.is_file():
            return own
    for where in folders:
        for candidate in sorted(where.glob("*.toml")):
            try:
                shape = tomllib.loads(candidate.read_text("utf-8")).get("shape")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if shape == framework.report_shape:
                return candidate
    searched = " or ".join(str(where) for where in folders)
    raise ReportExportError(
        f"There is no report text for the framework '{framework.id}' in {searched}: add "
        f'{framework.id}.toml there, or a file with shape = "{framework.report_shape}".'
    )


def load_report_text(framework: Framework, folder: Path | None = None) -> ReportText:
    return read_report_text(text_path_for(framework, folder))


def read_report_text(path: Path) -> ReportText:
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ReportExportError(f"{path}: cannot read the report text ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ReportExportError(
            f"{path}: the report text is not UTF-8 (byte {exc.start})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ReportExportError(f"{path}: the report text is not valid TOML: {exc}") from None
    try:
        text = ReportText.model_validate(data)
    except ValidationError as exc:
        raise ReportExportError(f"{path}: {describe_validation_error(exc, data)}") from None
    for where, value in _strings(data):
        problem = _field_problem(value)
        if problem:
            raise ReportExportError(f"{path}: {where}: {problem}")
    return text


def _strings(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}[{index}]")


def _field_problem(template: str) -> str | None:
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as exc:
        return f"{exc} (write {{{{ or }}}} for a literal brace)"
    for _literal, name, _spec, _conversion in parsed:
        if name is not None and name not in KNOWN_FIELDS:
            return f"unknown field {{{name}}}"
    return None


# -- filling in -------------------------------------------------------------------------------


class Placeholder(str):
    """A value printed as a placeholder: a fact the inspection does not record yet."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text with one look."""

    text: str
    placeholder: bool = False
    bold: bool = False
    superscript: bool = False


def render(
    template: str, values: Mapping[str, object], where: str = "report text"
) -> list[Segment]:
    """Fill ``template`` from ``values``. Text in square brackets, and any `Placeholder`
    value, becomes a placeholder segment. Values are user text: they are cleaned, and
    brackets inside them are never read as placeholders."""
    segments: list[Segment] = []
    inside = False
    for literal, name, _spec, _conversion in Formatter().parse(template):
        start = 0
        for index, char in enumerate(literal):
            if char == "[" and not inside:
                _add(segments, literal[start:index], False)
                start, inside = index, True
            elif char == "]" and inside:
                _add(segments, literal[start : index + 1], True)
                start, inside = index + 1, False
        _add(segments, literal[start:], inside)
        if name is None:
            continue
        if name not in values:
            raise ReportExportError(f"{where}: the field {{{name}}} cannot be used here")
        value = values[name]
        _add(segments, one_line(str(value)), inside or isinstance(value, Placeholder))
    return segments


def render_plain(template: str, values: Mapping[str, object], where: str = "report text") -> str:
    return "".join(segment.text for segment in render(template, values, where))


def _add(segments: list[Segment], text: str, placeholder: bool) -> None:
    if not text:
        return
    if segments and segments[-1].placeholder == placeholder and not segments[-1].bold:
        segments[-1] = Segment(segments[-1].text + text, placeholder)
    else:
        segments.append(Segment(text, placeholder))
