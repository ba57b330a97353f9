"""Build `templates/report-base.docx`, the Word template that holds every style the report uses.

    python -m inspector_app.export.build_template [--out PATH]

The template starts from python-docx's own blank document, keeps its numbering (for the bullet
and numbered lists), sets A4 pages with numbered footers, and defines each style in
`inspector_app.export.styles.REQUIRED_STYLES` here, in one place. The file is written with
fixed timestamps, so rebuilding an unchanged template gives the same bytes and the committed
copy can be checked against this script.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from inspector_app import paths
from inspector_app.export import styles
from inspector_app.export.fields import append_field

TEMPLATE_NAME = "report-base.docx"

# A4 with 23 mm margins: a 164 mm text column, which charts and tables are sized to.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_MM = 23
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
_TEXT_WIDTH_TWIPS = round(TEXT_WIDTH_MM / 25.4 * 1440)

_INK = "0B0C0C"
_MUTED = "404040"
_FONT = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsiaTheme="minorEastAsia"/>'

# Each style in full, replacing python-docx's version where it has one. Sizes are half-points.
_STYLE_XML: tuple[str, ...] = (
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:default="1" w:styleId="Normal">
      <w:name w:val="Normal"/><w:qFormat/>
      <w:pPr><w:spacing w:after="160" w:line="264" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:color w:val="{_INK}"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Title">
      <w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="10"/><w:qFormat/>
      <w:pPr><w:spacing w:before="240" w:after="360" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:b/><w:bCs/><w:color w:val="{styles.ACCENT}"/><w:kern w:val="28"/>
      <w:sz w:val="60"/><w:szCs w:val="60"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Subtitle">
      <w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="11"/><w:qFormat/>
      <w:pPr><w:spacing w:after="200" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:color w:val="{_MUTED}"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Heading1">
      <w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="9"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/><w:pageBreakBefore/>
      <w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="{styles.ACCENT}"/></w:pBdr>
      <w:spacing w:before="0" w:after="280" w:line="240" w:lineRule="auto"/>
      <w:outlineLvl w:val="0"/></w:pPr>
      <w:rPr><w:b/><w:bCs/><w:color w:val="{styles.ACCENT}"/>
      <w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Heading2">
      <w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/>
      <w:spacing w:before="360" w:after="120" w:line="240" w:lineRule="auto"/>
      <w:outlineLvl w:val="1"/></w:pPr>
      <w:rPr><w:b/><w:bCs/><w:color w:val="{styles.ACCENT}"/>
      <w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Heading3">
      <w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/>
      <w:spacing w:before="240" w:after="80" w:line="240" w:lineRule="auto"/>
      <w:outlineLvl w:val="2"/></w:pPr>
      <w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Caption">
      <w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="35"/><w:unhideWhenUsed/><w:qFormat/>
      <w:pPr><w:spacing w:before="60" w:after="240" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:i/><w:iCs/><w:color w:val="{_MUTED}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
      </w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOCHeading">
      <w:name w:val="TOC Heading"/><w:basedOn w:val="Heading1"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/>
      <w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC1">
      <w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="39"/><w:unhideWhenUsed/>
      <w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{_TEXT_WIDTH_TWIPS}"/></w:tabs>
      <w:spacing w:before="60" w:after="100"/></w:pPr>
      <w:rPr><w:b/><w:bCs/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="Statement">
      <w:name w:val="Statement"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="20"/><w:qFormat/>
      <w:pPr><w:keepNext/>
      <w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{styles.ACCENT}"/></w:pBdr>
      <w:spacing w:before="60" w:after="200"/><w:ind w:left="227"/></w:pPr>
      <w:rPr><w:color w:val="{styles.ACCENT}"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>
      </w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="Rating">
      <w:name w:val="Rating"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="20"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:spacing w:after="120"/></w:pPr>
      <w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="Note">
      <w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
      <w:uiPriority w:val="20"/><w:qFormat/>
      <w:pPr><w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:color w:val="{_MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="TableText">
      <w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/>
      <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="character" w:customStyle="1" w:styleId="Placeholder">
      <w:name w:val="Placeholder"/><w:uiPriority w:val="20"/><w:qFormat/>
      <w:rPr><w:i/><w:iCs/><w:color w:val="7A4B00"/>
      <w:shd w:val="clear" w:color="auto" w:fill="FFF1C7"/></w:rPr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="ReportTable">
      <w:name w:val="Report Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>
      <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:tblPr><w:tblBorders>
        <w:top w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/>
        <w:left w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/>
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/>
        <w:right w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/>
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/>
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/>
      </w:tblBorders>
      <w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
      <w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>
      <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>
      <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{styles.DOMAIN_ROW_TINT}"/></w:tcPr>
      </w:tblStylePr></w:style>""",
    f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Footer">
      <w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>
      <w:unhideWhenUsed/>
      <w:pPr><w:jc w:val="center"/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:rPr><w:color w:val="{_MUTED}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>""",
)

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Styles the blank document has that the report never uses and a template is tidier without.
_KEEP_TABLE_STYLES = {"TableNormal", "TableGrid", "ReportTable"}


