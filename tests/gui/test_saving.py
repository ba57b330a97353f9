"""Saving from the desktop app when it cannot go as planned: a full disk, a read-only folder,
no permission, the file or its folder gone, the lock taken over, the file changed on disk.
Every time: a clear message, the work still in the window (which stays usable), the file on
disk as it was, and Save As offered at once, which then works."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspector_app.core import storage
from inspector_app.core.document import AnswerValue
from inspector_app.core.fingerprint import DiskState
from inspector_app.core.locking import acquire_lock, read_lock
from inspector_app.core.storage import backup_path, load_inspection, save_inspection
from inspector_app.gui import recovery as recovery_extension
from inspector_app.gui.dialogs import ask, file_problems
from inspector_app.gui.dialogs.file_problems import OverwriteChoice
from inspector_app.gui.main_window import MainWindow

NOTE = "Seen at home visit; partner present"


@dataclass
class Editing:
    window: MainWindow
    file: Path
    original: bytes  # the file as opened

    @property
    def editor(self):
        return self.window.workspace.editor

    def note(self) -> str:
        return self.editor.session.cases[0].answers["P2.1.1"].note


@pytest.fixture
def editing(window: MainWindow, tmp_path: Path, example_path: Path) -> Editing:
    """The example opened from a folder of its own, with one unsaved edit."""
    window.controller.recovery_root = tmp_path / "recovery"
    folder = tmp_path / "shared"
    folder.mkdir()
    file = folder / "brackenford.inspection"
    shutil.copyfile(example_path, file)
    assert window.open_path(file)
    editing = Editing(window, file, file.read_bytes())
    case = editing.editor.session.cases[0]
    assert editing.editor.run(
        lambda: editing.editor.session.answer_change(case.id, "P2.1.1", note=NOTE)
    )
    assert window.isWindowModified()
    return editing


@dataclass
class Offer:
    name: str
    reason: str


def offers_save_as(
    monkeypatch: pytest.MonkeyPatch, accept: bool, elsewhere: Path | None = None
) -> list[Offer]:
    """Record the failed-save message; answer its Save As… (to ``elsewhere``) or Not Now."""
    offers: list[Offer] = []

    def ask_save_failed(_parent, name: str, reason: str) -> bool:
        offers.append(Offer(name, reason))
        return accept

    monkeypatch.setattr(file_problems, "ask_save_failed", ask_save_failed)
    if elsewhere is not None:
        monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: elsewhere)
    return offers


def fail_in(folder: Path, error: int, target: str = "mkstemp") -> Callable[..., object]:
    """Make writing into ``folder`` fail as the system would, with ``error``."""
    if target == "mkstemp":
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args, dir=None, **kwargs):
            if dir is not None and Path(dir) == folder:
                raise OSError(error, os.strerror(error))
            return real_mkstemp(*args, dir=dir, **kwargs)

        return mkstemp
    real_replace = os.replace

    def replace(source, destination, *args, **kwargs):
        if Path(destination).parent == folder:
            raise OSError(error, os.strerror(error))
        return real_replace(source, destination, *args, **kwargs)

    return replace


def other_answer(editor, case_number: int = 3) -> bool:
    """Change a case's first answer to another value, through the editor."""
    case = editor.session.cases[case_number]
    value = AnswerValue.NO if case.value_of("P2.1.1") is AnswerValue.YES else AnswerValue.YES
    return editor.set_answer(case.id, "P2.1.1", value)


def still_usable(editing: Editing) -> None:
    """The work is in the window, marked unsaved, and editing goes on (with Undo)."""
    assert editing.note() == NOTE
    assert editing.window.isWindowModified()
    editor = editing.editor
    assert other_answer(editor, 1)
    editor.undo()
    assert editor.session.cases[0].answers["P2.1.1"].note == NOTE


@pytest.mark.parametrize(
    ("error", "target", "words"),
    [
        (errno.ENOSPC, "mkstemp", "the disk is full"),
        (errno.EDQUOT, "mkstemp", "the disk quota is used up"),
        (errno.EROFS, "mkstemp", "the disk or folder is read-only"),
        (errno.EACCES, "mkstemp", "permission denied"),
        (errno.EACCES, "replace", "permission denied"),
        (errno.EIO, "replace", "may have been removed"),
    ],
    ids=["disk-full", "quota", "read-only-folder", "no-permission", "cannot-replace", "drive-gone"],
)
def test_a_failed_save_says_why_keeps_the_work_and_offers_save_as(
    editing: Editing,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    target: str,
    words: str,
) -> None:
    folder = editing.file.parent
    if target == "mkstemp":
        monkeypatch.setattr(storage.tempfile, "mkstemp", fail_in(folder, error))
    else:
        monkeypatch.setattr(storage.os, "replace", fail_in(folder, error, "replace"))

    # "Not Now": the message, and nothing else happens.
    offers = offers_save_as(monkeypatch, accept=False)
    assert not editing.window.save()
    [offer] = offers
    assert offer.name == "brackenford.inspection"
    assert words in offer.reason.lower() and "left as it was" in offer.reason
    assert f"Folder: {folder}" in offer.reason
    assert editing.file.read_bytes() == editing.original
    assert not backup_path(editing.file).exists()
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []
    still_usable(editing)

    # Save As… at once: the work goes elsewhere, and the window follows it.
    elsewhere = tmp_path / "usb-stick" / "brackenford.inspection"
    elsewhere.parent.mkdir()
    offers = offers_save_as(monkeypatch, accept=True, elsewhere=elsewhere)
    assert editing.window.save()
    assert len(offers) == 1
    saved = load_inspection(elsewhere).document
    assert saved.cases[0].answers["P2.1.1"].note == NOTE
    assert editing.window.controller.current.path == elsewhere
    assert not editing.window.isWindowModified()
    assert editing.file.read_bytes() == editing.original
    assert read_lock(editing.file) is None, "the old file's lock went with the work"


