"""The Word report skeleton of an inspection: `export_docx`.

    export_docx(document, framework, Path("report.docx"))

The report follows the framework's report text (`templates/report-text/<framework>.toml`):
its sections in order, its standard wording, and placeholders such as "[To be drafted:
foreword]" wherever the team has not written the narrative yet. Ratings, figures and facts
come from the inspection through the rating engine, computed once. Styles come from a Word
template: the built-in `templates/report-base.docx`, or a house template holding the same
named styles (see `inspector_app.export.styles.REQUIRED_STYLES`).

Every problem a user can cause raises `ReportExportError` with a message saying what to do,
before anything is written; the file is written whole or not at all.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm, Length
from lxml.etree import LxmlError

from inspector_app.core.document import Inspection
from inspector_app.core.framework import Framework
from inspector_app.export.build_template import default_template_path
from inspector_app.export.docx_writer import ReportWriter
from inspector_app.export.report_errors import ReportExportError
from inspector_app.export.report_facts import build_context
from inspector_app.export.report_sections import plan_report
from inspector_app.export.report_text import load_report_text
from inspector_app.export.styles import REQUIRED_STYLES
from inspector_app.export.text import one_line

__all__ = ["ProgressCallback", "ReportExportError", "export_docx", "open_template"]

# progress(done, total, label): called before each step with the number of steps done so far,
# and once more with done == total when the file is saved. Raise from it to cancel: nothing
# is written, and the exception reaches the caller.
ProgressCallback = Callable[[int, int, str], None]

DOCX_SUFFIX = ".docx"
_STYLE_TYPES = {
    WD_STYLE_TYPE.PARAGRAPH: "paragraph",
    WD_STYLE_TYPE.CHARACTER: "character",
    WD_STYLE_TYPE.TABLE: "table",
}
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CORE_PROPERTY_LIMIT = 255


def export_docx(
    document: Inspection,
    framework: Framework,
    out: Path,
    *,
    template: Path | None = None,
    progress: ProgressCallback | None = None,
) -> None:
    """Write the report of ``document`` to ``out`` (a .docx path).

    ``template`` is a house .docx (or .dotx) whose styles the report uses; by default the
    built-in one. ``progress`` is told of each step (see `ProgressCallback`). Raises
    `ReportExportError` for a missing or unsuitable template, a broken report text file, or
    an output path that cannot be written; an existing file at ``out`` is then unchanged.
    """
    out = Path(out)
    _check_output(out)
    text = load_report_text(framework)
    report = open_template(Path(template) if template is not None else default_template_path())
    context = build_context(document, framework, text)
    writer = ReportWriter(report, _text_width(report))
    steps = plan_report(context, writer)
    total = len(steps) + 1
    for done, step in enumerate(steps):
        if progress is not None:
            progress(done, total, step.label)
        step.write()
    writer.finish()
    _set_properties(report, document, framework)
    if progress is not None:
        progress(len(steps), total, "Saving the report")
    buffer = io.BytesIO()
    report.save(buffer)
    _write_atomically(out, buffer.getvalue())
    if progress is not None:
        progress(total, total, "Report saved")


# -- the template -----------------------------------------------------------------------------


def open_template(path: Path) -> Document:
    """The template as an empty document, its styles, page setup, headers and footers kept.

    Raises `ReportExportError` if it is missing, not a Word document, or lacks any style the
    report needs (all of them are listed).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportExportError(f"The report template {path} does not exist.") from None
    except IsADirectoryError:
        raise ReportExportError(
            f"The report template {path} is a folder, not a .docx file."
        ) from None
    except OSError as exc:
        raise ReportExportError(
            f"The report template {path} cannot be read ({exc.strerror})."
        ) from None
    not_word = ReportExportError(
        f"The report template {path} is not a Word document: choose a .docx or .dotx file."
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_word
    try:
        report = docx.Document(io.BytesIO(_as_document(data)))
    except (ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError, LxmlError):
        raise not_word from None
    _check_styles(report, path)
    body = report.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return report


def _as_document(data: bytes) -> bytes:
    """A Word template (.dotx) differs from a document only in its declared content type."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        try:
            types = source.read("[Content_Types].xml")
        except KeyError:
            return data
        if _TEMPLATE_TYPE not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                target.writestr(item, content)
        return out.getvalue()


def _check_styles(report: Document, path: Path) -> None:
    present = {style.name: _STYLE_TYPES.get(style.type) for style in report.styles}
    problems = []
    for required in REQUIRED_STYLES:
        kind = present.get(required.name)
        if kind is None:
            problems.append(f"{required.name} ({required.kind} style, for {required.purpose})")
        elif kind != required.kind:
            problems.append(
                f"{required.name} (must be a {required.kind} style, not a {kind} style)"
            )
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise ReportExportError(
            f"The report template {path} lacks styles the report needs:\n{listed}\n"
            f"Add them to the template, or start a house template from {default_template_path()}."
        )


def _text_width(report: Document) -> Length:
    section = report.sections[-1]
    try:
        width = section.page_width - section.left_margin - section.right_margin
    except TypeError:  # a template that leaves the page size to Word's defaults
        return Cm(16)
    return Length(width) if width > Cm(5) else Cm(16)


def _set_properties(report: Document, document: Inspection, framework: Framework) -> None:
    def fit(text: str) -> str:
        return one_line(text)[:_CORE_PROPERTY_LIMIT]

    properties = report.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.title = fit(f"Inspection of probation services: {document.meta.unit}")
    properties.subject = fit(framework.title)
    properties.author = fit(document.meta.lead_inspector)
    properties.last_modified_by = ""
    properties.keywords = ""
    properties.comments = "Report skeleton exported by Inspection Workbench"
    properties.created = now
    properties.modified = now
    properties.revision = 1


# -- the output -------------------------------------------------------------------------------


def _check_output(out: Path) -> None:
    if out.suffix.lower() != DOCX_SUFFIX:
        raise ReportExportError(
            f"The report must be saved as a Word document ending in {DOCX_SUFFIX}: {out}"
        )
    folder = out.parent
    if not folder.exists():
        raise ReportExportError(f"Cannot save the report: the folder {folder} does not exist.")
    if not folder.is_dir():
        raise ReportExportError(f"Cannot save the report: {folder} is not a folder.")
    if out.is_dir():
        raise ReportExportError(f"Cannot save the report as {out}: that is a folder.")


def _write_atomically(out: Path, data: bytes) -> None:
    """Write to a temporary file beside ``out`` and rename it over ``out``: a failure at any
    point leaves whatever was at ``out`` before."""
    folder = out.parent
    temp_name: str | None = None
    try:
        mode = out.stat().st_mode & 0o777 if out.exists() else 0o644
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp_name, mode)
        os.replace(temp_name, out)
        temp_name = None
    except OSError as exc:
        raise ReportExportError(_describe_write_error(out, exc)) from None
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _describe_write_error(out: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return (
            f"Cannot save the report as {out}: permission denied. If the file is open in Word, "
            "close it; otherwise choose a folder you can write to."
        )
    reason = exc.strerror or re.sub(r"^\[Errno \d+\] ", "", str(exc))
    return f"Cannot save the report as {out}: {reason}."
