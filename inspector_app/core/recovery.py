"""Crash recovery: every edit reaches the disk within two seconds, and comes back on request.

While a document is open, a `RecoveryJournal` (`recovery_journal.py`, which writes the
data) keeps a folder under the user's data folder
(``recovery/<session id>/``, readable by the owner only) holding:

* ``meta.json``: which file (or none, for a document never saved), the document's id, the
  fingerprint of the file the work is based on, the app version, process id, host and user,
  and the generation number of the two files below;
* ``base-<generation>.inspection``: the document as opened or last saved, byte for byte;
* ``journal-<generation>.jsonl``: one JSON line per edit applied or undone since then.

The session tells the journal of each change on the caller's thread, which only puts it on a
queue; a background writer appends the lines in batches at most `BATCH_SECONDS` apart, and a
second thread syncs them to the disk, so that no edit ever waits for a slow sync. A save
starts a new generation (new base, empty journal): it is written at once and, while it is
being synced, every edit goes into both journals; then the meta file switches to it
atomically, so at every moment the folder describes a consistent base and journal. A clean
close removes the folder.

While the app runs it holds an operating-system lock on ``owner.lock`` in the folder; after a
crash the system has released it, which is how `find_recoverable` tells a crashed session from
one still open. This module finds such folders (`find_recoverable`), restores them
(`restore`: the journal replayed onto the base through `InspectionSession`, the same code
that made the edits) and discards them (`discard`). Nothing is ever restored without being
asked.

See docs/reliability.md for how the desktop app uses this.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from inspector_app.core.change_codec import decode_change
from inspector_app.core.document import ChangeRecord, Inspection
from inspector_app.core.errors import InspectionFileError, InspectorError
from inspector_app.core.fingerprint import DiskState, FileFingerprint, content_hash, disk_state
from inspector_app.core.framework import Framework
from inspector_app.core.liveness import OwnerLock, sync_directory, this_host
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import (
    MAX_FILE_BYTES,
    check_against_framework,
    parse_inspection,
    serialise,
)

RECOVERY_FORMAT = "inspection-workbench-recovery"
RECOVERY_FORMAT_VERSION = 1

# The promise made to the user: an edit older than this survives a crash.
RECOVERY_DEADLINE_SECONDS = 2.0
# A folder written on another machine (a roaming profile) counts as abandoned once its owner
# lock file's time is older than this (the writer refreshes it while idle).
FOREIGN_STALE_SECONDS = 15 * 60.0

# A folder without a meta file is left alone for this long: it may be a start in progress.
_UNFINISHED_START_SECONDS = 120.0

META_NAME = "meta.json"
OWNER_LOCK_NAME = "owner.lock"


class RecoveryError(InspectorError):
    """Recovery data cannot be restored or discarded; the message says why."""


class FileStatus(StrEnum):
    """How the inspection file on disk relates to the recovery data's base."""

    NEVER_SAVED = "never_saved"  # the document had no file yet
    UNCHANGED = "unchanged"  # the file is the one the recovered work started from
    CHANGED = "changed"  # the same inspection, but saved since (by someone, or somewhere)
    REPLACED = "replaced"  # the path now holds a different inspection, or not one at all
    MISSING = "missing"  # no file at that path (moved, deleted, or a drive not connected)


_FILE_STATUS_TEXT = {
    FileStatus.NEVER_SAVED: "The inspection had not been saved yet.",
    FileStatus.UNCHANGED: "The file has not changed since; restoring brings back the changes.",
    FileStatus.CHANGED: (
        "The file has changed on disk since this work was recorded (saved again here or "
        "elsewhere). Restoring brings back this work as it was; save it under another name "
        "to compare, or overwrite the file."
    ),
    FileStatus.REPLACED: (
        "The file at that place now holds a different inspection. Restoring brings back this "
        "work; save it under another name."
    ),
    FileStatus.MISSING: (
        "The file is no longer there (moved, deleted, or on a drive that is not connected). "
        "Restoring brings back this work; save it somewhere."
    ),
}


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso_time(moment: float | datetime) -> str:
    if isinstance(moment, float | int):
        moment = datetime.fromtimestamp(moment, UTC)
    return moment.isoformat(timespec="milliseconds")


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def default_root() -> Path:
    from inspector_app.paths import recovery_dir

    return recovery_dir()


def make_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)


def absolute_path(path: Path | None) -> Path | None:
    return Path(os.path.abspath(path)) if path is not None else None


