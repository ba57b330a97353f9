"""Templates, report texts, output paths and the command line of the Word export."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from inspector_app.cli.main import main
from inspector_app.core.document import Inspection
from inspector_app.core.framework import Framework
from inspector_app.core.storage import load_inspection
from inspector_app.export import docx_report
from inspector_app.export.build_template import build_template, default_template_path
from inspector_app.export.docx_report import ReportExportError, export_docx
from inspector_app.export.report_text import (
    read_report_text,
    text_folder,
    text_path_for,
    user_text_folder,
)
from inspector_app.export.styles import REQUIRED_STYLES
from inspector_app.paths import example_inspection_path


@pytest.fixture(scope="module")
def example() -> Inspection:
    return load_inspection(example_inspection_path()).document


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- the base template ----------------------------------------------------------------------


def test_the_committed_template_is_what_the_builder_makes() -> None:
    committed = default_template_path().read_bytes()
    assert _parts(committed) == _parts(build_template()), (
        "templates/report-base.docx is out of date: "
        "run python -m inspector_app.export.build_template"
    )


def test_the_base_template_holds_every_style_the_report_uses() -> None:
    template = docx.Document(str(default_template_path()))
    kinds = {
        WD_STYLE_TYPE.PARAGRAPH: "paragraph",
        WD_STYLE_TYPE.CHARACTER: "character",
        WD_STYLE_TYPE.TABLE: "table",
    }
    present = {style.name: kinds.get(style.type) for style in template.styles}
    for required in REQUIRED_STYLES:
        assert present.get(required.name) == required.kind, required.name
    section = template.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


# -- house templates ------------------------------------------------------------------------


def test_a_house_template_lacking_styles_gets_them_all_listed(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    house = tmp_path / "house.docx"
    docx.Document().save(str(house))  # Word's plain styles only
    out = tmp_path / "report.docx"
    with pytest.raises(ReportExportError) as raised:
        export_docx(example, pdu, out, template=house)
    message = str(raised.value)
    assert str(house) in message
    for name in ("Statement", "Rating", "Note", "Table Text", "Placeholder", "Report Table"):
        assert f"  - {name} (" in message
    for name in ("Heading 1", "List Bullet", "Caption"):
        assert f"  - {name} (" not in message
    assert not out.exists()


def test_a_style_of_the_wrong_kind_is_named(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    template = docx.Document(str(default_template_path()))
    placeholder = template.styles["Placeholder"]
    placeholder.element.getparent().remove(placeholder.element)
    template.styles.add_style("Placeholder", WD_STYLE_TYPE.PARAGRAPH)
    house = tmp_path / "house.docx"
    template.save(str(house))
    with pytest.raises(ReportExportError, match=r"Placeholder \(must be a character style"):
        export_docx(example, pdu, tmp_path / "report.docx", template=house)


def test_a_house_template_restyles_the_report_and_keeps_its_header(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    template = docx.Document(str(default_template_path()))
    template.styles["Heading 1"].font.name = "Georgia"
    template.sections[0].header.paragraphs[0].text = "OFFICIAL"
    template.add_paragraph("Sample text in the house template, not for the report")
    house = tmp_path / "house.docx"
    template.save(str(house))
    out = tmp_path / "report.docx"
    export_docx(example, pdu, out, template=house)
    report = docx.Document(str(out))
    assert report.styles["Heading 1"].font.name == "Georgia"
    assert report.sections[0].header.paragraphs[0].text == "OFFICIAL"
    assert all("Sample text" not in p.text for p in report.paragraphs)


def test_a_word_template_file_is_accepted(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    data = default_template_path().read_bytes()
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
                )
            target.writestr(item, content)
    out = tmp_path / "report.docx"
    export_docx(example, pdu, out, template=dotx)
    assert docx.Document(str(out)).paragraphs[1].text == "Brackenford PDU"


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"just some text", "notes.docx", "is not a Word document"),
        (None, "missing.docx", "does not exist"),
        (b"", "folder", "is a folder"),
    ],
)
def test_an_unusable_template_is_refused(
    example: Inspection,
    pdu: Framework,
    tmp_path: Path,
    content: bytes | None,
    name: str,
    expected: str,
) -> None:
    template = tmp_path / name
    if name == "folder":
        template.mkdir()
    elif content is not None:
        template.write_bytes(content)
    with pytest.raises(ReportExportError, match=expected):
        export_docx(example, pdu, tmp_path / "report.docx", template=template)


def test_a_zip_that_is_not_a_word_document_is_refused(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    template = tmp_path / "archive.docx"
    with zipfile.ZipFile(template, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    with pytest.raises(ReportExportError, match="is not a Word document"):
        export_docx(example, pdu, tmp_path / "report.docx", template=template)


# -- the output -----------------------------------------------------------------------------


def test_output_paths_that_cannot_work_are_refused_before_any_work(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "folder.docx").mkdir()
    cases = {
        tmp_path / "missing" / "report.docx": "does not exist",
        tmp_path / "a-file" / "report.docx": "is not a folder",
        tmp_path / "folder.docx": "that is a folder",
        tmp_path / "report.pdf": "ending in .docx",
    }
    for out, expected in cases.items():
        with pytest.raises(ReportExportError, match=expected):
            export_docx(example, pdu, out)


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"the report as it was")

    def cancel(done: int, total: int, label: str) -> None:
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_docx(example, pdu, out, progress=cancel)
    assert out.read_bytes() == b"the report as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_a_write_failure_is_reported_and_changes_nothing(
    example: Inspection, pdu: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"the report as it was")

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(docx_report.os, "replace", refuse)
    with pytest.raises(ReportExportError, match=r"permission denied\. If the file is open in Word"):
        export_docx(example, pdu, out)
    assert out.read_bytes() == b"the report as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_reported(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ReportExportError, match="permission denied"):
            export_docx(example, pdu, folder / "report.docx")
    finally:
        folder.chmod(0o700)


# -- report texts ---------------------------------------------------------------------------


def test_each_framework_has_a_report_text(pdu: Framework, nps: Framework) -> None:
    assert text_path_for(pdu).name == "pdu-2023.toml"
    assert text_path_for(nps).name == "nps-division-2018.toml"
    assert read_report_text(text_path_for(pdu)).shape == "pdu"
    assert read_report_text(text_path_for(nps)).shape == "nps-division"


def test_a_users_copy_of_a_report_text_comes_first(
    example: Inspection, pdu: Framework, tmp_path: Path
) -> None:
    edited = (
        (text_folder() / "pdu-2023.toml")
        .read_text("utf-8")
        .replace('heading = "Foreword"', 'heading = "Introduction by the Chief Inspector"')
    )
    copy = user_text_folder() / "pdu-2023.toml"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(edited, "utf-8")
    try:
        assert text_path_for(pdu) == copy
        out = tmp_path / "report.docx"
        export_docx(example, pdu, out)
        titles = [p.text for p in docx.Document(str(out)).paragraphs]
        assert "Introduction by the Chief Inspector" in titles
        assert "Foreword" not in titles
    finally:
        copy.unlink()


def test_a_framework_without_its_own_text_uses_its_shape(pdu: Framework) -> None:
    newer = pdu.model_copy(update={"id": "pdu-2026"})
    assert text_path_for(newer).name == "pdu-2023.toml"
    other = pdu.model_copy(update={"id": "youth-2026", "report_shape": "youth"})
    with pytest.raises(ReportExportError, match="no report text for the framework 'youth-2026'"):
        text_path_for(other)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('score = "Score {score}"', 'score = "Score {points}"'),
            r"sections\[6\]\.score: unknown field \{points\}",
        ),
        (
            ('score = "Score {score}"', 'score = "Score {score"'),
            r"sections\[6\]\.score: .*literal brace",
        ),
        (
            ('kind = "ratings"', 'kind = "ratings"\ncolour = "blue"'),
            "Extra inputs are not permitted",
        ),
        (('heading = "{id} {title}"\n', ""), r"standards\.heading: Field required"),
        (("shape = ", "shape = = "), "not valid TOML"),
    ],
)
def test_a_broken_report_text_is_reported_with_the_key(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    source = (text_folder() / "pdu-2023.toml").read_text("utf-8")
    old, new = change
    assert old in source
    broken = tmp_path / "pdu-2023.toml"
    broken.write_text(source.replace(old, new, 1), "utf-8")
    with pytest.raises(ReportExportError, match=expected) as raised:
        read_report_text(broken)
    assert str(broken) in str(raised.value)


# -- the command line -----------------------------------------------------------------------


def test_export_command_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "brackenford.docx"
    assert main(["export", str(example_inspection_path()), "--docx", str(out)]) == 0
    assert f"Wrote the report to {out}" in capsys.readouterr().out
    assert docx.Document(str(out)).paragraphs[1].text == "Brackenford PDU"


def test_export_command_lists_the_missing_styles(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    house = tmp_path / "house.docx"
    docx.Document().save(str(house))
    out = tmp_path / "report.docx"
    code = main(
        ["export", str(example_inspection_path()), "--docx", str(out), "--template", str(house)]
    )
    assert code == 2
    error = capsys.readouterr().err
    assert "lacks styles the report needs" in error
    assert "Report Table (table style" in error
    assert "Traceback" not in error
    assert not out.exists()
