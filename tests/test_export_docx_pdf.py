"""The exported report opens in another word processor: LibreOffice converts it to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspector_app.core.framework import Framework
from inspector_app.core.storage import load_inspection
from inspector_app.core.synthetic import GenerationSpec, generate
from inspector_app.export.docx_report import export_docx
from inspector_app.paths import example_inspection_path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CONVERSION_TIMEOUT = 240

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed, so the PDF check cannot run"
)


def convert_to_pdf(docx_path: Path, folder: Path) -> Path:
    # A private profile per run: parallel runs (and a desktop LibreOffice) never share one.
    profile = (folder / "lo-profile").resolve().as_uri()
    result = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=CONVERSION_TIMEOUT,
    )
    pdf = folder / (docx_path.stem + ".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.is_file(), f"no PDF written: {result.stdout} {result.stderr}"
    return pdf


def test_both_reports_convert_to_pdf(pdu: Framework, nps: Framework, tmp_path: Path) -> None:
    example = load_inspection(example_inspection_path()).document
    pdu_report = tmp_path / "brackenford.docx"
    export_docx(example, pdu, pdu_report)
    divisional = generate(GenerationSpec(framework=nps, cases=60, seed=5, complete_share=0.8))
    nps_report = tmp_path / "division.docx"
    export_docx(divisional, nps, nps_report)
    for report in (pdu_report, nps_report):
        pdf = convert_to_pdf(report, tmp_path)
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        # A cover, contents, front matter, chapters and annexes: well over ten pages.
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 10
