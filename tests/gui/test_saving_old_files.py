"""Old, newer and broken files in the desktop app: every past file format opens in the window
(and saves in the current one); a file from a newer version, or a broken one, is refused with
the core's message, naming both versions, and the window is left as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inspector_app.core.migrations import SCHEMA_VERSION
from inspector_app.core.storage import load_inspection
from inspector_app.gui.dialogs import ask
from inspector_app.gui.main_window import MainWindow

SCHEMA_SAMPLES = Path(__file__).resolve().parents[1] / "data" / "schema"
PAST_VERSIONS = sorted(SCHEMA_SAMPLES.glob("v*.inspection"))


def test_there_is_a_sample_of_every_past_version() -> None:
    versions = {int(path.name.split("-")[0][1:]) for path in PAST_VERSIONS}
    assert versions == set(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("sample", PAST_VERSIONS, ids=[p.name for p in PAST_VERSIONS])
def test_every_past_file_format_opens_in_the_app(
    window: MainWindow, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.controller.recovery_root = tmp_path / "recovery"
    file = tmp_path / sample.name
    shutil.copyfile(sample, file)
    version = json.loads(file.read_bytes())["schema_version"]
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    assert window.open_path(file)
    assert f"older file format (version {version})" in messages[0]
    workspace = window.workspace
    for page_id in workspace.page_ids():
        workspace.show_page(page_id)
    cases = len(workspace.editor.session.cases)
    assert cases > 0
    assert not window.isWindowModified()
    assert window.save()
    saved = json.loads(file.read_bytes())
    assert saved["schema_version"] == SCHEMA_VERSION
    assert len(load_inspection(file).document.cases) == cases


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("newer", None),
        ("truncated", "the file may have been cut short"),
        ("word", "a zip archive"),
        ("empty", "is empty"),
    ],
)
def test_a_file_that_cannot_be_opened_leaves_the_window_as_it_was(
    window: MainWindow,
    example_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: str,
    words: str | None,
) -> None:
    window.open_example()
    before = window.controller.current
    editor = before.editor
    assert editor.set_value(("meta", "region"), "Unsaved region")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, title, text: shown.append((title, text)))
    path = tmp_path / f"{content}.inspection"
    data = example_path.read_bytes()
    if content == "newer":
        document = json.loads(data)
        document["schema_version"] = SCHEMA_VERSION + 1
        path.write_text(json.dumps(document))
        words = (
            f"newer version of the app (file format {SCHEMA_VERSION + 1}); this version reads "
            f"file formats up to {SCHEMA_VERSION}"
        )
    elif content == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif content == "word":
        path.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    else:
        path.write_bytes(b"")
    assert not window.open_path(path)
    [(title, text)] = shown
    assert title == "Cannot open the inspection"
    assert str(path) in text and words in text
    # Nothing asked, nothing closed: the same document, its unsaved edit, its undo step.
    assert window.controller.current is before
    assert before.editor.document.meta.region == "Unsaved region"
    assert window.isWindowModified() and before.editor.undo_stack.canUndo()
    assert not (tmp_path / f".{path.name}.lock").exists(), "no lock left behind"
