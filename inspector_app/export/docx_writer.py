"""Writing the report into a python-docx document: paragraphs, lists, tables, pictures, notes.

`ReportWriter` knows nothing about inspections. It takes text (plain or as `Segment`s),
applies the template's named styles, and keeps what the document needs at the end: the
headings for the contents' cached entries and the running numbers of figures and notes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from inspector_app.export import styles
from inspector_app.export.fields import append_field, begin_field, end_field
from inspector_app.export.report_text import Segment
from inspector_app.export.text import clean_text, narrative_blocks, one_line

Content = str | Sequence[Segment]

_HEADING_STYLES = {1: styles.HEADING_1, 2: styles.HEADING_2, 3: styles.HEADING_3}
# Children of a settings part that come after <w:updateFields> in the schema's order, which
# Word insists on.
_AFTER_UPDATE_FIELDS = frozenset(
    qn(tag)
    for tag in (
        "w:hdrShapeDefaults",
        "w:footnotePr",
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "m:mathPr",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "sl:schemaLibrary",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    )
)


@dataclass(frozen=True, slots=True)
class Cell:
    content: Content
    bold: bool = False
    shade: str | None = None
    # Further paragraphs in the cell, in the Note style (a standard's statement, say).
    notes: tuple[Content, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    cells: Sequence[Cell]
    # One cell across the whole row: a group heading inside a table.
    span: bool = False
    # Keep on the same page as the next row (a heading row with its first item).
    keep_with_next: bool = False


@dataclass
class ReportWriter:
    document: Document
    text_width: Length
    headings: list[tuple[int, str]] = field(default_factory=list)
    _figures: int = 0
    _notes: int = 0
    _contents_anchor: Paragraph | None = None

    def __post_init__(self) -> None:
        found = {s.name: s for s in self.document.styles}
        self._style = {s.name: found[s.name] for s in styles.REQUIRED_STYLES}
        # Style ids looked up once: python-docx would search the style sheet on every use.
        default = self.document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._style_id = {
            name: (None if style == default else style.style_id)
            for name, style in self._style.items()
        }
        # Word writes this style's name in lower case ("toc 1"); python-docx keeps it so.
        by_lower_name = {name.lower(): style for name, style in found.items()}
        entry = by_lower_name.get(styles.CONTENTS_ENTRY.lower())
        paragraph_type = WD_STYLE_TYPE.PARAGRAPH
        self._entry_style = entry if entry is not None and entry.type == paragraph_type else None

    # -- paragraphs -----------------------------------------------------------------------

    def paragraph(
        self,
        content: Content = "",
        style: str = styles.NORMAL,
        *,
        keep_with_next: bool = False,
        new_page: bool = False,
        bold: bool = False,
    ) -> Paragraph:
        paragraph = self._new_paragraph(style)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        self.write(paragraph, content, bold=bold)
        return paragraph

    def _new_paragraph(self, style: str) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self._style_id[style]
        return paragraph

    def write(self, paragraph: Paragraph, content: Content, *, bold: bool = False) -> None:
        """Add text to a paragraph: a plain string, or segments each with its own look."""
        if isinstance(content, str):
            if content:
                run = paragraph.add_run(one_line(content))
                if bold:
                    run.bold = True
            return
        placeholder = self._style_id[styles.PLACEHOLDER]
        for segment in content:
            if not segment.text:
                continue
            run = paragraph.add_run(clean_text(segment.text))
            if segment.placeholder:
                run._r.style = placeholder
            if segment.bold or bold:
                run.bold = True
            if segment.superscript:
                run.font.superscript = True

    def heading(self, content: Content, level: int, *, new_page: bool = False) -> Paragraph:
        paragraph = self.paragraph(content, _HEADING_STYLES[level], new_page=new_page)
        self.headings.append((level, paragraph.text))
        return paragraph

    def bullets(self, items: Sequence[Content]) -> None:
        for item in items:
            self.paragraph(item, styles.LIST_BULLET)

    def numbered(self, items: Sequence[Content]) -> None:
        for item in items:
            self.paragraph(item, styles.LIST_NUMBER)

    def narrative(self, text: str, placeholder: Content) -> bool:
        """Paragraphs and bullets as the team wrote them, or the placeholder when they have
        written nothing yet. Returns whether there was text."""
        blocks = narrative_blocks(text)
        if not blocks:
            self.paragraph(placeholder)
            return False
        for block in blocks:
            if block.bullets:
                self.bullets(block.items)
            else:
                # Paragraphs reach the document as typed, tabs included.
                self._new_paragraph(styles.NORMAL).add_run(block.items[0])
        return True

    def items_or_placeholder(self, items: Sequence[str], placeholder: Content) -> None:
        cleaned = [line for line in (one_line(item) for item in items) if line]
        if cleaned:
            self.bullets(cleaned)
        else:
            self.paragraph(placeholder)

    # -- notes ----------------------------------------------------------------------------

    def note_marker(self) -> tuple[Segment, int]:
        """A superscript note number for the text, and the number for `note`."""
        self._notes += 1
        return Segment(str(self._notes), superscript=True), self._notes

    def note(self, content: Content, number: int | None = None) -> Paragraph:
        paragraph = self.paragraph(style=styles.NOTE)
        if number is not None:
            run = paragraph.add_run(f"{number} ")
            run.font.superscript = True
        self.write(paragraph, content)
        return paragraph

    # -- tables and pictures --------------------------------------------------------------

    def table(
        self,
        header: Sequence[Content],
        widths: Sequence[float],
        rows: Sequence[Row],
        *,
        keep_together: bool = False,
    ) -> Table:
        """A table in the Report Table style; ``widths`` are fractions of the text width.
        ``keep_together`` keeps a short table on one page."""
        table = self.document.add_table(rows=0, cols=len(header))
        table.style = self._style[styles.REPORT_TABLE]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for grid_column, share in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_column.w = Length(int(self.text_width * share))
        self._row(table, Row([Cell(text) for text in header]), header=True, keep=keep_together)
        for index, row in enumerate(rows):
            last = index == len(rows) - 1
            self._row(table, row, keep=(keep_together or row.keep_with_next) and not last)
        return table

    def _row(self, table: Table, row: Row, *, header: bool = False, keep: bool = False) -> None:
        added = table.add_row()
        properties = added._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if header:
            properties.append(OxmlElement("w:tblHeader"))
        cells: Sequence[_Cell] = added.cells
        if row.span:
            cells = [cells[0].merge(cells[-1])]
        for cell, spec in zip(cells, row.cells, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = self._style_id[styles.TABLE_TEXT]
            self.write(paragraph, spec.content, bold=spec.bold)
            for note in spec.notes:
                note_paragraph = cell.add_paragraph()
                note_paragraph._p.style = self._style_id[styles.NOTE]
                self.write(note_paragraph, note)
            if keep:
                for cell_paragraph in cell.paragraphs:
                    cell_paragraph.paragraph_format.keep_with_next = True
            if spec.shade:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), spec.shade)
                cell._tc.get_or_add_tcPr().append(shading)

    def spacer(self) -> None:
        """A small gap after a table, so that the next paragraph does not touch it."""
        self.paragraph(style=styles.NOTE)

    def picture(self, png: bytes, caption: Content, width: Length, description: str) -> None:
        """A centred picture with a numbered caption; ``description`` is its alternative text
        for screen readers."""
        paragraph = self.paragraph(keep_with_next=True)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(10)
        paragraph.paragraph_format.space_after = 0
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=width)
        shape._inline.docPr.set("descr", one_line(description))
        self._figures += 1
        caption_paragraph = self.paragraph(style=styles.CAPTION)
        caption_paragraph.add_run("Figure ")
        append_field(caption_paragraph, r"SEQ Figure \* ARABIC", str(self._figures))
        caption_paragraph.add_run(": ")
        self.write(caption_paragraph, caption)

    # -- contents -------------------------------------------------------------------------

    def contents(self, heading: Content, *, new_page: bool) -> None:
        """The contents heading and a place for the contents field, filled by `finish`."""
        self.paragraph(heading, styles.CONTENTS_HEADING, new_page=new_page)
        self._contents_anchor = self.document.add_paragraph(style=self._entry_style)

    def finish(self) -> None:
        """Write the contents field, its cached entries being the chapter headings, and ask
        Word to update the fields when the document is opened."""
        if self._contents_anchor is not None:
            self._write_contents(self._contents_anchor)
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            later = next((c for c in settings if c.tag in _AFTER_UPDATE_FIELDS), None)
            if later is not None:
                later.addprevious(update)
            else:
                settings.append(update)

    def _write_contents(self, anchor: Paragraph) -> None:
        entries = [text for level, text in self.headings if level == 1]
        begin_field(anchor, r'TOC \o "1-1" \h \z \u')
        last = anchor
        for index, entry in enumerate(entries):
            if index == 0:
                anchor.add_run(entry)
                continue
            paragraph = Paragraph(OxmlElement("w:p"), anchor._parent)
            paragraph.style = self._entry_style
            paragraph.add_run(entry)
            last._p.addnext(paragraph._p)
            last = paragraph
        end_field(last)
