"""Shared files in the desktop app: a file open in another instance (another process here, or
another machine through a shared folder) is detected and can be opened read-only; a lock left
by a crash is taken over; Save in read-only mode offers Save As."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector_app.core.document import AnswerValue
from inspector_app.core.locking import FileLockedError, LockInfo, lock_path, read_lock
from inspector_app.core.storage import load_inspection
from inspector_app.gui import recovery as recovery_extension
from inspector_app.gui.dialogs import ask, file_problems
from inspector_app.gui.dialogs.file_problems import LockChoice
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.settings import AppSettings
from tests.gui.conftest import REAL_DIALOG_EXEC
from tests.lock_files import write_lock

ROOT = Path(__file__).resolve().parents[2]

HOLD_LOCK = """
import sys, time
from inspector_app.core.locking import acquire_lock
lock = acquire_lock(sys.argv[1], user="priya")
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def shared_file(tmp_path: Path, example_path: Path) -> Path:
    folder = tmp_path / "shared-drive"
    folder.mkdir()
    file = folder / "brackenford.inspection"
    shutil.copyfile(example_path, file)
    return file


@pytest.fixture
def other_instance(shared_file: Path) -> Iterator[subprocess.Popen[str]]:
    """Another copy of the app, in another process, with the file open for editing."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(shared_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    yield process
    process.kill()
    process.wait()
    process.stdout.close()


def answer_lock(monkeypatch: pytest.MonkeyPatch, choice: LockChoice) -> list[FileLockedError]:
    asked: list[FileLockedError] = []

    def ask_file_locked(_parent, error: FileLockedError) -> LockChoice:
        asked.append(error)
        return choice

    monkeypatch.setattr(file_problems, "ask_file_locked", ask_file_locked)
    return asked


def test_a_file_open_in_another_instance_opens_read_only(
    window: MainWindow,
    shared_file: Path,
    other_instance: subprocess.Popen[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.controller.recovery_root = tmp_path / "recovery"
    recovery_extension.install(window)
    asked = answer_lock(monkeypatch, LockChoice.READ_ONLY)
    assert window.open_path(shared_file)

    [error] = asked
    assert error.holder is not None and error.holder.user == "priya"
    assert error.holder.pid == other_instance.pid
    assert "priya on" in error.message and " since " in error.message, "who, and since when"
    assert window.windowTitle() == "brackenford.inspection (read-only)[*] — Inspection Workbench"
    editor = window.workspace.editor
    assert editor.read_only_reason is not None and "priya" in editor.read_only_reason
    refused: list[str] = []
    editor.editRefused.connect(refused.append)
    assert not editor.set_answer(editor.session.cases[0].id, "P2.1.1", AnswerValue.NO)
    assert refused and "read-only" in refused[0]
    assert "read-only" in window.controller.notices
    assert window.controller.current.file.journal is None, "nothing to recover: no edits"
    assert read_lock(shared_file).user == "priya", "their lock is untouched"

    # Save offers Save As; the copy is then the window's own file, editable.
    offered: list[str] = []

    def save_elsewhere(_parent, _title, heading, message) -> bool:
        offered.append(f"{heading} {message}")
        return True

    monkeypatch.setattr(file_problems, "ask_save_elsewhere", save_elsewhere)
    copy = tmp_path / "my-copy.inspection"
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: copy)
    assert window.save()
    assert "brackenford.inspection is open read-only." in offered[0]
    assert "Save a copy under another name" in offered[0]
    assert window.windowTitle() == "my-copy.inspection[*] — Inspection Workbench"
    editor = window.workspace.editor
    assert editor.read_only_reason is None
    assert editor.set_answer(editor.session.cases[0].id, "P2.1.1", AnswerValue.NO)
    assert window.save()
    assert load_inspection(copy).document.cases[0].value_of("P2.1.1") is AnswerValue.NO
    assert read_lock(shared_file).user == "priya"
    assert "read-only" not in window.controller.notices


def test_cancel_leaves_the_window_as_it_was(
    window: MainWindow,
    shared_file: Path,
    other_instance: subprocess.Popen[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.open_example()
    before = window.controller.current
    answer_lock(monkeypatch, LockChoice.CANCEL)
    assert not window.open_path(shared_file)
    assert window.controller.current is before
    assert read_lock(shared_file).user == "priya"


def test_two_windows_of_one_app(
    qtbot,
    window: MainWindow,
    shared_file: Path,
    settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.controller.recovery_root = tmp_path / "recovery"
    assert window.open_path(shared_file)
    second = MainWindow(settings, with_features=False)
    qtbot.addWidget(second)
    asked = answer_lock(monkeypatch, LockChoice.READ_ONLY)
    assert second.open_path(shared_file)
    assert "in another window of this app" in asked[0].message
    assert second.workspace.editor.read_only_reason is not None
    assert window.workspace.editor.read_only_reason is None


def test_a_lock_left_by_a_crash_is_taken_over_without_asking(
    window: MainWindow, shared_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.controller.recovery_root = tmp_path / "recovery"
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    write_lock(shared_file, host=_this_host(), pid=ended.pid, user="crashed")
    monkeypatch.setattr(file_problems, "ask_file_locked", _not_asked)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    assert window.open_path(shared_file)
    assert window.workspace.editor.read_only_reason is None
    holder = read_lock(shared_file)
    assert holder.pid == os.getpid() and holder.is_ours
    assert any("A lock left behind by crashed" in m for m in messages)


def test_a_lock_not_refreshed_for_minutes_can_be_taken_over(
    window: MainWindow, shared_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.controller.recovery_root = tmp_path / "recovery"
    write_lock(shared_file, heartbeat_at=time.time() - 4 * 60)  # stale after 5 minutes
    asked = answer_lock(monkeypatch, LockChoice.TAKE_OVER)
    assert window.open_path(shared_file)
    box, choices = file_problems.file_locked_box(None, asked[0])
    box.deleteLater()
    assert sorted(b.text() for b in choices) == ["Cancel", "Open Read-Only", "Take Over"]
    assert "colleague on OFFICE-PC-7" in box.text()
    assert "has not been heard from for 4 minutes" in box.informativeText()
    assert window.workspace.editor.read_only_reason is None
    assert read_lock(shared_file).is_ours
    editor = window.workspace.editor
    assert editor.set_answer(editor.session.cases[0].id, "P2.1.1", AnswerValue.NO)
    assert window.save()


def test_a_live_lock_offers_no_take_over(shared_file: Path, qtbot) -> None:
    write_lock(shared_file)
    holder = read_lock(shared_file)
    assert isinstance(holder, LockInfo)
    box, choices = file_problems.file_locked_box(None, FileLockedError(shared_file, holder))
    qtbot.addWidget(box)
    assert sorted(b.text() for b in choices) == ["Cancel", "Open Read-Only"]
    assert box.defaultButton().text() == "Open Read-Only"
    assert (
        "brackenford.inspection is open for editing by colleague on OFFICE-PC-7 since" in box.text()
    )


def test_a_folder_where_no_lock_can_be_made_opens_read_only(
    window: MainWindow, shared_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.controller.recovery_root = tmp_path / "recovery"
    real_open = os.open

    def read_only_folder(path, flags, *args, **kwargs):
        if Path(path) == lock_path(shared_file) and flags & os.O_CREAT:
            raise OSError(30, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_folder)
    asked = answer_lock(monkeypatch, LockChoice.READ_ONLY)
    assert window.open_path(shared_file)
    assert asked[0].holder is None and "no lock file can be made" in asked[0].message
    box, choices = file_problems.file_locked_box(None, asked[0])
    box.deleteLater()
    assert sorted(b.text() for b in choices) == ["Cancel", "Open Read-Only"]
    assert "cannot be opened for editing here" in box.text()
    assert window.windowTitle().startswith("brackenford.inspection (read-only)")


def test_save_as_over_a_file_someone_has_open_is_refused(
    window: MainWindow,
    shared_file: Path,
    other_instance: subprocess.Popen[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.controller.recovery_root = tmp_path / "recovery"
    window.open_example()
    shown: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: shared_file)
    before = shared_file.read_bytes()
    assert not window.save_as()
    assert "is open for editing by priya on" in shown[0] and "Choose another name" in shown[0]
    assert shared_file.read_bytes() == before


def test_the_real_lock_dialog_answers(qtbot, shared_file: Path, monkeypatch) -> None:
    """The question as asked, clicked through its own buttons."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", REAL_DIALOG_EXEC)
    write_lock(shared_file)
    error = FileLockedError(shared_file, read_lock(shared_file))

    def click(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == text).click()

    for text, expected in (("Open Read-Only", LockChoice.READ_ONLY), ("Cancel", LockChoice.CANCEL)):
        QTimer.singleShot(0, lambda t=text: click(t))
        assert file_problems.ask_file_locked(None, error) is expected


def _not_asked(*_args: object) -> LockChoice:
    raise AssertionError("asked about a lock that should have been taken over")


def _this_host() -> str:
    from inspector_app.core.liveness import this_host

    return this_host()
