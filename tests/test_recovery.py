"""Crash recovery: the journal on disk, finding work left by a crash, and the dialog's three
paths (Restore, Discard, Save As...)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from inspector_app.core import recovery, recovery_journal
from inspector_app.core.document import AnswerValue, Recommendation, RecommendationGroup
from inspector_app.core.fingerprint import DiskState
from inspector_app.core.locking import read_lock
from inspector_app.core.open_file import OpenInspection
from inspector_app.core.ratings import Rating
from inspector_app.core.recovery import (
    RECOVERY_DEADLINE_SECONDS,
    FileStatus,
    RecoveryError,
    discard,
    find_recoverable,
    restore,
)
from inspector_app.core.recovery_journal import RecoveryJournal
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection, save_inspection, serialise
from tests.builders import new_document
from tests.lock_files import dead_pid


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "recovery"


@pytest.fixture
def work_file(tmp_path: Path, example_path: Path) -> Path:
    path = tmp_path / "work" / "brackenford.inspection"
    path.parent.mkdir()
    shutil.copyfile(example_path, path)
    return path


def open_file(path: Path, root: Path, **options) -> OpenInspection:
    return OpenInspection.open(path, recovery_root=root, **options)


def make_edits(session: InspectionSession) -> None:
    """One edit of every kind the app makes, with undo and redo among them."""
    first, second, third = session.cases[0], session.cases[1], session.cases[2]
    answer = session.answer_change(first.id, "P2.1.1", value=AnswerValue.NO, note="Line 1\nLine 2")
    session.apply(answer)
    session.apply(session.answer_change(second.id, "P2.1.2", value=None, note=""))
    session.revert(answer)
    session.apply(answer)
    session.apply(session.case_field_change(first.id, "notes", "Checked with the manager ☃"))
    session.apply(session.case_field_change(first.id, "attributes.gender", "Female"))
    session.apply(session.review_status_change(second.id, "query_raised", "Which plan?"))
    session.apply(session.value_change(("meta", "unit"), "Brackenford and District PDU"))
    session.apply(session.judgement_rating_change("P1.1", Rating.INADEQUATE))
    session.apply(session.override_change("P2.1", Rating.GOOD, "Agreed at the QA meeting"))
    groups = [RecommendationGroup(addressee="The PDU", recommendations=[Recommendation(text="x")])]
    session.apply(session.value_change(("narrative", "recommendations"), groups))
    removal = session.remove_cases_change([third.id])
    session.apply(removal)
    session.revert(removal)
    session.apply(session.remove_cases_change([third.id]))


def crash(opened: OpenInspection) -> None:
    """What a crash leaves: the recorded data and the lock file stay, the process is gone."""
    assert opened.journal is not None
    opened.journal.detach()
    opened.journal = None
    if opened.lock is not None:
        opened.lock._stop.set()  # the heartbeat thread dies with the process
        lock_file = opened.lock.lock_file
        data = json.loads(lock_file.read_bytes())
        lock_file.write_text(json.dumps({**data, "pid": dead_pid()}))
        opened.lock = None


# -- recording ------------------------------------------------------------------------------


def test_edits_reach_the_disk_within_the_deadline_without_flushing(
    work_file: Path, root: Path
) -> None:
    opened = open_file(work_file, root)
    case = opened.session.cases[0]
    opened.session.apply(opened.session.answer_change(case.id, "P2.1.1", value=AnswerValue.NO))
    made = time.monotonic()
    journal_file = None
    while time.monotonic() - made < RECOVERY_DEADLINE_SECONDS:
        journals = list(opened.journal.folder.glob("journal-*.jsonl"))
        if journals and journals[0].read_bytes().count(b"\n") == 1:
            journal_file = journals[0]
            break
        time.sleep(0.01)
    assert journal_file is not None, "the edit was not on disk within the deadline"
    entry = json.loads(journal_file.read_bytes())
    assert entry["n"] == 1 and entry["op"] == "apply"
    assert entry["change"]["type"] == "SetAnswer"
    opened.close()


def test_a_running_session_is_never_offered(work_file: Path, root: Path) -> None:
    opened = open_file(work_file, root)
    opened.session.apply(
        opened.session.answer_change(opened.session.cases[0].id, "P2.1.1", value=AnswerValue.NO)
    )
    opened.journal.flush()
    assert find_recoverable(root) == []
    opened.close()


def test_restoring_gives_back_exactly_the_document_as_edited(work_file: Path, root: Path) -> None:
    opened = open_file(work_file, root)
    make_edits(opened.session)
    expected = serialise(opened.document)
    crash(opened)
    [candidate] = find_recoverable(root)
    assert candidate.path == work_file
    assert candidate.change_count == 14
    assert candidate.file_status is FileStatus.UNCHANGED
    assert candidate.safe_to_save_in_place
    restored = restore(candidate)
    assert restored.warnings == []
    assert (restored.changes_restored, restored.changes_recorded) == (14, 14)
    # Byte for byte, including the change history's ids, times and authors.
    assert serialise(restored.document) == expected


def test_a_save_starts_a_new_base_and_a_clean_close_removes_everything(
    work_file: Path, root: Path
) -> None:
    opened = open_file(work_file, root)
    folder = opened.journal.folder
    make_edits(opened.session)
    opened.save()
    opened.journal.flush()
    [base] = folder.glob("base-*.inspection")
    [journal] = folder.glob("journal-*.jsonl")
    assert base.read_bytes() == work_file.read_bytes()
    assert journal.read_bytes() == b""
    assert len(list(folder.iterdir())) == 4  # and meta.json, owner.lock
    opened.close()
    assert not folder.exists()
    assert find_recoverable(root) == []


def test_nothing_is_offered_after_a_crash_right_after_a_save(work_file: Path, root: Path) -> None:
    opened = open_file(work_file, root)
    make_edits(opened.session)
    opened.save()
    folder = opened.journal.folder
    crash(opened)
    assert find_recoverable(root) == []
    assert not folder.exists(), "nothing to recover: the folder is cleaned up"


def test_edits_after_a_save_are_recovered_on_top_of_the_saved_file(
    work_file: Path, root: Path
) -> None:
    opened = open_file(work_file, root)
    make_edits(opened.session)
    opened.save()
    case = opened.session.cases[5]
    opened.session.apply(opened.session.answer_change(case.id, "P2.2.1", note="After the save"))
    expected = serialise(opened.document)
    crash(opened)
    [candidate] = find_recoverable(root)
    assert candidate.change_count == 1
    assert candidate.file_status is FileStatus.UNCHANGED
    assert serialise(restore(candidate).document) == expected


def test_a_document_never_saved_is_offered_by_its_unit(pdu, root: Path) -> None:
    document = new_document(pdu, "Wakefield PDU")
    opened = OpenInspection.create(document, pdu, recovery_root=root)
    opened.session.apply(opened.session.value_change(("meta", "region"), "Yorkshire"))
    crash(opened)
    [candidate] = find_recoverable(root)
    assert candidate.path is None
    assert candidate.file_status is FileStatus.NEVER_SAVED
    assert candidate.name == "Unsaved inspection of Wakefield PDU"
    assert "had not been saved" in candidate.summary()
    assert restore(candidate).document.meta.region == "Yorkshire"


def test_summary_says_which_file_when_and_how_many_changes(work_file: Path, root: Path) -> None:
    opened = open_file(work_file, root)
    for case in opened.session.cases[:3]:
        opened.session.apply(opened.session.answer_change(case.id, "P2.1.1", note="n"))
    crash(opened)
    [candidate] = find_recoverable(root)
    text = candidate.summary()
    assert str(work_file) in text
    assert "3 unsaved changes" in text
    assert candidate.when is not None
    assert candidate.when.astimezone().strftime("%H:%M") in text
    assert "has not changed since" in text


# -- never the wrong file ----------------------------------------------------------------------


def crashed_with_one_edit(work_file: Path, root: Path) -> str:
    opened = open_file(work_file, root)
    case = opened.session.cases[0]
    opened.session.apply(opened.session.answer_change(case.id, "P2.1.1", note="recovered"))
    expected = serialise(opened.document)
    crash(opened)
    return expected


def test_a_file_changed_since_is_said_so(work_file: Path, root: Path) -> None:
    expected = crashed_with_one_edit(work_file, root)
    loaded = load_inspection(work_file)
    loaded.document.meta.region = "Saved elsewhere meanwhile"
    save_inspection(loaded.document, work_file)
    [candidate] = find_recoverable(root)
    assert candidate.file_status is FileStatus.CHANGED
    assert not candidate.safe_to_save_in_place
    assert "changed on disk" in candidate.summary()
    # The work itself comes back as it was, from the recovery data, not from the new file.
    assert serialise(restore(candidate).document) == expected


def test_a_different_inspection_at_the_same_path_is_said_so(
    work_file: Path, root: Path, pdu
) -> None:
    crashed_with_one_edit(work_file, root)
    save_inspection(new_document(pdu, "Another PDU"), work_file)
    [candidate] = find_recoverable(root)
    assert candidate.file_status is FileStatus.REPLACED
    assert "different inspection" in candidate.summary()


def test_a_missing_file_is_said_so(work_file: Path, root: Path) -> None:
    crashed_with_one_edit(work_file, root)
    work_file.unlink()
    [candidate] = find_recoverable(root)
    assert candidate.file_status is FileStatus.MISSING
    assert "no longer there" in candidate.summary()


def test_candidates_for_one_file_only(work_file: Path, root: Path, tmp_path: Path) -> None:
    crashed_with_one_edit(work_file, root)
    other = tmp_path / "work" / "other.inspection"
    shutil.copyfile(work_file, other)
    crashed_with_one_edit(other, root)
    assert len(find_recoverable(root)) == 2
    assert [c.path for c in find_recoverable(root, path=other)] == [other]


def test_a_damaged_base_is_never_restored(work_file: Path, root: Path) -> None:
    crashed_with_one_edit(work_file, root)
    [candidate] = find_recoverable(root)
    base = next(candidate.folder.glob("base-*.inspection"))
    base.write_bytes(base.read_bytes().replace(b"Brackenford", b"Brackenfxrd", 1))
    [candidate] = find_recoverable(root)
    assert not candidate.restorable
    assert "damaged" in candidate.summary()
    with pytest.raises(RecoveryError, match="damaged"):
        restore(candidate)
    discard(candidate)
    assert find_recoverable(root) == []


def test_recovery_data_of_another_inspection_is_refused(work_file: Path, root: Path, pdu) -> None:
    crashed_with_one_edit(work_file, root)
    [candidate] = find_recoverable(root)
    meta_file = candidate.folder / "meta.json"
    meta = json.loads(meta_file.read_bytes())
    meta["document_id"] = "00000000-0000-4000-8000-000000000000"
    meta_file.write_text(json.dumps(meta))
    [candidate] = find_recoverable(root)
    with pytest.raises(RecoveryError, match="another inspection"):
        restore(candidate)


def test_a_change_cut_off_by_the_crash_is_left_out_and_said_so(work_file: Path, root: Path) -> None:
    expected = crashed_with_one_edit(work_file, root)
    [candidate] = find_recoverable(root)
    journal = next(candidate.folder.glob("journal-*.jsonl"))
    with journal.open("ab") as handle:
        handle.write(b'{"n":2,"at":"2025-01-01T00:00:00+00:00","op":"apply","change":{"ty')
    [candidate] = find_recoverable(root)
    assert candidate.change_count == 1
    assert candidate.unreadable_tail
    assert "cut off" in candidate.summary()
    restored = restore(candidate)
    assert serialise(restored.document) == expected
    assert any("cut off" in warning for warning in restored.warnings)


def test_replay_stops_at_an_edit_that_cannot_be_replayed(work_file: Path, root: Path) -> None:
    opened = open_file(work_file, root)
    cases = opened.session.cases
    opened.session.apply(opened.session.answer_change(cases[0].id, "P2.1.1", note="kept"))
    opened.session.apply(opened.session.answer_change(cases[1].id, "P2.1.1", note="lost"))
    crash(opened)
    [candidate] = find_recoverable(root)
    journal = next(candidate.folder.glob("journal-*.jsonl"))
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(str(cases[1].id).encode(), b"00000000-0000-4000-8000-00000000000f")
    journal.write_bytes(b"".join(lines))
    restored = restore(candidate)
    assert (restored.changes_restored, restored.changes_recorded) == (1, 2)
    assert "change 2 of 2 could not be replayed" in restored.warnings[0]
    assert restored.document.cases[0].answers["P2.1.1"].note == "kept"


# -- the recovery dialog's three paths ---------------------------------------------------------


def test_dialog_restore_then_save_in_place(work_file: Path, root: Path) -> None:
    expected = crashed_with_one_edit(work_file, root)
    [candidate] = find_recoverable(root)
    reopened = OpenInspection.restore(candidate)
    assert reopened.modified, "restored work is unsaved work"
    assert reopened.path == work_file
    assert reopened.lock is not None and read_lock(work_file).token == reopened.lock.info.token
    assert serialise(reopened.document) == expected
    # The recovered work stays protected while it is open: its folder was taken over.
    assert reopened.journal.folder == candidate.folder
    with pytest.raises(RecoveryError, match="another window"):
        discard(candidate)
    reopened.save()
    assert not reopened.modified
    saved = load_inspection(work_file).document
    assert saved.cases[0].answers["P2.1.1"].note == "recovered"
    reopened.close()
    assert find_recoverable(root) == []
    assert read_lock(work_file) is None


def test_dialog_discard(work_file: Path, root: Path) -> None:
    before = work_file.read_bytes()
    crashed_with_one_edit(work_file, root)
    [candidate] = find_recoverable(root)
    discard(candidate)
    assert not candidate.folder.exists()
    assert find_recoverable(root) == []
    assert work_file.read_bytes() == before
    discard(candidate)  # twice is harmless


def test_dialog_save_as(work_file: Path, root: Path, tmp_path: Path) -> None:
    before = work_file.read_bytes()
    expected = crashed_with_one_edit(work_file, root)
    [candidate] = find_recoverable(root)
    reopened = OpenInspection.restore(candidate)
    elsewhere = tmp_path / "elsewhere.inspection"
    reopened.save_as(elsewhere)
    assert work_file.read_bytes() == before, "Save As leaves the original file alone"
    assert load_inspection(elsewhere).document.cases[0].answers["P2.1.1"].note == "recovered"
    assert reopened.path == elsewhere and not reopened.modified
    assert read_lock(work_file) is None and read_lock(elsewhere) is not None
    # Later edits are recorded against the new file.
    case = reopened.session.cases[1]
    reopened.session.apply(reopened.session.answer_change(case.id, "P2.1.1", note="later"))
    crash(reopened)
    [again] = find_recoverable(root)
    assert again.path == elsewhere and again.change_count == 1
    assert json.loads(serialise(restore(again).document)) != json.loads(expected)


def test_restore_while_another_instance_has_the_file_allows_save_as_only(
    work_file: Path, root: Path, tmp_path: Path
) -> None:
    crashed_with_one_edit(work_file, root)
    other = open_file(work_file, tmp_path / "other-recovery")
    [candidate] = find_recoverable(root)
    reopened = OpenInspection.restore(candidate)
    assert reopened.lock is None and reopened.held_by is not None
    from inspector_app.core.locking import FileLockedError

    with pytest.raises(FileLockedError):
        reopened.save()
    reopened.save_as(tmp_path / "mine.inspection")
    reopened.close()
    other.close()


def test_restore_then_save_over_a_changed_file_asks_first(work_file: Path, root: Path) -> None:
    crashed_with_one_edit(work_file, root)
    loaded = load_inspection(work_file)
    loaded.document.meta.region = "Changed meanwhile"
    save_inspection(loaded.document, work_file)
    [candidate] = find_recoverable(root)
    reopened = OpenInspection.restore(candidate)
    assert reopened.disk_state() is DiskState.CHANGED
    from inspector_app.core.storage import FileChangedOnDiskError

    with pytest.raises(FileChangedOnDiskError):
        reopened.save()
    reopened.save(overwrite_changes=True)
    assert load_inspection(work_file).document.cases[0].answers["P2.1.1"].note == "recovered"
    reopened.close()


# -- the writer under trouble ------------------------------------------------------------------


def test_a_full_disk_is_reported_and_the_edits_are_written_when_space_returns(
    work_file: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery_journal, "RETRY_SECONDS", 0.05)
    problems: list[str | None] = []
    loaded = load_inspection(work_file)
    session = InspectionSession(loaded.document, loaded.framework)
    journal = RecoveryJournal.start(
        session,
        path=work_file,
        base=loaded.recovery_base(),
        file_fingerprint=loaded.fingerprint,
        root=root,
        on_problem=problems.append,
    )
    assert journal.flush()
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery.os, "write", full)
    for case in session.cases[:3]:
        session.apply(session.answer_change(case.id, "P2.1.1", note="while full"))
    assert not journal.flush(timeout=0.3)
    assert journal.problem is not None and "No space left" in journal.problem
    monkeypatch.setattr(recovery.os, "write", real_write)
    assert journal.flush(timeout=5)
    assert journal.problem is None
    assert problems[0] is not None and problems[-1] is None
    expected = serialise(session.document)
    journal.detach()
    [candidate] = find_recoverable(root)
    assert candidate.change_count == 3
    assert serialise(restore(candidate).document) == expected


def test_a_failed_write_leaves_no_torn_line(
    work_file: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery_journal, "RETRY_SECONDS", 0.05)
    opened = open_file(work_file, root)
    session = opened.session
    session.apply(session.answer_change(session.cases[0].id, "P2.1.1", note="first"))
    opened.journal.flush()
    real_write = os.write
    calls = {"n": 0}

    def half_then_fail(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(recovery.os, "write", half_then_fail)
    session.apply(session.answer_change(session.cases[1].id, "P2.1.1", note="second"))
    opened.journal.flush(timeout=0.3)
    journal_file = next(opened.journal.folder.glob("journal-*.jsonl"))
    assert journal_file.read_bytes().count(b"\n") == 1
    assert journal_file.read_bytes().endswith(b"\n"), "cut back to the last whole line"
    monkeypatch.setattr(recovery.os, "write", real_write)
    assert opened.journal.flush(timeout=5)
    expected = serialise(opened.document)
    crash(opened)
    [candidate] = find_recoverable(root)
    assert candidate.change_count == 2 and not candidate.unreadable_tail
    assert serialise(restore(candidate).document) == expected


def test_recovery_data_is_readable_by_the_owner_only(work_file: Path, root: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    opened = open_file(work_file, root)
    opened.session.apply(
        opened.session.answer_change(opened.session.cases[0].id, "P2.1.1", note="private")
    )
    opened.journal.flush()
    folder = opened.journal.folder
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for entry in folder.iterdir():
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry.name
    opened.close()


def test_the_default_folder_is_under_the_user_data_folder() -> None:
    from inspector_app.paths import recovery_dir, user_data_dir

    assert recovery_dir() == user_data_dir() / "recovery"
    if os.name == "posix":
        assert stat.S_IMODE(recovery_dir().stat().st_mode) == 0o700


def test_an_interrupted_start_is_cleaned_up_only_once_old(root: Path) -> None:
    young = root / "abc"
    young.mkdir(parents=True)
    assert find_recoverable(root) == []
    assert young.exists(), "may be a start in progress in another instance"
    old = time.time() - 3600
    os.utime(young, (old, old))
    assert find_recoverable(root) == []
    assert not young.exists()


def test_a_document_opens_even_when_recovery_cannot_start(
    work_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_folder(path: Path) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(recovery_journal, "make_private_dir", no_folder)
    opened = open_file(work_file, tmp_path / "recovery")
    assert opened.journal is None
    assert opened.recovery_problem is not None and "cannot be used" in opened.recovery_problem
    opened.close()
    assert read_lock(work_file) is None


def test_a_read_only_document_is_recorded_once_saved_under_another_name(
    work_file: Path, root: Path, tmp_path: Path
) -> None:
    opened = open_file(work_file, root, read_only=True)
    assert opened.journal is None and opened.recovery_problem is None
    copy = tmp_path / "copy.inspection"
    opened.save_as(copy)
    assert opened.journal is not None
    opened.session.apply(opened.session.value_change(("meta", "region"), "In the copy"))
    crash(opened)
    [candidate] = find_recoverable(root)
    assert candidate.path == copy
    assert restore(candidate).document.meta.region == "In the copy"


def test_restored_work_survives_a_crash_before_any_further_edit(
    work_file: Path, root: Path
) -> None:
    expected = crashed_with_one_edit(work_file, root)
    [candidate] = find_recoverable(root)
    reopened = OpenInspection.restore(candidate)
    assert reopened.journal is not None and reopened.journal.flush()
    crash(reopened)  # before anything else is edited: the base is the recovered work
    [again] = find_recoverable(root)
    assert again.change_count == 0 and not again.base_is_file
    assert "unsaved work (restored earlier" in again.summary()
    assert serialise(restore(again).document) == expected


# -- a disk slow to sync ---------------------------------------------------------------------


def slow_syncs(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Every sync of the recovery data takes ``seconds`` (a disk busy with other writes)."""
    real_sync, real_sync_directory = recovery_journal.durable_sync, recovery.sync_directory

    def durable_sync(fd: int) -> None:
        time.sleep(seconds)
        real_sync(fd)

    def sync_directory(folder: Path) -> None:
        time.sleep(seconds)
        real_sync_directory(folder)

    monkeypatch.setattr(recovery_journal, "durable_sync", durable_sync)
    monkeypatch.setattr(recovery_journal, "sync_directory", sync_directory)
    monkeypatch.setattr(recovery, "sync_directory", sync_directory)


