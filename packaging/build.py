"""Build the app for this platform in one command: `python packaging/build.py`.

Runs PyInstaller with packaging/inspection_workbench.spec and leaves a one-folder app in
packaging/dist/inspection-workbench/ (plus "Inspection Workbench.app" on macOS). Prints the
folder's size and how long the build took. PyInstaller comes with the `packaging` extra:
`pip install -e '.[packaging]'`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SPEC = PACKAGING / "inspection_workbench.spec"
DIST = PACKAGING / "dist"
WORK = PACKAGING / "build"
EXECUTABLE = "inspection-workbench"


def app_folder() -> Path:
    return DIST / EXECUTABLE


def executable() -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return app_folder() / f"{EXECUTABLE}{suffix}"


def folder_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            file = Path(root) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def build(*, clean: bool = True, quiet: bool = False) -> float:
    """Build the app; returns the seconds it took. Raises CalledProcessError on failure."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "PyInstaller is not installed: run  pip install -e '.[packaging]'  first"
        ) from None
    if clean:
        shutil.rmtree(WORK, ignore_errors=True)
        shutil.rmtree(app_folder(), ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        "--log-level",
        "WARN" if quiet else "INFO",
    ]
    if clean:
        command.append("--clean")
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the app for this platform.")
    parser.add_argument(
        "--keep-cache", action="store_true", help="reuse the previous build's analysis"
    )
    parser.add_argument("--quiet", action="store_true", help="print warnings only")
    args = parser.parse_args(argv)
    try:
        seconds = build(clean=not args.keep_cache, quiet=args.quiet)
    except subprocess.CalledProcessError as exc:
        print(f"build failed (PyInstaller exited with {exc.returncode})", file=sys.stderr)
        return 1
    size = folder_size(app_folder())
    print(
        f"built {executable().relative_to(ROOT)} in {seconds:.0f} s; "
        f"the app folder is {size / 1024 / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
