"""Commands that change a file respect the lock of a window that has it open.

A file open for editing elsewhere (its lock held by a live instance) is left exactly as it
was, with exit status 2 and a message naming who has it; a lock left by a crash is taken
over as the app would, and released when the command ends.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector_app.cli.main import main
from inspector_app.core.liveness import this_host
from inspector_app.core.locking import lock_path, read_lock
from tests.lock_files import dead_pid, write_lock

CHANGING_COMMANDS = {
    "rate": ["rate", "{file}", "P1.1", "good"],
    "import-cases": ["import-cases", "{file}", "{csv}"],
    "review": ["review", "{file}", "BRK-0001", "complete"],
    "merge": ["merge", "{file}", "{other}"],
    "new --force": ["new", "{file}", "--framework", "pdu-2023", "--unit", "X", "--force"],
}


@pytest.fixture
def shared(tmp_path: Path, example_path: Path) -> dict[str, Path]:
    folder = tmp_path / "shared"
    folder.mkdir()
    file = folder / "brackenford.inspection"
    shutil.copyfile(example_path, file)
    other = tmp_path / "copy.inspection"
    shutil.copyfile(example_path, other)
    csv = tmp_path / "cases.csv"
    csv.write_text("case_ref,P2.1.1\nNEW-001,Yes\n", encoding="utf-8")
    assert main(["import-cases", str(other), str(csv)]) == 0  # something for merge to bring
    return {"file": file, "other": other, "csv": csv}


def command(name: str, paths: dict[str, Path]) -> list[str]:
    return [
        part.format(**{k: str(v) for k, v in paths.items()}) for part in CHANGING_COMMANDS[name]
    ]


@pytest.mark.parametrize("name", CHANGING_COMMANDS)
def test_a_file_open_elsewhere_is_left_untouched(
    name: str, shared: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    file = shared["file"]
    write_lock(file)
    before = file.read_bytes()
    assert main(command(name, shared)) == 2
    err = capsys.readouterr().err
    assert "open for editing by colleague on OFFICE-PC-7" in err
    assert "nothing was changed" in err and "Traceback" not in err
    assert file.read_bytes() == before
    assert read_lock(file).user == "colleague", "their lock stays"


def test_a_link_to_a_file_open_elsewhere_is_refused_too(
    shared: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = shared["file"]
    link = tmp_path / "link.inspection"
    link.symlink_to(file)
    write_lock(file)
    before = file.read_bytes()
    assert main(["rate", str(link), "P1.1", "good"]) == 2
    assert "open for editing by colleague" in capsys.readouterr().err
    assert file.read_bytes() == before and link.is_symlink()


def test_a_lock_left_by_a_crash_is_taken_over_and_released(
    shared: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    file = shared["file"]
    write_lock(file, host=this_host(), pid=dead_pid())
    assert main(command("rate", shared)) == 0
    assert "Set the rating of P1.1" in capsys.readouterr().out
    assert not lock_path(file).exists()


def test_commands_that_only_read_ignore_the_lock(
    shared: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = shared["file"]
    write_lock(file)
    assert main(["summary", str(file)]) == 0
    assert main(["validate", str(file)]) == 0
    assert main(["export", str(file), "--xlsx", str(tmp_path / "data.xlsx")]) == 0
    assert read_lock(file).user == "colleague"


def test_a_new_file_needs_no_lock(tmp_path: Path) -> None:
    file = tmp_path / "fresh.inspection"
    assert main(["new", str(file), "--framework", "pdu-2023", "--unit", "Fresh PDU"]) == 0
    assert file.exists() and not lock_path(file).exists()
