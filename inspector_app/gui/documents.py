"""Opening, saving and closing inspection files: the app's one path to and from disk.

`DocumentController` owns the open document, held as a core `OpenInspection`, which keeps the
session, the file, its lock and its crash-recovery data in step (docs/reliability.md, "How the
app uses this"):

* opening locks the file; a file another instance has open can be opened read-only, or taken
  over when its holder looks gone; work left on the file by a crash is offered first;
* every edit reaches the recovery data on disk within two seconds, on a background thread:
  nothing here has to be called for it;
* saving refuses to overwrite a file changed on disk without asking, and a failed save (full
  disk, read-only folder, no permission, file or folder gone, lock lost) says why, keeps the
  work and offers Save As at once;
* closing, after the usual question, removes the recovery data and the lock.

Problems found on background threads (recovery data that cannot be written, a lock taken
over by another instance) arrive through queued signals and become `notices`, which the
window shows without interrupting the user.

Signals: ``documentOpened(OpenDocument)``, ``documentSaved(Path)``, ``documentClosed()``,
``documentAboutToClose(OpenDocument)``, ``modifiedChanged(bool)``, ``recentFilesChanged()``
and ``noticesChanged()``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from inspector_app.core.document import Inspection
from inspector_app.core.errors import InspectionFileError, InspectorError
from inspector_app.core.fingerprint import DiskState
from inspector_app.core.framework import get_framework
from inspector_app.core.locking import FileLockedError, LockLostError, read_lock
from inspector_app.core.open_file import NoFileError, OpenInspection
from inspector_app.core.recovery import (
    FileStatus,
    RecoveryCandidate,
    RecoveryError,
    discard,
    find_recoverable,
)
from inspector_app.core.storage import (
    FILE_EXTENSION,
    FileChangedOnDiskError,
    LoadedInspection,
    load_inspection,
)
from inspector_app.gui.dialogs import ask, file_problems
from inspector_app.gui.dialogs import recovery as recovery_dialog
from inspector_app.gui.dialogs.file_problems import LockChoice, OverwriteChoice
from inspector_app.gui.dialogs.recovery import RecoveryChoice
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.settings import AppSettings
from inspector_app.paths import example_inspection_path

NOT_SAVED_TITLE = "The inspection was not saved"


@dataclass
class OpenDocument:
    editor: DocumentEditor
    # The core's view of the document on disk: file, fingerprint, lock, recovery data.
    file: OpenInspection
    display_name: str
    notices: tuple[str, ...] = ()
    # Set from a restore until the first save: how the file related to the recovered work.
    recovered_from: RecoveryCandidate | None = None

    @property
    def path(self) -> Path | None:
        """The file; None until the document has one (new, recovered unsaved, the example)."""
        return self.file.path

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @property
    def modified(self) -> bool:
        return not self.editor.undo_stack.isClean()

    def suggested_path(self, folder: str) -> Path:
        if self.path is not None:
            return self.path
        stem = re.sub(r"[^A-Za-z0-9]+", "-", self.editor.document.meta.unit).strip("-").lower()
        return Path(folder or Path.home()) / f"{stem or 'inspection'}{FILE_EXTENSION}"


@dataclass(frozen=True)
class FileNotice:
    """Something about the open file the user should know, shown without interrupting."""

    kind: str  # one notice of each kind at a time: "recovery", "lock-lost", "disk", ...
    text: str
    action: str | None = None  # "save" or "save_as": the button that deals with it


class DocumentController(QObject):
    documentOpened = Signal(object)
    documentAboutToClose = Signal(object)
    documentClosed = Signal()
    documentSaved = Signal(object)
    modifiedChanged = Signal(bool)
    recentFilesChanged = Signal()
    noticesChanged = Signal()
    # Emitted on background threads (the recovery writer, the lock heartbeat); connected
    # queued, so the slots run on the GUI thread.
    _recoveryProblemReported = Signal(object, object)
    _lockLostReported = Signal(object, object)

    def __init__(
        self,
        settings: AppSettings,
        window: QWidget,
        *,
        remember: bool = True,
        recovery_root: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.settings = settings
        self.window = window
        self.remember = remember
        # Where recovery data is kept (None: the user's data folder).
        self.recovery_root = recovery_root
        self.current: OpenDocument | None = None
        self.notices: dict[str, FileNotice] = {}
        queued = Qt.ConnectionType.QueuedConnection
        self._recoveryProblemReported.connect(self._recovery_problem, queued)
        self._lockLostReported.connect(self._lock_lost, queued)

    # -- the read path for files opened as copies -------------------------------------------

    def load(self, path: Path) -> LoadedInspection:
        return load_inspection(path)

    # -- opening ---------------------------------------------------------------------------

    def _install(
        self,
        file: OpenInspection,
        name: str,
        notices: tuple[str, ...] = (),
        *,
        modified: bool = False,
        recovered_from: RecoveryCandidate | None = None,
    ) -> OpenDocument:
        editor = DocumentEditor(file.session, parent=self)
        if file.read_only:
            editor.read_only_reason = _read_only_reason(file)
        opened = OpenDocument(editor, file, name, notices, recovered_from)
        editor.undo_stack.cleanChanged.connect(self._clean_changed)
        if modified:
            # Nothing on disk holds this document yet: closing must offer to save it.
            editor.undo_stack.resetClean()
        self.current = opened
        self._watch(file)
        self.documentOpened.emit(opened)
        if modified:
            self.modifiedChanged.emit(True)
        self._notices_for(opened)
        if file.path is not None and not modified:
            self._remember(file.path)
        return opened

    def _replace_current(
        self,
        file: OpenInspection,
        name: str,
        notices: tuple[str, ...] = (),
        *,
        modified: bool = False,
        recovered_from: RecoveryCandidate | None = None,
    ) -> OpenDocument | None:
        """Show ``file`` in place of the current document, once that is closed (which may ask
        to save it). If the user keeps the current one, ``file`` is put away again."""
        if not self.close():
            _put_away(file)
            return None
        return self._install(file, name, notices, modified=modified, recovered_from=recovered_from)

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    def new_document(self, document: Inspection) -> OpenDocument | None:
        framework = get_framework(document.meta.framework_id)
        file = OpenInspection.create(document, framework, recovery_root=self.recovery_root)
        return self._replace_current(file, f"{document.meta.unit} (not saved)", modified=True)

    def open_path(
        self, path: Path, *, interactive: bool = True, read_only: bool = False
    ) -> OpenDocument | None:
        """Open a file in place of the current document.

        Interactively, work a crash left on the file is offered first, and a file open in
        another instance can be opened read-only; errors go to a dialog and leave the window
        as it was. With ``interactive`` False (the smoke test, scripts) errors are raised.
        """
        path = Path(path)
        current = self.current
        if current is not None and current.path is not None and _same(current.path, path):
            return current
        if interactive and not read_only:
            handled, opened = self._offer_recovery_on_open(path)
            if handled:
                return opened
        try:
            file, notices = self._open_file(path, read_only=read_only, interactive=interactive)
        except InspectorError as exc:
            if not interactive:
                raise
            ask.show_error(self.window, "Cannot open the inspection", exc.message)
            if isinstance(exc, InspectionFileError) and not path.exists():
                self.settings.remove_recent_file(path)
                self.recentFilesChanged.emit()
            return None
        if file is None:
            return None
        return self._replace_current(file, path.name, notices)

    def _open_file(
        self, path: Path, *, read_only: bool, interactive: bool
    ) -> tuple[OpenInspection | None, tuple[str, ...]]:
        if not path.is_file():
            load_inspection(path)  # raises the reason: missing, a folder...
        notices: list[str] = []
        left_behind = read_lock(path)
        try:
            file = OpenInspection.open(path, read_only=read_only, recovery_root=self.recovery_root)
        except FileLockedError as exc:
            if not interactive:
                raise
            choice = file_problems.ask_file_locked(self.window, exc)
            if choice is LockChoice.CANCEL:
                return None, ()
            take_over = choice is LockChoice.TAKE_OVER
            file = OpenInspection.open(
                path,
                read_only=not take_over,
                take_over=take_over,
                recovery_root=self.recovery_root,
            )
            if take_over and exc.holder is not None:
                notices.append(f"Taken over from {exc.holder.describe()}")
        else:
            if left_behind is not None and left_behind.is_stale() and file.lock is not None:
                notices.append(f"A lock left behind by {left_behind.describe()} was cleared")
        if file.migrated_from is not None:
            notices.append(
                f"Written in an older file format (version {file.migrated_from}); saving updates it"
            )
        notices.extend(file.warnings)
        return file, tuple(notices)

    def open_example(self, *, interactive: bool = True) -> OpenDocument | None:
        """The shipped example, as an unsaved copy: Save asks where, never over the original."""
        try:
            loaded = self.load(example_inspection_path())
        except InspectorError as exc:
            if not interactive:
                raise
            ask.show_error(self.window, "Cannot open the example", exc.message)
            return None
        file = OpenInspection.create(
            loaded.document, loaded.framework, recovery_root=self.recovery_root
        )
        return self._replace_current(file, f"{loaded.document.meta.unit} (example)")

    # -- work left by a crash ----------------------------------------------------------------

    def recoverable(self, path: Path | None = None) -> list[RecoveryCandidate]:
        """Work left by sessions that ended without closing (on ``path`` only, if given)."""
        return find_recoverable(self.recovery_root, path=path)

    def offer_recovery(
        self, candidates: list[RecoveryCandidate] | None = None
    ) -> OpenDocument | None:
        """At start-up: ask about each piece of work a crash left behind, one at a time.

        Returns the document restored into the window, if any. Work the user leaves for
        later stays on disk and is offered again at the next start."""
        if candidates is None:
            candidates = self.recoverable()
        shown = None
        for number, candidate in enumerate(candidates, start=1):
            handled, opened = self._handle_candidate(candidate, number, len(candidates))
            if handled and opened is not None:
                shown = opened
        return shown

    def _offer_recovery_on_open(self, path: Path) -> tuple[bool, OpenDocument | None]:
        """Before opening ``path``: work a crash left on that very file. Returns whether it
        was restored (and the document), or False to go on opening the file as saved."""
        try:
            candidates = self.recoverable(path)
        except OSError:
            return False, None
        for number, candidate in enumerate(candidates, start=1):
            handled, opened = self._handle_candidate(
                candidate, number, len(candidates), later_text="Open Saved File"
            )
            if handled:
                return True, opened
        return False, None

    def _handle_candidate(
        self,
        candidate: RecoveryCandidate,
        number: int,
        total: int,
        *,
        later_text: str = "Decide Later",
    ) -> tuple[bool, OpenDocument | None]:
        """Ask about one candidate and do what was chosen. True when the work was restored
        (into the window or into a new file); False when it was discarded or left."""
        choice = recovery_dialog.ask_recovery(
            self.window, candidate, number=number, total=total, later_text=later_text
        )
        if choice is RecoveryChoice.RESTORE:
            return True, self.restore(candidate)
        if choice is RecoveryChoice.SAVE_AS:
            return self._restore_and_save_as(candidate)
        if choice is RecoveryChoice.DISCARD:
            self._discard(candidate)
        return False, None

    def restore(self, candidate: RecoveryCandidate) -> OpenDocument | None:
        """Bring recovered work into the window, modified (it is not saved anywhere yet)."""
        file = self._restore_file(candidate)
        if file is None:
            return None
        return self._replace_current(
            file,
            f"{candidate.name} (recovered)",
            _restore_notices(file, candidate),
            modified=True,
            recovered_from=candidate,
        )

    def _restore_file(self, candidate: RecoveryCandidate) -> OpenInspection | None:
        try:
            return OpenInspection.restore(candidate)
        except RecoveryError as exc:
            ask.show_error(self.window, "The work could not be restored", exc.message)
            return None

    def _restore_and_save_as(
        self, candidate: RecoveryCandidate
    ) -> tuple[bool, OpenDocument | None]:
        path = ask.choose_file_to_save(self.window, self._recovered_name(candidate))
        if path is None:
            return False, None  # nothing chosen: the work stays where it is, for later
        file = self._restore_file(candidate)
        if file is None:
            return False, None
        try:
            file.save_as(path)
        except InspectorError as exc:
            # The work is restored already: show it, unsaved, rather than put it back.
            ask.show_error(self.window, NOT_SAVED_TITLE, _not_saved(exc, path))
            opened = self._replace_current(
                file,
                f"{candidate.name} (recovered)",
                _restore_notices(file, candidate),
                modified=True,
                recovered_from=candidate,
            )
            return True, opened
        return True, self._replace_current(file, path.name, (f"Recovered work saved as {path}",))

    def _recovered_name(self, candidate: RecoveryCandidate) -> Path:
        if candidate.path is not None:
            stem = candidate.path.stem
            return candidate.path.with_name(f"{stem} (recovered){FILE_EXTENSION}")
        stem = re.sub(r"[^A-Za-z0-9]+", "-", candidate.unit).strip("-").lower() or "inspection"
        folder = self.settings.last_folder() or str(Path.home())
        return Path(folder) / f"{stem}{FILE_EXTENSION}"

    def _discard(self, candidate: RecoveryCandidate) -> bool:
        changes = recovery_dialog.changes_text(candidate)
        if not ask.confirm(
            self.window,
            "Discard unsaved work?",
            f"Discard the unsaved work on {candidate.name} ({changes})?\n\n"
            "It is deleted for good and cannot be brought back.",
            "Discard",
        ):
            return False
        try:
            discard(candidate)
        except RecoveryError as exc:
            ask.show_error(self.window, "The work was not discarded", exc.message)
            return False
        return True

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        opened = self.current
        if opened is None:
            return False
        opened.editor.commit_pending()
        file = opened.file
        if file.path is None:
            return self.save_as()
        if file.read_only:
            if file_problems.ask_save_elsewhere(
                self.window,
                "Open read-only",
                f"{file.path.name} is open read-only.",
                f"{opened.editor.read_only_reason}\n\nSave a copy under another name to work "
                "on it.",
            ):
                return self.save_as()
            return False
        return self._save_in_place(opened)

    def _save_in_place(self, opened: OpenDocument, *, overwrite: bool = False) -> bool:
        file = opened.file
        assert file.path is not None
        try:
            file.save(overwrite_changes=overwrite)
        except FileChangedOnDiskError as exc:
            replaced = (
                opened.recovered_from is not None
                and opened.recovered_from.file_status is FileStatus.REPLACED
            )
            choice = file_problems.ask_changed_on_disk(
                self.window, file.path, exc.state, replaced=replaced
            )
            if choice is OverwriteChoice.OVERWRITE:
                return self._save_in_place(opened, overwrite=True)
            if choice is OverwriteChoice.SAVE_AS:
                return self.save_as()
            return False
        except NoFileError:
            return self.save_as()
        except InspectorError as exc:
            if isinstance(exc, LockLostError):
                self.set_notice(FileNotice("lock-lost", exc.message, "save_as"))
            if file_problems.ask_save_failed(
                self.window, file.path.name, _why_not_saved(exc, file.path)
            ):
                return self.save_as()
            return False
        self._saved(opened)
        return True

    def save_as(self) -> bool:
        opened = self.current
        if opened is None:
            return False
        opened.editor.commit_pending()
        path = ask.choose_file_to_save(
            self.window, opened.suggested_path(self.settings.last_folder())
        )
        if path is None:
            return False
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Save As to a chosen ``path`` (the file dialog has asked about replacing it)."""
        opened = self.current
        if opened is None:
            return False
        opened.editor.commit_pending()
        file = opened.file
        was_read_only = file.read_only
        try:
            file.save_as(path)
        except InspectorError as exc:
            ask.show_error(self.window, NOT_SAVED_TITLE, _not_saved(exc, path))
            return False
        if was_read_only:
            # Editable from now on: the views are rebuilt around an editor without the
            # read-only reason (nothing could be edited, so no undo history is lost).
            self._reinstall(opened)
        self._saved(self.current or opened)
        return True

    def _saved(self, opened: OpenDocument) -> None:
        path = opened.file.path
        assert path is not None
        opened.display_name = path.name
        opened.recovered_from = None
        opened.editor.undo_stack.setClean()
        self._watch(opened.file)
        for kind in ("lock-lost", "disk", "recovered", "read-only"):
            self.notices.pop(kind, None)
        self.noticesChanged.emit()
        self._remember(path)
        self.documentSaved.emit(path)

    def _reinstall(self, opened: OpenDocument) -> None:
        self.documentAboutToClose.emit(opened)
        self.current = None
        opened.editor.close()
        self.documentClosed.emit()
        opened.editor.deleteLater()
        self._install(opened.file, opened.display_name, opened.notices)

    def _remember(self, path: Path) -> None:
        if self.remember:
            self.settings.add_recent_file(path)
            self.settings.set_last_folder(path.parent)
            self.recentFilesChanged.emit()

    # -- closing -----------------------------------------------------------------------------

    def close(self) -> bool:
        """Close the current document, asking first if it has unsaved changes.

        False if the user chose to keep it open (or saving failed). Closing removes the
        document's recovery data and its lock."""
        opened = self.current
        if opened is None:
            return True
        opened.editor.commit_pending()
        if opened.modified:
            choice = ask.ask_save_changes(self.window, opened.display_name)
            if choice is ask.SaveChoice.CANCEL:
                return False
            if choice is ask.SaveChoice.SAVE and not self.save():
                return False
        self.documentAboutToClose.emit(opened)
        self.current = None
        _unwatch(opened.file)
        opened.file.close()
        opened.editor.close()
        self.notices.clear()
        self.noticesChanged.emit()
        self.documentClosed.emit()
        opened.editor.deleteLater()
        return True

    # -- while open: notices -----------------------------------------------------------------

    def _watch(self, file: OpenInspection) -> None:
        """Have the background threads report to the window (again after a save, which may
        have taken a new lock or started the recovery data)."""
        if file.journal is not None:
            file.journal.on_problem = _reporter(self._recoveryProblemReported, file)
        if file.lock is not None:
            file.lock.on_lost = _reporter(self._lockLostReported, file)

    def _is_current(self, file: OpenInspection) -> bool:
        return self.current is not None and self.current.file is file

    def _recovery_problem(self, file: OpenInspection, problem: str | None) -> None:
        if not self._is_current(file):
            return
        if problem is None:
            self.clear_notice("recovery")
        else:
            self.set_notice(_recovery_notice(problem))

    def _lock_lost(self, file: OpenInspection, error: LockLostError) -> None:
        if self._is_current(file):
            self.set_notice(FileNotice("lock-lost", error.message, "save_as"))

    def check_file_on_disk(self) -> DiskState | None:
        """Whether the open file changed on disk since it was opened or saved (called when the
        window becomes active); a change becomes a notice."""
        opened = self.current
        if opened is None or opened.path is None or opened.read_only:
            return None
        state = opened.file.disk_state()
        if state is DiskState.CHANGED:
            self.set_notice(
                FileNotice(
                    "disk",
                    f"{opened.path.name} has been changed on disk by someone else since you "
                    "opened it. Saving will ask before overwriting it; Save As keeps both "
                    "versions.",
                    "save_as",
                )
            )
        elif state is DiskState.MISSING:
            self.set_notice(
                FileNotice(
                    "disk",
                    f"{opened.path.name} is no longer where it was opened from (moved, deleted, "
                    "or on a drive that is not connected). Your work is safe here: save it.",
                    "save_as",
                )
            )
        else:
            self.clear_notice("disk")
        return state

    def set_notice(self, notice: FileNotice) -> None:
        if self.notices.get(notice.kind) != notice:
            self.notices[notice.kind] = notice
            self.noticesChanged.emit()

    def clear_notice(self, kind: str) -> None:
        if self.notices.pop(kind, None) is not None:
            self.noticesChanged.emit()

    def _notices_for(self, opened: OpenDocument) -> None:
        file = opened.file
        if file.read_only:
            reason = opened.editor.read_only_reason or ""
            self.set_notice(FileNotice("read-only", reason, "save_as"))
        problem = file.recovery_problem
        if problem is not None:
            self.set_notice(_recovery_notice(problem))
        candidate = opened.recovered_from
        if candidate is not None:
            text = f"Recovered work on {candidate.name}, not saved yet."
            action = "save"
            if file.held_by is not None:
                text += (
                    f" {file.held_by.describe().capitalize()} has the file open for editing: "
                    "save your work under another name."
                )
                action = "save_as"
            elif not candidate.safe_to_save_in_place and candidate.path is not None:
                text += " " + recovery_dialog.STATUS_TEXT[candidate.file_status]
                action = "save_as"
            self.set_notice(FileNotice("recovered", text, action))


