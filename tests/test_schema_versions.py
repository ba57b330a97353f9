"""Old files open forever: a sample of every past file format is opened on every run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspector_app.core.document import SCHEMA_VERSION
from inspector_app.core.migrations import MIGRATIONS
from inspector_app.core.storage import load_inspection, save_inspection

SAMPLES = sorted((Path(__file__).parent / "data" / "schema").glob("v*.inspection"))


def sample_version(path: Path) -> int:
    match = re.match(r"v(\d+)-", path.name)
    assert match, f"sample files are named v<version>-<name>.inspection: {path.name}"
    return int(match.group(1))


def test_there_is_a_sample_of_every_past_version() -> None:
    versions = {sample_version(p) for p in SAMPLES}
    assert versions >= set(range(1, SCHEMA_VERSION)), "add a sample file for each old version"


def test_every_migration_step_is_registered() -> None:
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_opens_and_saves_in_the_current_format(path: Path, tmp_path: Path) -> None:
    loaded = load_inspection(path)
    version = sample_version(path)
    assert loaded.migrated_from == (version if version < SCHEMA_VERSION else None)
    assert loaded.document.schema_version == SCHEMA_VERSION
    assert loaded.document.cases, "samples should hold real content"
    copy = tmp_path / "copy.inspection"
    save_inspection(loaded.document, copy)
    again = load_inspection(copy)
    assert again.migrated_from is None
    assert again.document.cases == loaded.document.cases
    assert again.document.narrative == loaded.document.narrative
