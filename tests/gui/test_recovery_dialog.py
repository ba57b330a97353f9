"""Crash recovery in the desktop app: the desktop app is killed with SIGKILL in the middle of
its edits, and the next start's recovery dialog gives the work back (Restore), deletes it
(Discard) or saves it under a new name (Save As…), saying which file, from when and how many
changes; never silently, never for the wrong file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from inspector_app.core.document import AnswerValue
from inspector_app.core.fingerprint import DiskState
from inspector_app.core.recovery import FileStatus, RecoveryCandidate, find_recoverable
from inspector_app.core.storage import backup_path, load_inspection, save_inspection
from inspector_app.gui import app as app_module
from inspector_app.gui.dialogs import ask, file_problems
from inspector_app.gui.dialogs import recovery as recovery_dialog
from inspector_app.gui.dialogs.file_problems import OverwriteChoice
from inspector_app.gui.dialogs.recovery import RecoveryChoice, RecoveryDialog
from inspector_app.gui.main_window import MainWindow
from tests.builders import new_document
from tests.fault_injection_gui import kill_app_after_edits
from tests.fault_injection_harness import State, answer_states, states_after_each_change

EDITS = 6


@dataclass
class KilledApp:
    """An inspection file and the recovery data the desktop app left when it was killed."""

    file: Path
    home: Path
    initial: State
    events: list[dict[str, Any]]

    @property
    def root(self) -> Path:
        return self.home / "data" / "recovery"

    @property
    def final(self) -> State:
        """The answers as the app had them when it was killed."""
        return list(states_after_each_change(self.initial, self.events))[-1]

    def on_disk(self, path: Path | None = None) -> State:
        return answer_states(load_inspection(path or self.file).document)


def kill_app(tmp_path: Path, example_path: Path, name: str = "brackenford", seed: int = 1):
    folder = tmp_path / "work"
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{name}.inspection"
    shutil.copyfile(example_path, file)
    initial = answer_states(load_inspection(file).document)
    events = kill_app_after_edits(file, tmp_path / "home", EDITS, seed=seed)
    killed = KilledApp(file, tmp_path / "home", initial, events)
    assert killed.final != killed.initial
    return killed


@pytest.fixture
def killed(tmp_path: Path, example_path: Path) -> KilledApp:
    return kill_app(tmp_path, example_path)


@dataclass
class Asked:
    candidate: RecoveryCandidate
    text: str
    options: dict[str, Any]


def answer_recovery(monkeypatch: pytest.MonkeyPatch, *choices: RecoveryChoice) -> list[Asked]:
    """Answer the recovery dialog with ``choices`` in turn, building the real dialog each
    time to record what it says."""
    asked: list[Asked] = []
    pending = list(choices)

    def ask_recovery(parent, candidate: RecoveryCandidate, **options: Any) -> RecoveryChoice:
        dialog = RecoveryDialog(candidate, parent=parent, **options)
        asked.append(Asked(candidate, dialog.summary, options))
        dialog.deleteLater()
        assert pending, "the recovery dialog was shown more often than expected"
        return pending.pop(0)

    monkeypatch.setattr(recovery_dialog, "ask_recovery", ask_recovery)
    return asked


def never_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object, **_kwargs: object) -> RecoveryChoice:
        raise AssertionError("the recovery dialog was shown")

    monkeypatch.setattr(recovery_dialog, "ask_recovery", fail)


def use_root(window: MainWindow, killed: KilledApp) -> None:
    window.controller.recovery_root = killed.root


# -- the three paths -----------------------------------------------------------------------------


def test_restore_gives_back_every_edit_of_the_killed_app(
    window: MainWindow, killed: KilledApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_recovery(monkeypatch, RecoveryChoice.RESTORE)
    use_root(window, killed)
    opened = window.controller.offer_recovery()

    [question] = asked
    assert question.candidate.path == killed.file
    assert str(killed.file) in question.text, "which file: the full path"
    assert f"{EDITS} changes not saved to the file" in question.text, "how many changes"
    when = question.candidate.when.astimezone()
    assert f"last_change: {when:%H:%M} on {when.day} {when:%B %Y} (just now)" in question.text
    assert "has not changed since" in question.text
    assert opened is not None and opened is window.controller.current
    assert answer_states(opened.editor.document) == killed.final
    # Restored, not saved: modified, with the file on disk as it was.
    assert window.isWindowModified() and not opened.editor.undo_stack.isClean()
    assert window.windowTitle().startswith("brackenford.inspection (recovered)[*]")
    assert killed.on_disk() == killed.initial
    assert "recovered" in window.controller.notices

    assert window.save()
    assert killed.on_disk() == killed.final
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("brackenford.inspection[*]")
    assert window.close_document()
    assert find_recoverable(killed.root) == [], "a clean close removes the recovery data"


def test_discard_deletes_the_work_after_asking(
    window: MainWindow, killed: KilledApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_root(window, killed)
    confirmed: list[str] = []
    answers = iter([False, True])

    def confirm(_parent, _title, message, action) -> bool:
        confirmed.append(f"{message} [{action}]")
        return next(answers)

    monkeypatch.setattr(ask, "confirm", confirm)
    asked = answer_recovery(monkeypatch, RecoveryChoice.DISCARD, RecoveryChoice.DISCARD)

    # Thinking better of it at the confirmation keeps the work.
    assert window.controller.offer_recovery() is None
    assert len(find_recoverable(killed.root)) == 1
    # Confirmed: gone for good; the file is as last saved and nothing opens.
    assert window.controller.offer_recovery() is None
    assert len(asked) == 2
    assert f"brackenford.inspection ({EDITS} changes not saved" in confirmed[0]
    assert "cannot be brought back" in confirmed[0] and confirmed[0].endswith("[Discard]")
    assert find_recoverable(killed.root) == []
    assert window.workspace is None
    assert killed.on_disk() == killed.initial


def test_save_as_puts_the_work_in_a_new_file_and_leaves_the_old_one(
    window: MainWindow, killed: KilledApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_root(window, killed)
    target = tmp_path / "elsewhere" / "kept.inspection"
    target.parent.mkdir()
    suggested: list[Path] = []
    monkeypatch.setattr(
        ask, "choose_file_to_save", lambda _parent, path: suggested.append(path) or target
    )
    answer_recovery(monkeypatch, RecoveryChoice.SAVE_AS)
    opened = window.controller.offer_recovery()

    assert suggested == [killed.file.with_name("brackenford (recovered).inspection")]
    assert opened is not None and opened.path == target
    assert killed.on_disk(target) == killed.final
    assert killed.on_disk() == killed.initial, "the old file is left as it was"
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("kept.inspection[*]")
    # The work goes on in the new file, recorded for recovery as any other.
    editor = opened.editor
    editor.set_answer(editor.session.cases[0].id, "P2.1.1", AnswerValue.NO)
    assert opened.file.journal is not None and opened.file.journal.flush()
    assert window.close_document()
    assert find_recoverable(killed.root) == []


def test_decide_later_keeps_the_work_for_the_next_start(
    window: MainWindow, killed: KilledApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_root(window, killed)
    asked = answer_recovery(monkeypatch, RecoveryChoice.LATER, RecoveryChoice.SAVE_AS)
    assert window.controller.offer_recovery() is None
    assert window.workspace is None
    # Save As, then no file chosen: the work stays where it is too.
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: None)
    assert window.controller.offer_recovery() is None
    assert len(asked) == 2
    [candidate] = find_recoverable(killed.root)
    assert candidate.change_count == EDITS


# -- which file, and what happened to it since ----------------------------------------------


def test_each_of_several_crashed_documents_is_asked_about(
    window: MainWindow, tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = kill_app(tmp_path / "one", example_path, "first", seed=1)
    second = kill_app(tmp_path / "two", example_path, "second", seed=2)
    # Two instances killed, their recovery data in the same user's folder.
    [folder] = second.root.iterdir()
    shutil.move(folder, first.root / folder.name)
    use_root(window, first)
    target = tmp_path / "second-kept.inspection"
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: target)
    # Restore the first offered, Save As… the second: the window asks to save the first.
    monkeypatch.setattr(ask, "ask_save_changes", lambda *_a: ask.SaveChoice.SAVE)
    asked = answer_recovery(monkeypatch, RecoveryChoice.RESTORE, RecoveryChoice.SAVE_AS)
    window.controller.offer_recovery()

    assert [(a.options["number"], a.options["total"]) for a in asked] == [(1, 2), (2, 2)]
    by_file = {a.candidate.path: a for a in asked}
    assert set(by_file) == {first.file, second.file}
    restored = first if asked[0].candidate.path == first.file else second
    saved_as = second if restored is first else first
    assert restored.on_disk() == restored.final, "saved when the second took the window"
    assert saved_as.on_disk(target) == saved_as.final
    assert saved_as.on_disk() == saved_as.initial
    assert window.controller.current.path == target
    assert window.close_document()
    assert find_recoverable(first.root) == []


def test_opening_a_file_with_recovery_data_offers_it_and_no_other(
    window: MainWindow,
    killed: KilledApp,
    tmp_path: Path,
    example_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_root(window, killed)
    other = tmp_path / "other.inspection"
    shutil.copyfile(example_path, other)
    never_asked(monkeypatch)
    assert window.open_path(other), "no recovery data for this file: it just opens"
    assert window.close_document()

    asked = answer_recovery(monkeypatch, RecoveryChoice.LATER, RecoveryChoice.RESTORE)
    assert window.open_path(killed.file)
    assert asked[0].options["later_text"] == "Open Saved File"
    assert asked[0].candidate.path == killed.file
    editor = window.workspace.editor
    assert answer_states(editor.document) == killed.initial, "the file as saved"
    assert not window.isWindowModified()
    assert window.close_document()

    assert window.open_path(killed.file)
    assert answer_states(window.workspace.editor.document) == killed.final
    assert window.isWindowModified()


def test_a_file_changed_since_is_explained_and_not_overwritten_without_asking(
    window: MainWindow, killed: KilledApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_root(window, killed)
    theirs = load_inspection(killed.file).document
    theirs.meta.region = "Saved by a colleague meanwhile"
    save_inspection(theirs, killed.file)
    asked = answer_recovery(monkeypatch, RecoveryChoice.RESTORE)
    window.controller.offer_recovery()

    assert asked[0].candidate.file_status is FileStatus.CHANGED
    assert "has been saved again since this work was recorded" in asked[0].text
    assert "asks before saving over" in asked[0].text
    notice = window.controller.notices["recovered"]
    assert "saved again since" in notice.text and notice.action == "save_as"

    questions: list[tuple[Path, DiskState, bool]] = []

    def changed(_parent, path, state, *, replaced=False):
        questions.append((path, state, replaced))
        return OverwriteChoice.CANCEL if len(questions) == 1 else OverwriteChoice.OVERWRITE

    monkeypatch.setattr(file_problems, "ask_changed_on_disk", changed)
    assert not window.save(), "cancelled: nothing written"
    assert load_inspection(killed.file).document.meta.region == "Saved by a colleague meanwhile"
    assert window.save(), "overwrite, having been asked"
    assert questions == [(killed.file, DiskState.CHANGED, False)] * 2
    assert killed.on_disk() == killed.final
    kept = load_inspection(backup_path(killed.file)).document
    assert kept.meta.region == "Saved by a colleague meanwhile", "their version kept as .bak"


def test_a_different_inspection_at_the_path_is_only_saved_elsewhere(
    window: MainWindow, killed: KilledApp, tmp_path: Path, pdu, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_root(window, killed)
    save_inspection(new_document(pdu, unit="Another PDU"), killed.file)
    asked = answer_recovery(monkeypatch, RecoveryChoice.RESTORE)
    window.controller.offer_recovery()
    assert asked[0].candidate.file_status is FileStatus.REPLACED
    assert "now holds a different inspection" in asked[0].text
    questions: list[bool] = []

    def changed(_parent, _path, _state, *, replaced=False):
        questions.append(replaced)
        return OverwriteChoice.SAVE_AS

    monkeypatch.setattr(file_problems, "ask_changed_on_disk", changed)
    target = tmp_path / "mine.inspection"
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: target)
    assert window.save()
    assert questions == [True]
    assert killed.on_disk(target) == killed.final
    assert load_inspection(killed.file).document.meta.unit == "Another PDU"


def test_restored_work_survives_a_second_crash_before_any_edit(
    window: MainWindow, killed: KilledApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_root(window, killed)
    answer_recovery(monkeypatch, RecoveryChoice.RESTORE)
    opened = window.controller.offer_recovery()
    file = opened.file
    assert file.journal is not None and file.journal.flush()
    # The app dies at once: its recovery data stays, and its lock is released by the system.
    file.journal.detach()
    file.journal = None
    file.lock.release()
    file.lock = None
    [again] = find_recoverable(killed.root)
    assert again.change_count == 0 and not again.base_is_file
    assert "restored after an earlier crash" in recovery_dialog.changes_text(again)
    monkeypatch.setattr(ask, "ask_save_changes", lambda *_a: ask.SaveChoice.DISCARD)
    monkeypatch.setattr(ask, "confirm", lambda *_a: True)
    answer_recovery(monkeypatch, RecoveryChoice.RESTORE)
    window.controller.current = None  # the crashed window is gone
    restored = window.controller.offer_recovery()
    assert answer_states(restored.editor.document) == killed.final


# -- the dialog itself -------------------------------------------------------------------------


def test_damaged_recovery_data_offers_discard_and_later_only(qtbot, killed: KilledApp) -> None:
    [candidate] = find_recoverable(killed.root)
    meta = json.loads((candidate.folder / "meta.json").read_text())
    (candidate.folder / meta["base"]).write_bytes(b"damaged")
    [damaged] = find_recoverable(killed.root)
    assert not damaged.restorable
    dialog = RecoveryDialog(damaged)
    qtbot.addWidget(dialog)
    texts = [b.text() for b in dialog.buttons]
    assert sorted(texts) == ["Decide Later", "Discard…"]
    assert "cannot be restored" in dialog.summary and "damaged" in dialog.summary


def test_closing_the_dialog_decides_later(qtbot, killed: KilledApp) -> None:
    [candidate] = find_recoverable(killed.root)
    dialog = RecoveryDialog(candidate, number=2, total=3)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Recover Unsaved Work (2 of 3)"
    assert dialog.restore_button is not None and dialog.restore_button.isDefault()
    dialog.show()
    dialog.reject()
    assert dialog.choice is RecoveryChoice.LATER
    dialog.save_as_button.click()
    assert dialog.choice is RecoveryChoice.SAVE_AS


def test_the_next_start_of_the_app_shows_the_dialog(
    killed: KilledApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run_app`, as ``inspector-app`` calls it, asks before anything else happens."""
    monkeypatch.setenv("INSPECTOR_APP_HOME", str(killed.home))
    monkeypatch.setattr(ask, "ask_save_changes", lambda *_a: ask.SaveChoice.DISCARD)
    asked = answer_recovery(monkeypatch, RecoveryChoice.RESTORE)
    seen: list[MainWindow] = []
    started: Callable[[MainWindow], None] = seen.append
    monkeypatch.setattr(QApplication, "exec", lambda _app: QTest.qWait(200) or 0)
    monkeypatch.setattr(app_module, "_install_excepthook", lambda _window: None)
    assert app_module.run_app(None, on_started=started) == 0
    [window] = seen
    try:
        assert [a.candidate.path for a in asked] == [killed.file]
        assert answer_states(window.workspace.editor.document) == killed.final
        assert window.isWindowModified()
    finally:
        window.close()
        window.deleteLater()


def test_a_new_inspection_never_saved_comes_back_by_its_unit(
    window: MainWindow, tmp_path: Path, pdu, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "recovery"
    window.controller.recovery_root = root
    opened = window.controller.new_document(new_document(pdu, unit="Wakefield PDU"))
    assert opened is not None and opened.path is None
    opened.editor.set_value(("meta", "region"), "Yorkshire and the Humber")
    # The app is abandoned: its recovery data stays, the window is gone.
    assert opened.file.journal is not None and opened.file.journal.flush()
    opened.file.journal.detach()
    opened.file.journal = None
    window.controller.current = None

    asked = answer_recovery(monkeypatch, RecoveryChoice.RESTORE)
    restored = window.controller.offer_recovery()
    [question] = asked
    assert question.candidate.file_status is FileStatus.NEVER_SAVED
    assert question.text.startswith("Unsaved work: a new inspection of Wakefield PDU")
    assert "had not been saved to a file yet" in question.text
    assert restored.editor.document.meta.region == "Yorkshire and the Humber"
    assert window.isWindowModified() and restored.path is None
    target = tmp_path / "wakefield.inspection"
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: target)
    assert window.save(), "never saved: Save asks where"
    assert load_inspection(target).document.meta.region == "Yorkshire and the Humber"