# -- helpers -----------------------------------------------------------------------------------


def _reporter(signal: SignalInstance, file: OpenInspection) -> Callable[[object], None]:
    def report(value: object) -> None:
        # On a background thread; the window may be gone when the process is ending.
        with contextlib.suppress(RuntimeError):
            signal.emit(file, value)

    return report


def _unwatch(file: OpenInspection) -> None:
    if file.journal is not None:
        file.journal.on_problem = None
    if file.lock is not None:
        file.lock.on_lost = None


def _put_away(file: OpenInspection) -> None:
    """An OpenInspection that will not be shown after all: close it, but keep recovery data of
    work that exists nowhere else (a restored document)."""
    _unwatch(file)
    if file.modified and file.journal is not None:
        file.journal.detach()
        file.journal = None
    file.close()


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _read_only_reason(file: OpenInspection) -> str:
    if file.held_by is not None:
        return (
            f"Opened read-only: {file.held_by.describe()} has this file open for editing. Use "
            "Save As to keep a copy of your own."
        )
    return (
        "Opened read-only, so nothing in it can be changed. Use Save As to keep a copy of your "
        "own that you can edit."
    )


def _recovery_notice(problem: str) -> FileNotice:
    return FileNotice(
        "recovery",
        f"Crash recovery is not keeping up: {problem}. Save your work to be safe.",
        "save",
    )