def remove_folder(folder: Path, owner: OwnerLock) -> None:
    """Remove a recovery folder whose owner lock is held: the meta file first, so that a
    half-removed folder is never taken for recovery data, the lock last."""
    with contextlib.suppress(FileNotFoundError):
        (folder / META_NAME).unlink()
    sync_directory(folder)
    for entry in folder.iterdir():
        if entry.name != OWNER_LOCK_NAME:
            with contextlib.suppress(OSError):
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
    owner.release()
    with contextlib.suppress(OSError):
        (folder / OWNER_LOCK_NAME).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


# -- finding and restoring ---------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveryCandidate:
    """Work left behind by an app that did not close cleanly."""

    folder: Path
    session_id: str
    generation: int
    path: Path | None  # the inspection file; None if it was never saved
    document_id: str
    unit: str
    framework_id: str
    change_count: int  # edits (and undos) recorded since the base
    started_at: datetime | None
    base_at: datetime | None  # when the file was opened or last saved
    last_change_at: datetime | None
    file_status: FileStatus
    file_fingerprint: FileFingerprint | None  # the file the work is based on
    host: str
    user: str
    pid: int | None
    app_version: str
    # Set when the recovery data is damaged beyond use: offer Discard only.
    problem: str | None = None
    # Lines after the last whole record (the crash came mid-write) or damaged records.
    unreadable_tail: bool = False
    # The SHA-256 of the base: when it is not the file's own, the base itself holds work (a
    # restored document, say) even with no change recorded on top of it.
    base_sha256: str = ""

    @property
    def when(self) -> datetime | None:
        """When the work was last touched."""
        return self.last_change_at or self.base_at or self.started_at

    @property
    def name(self) -> str:
        if self.path is not None:
            return self.path.name
        return f"Unsaved inspection of {self.unit}" if self.unit else "Unsaved inspection"

    @property
    def restorable(self) -> bool:
        return self.problem is None

    @property
    def safe_to_save_in_place(self) -> bool:
        """Whether saving the restored work over its file overwrites nobody else's work."""
        return self.file_status is FileStatus.UNCHANGED

    @property
    def base_is_file(self) -> bool:
        """Whether the recorded changes start from the file as it was opened or saved (not
        from a document restored after an earlier crash, or one never saved)."""
        fingerprint = self.file_fingerprint
        return fingerprint is not None and self.base_sha256 == fingerprint.sha256

    def summary(self) -> str:
        """What the recovery dialog says about this work."""
        when = self.when.astimezone().strftime("%H:%M on %d %B %Y") if self.when else "unknown"
        changes = (
            f"{self.change_count} unsaved change{'s' if self.change_count != 1 else ''}"
            if self.change_count
            else "a new inspection, not saved yet"
            if self.file_status is FileStatus.NEVER_SAVED
            else "unsaved work (restored earlier, or the file's format upgraded)"
            if not self.base_is_file
            else "no changes since it was last saved"
        )
        where = f"{self.path}" if self.path is not None else self.name
        lines = [f"{where}: {changes}, last worked on at {when}."]
        if self.problem is not None:
            lines.append(f"This recovery data cannot be restored: {self.problem}")
        else:
            lines.append(_FILE_STATUS_TEXT[self.file_status])
        if self.unreadable_tail:
            lines.append("The very last change was cut off by the crash and cannot be restored.")
        return "\n".join(lines)


@dataclass
class RestoredInspection:
    """A document rebuilt from recovery data, not yet saved anywhere."""

    document: Inspection
    framework: Framework
    candidate: RecoveryCandidate
    changes_restored: int
    changes_recorded: int
    warnings: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path | None:
        return self.candidate.path

    @property
    def file_fingerprint(self) -> FileFingerprint | None:
        """The file the recovered work is based on: a save over it checks against this."""
        return self.candidate.file_fingerprint

    def recovery_base(self) -> bytes:
        """Bytes of the restored document, the base of the journal that takes over."""
        return serialise(self.document)


