"""Copies resources/ and templates/ into the package when building a wheel or sdist.

All metadata is in pyproject.toml; this file only adds that copy step, so that an installed
(non-editable) app finds its frameworks, example and report templates. Editable installs and
source checkouts use the folders at the top of the repository directly.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "inspector_app" / "_bundled"
        for name in ("resources", "templates"):
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