def test_the_text_of_the_failed_save_message(qtbot) -> None:
    box, choices = file_problems.save_failed_box(
        None, "brackenford.inspection", "/x/brackenford.inspection: could not be saved: ..."
    )
    qtbot.addWidget(box)
    assert "brackenford.inspection was not saved." in box.text()
    assert "your work is still open in this window" in box.informativeText()
    assert sorted(b.text() for b in choices) == ["Not Now", "Save As…"]
    assert box.defaultButton().text() == "Save As…"


def test_the_file_deleted_since_opening(
    editing: Editing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editing.file.unlink()
    asked: list[tuple[Path, DiskState]] = []
    answers = iter([OverwriteChoice.CANCEL, OverwriteChoice.OVERWRITE])

    def ask_changed(_parent, path, state, *, replaced=False):
        asked.append((path, state))
        return next(answers)

    monkeypatch.setattr(file_problems, "ask_changed_on_disk", ask_changed)
    assert not editing.window.save()
    assert not editing.file.exists()
    still_usable(editing)
    assert editing.window.save(), "saved there again, having been asked"
    assert asked == [(editing.file, DiskState.MISSING)] * 2
    assert load_inspection(editing.file).document.cases[0].answers["P2.1.1"].note == NOTE


def test_the_folder_gone_since_opening(
    editing: Editing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = tmp_path / "moved-away"
    editing.file.parent.rename(moved)
    offers = offers_save_as(monkeypatch, accept=False)
    assert not editing.window.save()
    assert offers[0].reason.startswith("Its folder is no longer there")
    assert "drive that is not connected" in offers[0].reason
    still_usable(editing)
    elsewhere = tmp_path / "new-place.inspection"
    offers_save_as(monkeypatch, accept=True, elsewhere=elsewhere)
    assert editing.window.save()
    assert load_inspection(elsewhere).document.cases[0].answers["P2.1.1"].note == NOTE


def test_save_as_into_a_folder_that_is_not_there(
    editing: Editing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: tmp_path / "nope" / "x.inspection")
    assert not editing.window.save_as()
    assert "the folder does not exist" in shown[0] and "Save As" in shown[0]
    still_usable(editing)


def test_save_as_into_a_read_only_folder(
    editing: Editing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked_folder = tmp_path / "read-only"
    locked_folder.mkdir()
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path).parent == locked_folder and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    shown: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: locked_folder / "x.inspection")
    assert not editing.window.save_as()
    assert "cannot be saved: the disk or folder is read-only" in shown[0]
    assert list(locked_folder.iterdir()) == []
    still_usable(editing)


def test_the_lock_taken_over_by_another_instance(
    editing: Editing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    recovery_extension.install(editing.window)
    theirs = acquire_lock(editing.file, take_over=True, heartbeat=False, user="colleague")
    try:
        # The heartbeat thread finds out first and tells the window, which carries on.
        file = editing.window.controller.current.file
        lost = threading.Thread(target=_refresh_lock, args=(file.lock,))
        lost.start()
        lost.join()
        qtbot.waitUntil(lambda: "lock-lost" in editing.window.controller.notices)
        notice = editing.window.controller.notices["lock-lost"]
        assert "colleague" in notice.text and notice.action == "save_as"
        assert "colleague" in editing.window.notice_bar.labels["lock-lost"].text()

        offers = offers_save_as(monkeypatch, accept=False)
        assert not editing.window.save()
        assert "open for editing by colleague" in offers[0].reason
        assert "without overwriting theirs" in offers[0].reason
        assert editing.file.read_bytes() == editing.original
        still_usable(editing)
        elsewhere = tmp_path / "mine.inspection"
        offers_save_as(monkeypatch, accept=True, elsewhere=elsewhere)
        assert editing.window.save()
        assert load_inspection(elsewhere).document.cases[0].answers["P2.1.1"].note == NOTE
        assert read_lock(editing.file).user == "colleague", "their lock is left alone"
        assert "lock-lost" not in editing.window.controller.notices
    finally:
        theirs.release()


def _refresh_lock(lock) -> None:
    # What the heartbeat thread does every minute.
    try:
        lock.refresh()
    except Exception as exc:
        lock.on_lost(exc)


# -- changed on disk -----------------------------------------------------------------------------


def colleague_saves(file: Path) -> None:
    theirs = load_inspection(file).document
    theirs.meta.region = "Changed by a colleague"
    save_inspection(theirs, file)


def test_a_file_changed_on_disk_is_not_overwritten_without_asking(
    editing: Editing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    colleague_saves(editing.file)
    theirs = editing.file.read_bytes()
    asked: list[tuple[Path, DiskState, bool]] = []
    answers = iter([OverwriteChoice.CANCEL, OverwriteChoice.SAVE_AS, OverwriteChoice.OVERWRITE])

    def ask_changed(_parent, path, state, *, replaced=False):
        asked.append((path, state, replaced))
        return next(answers)

    monkeypatch.setattr(file_problems, "ask_changed_on_disk", ask_changed)
    # Cancel: nothing written.
    assert not editing.window.save()
    assert editing.file.read_bytes() == theirs
    still_usable(editing)
    # Save As…: both versions kept; the window now has the new file.
    both = tmp_path / "both.inspection"
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: both)
    assert editing.window.save()
    assert editing.file.read_bytes() == theirs
    assert load_inspection(both).document.cases[0].answers["P2.1.1"].note == NOTE
    # Overwrite, when they change that one too: theirs is kept as the backup.
    colleague_saves(both)
    assert other_answer(editing.editor, 2)
    assert editing.window.save()
    assert [state for _p, state, _r in asked] == [DiskState.CHANGED] * 3
    assert asked[-1][0] == both
    mine = load_inspection(both).document
    assert mine.cases[2].value_of("P2.1.1") == editing.editor.session.cases[2].value_of("P2.1.1")
    assert mine.meta.region != "Changed by a colleague"
    assert load_inspection(backup_path(both)).document.meta.region == "Changed by a colleague"


def test_the_changed_on_disk_question(qtbot, tmp_path: Path) -> None:
    file = tmp_path / "brackenford.inspection"
    box, choices = file_problems.changed_on_disk_box(None, file, DiskState.CHANGED)
    qtbot.addWidget(box)
    assert "has been changed since you opened it" in box.text()
    assert "brackenford.inspection.bak" in box.informativeText()
    assert sorted(b.text() for b in choices) == ["Cancel", "Overwrite", "Save As…"]
    assert box.defaultButton().text() == "Save As…", "the safe answer is the default"
    box, choices = file_problems.changed_on_disk_box(None, file, DiskState.MISSING)
    qtbot.addWidget(box)
    assert "no longer where it was opened from" in box.text()
    assert sorted(b.text() for b in choices) == ["Cancel", "Save As…", "Save There Again"]
    box, choices = file_problems.changed_on_disk_box(None, file, DiskState.CHANGED, replaced=True)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in choices) == ["Cancel", "Save As…"]


def test_coming_back_to_the_window_notices_a_change_on_disk(editing: Editing, qtbot) -> None:
    window = editing.window
    recovery_extension.install(window)
    assert not window.notice_bar.isVisible()
    colleague_saves(editing.file)
    assert window.controller.check_file_on_disk() is DiskState.CHANGED
    notice = window.controller.notices["disk"]
    assert "changed on disk by someone else" in notice.text
    assert window.notice_bar.isVisible()
    assert "changed on disk" in window.notice_bar.labels["disk"].text()
    # Dismissed, it goes; a save that has asked and overwritten clears it for good.
    window.controller.clear_notice("disk")
    assert not window.notice_bar.isVisible()


# -- recovery data that cannot be written ------------------------------------------------------


def test_recovery_trouble_reaches_the_window_from_the_writer_thread(
    editing: Editing, qtbot
) -> None:
    window = editing.window
    recovery_extension.install(window)
    journal = window.controller.current.file.journal
    problem = "recovery data could not be written: No space left on device"
    thread = threading.Thread(target=journal.on_problem, args=(problem,))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: "recovery" in window.controller.notices)
    notice = window.controller.notices["recovery"]
    assert "No space left on device" in notice.text and notice.action == "save"
    assert window.notice_bar.isVisible()
    thread = threading.Thread(target=journal.on_problem, args=(None,))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: "recovery" not in window.controller.notices)
    assert not window.notice_bar.isVisible()


def test_a_real_write_failure_of_the_recovery_data_is_shown(
    editing: Editing, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    window = editing.window
    recovery_extension.install(window)
    from inspector_app.core import recovery

    real_write = os.write
    journal = window.controller.current.file.journal
    assert journal.flush()
    journal_fd = journal._current.fd
    assert journal_fd is not None

    def full(fd, data):
        if fd == journal_fd:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(recovery.os, "write", full)
    assert other_answer(editing.editor)
    qtbot.waitUntil(lambda: "recovery" in window.controller.notices, timeout=5000)
    assert "No space left on device" in window.controller.notices["recovery"].text
    monkeypatch.setattr(recovery.os, "write", real_write)
    qtbot.waitUntil(lambda: "recovery" not in window.controller.notices, timeout=5000)
