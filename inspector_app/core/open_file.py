"""One open inspection: its session, file, lock and recovery data, kept in step.

`OpenInspection` is what a window of the desktop app holds. It ties together the pieces that
keep an inspector's work safe so that the app makes one call per user action:

* `open` locks the file (or opens it read-only), loads it and starts the recovery journal;
* `create` starts a document that has no file yet, `restore` one rebuilt from recovery data;
* `save` refuses to overwrite a file changed on disk since it was opened (unless told to) or
  a file whose lock another instance took over, then saves atomically with a backup;
* `save_as` locks the new file, saves there and moves the lock and recovery data along;
* `close` removes the recovery data and the lock.

Every failure is an `InspectorError` with a message for the user, and leaves the document in
memory as it was.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from inspector_app.core.document import Inspection
from inspector_app.core.errors import InspectionFileError, InspectorError
from inspector_app.core.fingerprint import DiskState, FileFingerprint, disk_state
from inspector_app.core.framework import Framework
from inspector_app.core.locking import (
    FileLock,
    FileLockedError,
    LockInfo,
    acquire_lock,
    read_lock,
)
from inspector_app.core.recovery import RecoveryCandidate, RecoveryError
from inspector_app.core.recovery import restore as restore_candidate
from inspector_app.core.recovery_journal import RecoveryJournal
from inspector_app.core.session import InspectionSession, current_user
from inspector_app.core.storage import SavedInspection, load_inspection, save_inspection, serialise
from inspector_app.core.storage import _describe_os_error as describe_os_error


class ReadOnlyError(InspectorError):
    """The document was opened read-only: it can only be saved under another name."""


class NoFileError(InspectorError):
    """The document has never been saved: it needs a name (Save As) first."""


@dataclass
class OpenInspection:
    session: InspectionSession
    path: Path | None
    # The file on disk as opened or last saved; a save checks the file still matches it.
    fingerprint: FileFingerprint | None
    read_only: bool = False
    lock: FileLock | None = None
    journal: RecoveryJournal | None = None
    # Who had the file open when it was opened read-only because of a lock.
    held_by: LockInfo | None = None
    warnings: list[str] = field(default_factory=list)
    migrated_from: int | None = None
    recovery_root: Path | None = None
    _recovery_failure: str | None = field(default=None, repr=False)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        take_over: bool = False,
        user: str | None = None,
        recovery_root: Path | None = None,
    ) -> OpenInspection:
        """Open a file for editing, or read-only.

        Raises `FileLockedError` when another instance has it open (``holder`` says who: the
        app offers to open it read-only, or with ``take_over`` to break a lock the user knows
        is abandoned), and `InspectionFileError` when the file cannot be opened.
        """
        path = Path(path)
        lock = None if read_only else acquire_lock(path, take_over=take_over)
        try:
            loaded = load_inspection(path)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        session = InspectionSession(loaded.document, loaded.framework, user or current_user())
        opened = cls(
            session,
            path,
            loaded.fingerprint,
            read_only=read_only,
            lock=lock,
            warnings=list(loaded.warnings),
            migrated_from=loaded.migrated_from,
            recovery_root=recovery_root,
        )
        if read_only:
            # Nothing can be edited until Save As makes it a file of its own, which starts
            # the recovery data.
            holder = read_lock(path)
            opened.held_by = holder if holder is not None and not holder.is_stale() else None
        else:
            opened._start_journal(loaded.recovery_base(), loaded.fingerprint)
        return opened

    @classmethod
    def create(
        cls,
        document: Inspection,
        framework: Framework,
        *,
        user: str | None = None,
        recovery_root: Path | None = None,
    ) -> OpenInspection:
        """A new inspection with no file yet (recovered as "Unsaved inspection of ...")."""
        session = InspectionSession(document, framework, user or current_user())
        opened = cls(session, None, None, recovery_root=recovery_root)
        opened._start_journal(serialise(document), None)
        return opened

    @classmethod
    def restore(cls, candidate: RecoveryCandidate, *, user: str | None = None) -> OpenInspection:
        """Rebuild the work of a crashed session and carry on recording it.

        The document counts as modified. Saving over its file checks the file is still the
        one the work started from; when another instance has the file open, only Save As is
        possible. Raises `RecoveryError` when the data cannot be restored.
        """
        restored = restore_candidate(candidate)
        session = InspectionSession(restored.document, restored.framework, user or current_user())
        session.saved_revision = -1  # nothing on disk holds this document
        opened = cls(
            session,
            candidate.path,
            candidate.file_fingerprint,
            warnings=list(restored.warnings),
            recovery_root=candidate.folder.parent,
        )
        # Taking over the candidate's folder first: it fails if another window restored it.
        opened.journal = RecoveryJournal.start(
            session,
            path=candidate.path,
            base=restored.recovery_base(),
            file_fingerprint=candidate.file_fingerprint,
            replacing=candidate,
        )
        if candidate.path is not None and candidate.path.parent.is_dir():
            try:
                opened.lock = acquire_lock(candidate.path)
            except FileLockedError as exc:
                opened.held_by = exc.holder
        return opened

    def _start_journal(self, base: bytes, fingerprint: FileFingerprint | None) -> None:
        try:
            self.journal = RecoveryJournal.start(
                self.session,
                path=self.path,
                base=base,
                file_fingerprint=fingerprint,
                root=self.recovery_root,
            )
        except RecoveryError as exc:
            # The document still opens; the app shows `recovery_problem` to the user.
            self.journal = None
            self._recovery_failure = exc.message

    # -- reading ---------------------------------------------------------------------------

    @property
    def document(self) -> Inspection:
        return self.session.document

    @property
    def framework(self) -> Framework:
        return self.session.framework

    @property
    def modified(self) -> bool:
        return self.session.modified

    @property
    def recovery_problem(self) -> str | None:
        """Why this document's edits are not being kept for crash recovery (None: they are).

        Read-only documents have no recovery data until saved under another name."""
        if self.journal is not None:
            return self.journal.problem
        if self.read_only:
            return None
        return self._recovery_failure or "crash recovery is not running for this document"

    @property
    def name(self) -> str:
        """For the window title."""
        if self.path is not None:
            return self.path.name
        return f"Unsaved inspection of {self.document.meta.unit}"

    def disk_state(self) -> DiskState | None:
        """Whether the file on disk is still the one opened or last saved (None: no file)."""
        if self.path is None or self.fingerprint is None:
            return None
        try:
            return disk_state(self.path, self.fingerprint)
        except OSError:
            return DiskState.CHANGED

    # -- saving ----------------------------------------------------------------------------

    def save(self, *, overwrite_changes: bool = False) -> SavedInspection:
        """Save to the file the document came from.

        Raises `NoFileError` (use `save_as`), `ReadOnlyError`, `FileLockedError` or
        `LockLostError` (another instance has the file: use `save_as`),
        `FileChangedOnDiskError` (the file changed since it was opened: ask, then call again
        with ``overwrite_changes``) or `InspectionFileError` (the save failed: the message
        says why; the file, its backup and the document are as they were).
        """
        if self.path is None:
            raise NoFileError("this inspection has not been saved yet; choose where to save it")
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path.name} was opened read-only; save your changes under another name"
            )
        if not self.path.parent.is_dir():
            # Checked first: the lock file went with the folder, which is not a lost lock.
            raise InspectionFileError(
                self.path,
                "cannot be saved: its folder is no longer there (moved, renamed or deleted, or "
                "on a drive that is not connected)",
            )
        if self.lock is None:
            self.lock = acquire_lock(self.path)
            self.held_by = None
        if self.lock is not None:
            self.lock.verify()
        result = save_inspection(
            self.document, self.path, expected=None if overwrite_changes else self.fingerprint
        )
        self._saved(result)
        return result

    def save_as(self, path: str | os.PathLike[str]) -> SavedInspection:
        """Save under a new name (the file dialog has already confirmed any overwrite).

        The new file is locked first: `FileLockedError` if another instance has it open.
        Afterwards the document belongs to the new file, editable even if it was opened
        read-only.
        """
        path = Path(path)
        if not path.parent.is_dir():
            raise InspectionFileError(path, "cannot be saved: the folder does not exist")
        same = self.path is not None and _same_file(path, self.path)
        try:
            new_lock = self.lock if same and self.lock is not None else acquire_lock(path)
        except FileLockedError as exc:
            if exc.os_error is None:
                raise
            # No lock file can be made there, so the file could not be either: say why as a
            # save does ("the disk is full", "the disk or folder is read-only"...).
            reason = describe_os_error(exc.os_error)
            raise InspectionFileError(path, f"cannot be saved: {reason}") from None
        try:
            result = save_inspection(self.document, path)
        except BaseException:
            if new_lock is not self.lock:
                new_lock.release()
            raise
        if new_lock is not self.lock and self.lock is not None:
            self.lock.release()
        self.lock = new_lock
        self.path = path
        self.read_only = False
        self.held_by = None
        self._saved(result)
        if self.journal is None:
            self._start_journal(result.data, result.fingerprint)
        return result

    def _saved(self, result: SavedInspection) -> None:
        self.fingerprint = result.fingerprint
        self.session.mark_saved()
        if self.journal is not None:
            self.journal.saved(result)

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """The window closes with the work saved or deliberately discarded: remove the
        recovery data and the lock."""
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _same_file(one: Path, other: Path) -> bool:
    with contextlib.suppress(OSError):
        if one.exists() and other.exists():
            return os.path.samefile(one, other)
    return os.path.abspath(one) == os.path.abspath(other)
