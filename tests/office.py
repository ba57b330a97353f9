"""Converting documents with LibreOffice, for the tests that check our files open in it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CONVERSION_TIMEOUT = 240

needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed, so the check cannot run"
)


def convert(document: Path, target: str, folder: Path) -> Path:
    """Convert ``document`` to ``target`` ("pdf", "csv"...) into ``folder``; the new file."""
    # A private profile per run: parallel runs (and a desktop LibreOffice) never share one.
    profile = (folder / "lo-profile").resolve().as_uri()
    result = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=CONVERSION_TIMEOUT,
    )
    converted = folder / f"{document.stem}.{target}"
    assert result.returncode == 0, result.stderr
    assert converted.is_file(), f"nothing converted: {result.stdout} {result.stderr}"
    return converted
