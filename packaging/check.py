"""Build the app and check that the built program works: `python packaging/check.py`.

Runs from a folder outside the repository with a clean environment, so the built program can
only use what is inside its own folder:

1. the desktop app's smoke test, offscreen: start, open the example inspection, render every
   page, exit 0;
2. the Word and Excel export of the example through the same executable, which needs the
   bundled report templates, python-docx's default template, matplotlib's Agg canvas (the
   charts) and openpyxl.

Exits 0 when both pass, 1 with the reason otherwise. `--no-build` checks the existing build.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # packaging/build.py, beside this file

TIMEOUT_S = 180


class CheckFailed(Exception):
    pass


def clean_environment(home: Path) -> dict[str, str]:
    """The caller's environment without Python's own settings, headless, with a fresh home."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["INSPECTOR_APP_HOME"] = str(home)
    return env


def run(arguments: list[str], cwd: Path, env: dict[str, str]) -> str:
    command = [str(build.executable()), *arguments]
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"{' '.join(arguments)}: no answer within {TIMEOUT_S} s") from None
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise CheckFailed(f"{' '.join(arguments)} exited with {done.returncode}:\n{output}")
    return output


def _smoke_test_log(home: Path) -> str:
    """What a build without a console (Windows) wrote in place of printing."""
    log = home / "data" / "smoke-test.log"
    return log.read_text(encoding="utf-8").strip() if log.is_file() else ""


def check_built_app() -> list[str]:
    """Run the checks; returns what each printed. Raises CheckFailed."""
    if not build.executable().is_file():
        raise CheckFailed(f"{build.executable()} does not exist: build the app first")
    results = []
    with tempfile.TemporaryDirectory(prefix="inspection-workbench-check-") as temp:
        folder = Path(temp)
        env = clean_environment(folder / "home")
        try:
            output = run(["--smoke-test"], folder, env) or _smoke_test_log(folder / "home")
        except CheckFailed as exc:  # a build without a console wrote its reason to the log
            raise CheckFailed(f"{exc}\n{_smoke_test_log(folder / 'home')}".strip()) from None
        if "smoke test passed" not in output:
            raise CheckFailed(f"the smoke test did not report success:\n{output}")
        results.append(output.splitlines()[-1])

        example = folder / "example.inspection"
        example.write_bytes(_bundled_example().read_bytes())
        report, workbook = folder / "report.docx", folder / "data.xlsx"
        run(["export", str(example), "--docx", str(report), "--xlsx", str(workbook)], folder, env)
        with zipfile.ZipFile(report) as docx:
            charts = [n for n in docx.namelist() if n.startswith("word/media/")]
        if not charts:
            raise CheckFailed("the Word report has no charts: matplotlib did not draw them")
        with zipfile.ZipFile(workbook) as xlsx:
            sheets = [n for n in xlsx.namelist() if n.startswith("xl/worksheets/")]
        if not sheets:
            raise CheckFailed("the workbook has no sheets")
        results.append(
            f"export passed: report.docx with {len(charts)} pictures, "
            f"data.xlsx with {len(sheets)} sheets"
        )
    return results


def _bundled_example() -> Path:
    # The copy inside the built app, so that a missing resources folder is caught here too.
    internal = build.app_folder() / "_internal"
    root = internal if internal.is_dir() else build.app_folder()
    return root / "resources" / "examples" / "brackenford-pdu.inspection"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the app and check the built program.")
    parser.add_argument("--no-build", action="store_true", help="check the existing build")
    args = parser.parse_args(argv)
    if not args.no_build:
        try:
            seconds = build.build(quiet=True)
        except subprocess.CalledProcessError as exc:
            print(f"packaging check failed: the build failed ({exc})", file=sys.stderr)
            return 1
        size = build.folder_size(build.app_folder()) / 1024 / 1024
        print(f"built {build.executable()} in {seconds:.0f} s ({size:.0f} MB)")
    try:
        for line in check_built_app():
            print(line)
    except CheckFailed as exc:
        print(f"packaging check failed: {exc}", file=sys.stderr)
        return 1
    print("packaging check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
