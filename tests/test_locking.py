"""The lock beside a shared inspection file, and opening a locked file read-only."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from inspector_app.core import locking
from inspector_app.core.liveness import this_host
from inspector_app.core.locking import (
    STALE_AFTER_SECONDS,
    FileLockedError,
    LockLostError,
    acquire_lock,
    lock_path,
    read_lock,
)
from inspector_app.core.open_file import OpenInspection, ReadOnlyError
from tests.lock_files import dead_pid, write_lock

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def work_file(tmp_path: Path, example_path: Path) -> Path:
    path = tmp_path / "shared" / "brackenford.inspection"
    path.parent.mkdir()
    shutil.copyfile(example_path, path)
    return path


def test_acquire_writes_who_and_release_removes(work_file: Path) -> None:
    lock = acquire_lock(work_file, heartbeat=False, user="jsmith")
    holder = read_lock(work_file)
    assert holder is not None
    assert (holder.user, holder.host, holder.pid) == ("jsmith", this_host(), os.getpid())
    assert holder.token == lock.info.token and not holder.is_stale()
    assert lock_path(work_file).name == ".brackenford.inspection.lock"
    assert lock_path(work_file).parent == work_file.parent
    if os.name == "posix":
        assert stat.S_IMODE(lock_path(work_file).stat().st_mode) == 0o600
    lock.release()
    assert read_lock(work_file) is None
    lock.release()  # twice is harmless


def test_a_second_instance_is_refused_and_told_who(work_file: Path) -> None:
    lock = acquire_lock(work_file, heartbeat=False, user="jsmith")
    with pytest.raises(FileLockedError) as caught:
        acquire_lock(work_file, heartbeat=False)
    assert caught.value.holder is not None and caught.value.holder.user == "jsmith"
    assert "open for editing by jsmith" in str(caught.value)
    assert "read-only" in str(caught.value)
    lock.release()


def test_a_lock_from_another_machine_is_respected_while_its_heartbeat_is_fresh(
    work_file: Path,
) -> None:
    write_lock(work_file, pid=1)
    with pytest.raises(FileLockedError, match="colleague on OFFICE-PC-7"):
        acquire_lock(work_file, heartbeat=False)


def test_a_lock_from_another_machine_goes_stale_when_its_heartbeat_stops(
    work_file: Path,
) -> None:
    old = time.time() - STALE_AFTER_SECONDS - 60
    write_lock(work_file, pid=1, opened_at=old, heartbeat_at=old)
    assert read_lock(work_file).is_stale()
    lock = acquire_lock(work_file, heartbeat=False)
    assert read_lock(work_file).token == lock.info.token
    lock.release()


def test_a_lock_left_by_a_crash_on_this_machine_is_taken_over(work_file: Path) -> None:
    write_lock(work_file, host=this_host(), pid=dead_pid())
    assert read_lock(work_file).is_stale()
    lock = acquire_lock(work_file, heartbeat=False)
    assert read_lock(work_file).token == lock.info.token
    lock.release()
    assert list(work_file.parent.iterdir()) == [work_file], "no stray files left behind"


def test_a_damaged_lock_file_is_judged_by_its_age(work_file: Path) -> None:
    lock_path(work_file).write_bytes(b'{"format": "inspection-work')
    with pytest.raises(FileLockedError, match="someone"):
        acquire_lock(work_file, heartbeat=False)
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(lock_path(work_file), (old, old))
    acquire_lock(work_file, heartbeat=False).release()


def test_take_over_breaks_a_live_lock_and_the_loser_finds_out(work_file: Path) -> None:
    first = acquire_lock(work_file, heartbeat=False, user="first")
    second = acquire_lock(work_file, heartbeat=False, take_over=True, user="second")
    with pytest.raises(LockLostError) as caught:
        first.refresh()
    assert caught.value.holder.user == "second"
    assert first.lost and "Save your work under another name" in str(caught.value)
    first.release()  # must not remove the other's lock
    assert read_lock(work_file).token == second.info.token
    second.release()


def test_refresh_renews_the_heartbeat(work_file: Path) -> None:
    lock = acquire_lock(work_file, heartbeat=False)
    before = read_lock(work_file).heartbeat_at
    time.sleep(0.01)
    lock.refresh()
    assert read_lock(work_file).heartbeat_at > before
    lock.release()


def test_the_heartbeat_thread_refreshes_and_reports_a_lost_lock(work_file: Path) -> None:
    lost: list[LockLostError] = []
    lock = acquire_lock(work_file, heartbeat=False)
    lock.start_heartbeat(interval=0.02, on_lost=lost.append)
    first = read_lock(work_file).heartbeat_at
    deadline = time.monotonic() + 5
    while read_lock(work_file).heartbeat_at == first and time.monotonic() < deadline:
        time.sleep(0.01)
    assert read_lock(work_file).heartbeat_at > first
    write_lock(work_file, user="intruder", token="other")
    while not lost and time.monotonic() < deadline:
        time.sleep(0.01)
    assert lost and lost[0].holder.user == "intruder"
    lock.release()
    assert read_lock(work_file).user == "intruder"


def test_a_folder_where_no_lock_can_be_made(
    work_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def read_only_folder(path, flags, *args, **kwargs):
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(locking.os, "open", read_only_folder)
    with pytest.raises(FileLockedError, match="cannot be locked") as caught:
        acquire_lock(work_file)
    assert caught.value.holder is None


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions"
)
def test_a_really_read_only_folder(work_file: Path) -> None:
    work_file.parent.chmod(0o500)
    try:
        with pytest.raises(FileLockedError, match="cannot be locked"):
            acquire_lock(work_file)
        opened = OpenInspection.open(work_file, read_only=True)
        opened.close()
    finally:
        work_file.parent.chmod(0o700)


# -- opening ------------------------------------------------------------------------------------


def test_open_locks_and_close_unlocks(work_file: Path, tmp_path: Path) -> None:
    opened = OpenInspection.open(work_file, recovery_root=tmp_path / "r")
    assert read_lock(work_file).token == opened.lock.info.token
    with pytest.raises(FileLockedError):
        OpenInspection.open(work_file, recovery_root=tmp_path / "r")
    opened.close()
    assert read_lock(work_file) is None


def test_a_locked_file_opens_read_only_and_says_who_has_it(work_file: Path, tmp_path: Path) -> None:
    write_lock(work_file)
    opened = OpenInspection.open(work_file, read_only=True, recovery_root=tmp_path / "r")
    assert opened.read_only and opened.lock is None
    assert opened.held_by is not None and opened.held_by.user == "colleague"
    with pytest.raises(ReadOnlyError, match="read-only"):
        opened.save()
    copy = tmp_path / "my copy.inspection"
    opened.save_as(copy)
    assert not opened.read_only and opened.path == copy
    assert read_lock(work_file).user == "colleague", "their lock is untouched"
    opened.close()


LOCK_HOLDER = textwrap.dedent(
    """
    import sys, time
    from inspector_app.core.locking import acquire_lock
    lock = acquire_lock(sys.argv[1], user="other-process")
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_another_process_holds_the_lock_until_it_dies(work_file: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(work_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(FileLockedError, match="other-process"):
            acquire_lock(work_file, heartbeat=False)
    finally:
        child.kill()
        child.wait()
    assert read_lock(work_file).is_stale(), "its process is gone"
    acquire_lock(work_file, heartbeat=False).release()


def test_process_liveness_and_owner_locks(tmp_path: Path) -> None:
    from inspector_app.core.liveness import OwnerLock, process_alive

    assert process_alive(os.getpid())
    assert not process_alive(dead_pid())
    assert not process_alive(0) and not process_alive(-1)
    first, second = OwnerLock(tmp_path / "owner.lock"), OwnerLock(tmp_path / "owner.lock")
    assert first.try_acquire()
    assert not second.try_acquire(), "a lock is per open file, even within one process"
    first.release()
    assert second.try_acquire()
    second.release()
