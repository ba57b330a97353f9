"""Test configuration: headless Qt and a private settings folder for every run."""

from __future__ import annotations

import os
import tempfile

# Qt must start without a display, on every machine and in CI. Set before anything imports Qt.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Never read or write the real user's settings, recent files or recovery data.
os.environ["INSPECTOR_APP_HOME"] = tempfile.mkdtemp(prefix="inspector-app-tests-")

from pathlib import Path

import pytest

# Frameworks are immutable, so one instance serves the whole run.
from inspector_app.core.framework import Framework, get_framework
from inspector_app.paths import example_inspection_path


@pytest.fixture(scope="session")
def pdu() -> Framework:
    return get_framework("pdu-2023")


@pytest.fixture(scope="session")
def nps() -> Framework:
    return get_framework("nps-division-2018")


@pytest.fixture
def example_path() -> Path:
    return example_inspection_path()
