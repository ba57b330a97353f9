"""Safe saving: atomic replacement, a backup of the previous version, failed saves of every
kind that change nothing, and a warning before overwriting a file changed on disk."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from inspector_app.core import storage
from inspector_app.core.errors import InspectionFileError
from inspector_app.core.fingerprint import DiskState, disk_state, fingerprint_file
from inspector_app.core.open_file import NoFileError, OpenInspection
from inspector_app.core.storage import (
    FileChangedOnDiskError,
    backup_path,
    load_inspection,
    save_inspection,
    serialise,
)
from tests.builders import new_document


@pytest.fixture
def work_file(tmp_path: Path, example_path: Path) -> Path:
    path = tmp_path / "work" / "brackenford.inspection"
    path.parent.mkdir()
    shutil.copyfile(example_path, path)
    return path


def edited(path: Path, unit: str = "Edited PDU"):
    loaded = load_inspection(path)
    loaded.document.meta.unit = unit
    return loaded


def test_save_keeps_the_previous_version_as_a_backup(work_file: Path) -> None:
    original = work_file.read_bytes()
    first = edited(work_file, "First edit")
    result = save_inspection(first.document, work_file)
    assert result.backup == backup_path(work_file)
    assert backup_path(work_file).name == "brackenford.inspection.bak"
    assert backup_path(work_file).read_bytes() == original
    assert result.data == work_file.read_bytes()
    assert result.fingerprint == fingerprint_file(work_file)
    second = edited(work_file, "Second edit")
    save_inspection(second.document, work_file)
    assert load_inspection(backup_path(work_file)).document.meta.unit == "First edit"
    assert load_inspection(work_file).document.meta.unit == "Second edit"
    if os.name == "posix":
        assert stat.S_IMODE(backup_path(work_file).stat().st_mode) == 0o600
        assert stat.S_IMODE(work_file.stat().st_mode) == 0o600
    names = sorted(p.name for p in work_file.parent.iterdir())
    assert names == ["brackenford.inspection", "brackenford.inspection.bak"]


def test_a_first_save_has_no_backup(pdu, tmp_path: Path) -> None:
    result = save_inspection(new_document(pdu), tmp_path / "new.inspection")
    assert result.backup is None
    assert not backup_path(tmp_path / "new.inspection").exists()


def test_backup_is_copied_where_hard_links_are_not_supported(
    work_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = work_file.read_bytes()

    def no_links(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(storage.os, "link", no_links)
    save_inspection(edited(work_file).document, work_file)
    assert backup_path(work_file).read_bytes() == original


def test_saving_through_a_symbolic_link_updates_the_file_it_points_to(
    work_file: Path, tmp_path: Path
) -> None:
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links")
    link = tmp_path / "link.inspection"
    link.symlink_to(work_file)
    save_inspection(edited(link).document, link)
    assert link.is_symlink()
    assert load_inspection(work_file).document.meta.unit == "Edited PDU"


# -- failed saves --------------------------------------------------------------------------------


def oserror(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return fail


FAILURES = [
    # (what fails, how, the words of the message)
    ("disk full while writing", ("os", "fsync", errno.ENOSPC), "the disk is full"),
    ("quota used up", ("os", "fsync", errno.EDQUOT), "quota"),
    ("read-only folder", ("tempfile", "mkstemp", errno.EROFS), "read-only"),
    ("no permission to create", ("tempfile", "mkstemp", errno.EACCES), "permission denied"),
    ("no permission to replace", ("os", "replace", errno.EACCES), "permission denied"),
    ("folder removed meanwhile", ("tempfile", "mkstemp", errno.ENOENT), "no longer exists"),
    ("drive unplugged", ("os", "fsync", errno.EIO), "could not be written"),
    ("backup cannot be made", ("os", "link", errno.ENOSPC), "backup"),
]


@pytest.mark.parametrize(("what", "how", "words"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failed_save_changes_nothing(
    work_file: Path, monkeypatch: pytest.MonkeyPatch, what: str, how, words: str
) -> None:
    save_inspection(edited(work_file, "Saved once").document, work_file)  # makes a backup
    file_before = work_file.read_bytes()
    backup_before = backup_path(work_file).read_bytes()
    loaded = edited(work_file, "Unsaved work")
    document_before = serialise(loaded.document)
    module_name, function, code = how
    module = storage.os if module_name == "os" else storage.tempfile
    monkeypatch.setattr(module, function, oserror(code))
    with pytest.raises(InspectionFileError) as caught:
        save_inspection(loaded.document, work_file)
    monkeypatch.undo()
    message = str(caught.value)
    assert words in message
    assert str(work_file) in message
    assert "left as it was" in message
    assert work_file.read_bytes() == file_before
    assert backup_path(work_file).read_bytes() == backup_before
    assert serialise(loaded.document) == document_before, "the document in memory is untouched"
    assert sorted(p.name for p in work_file.parent.iterdir()) == [
        "brackenford.inspection",
        "brackenford.inspection.bak",
    ], "no temporary files left"
    # The work can still be saved elsewhere.
    elsewhere = work_file.parent.parent / "elsewhere.inspection"
    save_inspection(loaded.document, elsewhere)
    assert load_inspection(elsewhere).document.meta.unit == "Unsaved work"


def test_saving_into_a_folder_that_is_gone(work_file: Path) -> None:
    loaded = load_inspection(work_file)
    shutil.rmtree(work_file.parent)
    with pytest.raises(InspectionFileError, match="folder does not exist"):
        save_inspection(loaded.document, work_file)


def test_a_file_deleted_since_opening_is_noticed(work_file: Path) -> None:
    loaded = load_inspection(work_file)
    work_file.unlink()
    with pytest.raises(FileChangedOnDiskError, match="moved or deleted") as caught:
        save_inspection(loaded.document, work_file, expected=loaded.fingerprint)
    assert caught.value.state is DiskState.MISSING
    assert not work_file.exists()
    save_inspection(loaded.document, work_file)  # saving again puts it back
    assert work_file.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_really_read_only_folder(work_file: Path) -> None:
    loaded = edited(work_file)
    before = work_file.read_bytes()
    work_file.parent.chmod(0o500)
    try:
        with pytest.raises(InspectionFileError, match="permission denied"):
            save_inspection(loaded.document, work_file)
    finally:
        work_file.parent.chmod(0o700)
    assert work_file.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_really_read_only_file_in_a_writable_folder_is_still_replaced_atomically(
    work_file: Path,
) -> None:
    # Like every editor that saves by renaming, the app replaces a read-only file whose
    # folder is writable; the backup keeps the old one.
    work_file.chmod(0o400)
    save_inspection(edited(work_file).document, work_file)
    assert load_inspection(work_file).document.meta.unit == "Edited PDU"


# -- changed on disk ---------------------------------------------------------------------------


def test_a_file_changed_on_disk_is_not_overwritten_without_asking(work_file: Path) -> None:
    mine = edited(work_file, "Mine")
    theirs = edited(work_file, "Theirs")
    save_inspection(theirs.document, work_file)
    their_bytes = work_file.read_bytes()
    with pytest.raises(FileChangedOnDiskError, match="changed by someone") as caught:
        save_inspection(mine.document, work_file, expected=mine.fingerprint)
    assert caught.value.state is DiskState.CHANGED
    assert work_file.read_bytes() == their_bytes
    save_inspection(mine.document, work_file)  # the user chose to overwrite
    assert load_inspection(work_file).document.meta.unit == "Mine"


def test_a_file_touched_but_not_changed_is_not_reported(work_file: Path) -> None:
    loaded = load_inspection(work_file)
    os.utime(work_file, (1_000_000_000, 1_000_000_000))
    assert disk_state(work_file, loaded.fingerprint) is DiskState.UNCHANGED
    save_inspection(loaded.document, work_file, expected=loaded.fingerprint)


def test_same_size_different_content_is_reported(work_file: Path) -> None:
    loaded = load_inspection(work_file)
    raw = work_file.read_bytes()
    work_file.write_bytes(raw.replace(b"Brackenford", b"Brackenfxrd", 1))
    assert disk_state(work_file, loaded.fingerprint) is DiskState.CHANGED


def test_open_inspection_saves_and_tracks_the_file(work_file: Path, tmp_path: Path) -> None:
    opened = OpenInspection.open(work_file, recovery_root=tmp_path / "r")
    session = opened.session
    session.apply(session.value_change(("meta", "region"), "North"))
    assert opened.modified
    opened.save()
    assert not opened.modified and opened.disk_state() is DiskState.UNCHANGED
    # Someone else saves; our next save asks first and then overwrites.
    theirs = load_inspection(work_file)
    theirs.document.meta.region = "South"
    save_inspection(theirs.document, work_file)
    assert opened.disk_state() is DiskState.CHANGED
    session.apply(session.value_change(("meta", "region"), "East"))
    with pytest.raises(FileChangedOnDiskError):
        opened.save()
    assert opened.modified
    opened.save(overwrite_changes=True)
    assert load_inspection(work_file).document.meta.region == "East"
    opened.close()


def test_a_failed_save_keeps_the_work_open_for_save_as(
    work_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = OpenInspection.open(work_file, recovery_root=tmp_path / "r")
    opened.session.apply(opened.session.value_change(("meta", "region"), "Unsaved"))
    monkeypatch.setattr(storage.tempfile, "mkstemp", oserror(errno.ENOSPC))
    with pytest.raises(InspectionFileError, match="disk is full"):
        opened.save()
    monkeypatch.undo()
    assert opened.modified and opened.path == work_file
    elsewhere = tmp_path / "usb" / "rescued.inspection"
    elsewhere.parent.mkdir()
    opened.save_as(elsewhere)
    assert load_inspection(elsewhere).document.meta.region == "Unsaved"
    assert not opened.modified
    opened.close()


def test_a_new_document_needs_a_name_first(pdu, tmp_path: Path) -> None:
    opened = OpenInspection.create(new_document(pdu), pdu, recovery_root=tmp_path / "r")
    with pytest.raises(NoFileError):
        opened.save()
    opened.save_as(tmp_path / "new.inspection")
    opened.save()
    opened.close()


def test_temporary_files_go_beside_the_target(work_file: Path, monkeypatch) -> None:
    seen: list[str] = []
    real = tempfile.mkstemp

    def spy(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        seen.append(name)
        return fd, name

    monkeypatch.setattr(storage.tempfile, "mkstemp", spy)
    save_inspection(load_inspection(work_file).document, work_file)
    # Same folder, hence the same file system: the final rename is atomic.
    assert [Path(name).parent for name in seen] == [work_file.parent]
