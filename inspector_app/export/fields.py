"""Word fields (page numbers, figure numbers, the table of contents) as python-docx runs.

A field is a begin mark, an instruction, a separator, the result Word shows until it updates
the field, and an end mark. The result written here is what LibreOffice and Word show before
any update, so it is always a sensible value rather than an empty gap.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def _mark(paragraph: Paragraph, kind: str) -> Run:
    run = paragraph.add_run()
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        # Word recalculates the field when the document is opened.
        mark.set(qn("w:dirty"), "true")
    run._r.append(mark)
    return run


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """Start a field whose result follows in this and possibly later paragraphs."""
    _mark(paragraph, "begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    _mark(paragraph, "separate")


def end_field(paragraph: Paragraph) -> None:
    _mark(paragraph, "end")


def append_field(paragraph: Paragraph, instruction: str, result: str) -> Run:
    """A whole field inside one paragraph; returns the run holding the shown result."""
    begin_field(paragraph, instruction)
    shown = paragraph.add_run(result)
    end_field(paragraph)
    return shown