def find_recoverable(
    root: Path | None = None, *, path: str | os.PathLike[str] | None = None
) -> list[RecoveryCandidate]:
    """Work left by sessions that ended without closing, newest first.

    Only folders whose owning app is gone are listed (its lock was released, or it ran on
    another machine and stopped updating its folder long ago). Folders with nothing to
    recover (no edits since a save that is still the file on disk, or a start interrupted
    before anything was written) are removed. ``path`` keeps only work on that file.
    """
    root = root or default_root()
    wanted = absolute_path(Path(path)) if path is not None else None
    found: list[RecoveryCandidate] = []
    try:
        folders = [entry for entry in root.iterdir() if entry.is_dir()]
    except OSError:
        return []
    for folder in folders:
        owner = OwnerLock(folder / OWNER_LOCK_NAME)
        try:
            if not _owner_gone(folder, owner):
                continue
            candidate = _inspect(folder)
            if candidate is None:
                # No meta file: a start that never wrote anything, or one starting right now
                # in another instance (between creating the folder and locking it).
                if time.time() - folder.stat().st_mtime > _UNFINISHED_START_SECONDS:
                    remove_folder(folder, owner)
                continue
            if _nothing_to_recover(candidate):
                remove_folder(folder, owner)
                continue
        except OSError:
            continue
        finally:
            owner.release()
        if wanted is None or candidate.path == wanted:
            found.append(candidate)
    found.sort(key=lambda c: c.when or datetime.min.replace(tzinfo=UTC), reverse=True)
    return found


def _owner_gone(folder: Path, owner: OwnerLock) -> bool:
    if not (folder / OWNER_LOCK_NAME).exists() and not (folder / META_NAME).exists():
        return owner.try_acquire()  # an empty folder: take it (and clean it up)
    if not owner.try_acquire():
        return False
    meta = _read_meta(folder)
    host = meta.get("host") if meta else None
    if meta is not None and host not in (None, this_host()):
        # Written on another machine (a roaming profile): our lock proves nothing there.
        try:
            age = time.time() - (folder / OWNER_LOCK_NAME).stat().st_mtime
        except OSError:
            age = FOREIGN_STALE_SECONDS
        return age >= FOREIGN_STALE_SECONDS
    return True


def _nothing_to_recover(candidate: RecoveryCandidate) -> bool:
    return (
        candidate.problem is None
        and candidate.change_count == 0
        and not candidate.unreadable_tail
        and candidate.file_status is FileStatus.UNCHANGED
        # A restored document's base is the recovered work, not the file: keep it.
        and candidate.base_is_file
    )


def _read_meta(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / META_NAME).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != RECOVERY_FORMAT:
        return None
    return data


@dataclass
class _JournalContents:
    records: list[dict[str, Any]]
    unreadable_tail: bool


def _read_journal(path: Path) -> _JournalContents:
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    tail = lines.pop()  # empty when the file ends with a newline, as whole records do
    records: list[dict[str, Any]] = []
    damaged = bool(tail.strip())
    for number, line in enumerate(lines, start=1):
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            damaged = True
            break
        if (
            not isinstance(entry, dict)
            or entry.get("n") != number
            or entry.get("op") not in ("apply", "revert")
            or not isinstance(entry.get("change"), dict)
        ):
            damaged = True
            break
        records.append(entry)
    return _JournalContents(records, damaged)


def _inspect(folder: Path) -> RecoveryCandidate | None:
    """Describe a recovery folder, or None if it holds nothing usable (no meta file)."""
    meta = _read_meta(folder)
    if meta is None:
        return None
    problem = None
    generation = meta.get("generation") if isinstance(meta.get("generation"), int) else 0
    base_name = str(meta.get("base", ""))
    journal_name = str(meta.get("journal", ""))
    records: list[dict[str, Any]] = []
    unreadable_tail = False
    base_path = folder / base_name
    try:
        if content_hash(base_path.read_bytes()) != meta.get("base_sha256"):
            problem = "the saved copy of the document in it is damaged"
    except OSError:
        problem = "the saved copy of the document is missing"
    try:
        contents = _read_journal(folder / journal_name)
        records, unreadable_tail = contents.records, contents.unreadable_tail
    except OSError:
        problem = problem or "the list of changes is missing"
    raw_path = meta.get("document_path")
    path = Path(raw_path) if isinstance(raw_path, str) and raw_path else None
    fingerprint = FileFingerprint.from_json(meta.get("file_fingerprint"))
    document_id = str(meta.get("document_id", ""))
    pid = meta.get("pid")
    return RecoveryCandidate(
        folder=folder,
        session_id=str(meta.get("session_id", folder.name)),
        generation=generation,
        path=path,
        document_id=document_id,
        unit=str(meta.get("unit", "")),
        framework_id=str(meta.get("framework_id", "")),
        change_count=len(records),
        started_at=_parse_time(meta.get("started_at")),
        base_at=_parse_time(meta.get("base_at")),
        last_change_at=_parse_time(records[-1].get("at")) if records else None,
        file_status=_file_status(path, fingerprint, document_id),
        file_fingerprint=fingerprint,
        host=str(meta.get("host", "")),
        user=str(meta.get("user", "")),
        pid=pid if isinstance(pid, int) else None,
        app_version=str(meta.get("app_version", "")),
        problem=problem,
        unreadable_tail=unreadable_tail,
        base_sha256=str(meta.get("base_sha256", "")),
    )


