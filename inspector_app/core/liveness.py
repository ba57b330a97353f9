"""Is the process that wrote something still running? Host names, process ids, OS locks.

Used by the file lock beside a shared inspection file and by the recovery data, both of which
must tell a running app from one that crashed.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from pathlib import Path


def this_host() -> str:
    # platform.node() asks the kernel (uname), not the network.
    return platform.node() or "unknown-host"


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (ids can be reused: callers that
    must not be fooled by reuse also check a heartbeat or hold an `OwnerLock`)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return False
    return True


def _windows_process_alive(pid: int) -> bool:
    # os.kill on Windows would terminate the process; ask for its exit code instead.
    import ctypes

    process_query_limited_information = 0x1000
    still_active = 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


class OwnerLock:
    """An operating-system lock on a file, held while a process owns something.

    The system releases it when the process ends in any way, including a crash or a kill,
    so another process that can take the lock knows the owner is gone. Locks are per open
    file: a second `OwnerLock` on the same file fails to acquire even in the same process.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock without waiting. Raises OSError if the lock file cannot be opened."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            locked = _lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def durable_sync(fd: int) -> None:
        """Push a file's data to the disk itself."""
        os.fsync(fd)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def durable_sync(fd: int) -> None:
        """Push a file's data to the disk itself (macOS's fsync stops at the drive's cache)."""
        if hasattr(fcntl, "F_FULLFSYNC"):
            try:
                fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
                return
            except OSError:
                pass
        os.fsync(fd)


def sync_directory(directory: Path) -> None:
    """Make renames and new files in ``directory`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