def build_template() -> bytes:
    """The template as the bytes of a .docx file."""
    document = docx.Document()
    _drop_unused_parts(document)
    _set_defaults(document)
    _define_styles(document)
    _set_list_spacing(document)
    _set_page(document)
    _clear_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_timestamps(buffer.getvalue())


def _drop_unused_parts(document: docx.document.Document) -> None:
    # Word 2010's duplicate style sheet, a thumbnail of an empty page and a custom-XML stub.
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]


def _set_defaults(document: docx.document.Document) -> None:
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_element.remove(defaults)
    styles_element.insert(
        0,
        parse_xml(
            f"""<w:docDefaults {nsdecls("w")}>
            <w:rPrDefault><w:rPr>{_FONT}<w:sz w:val="22"/><w:szCs w:val="22"/>
            <w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
            <w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="264" w:lineRule="auto"/>
            </w:pPr></w:pPrDefault></w:docDefaults>"""
        ),
    )


def _define_styles(document: docx.document.Document) -> None:
    styles_element = document.styles.element
    for style in list(styles_element.findall(qn("w:style"))):
        if (
            style.get(qn("w:type")) == "table"
            and style.get(qn("w:styleId")) not in _KEEP_TABLE_STYLES
        ):
            styles_element.remove(style)
    by_id = {s.get(qn("w:styleId")): s for s in styles_element.findall(qn("w:style"))}
    for xml in _STYLE_XML:
        new = parse_xml(xml)
        old = by_id.get(new.get(qn("w:styleId")))
        if old is not None:
            old.addprevious(new)
            styles_element.remove(old)
        else:
            styles_element.append(new)


def _set_list_spacing(document: docx.document.Document) -> None:
    # The blank document's list styles keep their numbering; only the spacing changes.
    for name in (styles.LIST_BULLET, styles.LIST_NUMBER):
        style = document.styles[name]
        style.paragraph_format.space_after = Mm(1.5)
        contextual = style.element.pPr.find(qn("w:contextualSpacing"))
        if contextual is not None:
            style.element.pPr.remove(contextual)


def _set_page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header_distance = Mm(12)
    section.footer_distance = Mm(12)
    # The cover has no page number; every other page has one, centred in the footer.
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    append_field(footer, "PAGE", "1")
    section.first_page_footer.paragraphs[0].style = document.styles["Footer"]


def _clear_properties(document: docx.document.Document) -> None:
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.title = "Inspection report"
    properties.subject = ""
    properties.keywords = ""
    properties.comments = "Base template of the Inspection Workbench report export"
    properties.revision = 1


def _with_fixed_timestamps(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def default_template_path() -> Path:
    return paths.templates_dir() / TEMPLATE_NAME


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the report's base Word template.")
    parser.add_argument("--out", type=Path, help=f"where to write it (default: {TEMPLATE_NAME})")
    args = parser.parse_args(argv)
    out = args.out or default_template_path()
    out.write_bytes(build_template())
    check = docx.Document(str(out))
    missing = [s.name for s in styles.REQUIRED_STYLES if s.name not in _names(check)]
    if missing:
        print(f"the template lacks: {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"Wrote {out}")
    return 0


def _names(document: docx.document.Document) -> set[str]:
    return {s.name for s in document.styles if s.type in tuple(WD_STYLE_TYPE)}


if __name__ == "__main__":
    sys.exit(main())