def _restore_notices(file: OpenInspection, candidate: RecoveryCandidate) -> tuple[str, ...]:
    count = candidate.change_count
    notices = [f"Recovered {count} change{'s' if count != 1 else ''}, not saved yet"]
    notices.extend(file.warnings)
    return tuple(notices)


def _why_not_saved(error: InspectorError, path: Path) -> str:
    """Why a save failed, for the message that offers Save As."""
    if isinstance(error, FileLockedError | LockLostError) and error.holder is not None:
        return (
            f"{path.name} is open for editing by {error.holder.describe()}, so your work cannot "
            "be saved into it without overwriting theirs. Save it under another name to keep "
            "both versions."
        )
    if isinstance(error, InspectionFileError):
        reason = error.reason
        for prefix in ("could not be saved: ", "cannot be saved: "):
            reason = reason.removeprefix(prefix)
        reason = reason[:1].upper() + reason[1:]
        return f"{reason.rstrip('.')}.\n\nFolder: {path.parent}"
    return error.message


def _not_saved(error: InspectorError, path: Path) -> str:
    if isinstance(error, FileLockedError) and error.holder is not None:
        reason = (
            f"{path.name} is open for editing by {error.holder.describe()}. Choose another name."
        )
    else:
        reason = error.message
    return (
        f"{reason}\n\nYour work is still open. Try again, or use Save As to save it somewhere else."
    )
