"""A lock file beside an inspection file, so two people do not edit the same file at once.

Opening a file for editing creates ``.<name>.inspection.lock`` beside it (with O_EXCL, so two
instances cannot both create it), holding who has it open: user, host, process id, when it
was opened and a heartbeat time the holder refreshes every `HEARTBEAT_SECONDS`. Another
instance, on this machine or another one through a shared folder, finds the lock and can open
the file read-only instead. A lock left behind by a crash does not block anyone for long: it
is stale when its process is gone (same machine) or its heartbeat is older than
`STALE_AFTER_SECONDS` (any machine; clocks are assumed to agree within a few minutes, as they
do on networked machines), and the next instance takes it over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector_app import __version__
from inspector_app.core.errors import InspectorError
from inspector_app.core.liveness import durable_sync, process_alive, this_host
from inspector_app.core.storage import follow_link

LOCK_FORMAT = "inspection-workbench-lock"
HEARTBEAT_SECONDS = 60.0
STALE_AFTER_SECONDS = 5 * 60.0
_MAX_LOCK_BYTES = 64 * 1024
_ACQUIRE_ATTEMPTS = 5


def lock_path(path: str | os.PathLike[str]) -> Path:
    """Where the lock of an inspection file lives: a hidden file beside it (beside the file a
    symbolic link points to, which is the file saving changes, whichever name opened it)."""
    path = follow_link(Path(path))
    return path.with_name(f".{path.name}.lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class LockInfo:
    """Who holds (or held) a lock."""

    user: str
    host: str
    pid: int | None
    opened_at: float  # seconds since the epoch
    heartbeat_at: float
    token: str  # identifies one holding of the lock
    app_version: str = ""
    readable: bool = True  # False when the lock file exists but cannot be read

    @property
    def on_this_host(self) -> bool:
        return self.host == this_host()

    @property
    def is_ours(self) -> bool:
        """Held by this very process (another window of it, or this lock)."""
        return self.on_this_host and self.pid == os.getpid()

    def is_stale(self, now: float | None = None) -> bool:
        """Whether the holder is gone: its process ended (this machine) or it stopped
        refreshing the heartbeat (any machine)."""
        now = _now() if now is None else now
        if now - self.heartbeat_at > STALE_AFTER_SECONDS:
            return True
        if self.on_this_host and self.pid is not None:
            return not process_alive(self.pid)
        return False

    def describe(self) -> str:
        """Who and since when, e.g. "jsmith on LAPTOP-12 since 10:42 on 3 May"."""
        since = datetime.fromtimestamp(self.opened_at, UTC).astimezone()
        who = self.user if self.readable else "someone"
        where = f" on {self.host}" if self.readable else ""
        if self.is_ours:
            where = " in another window of this app"
        return f"{who}{where} since {since:%H:%M on %d %B}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("readable")
        return {"format": LOCK_FORMAT, **data}


class FileLockedError(InspectorError):
    """The file is open for editing elsewhere (or cannot be locked at all).

    The app offers to open it read-only. ``holder`` says who has it, when known.
    """

    def __init__(
        self,
        path: Path,
        holder: LockInfo | None,
        reason: str | None = None,
        *,
        os_error: OSError | None = None,
    ) -> None:
        self.path = path
        self.holder = holder
        # Set when no lock file could be made at all (a read-only or missing folder).
        self.os_error = os_error
        if reason is None:
            who = holder.describe() if holder is not None else "another instance of the app"
            reason = (
                f"{path.name} is open for editing by {who}. Open it read-only, or ask them "
                "to close it first."
            )
        super().__init__(reason)


class LockLostError(InspectorError):
    """Someone took over this file's lock (after ours looked abandoned, say after a long
    sleep): another instance may be editing the file now."""

    def __init__(self, path: Path, holder: LockInfo | None) -> None:
        self.path = path
        self.holder = holder
        who = holder.describe() if holder is not None else "someone else"
        super().__init__(
            f"{path.name} was opened for editing by {who} while this window was inactive. "
            "Save your work under another name to keep both versions."
        )


def read_lock(path: str | os.PathLike[str]) -> LockInfo | None:
    """Who holds the lock of ``path`` (stale or not), or None if nobody does."""
    return _read_lock_file(lock_path(path))


def _read_lock_file(file: Path) -> LockInfo | None:
    try:
        with open(file, "rb") as handle:
            raw = handle.read(_MAX_LOCK_BYTES)
            mtime = os.fstat(handle.fileno()).st_mtime
    except FileNotFoundError:
        return None
    except OSError:
        try:
            mtime = file.stat().st_mtime
        except OSError:
            return None
        return _unreadable(mtime)
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
            raise ValueError("not a lock file")
        pid = data.get("pid")
        return LockInfo(
            user=str(data["user"]),
            host=str(data["host"]),
            pid=pid if isinstance(pid, int) else None,
            opened_at=float(data["opened_at"]),
            heartbeat_at=float(data["heartbeat_at"]),
            token=str(data["token"]),
            app_version=str(data.get("app_version", "")),
        )
    except (ValueError, KeyError, TypeError):
        # Half-written, or written by something else: judge it by the file's age alone.
        return _unreadable(mtime)


def _unreadable(mtime: float) -> LockInfo:
    return LockInfo("unknown", "unknown", None, mtime, mtime, "", readable=False)


class FileLock:
    """A held lock. Release it when the file is closed."""

    def __init__(self, path: Path, info: LockInfo) -> None:
        self.path = path
        self.lock_file = lock_path(path)
        self.info = info
        self.lost_to: LockInfo | None = None
        # Called on the heartbeat thread when another instance has taken the lock over (the
        # desktop app passes it on to the window with a queued signal).
        self.on_lost: Callable[[LockLostError], None] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._released = False
        self._guard = threading.Lock()

    @property
    def lost(self) -> bool:
        return self.lost_to is not None

    def refresh(self) -> None:
        """Renew the heartbeat. Raises `LockLostError` if someone else holds the lock now
        (and OSError if the lock file cannot be written, e.g. the network drive is gone)."""
        with self._guard:
            if self._released:
                return
            current = _read_lock_file(self.lock_file)
            if current is None or current.token != self.info.token:
                self.lost_to = current
                raise LockLostError(self.path, current)
            info = LockInfo(**{**asdict(self.info), "heartbeat_at": _now()})
            _replace_lock_file(self.lock_file, info)
            self.info = info

    def verify(self) -> None:
        """Raise `LockLostError` unless this lock is still the one on disk."""
        current = _read_lock_file(self.lock_file)
        if current is None or current.token != self.info.token:
            self.lost_to = current
            raise LockLostError(self.path, current)

    def start_heartbeat(
        self,
        interval: float = HEARTBEAT_SECONDS,
        on_lost: Callable[[LockLostError], None] | None = None,
    ) -> None:
        """Refresh the heartbeat on a background thread (a network drive that stalls must
        not freeze the window). `on_lost` is called on that thread if the lock is lost."""
        if on_lost is not None:
            self.on_lost = on_lost
        if self._thread is not None:
            return

        def beat() -> None:
            while not self._stop.wait(interval):
                try:
                    self.refresh()
                except LockLostError as exc:
                    if self.on_lost is not None:
                        with contextlib.suppress(Exception):
                            self.on_lost(exc)
                    return
                except OSError:
                    continue  # a drive briefly away: try again at the next beat

        self._thread = threading.Thread(target=beat, name="file-lock-heartbeat", daemon=True)
        self._thread.start()

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5.0)
        with self._guard:
            if self._released:
                return
            self._released = True
            current = _read_lock_file(self.lock_file)
            if current is not None and current.token == self.info.token:
                with contextlib.suppress(OSError):
                    self.lock_file.unlink()


def acquire_lock(
    path: str | os.PathLike[str],
    *,
    take_over: bool = False,
    heartbeat: bool = True,
    user: str | None = None,
) -> FileLock:
    """Lock ``path`` for editing.

    Raises `FileLockedError` when another live instance holds the lock (``holder`` says who),
    or when no lock file can be created beside it (a read-only folder: the app can still open
    it read-only). A stale lock is taken over; ``take_over`` takes over a live one too (for
    "Open anyway" when the user knows the other instance is gone).
    """
    path = Path(path)
    file = lock_path(path)
    now = _now()
    info = LockInfo(
        user=user or _user(),
        host=this_host(),
        pid=os.getpid(),
        opened_at=now,
        heartbeat_at=now,
        token=uuid.uuid4().hex,
        app_version=__version__,
    )
    holder: LockInfo | None = None
    for _ in range(_ACQUIRE_ATTEMPTS):
        try:
            _create_lock_file(file, info)
        except FileExistsError:
            holder = _read_lock_file(file)
            if holder is None:
                continue  # released meanwhile: try again
            if not (take_over or holder.is_stale()):
                raise FileLockedError(path, holder) from None
            _remove_abandoned(file, holder)
            continue
        except OSError as exc:
            raise FileLockedError(
                path,
                None,
                f"{path.name} cannot be locked for editing: no lock file can be made in its "
                f"folder ({exc.strerror or exc}). Open it read-only, or copy it somewhere you "
                "can write.",
                os_error=exc,
            ) from None
        # On network file systems where O_EXCL is not reliable, the last writer wins: check.
        current = _read_lock_file(file)
        if current is not None and current.token == info.token:
            lock = FileLock(path, info)
            if heartbeat:
                lock.start_heartbeat()
            return lock
        holder = current
    raise FileLockedError(path, holder)


def _create_lock_file(file: Path, info: LockInfo) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags, 0o600)
    try:
        os.write(fd, json.dumps(info.to_json()).encode())
        durable_sync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            file.unlink()
        raise
    os.close(fd)


def _replace_lock_file(file: Path, info: LockInfo) -> None:
    temp = file.with_name(f"{file.name}.{info.token[:8]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        os.write(fd, json.dumps(info.to_json()).encode())
        durable_sync(fd)
    finally:
        os.close(fd)
    os.replace(temp, file)


def _remove_abandoned(file: Path, holder: LockInfo) -> None:
    """Remove a stale (or overridden) lock without removing a fresh one made meanwhile.

    Renaming is atomic, so of two instances taking over at once only one moves the lock
    aside; if what it moved is not the lock it judged (another instance took over first),
    it puts it back.
    """
    aside = file.with_name(f"{file.name}.{uuid.uuid4().hex[:8]}.stale")
    try:
        os.replace(file, aside)
    except FileNotFoundError:
        return
    except OSError:
        with contextlib.suppress(OSError):
            file.unlink()
        return
    moved = _read_lock_file(aside)
    if moved is not None and moved.readable and moved.token != holder.token:
        with contextlib.suppress(OSError):
            os.link(aside, file)  # fails if yet another lock exists: then that one stands
    with contextlib.suppress(OSError):
        aside.unlink()
