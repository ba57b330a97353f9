"""Where the app finds its bundled files and keeps the user's settings and recovery data."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import platformdirs

from inspector_app import APP_AUTHOR, APP_ID

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundle_roots() -> list[Path]:
    """Folders that may hold `resources/` and `templates/`, most specific first.

    A PyInstaller build unpacks them beside the executable (``sys._MEIPASS``); a source checkout
    or editable install has them beside the package; a wheel installs them inside the package.
    """
    roots = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen))
    roots.append(_PACKAGE_DIR.parent)
    roots.append(_PACKAGE_DIR / "_bundled")
    return roots


@cache
def _bundled_dir(name: str) -> Path:
    for root in _bundle_roots():
        candidate = root / name
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(root / name) for root in _bundle_roots())
    raise FileNotFoundError(f"the app's '{name}' folder is missing (looked in {searched})")


def resources_dir() -> Path:
    return _bundled_dir("resources")


def templates_dir() -> Path:
    return _bundled_dir("templates")


def builtin_frameworks_dir() -> Path:
    return resources_dir() / "frameworks"


def example_inspection_path() -> Path:
    return resources_dir() / "examples" / "brackenford-pdu.inspection"


# Set to a folder to keep all of the app's settings and data there instead of the platform's
# usual places: used by the tests, benchmarks and portable installs.
HOME_OVERRIDE_VARIABLE = "INSPECTOR_APP_HOME"


def _user_dir(kind: str) -> Path:
    override = os.environ.get(HOME_OVERRIDE_VARIABLE)
    if override:
        path = Path(override) / kind
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_ID, APP_AUTHOR))
    else:
        path = Path(platformdirs.user_config_dir(APP_ID, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def user_data_dir() -> Path:
    """Per-user data: recovery files and user-added frameworks. Created on first use."""
    return _user_dir("data")


def user_config_dir() -> Path:
    """Per-user settings: window layout, recent files. Created on first use."""
    return _user_dir("config")


def recovery_dir() -> Path:
    """Crash-recovery data: one folder per open document, readable by the owner only."""
    path = user_data_dir() / "recovery"
    path.mkdir(exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def user_frameworks_dir() -> Path:
    """Frameworks the user has added: a new framework is a new file dropped here."""
    return user_data_dir() / "frameworks"