def _file_status(
    path: Path | None, fingerprint: FileFingerprint | None, document_id: str
) -> FileStatus:
    if path is None:
        return FileStatus.NEVER_SAVED
    try:
        if fingerprint is not None:
            state = disk_state(path, fingerprint)
            if state is DiskState.UNCHANGED:
                return FileStatus.UNCHANGED
            if state is DiskState.MISSING:
                return FileStatus.MISSING
        elif not path.exists():
            return FileStatus.MISSING
        return (
            FileStatus.CHANGED if _document_id_on_disk(path) == document_id else FileStatus.REPLACED
        )
    except OSError:
        return FileStatus.MISSING if not path.exists() else FileStatus.REPLACED


def _document_id_on_disk(path: Path) -> str | None:
    """The inspection id of the file at ``path``, or None if it is not an inspection."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return None
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else None


def restore(candidate: RecoveryCandidate) -> RestoredInspection:
    """Rebuild the document: the base with every recorded edit replayed, in order.

    Raises `RecoveryError` when the data cannot give back the document it recorded (a
    damaged or foreign base). An edit that cannot be replayed stops the replay there; the
    edits before it are restored and `warnings` says how many were not.
    """
    meta = _read_meta(candidate.folder)
    if meta is None:
        raise RecoveryError("this recovery data is no longer there (restored or discarded)")
    if meta.get("generation") != candidate.generation:
        raise RecoveryError("this recovery data has changed since it was listed; look again")
    try:
        base = (candidate.folder / str(meta["base"])).read_bytes()
        contents = _read_journal(candidate.folder / str(meta["journal"]))
    except (OSError, KeyError) as exc:
        raise RecoveryError(f"the recovery data cannot be read ({exc})") from None
    if content_hash(base) != meta.get("base_sha256"):
        raise RecoveryError("the saved copy of the document in the recovery data is damaged")
    try:
        loaded = parse_inspection(base, candidate.path or candidate.name)
    except InspectionFileError as exc:
        raise RecoveryError(f"the recovery data cannot be read: {exc.reason}") from None
    if str(loaded.document.id) != meta.get("document_id"):
        raise RecoveryError("the recovery data belongs to another inspection")
    session = InspectionSession(loaded.document, loaded.framework)
    warnings: list[str] = list(loaded.warnings)
    restored = 0
    history = session.document.history
    for entry in contents.records:
        try:
            change = decode_change(entry["change"])
            recorded_history = [
                ChangeRecord.model_validate(item) for item in entry.get("history") or []
            ]
            before = len(history)
            if entry["op"] == "apply":
                session.apply(change)
            else:
                session.revert(change)
            if len(history) - before == len(recorded_history):
                # The entries as first made: same ids, times and authors.
                history[before:] = recorded_history
        except Exception as exc:  # give back every edit up to the first that cannot be replayed
            warnings.append(
                f"change {entry['n']} of {len(contents.records)} could not be replayed ({exc}); "
                f"the {len(contents.records) - restored} change(s) from there on are not restored"
            )
            break
        restored += 1
    if contents.unreadable_tail:
        warnings.append("the last change was cut off by the crash and is not restored")
    problems, _ = check_against_framework(session.document, loaded.framework)
    warnings.extend(f"after restoring: {problem}" for problem in problems)
    return RestoredInspection(
        session.document, loaded.framework, candidate, restored, len(contents.records), warnings
    )


def discard(candidate: RecoveryCandidate) -> None:
    """Delete the recovery data for good. Raises `RecoveryError` if another window has
    taken it over."""
    folder = candidate.folder
    if not folder.exists():
        return
    owner = OwnerLock(folder / OWNER_LOCK_NAME)
    try:
        if not owner.try_acquire():
            raise RecoveryError("this recovered work is open in another window")
        meta = _read_meta(folder)
        if meta is not None and meta.get("session_id") != candidate.session_id:
            raise RecoveryError("this recovery data belongs to another session")
        remove_folder(folder, owner)
    except OSError as exc:
        raise RecoveryError(f"the recovery data could not be removed ({exc})") from None
    finally:
        owner.release()
