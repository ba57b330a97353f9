"""The exported report opens in another word processor: LibreOffice converts it to PDF."""

from __future__ import annotations

import re
from pathlib import Path

from inspector_app.core.framework import Framework
from inspector_app.core.storage import load_inspection
from inspector_app.core.synthetic import GenerationSpec, generate
from inspector_app.export.docx_report import export_docx
from inspector_app.paths import example_inspection_path
from tests.office import convert, needs_libreoffice

pytestmark = needs_libreoffice


def test_both_reports_convert_to_pdf(pdu: Framework, nps: Framework, tmp_path: Path) -> None:
    example = load_inspection(example_inspection_path()).document
    pdu_report = tmp_path / "brackenford.docx"
    export_docx(example, pdu, pdu_report)
    divisional = generate(GenerationSpec(framework=nps, cases=60, seed=5, complete_share=0.8))
    nps_report = tmp_path / "division.docx"
    export_docx(divisional, nps, nps_report)
    for report in (pdu_report, nps_report):
        pdf = convert(report, "pdf", tmp_path)
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        # A cover, contents, front matter, chapters and annexes: well over ten pages.
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 10
