"""Rebuild the page pictures of the example reports kept in this folder.

    python docs/report/make_pages.py

Exports the shipped example inspection (pdu-2023) and a generated divisional inspection
(nps-division-2018) to Word, converts each to PDF with LibreOffice, and writes every page as a
small PNG here (brackenford-NN.png, division-NN.png). Needs `soffice` and `pdftoppm`
(poppler) on the PATH. LibreOffice does not update the contents field, so the contents page
lists the chapters without page numbers; Word fills them in when it opens the document.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from inspector_app.core.document import Recommendation, RecommendationGroup
from inspector_app.core.framework import get_framework
from inspector_app.core.ratings import Rating
from inspector_app.core.storage import load_inspection
from inspector_app.core.synthetic import GenerationSpec, generate
from inspector_app.export.docx_report import export_docx
from inspector_app.paths import example_inspection_path

HERE = Path(__file__).resolve().parent
RESOLUTION = 60  # dots per inch: enough to see the layout, small enough to commit


# A division that is good in most of its casework, with planning and reviewing weaker and
# its court and victim work strong: score 19/30, Good.
DIVISION_YES_RATES = {
    "2.1.1": 0.76, "2.1.2": 0.81, "2.1.3": 0.70,
    "2.2.1": 0.72, "2.2.2": 0.74, "2.2.3": 0.61,
    "2.3.1": 0.78, "2.3.2": 0.71, "2.3.3": 0.66,
    "2.4.1": 0.67, "2.4.2": 0.63, "2.4.3": 0.55,
    "3.1.1": 0.82, "3.1.2": 0.86,
    "3.2.1": 0.84, "3.2.2": 0.90, "3.2.3": 0.82, "3.2.4": 0.86,
}  # fmt: skip
DIVISION_JUDGEMENTS = {
    "1.1": Rating.GOOD,
    "1.2": Rating.REQUIRES_IMPROVEMENT,
    "1.3": Rating.GOOD,
    "1.4": Rating.GOOD,
}


def divisional_inspection():
    framework = get_framework("nps-division-2018")
    document = generate(
        GenerationSpec(
            framework=framework,
            cases=180,
            seed=18,
            unit="Northfell NPS division",
            region="Northfell",
            yes_rates=DIVISION_YES_RATES,
        )
    )
    document.meta.provider = "National Probation Service"
    for standard_id, rating in DIVISION_JUDGEMENTS.items():
        document.write_up(standard_id).rating = rating
    document.narrative.recommendations = [
        RecommendationGroup(
            addressee="Northfell NPS division",
            recommendations=[
                Recommendation(text="record changes in risk of harm in risk management plans"),
                Recommendation(text="make domestic abuse and safeguarding checks before court"),
            ],
        ),
        RecommendationGroup(
            addressee="HM Prison and Probation Service",
            recommendations=[Recommendation(text="bring the workforce up to full strength")],
        ),
    ]
    return document, framework


def render(document, framework, name: str, work: Path) -> None:
    report = work / f"{name}.docx"
    export_docx(document, framework, report)
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(report),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for old in HERE.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", str(RESOLUTION), "-png", str(work / f"{name}.pdf"), str(HERE / name)],
        check=True,
        timeout=300,
    )
    for page in HERE.glob(f"{name}-*.png"):
        # A 64-colour palette keeps text and tints crisp at a third of the size.
        with Image.open(page) as picture:
            small = picture.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        small.save(page, optimize=True)


def main() -> int:
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"needs {' and '.join(missing)} on the PATH", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        example = load_inspection(example_inspection_path())
        render(example.document, example.framework, "brackenford", work)
        render(*divisional_inspection(), "division", work)
    print(f"Wrote the page pictures to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