def named_journal(folder: Path) -> bytes:
    """The journal the meta file names: what recovery would read after a crash now."""
    try:
        meta = json.loads((folder / "meta.json").read_bytes())
        return (folder / meta["journal"]).read_bytes()
    except FileNotFoundError:
        return b""  # not written yet


def test_edits_are_written_at_once_while_a_save_is_being_synced(
    work_file: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_syncs(monkeypatch, 0.5)
    opened = open_file(work_file, root)
    session = opened.session
    case = session.cases[0]
    opened.save()  # its new generation takes a few slow syncs to be put in place
    edited = time.monotonic()
    session.apply(session.answer_change(case.id, "P2.1.1", note="just after the save"))
    folder = opened.journal.folder
    while b"just after the save" not in named_journal(folder):
        assert time.monotonic() - edited < 1.5, "the edit waited for the syncs"
        time.sleep(0.02)
    session.apply(session.answer_change(case.id, "P2.1.2", note="and another"))
    opened.save()  # while the first save's generation may still be on its way
    session.apply(session.answer_change(case.id, "P2.1.3", note="after the second save"))
    expected = serialise(opened.document)
    assert opened.journal.flush(timeout=20)
    assert sorted(p.name for p in folder.glob("base-*")) == ["base-3.inspection"]
    crash(opened)
    [candidate] = find_recoverable(root)
    assert candidate.change_count == 1 and candidate.file_status is FileStatus.UNCHANGED
    assert serialise(restore(candidate).document) == expected


def test_a_new_generation_that_cannot_be_written_is_tried_again(
    work_file: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery_journal, "RETRY_SECONDS", 0.05)
    opened = open_file(work_file, root)
    session = opened.session
    assert opened.journal.flush()
    real_write_file = recovery_journal._write_file
    failures = {"left": 3}

    def full(path: Path, data: bytes) -> None:
        if path.name.startswith("base-") and failures["left"]:
            failures["left"] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write_file(path, data)

    monkeypatch.setattr(recovery_journal, "_write_file", full)
    session.apply(session.answer_change(session.cases[0].id, "P2.1.1", note="before"))
    opened.save()
    session.apply(session.answer_change(session.cases[1].id, "P2.1.1", note="after"))
    assert opened.journal.flush(timeout=5)
    assert failures["left"] == 0 and opened.recovery_problem is None
    expected = serialise(opened.document)
    crash(opened)
    [candidate] = find_recoverable(root)
    assert candidate.generation > 2 and candidate.change_count == 1
    assert serialise(restore(candidate).document) == expected
