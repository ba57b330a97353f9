"""Writing crash-recovery data: `RecoveryJournal` keeps an open document's recovery folder.

The folder's layout, and how it is found and restored after a crash, are in
`inspector_app.core.recovery`. Here: the session tells the journal of each change on the
caller's thread, which only puts it on a queue; a background writer appends the lines in
batches at most `BATCH_SECONDS` apart, and a second thread syncs them to the disk, so that no
edit ever waits for a slow sync. A save starts a new generation (new base, empty journal).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from inspector_app import __version__
from inspector_app.core.change_codec import encode_change
from inspector_app.core.document import ChangeRecord
from inspector_app.core.fingerprint import FileFingerprint, content_hash
from inspector_app.core.liveness import OwnerLock, durable_sync, sync_directory, this_host
from inspector_app.core.recovery import (
    META_NAME,
    OWNER_LOCK_NAME,
    RECOVERY_FORMAT,
    RECOVERY_FORMAT_VERSION,
    RecoveryCandidate,
    RecoveryError,
    absolute_path,
    default_root,
    iso_time,
    login_name,
    make_private_dir,
    now_utc,
    remove_folder,
)
from inspector_app.core.session import Change, InspectionSession
from inspector_app.core.storage import (
    SavedInspection,
)

# The background writer gathers the edits of this long into one write and one sync: typing

# fast costs a sync per batch, not per edit, and an edit is on the disk well within the

# two seconds promised.
BATCH_SECONDS = 0.2


# How long a failed write waits before it is tried again (a full disk may be cleared).
RETRY_SECONDS = 1.0


# While idle, the owner lock file's time is refreshed this often, so that a folder written on

# another machine is not taken for abandoned (recovery.FOREIGN_STALE_SECONDS).
HEARTBEAT_SECONDS = 60.0


@dataclass
class _Reset:
    """Start a generation: a new base and an empty journal (on start and after each save)."""

    base: bytes
    path: Path | None
    file_fingerprint: FileFingerprint | None
    unit: str  # shown for a document never saved: "Unsaved inspection of <unit>"


@dataclass
class _Record:
    change: Change
    applied: bool
    at: float
    # The change-history entries the session appended for this change: replaying it makes
    # entries with new ids and times, which restoring swaps for these.
    history: tuple[ChangeRecord, ...] = ()


@dataclass
class _Finish:
    remove: bool
    timeout: float = 10.0
    done: threading.Event = field(default_factory=threading.Event)


@dataclass(eq=False)
class _JournalFile:
    """One generation's journal, open for appending."""

    generation: int
    base_name: str
    name: str
    fd: int
    size: int = 0
    next_number: int = 1
    broken: str | None = None  # set when an edit could not be encoded: nothing more is written


@dataclass(eq=False)
class _Switch:
    """A save's new generation, written and on its way to being synced and named in the meta
    file; meanwhile every edit goes into the old generation's journal too."""

    reset: _Reset
    journal: _JournalFile
    records: list[_Record]  # the edits since the save: what a second try must write again


@dataclass(eq=False)
class _Deferred:
    """A save's new generation waiting for the one before it to be in place (or for a retry
    after a failure), with the edits made since that save."""

    reset: _Reset
    records: list[_Record] = field(default_factory=list)
    not_before: float = 0.0


@dataclass
class _Switched:
    """From the syncer: the new generation is in place, or could not be put there."""

    switch: _Switch
    error: OSError | None = None


_Item = _Reset | _Record | _Finish | _Switched

_live_journals: weakref.WeakSet[RecoveryJournal] = weakref.WeakSet()


class RecoveryJournal:
    """Keeps one open document's recovery data on disk while it is edited.

    Create it with `start` right after opening or creating the document (before any edit),
    call `saved` after each successful save or save-as, and `close` when the document is
    closed (the data is removed). Every method returns at once except `close`, `detach` and
    `flush`, which wait for the writer; nothing here raises on a failed disk write: the
    `problem` property says what went wrong and the writer keeps trying.
    """

    def __init__(
        self,
        session: InspectionSession,
        *,
        path: Path | None,
        base: bytes,
        file_fingerprint: FileFingerprint | None,
        root: Path | None = None,
        replacing: RecoveryCandidate | None = None,
        on_problem: Callable[[str | None], None] | None = None,
    ) -> None:
        self.session = session
        self.session_id = replacing.session_id if replacing else uuid.uuid4().hex
        self._root = replacing.folder.parent if replacing else root
        self.on_problem = on_problem
        self._document_id = str(session.document.id)
        self._unit = session.document.meta.unit
        self._framework_id = session.document.meta.framework_id
        self._started_at = now_utc()
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._backlog: list[_Item] = []
        self._owner: OwnerLock | None = None
        self._generation = replacing.generation if replacing else 0
        self._last_generation = self._generation  # the highest generation number used
        self._replacing = replacing is not None
        self._current: _JournalFile | None = None  # the generation the meta file names
        self._switch: _Switch | None = None
        self._deferred: _Deferred | None = None
        self._problem: str | None = None
        self._sync_problem: str | None = None
        self._reported: str | None = None
        self._report_lock = threading.Lock()
        self._syncer: threading.Thread | None = None
        self._sync_jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._wanted: dict[str, int] = {}  # journal name -> a descriptor of it to sync
        self._wanted_lock = threading.Lock()
        self._sync_scheduled = False
        self._pending = 0
        self._pending_lock = threading.Condition()
        self._unsubscribe: Callable[[], None] | None = None
        self._history_seen = len(session.document.history)
        self._thread: threading.Thread | None = None
        self._finished = False
        self._path = path
        self._initial = _Reset(base, absolute_path(path), file_fingerprint, self._unit)

    # -- life cycle (caller's thread) -----------------------------------------------------

    @classmethod
    def start(
        cls,
        session: InspectionSession,
        *,
        path: str | os.PathLike[str] | None,
        base: bytes,
        file_fingerprint: FileFingerprint | None = None,
        root: Path | None = None,
        replacing: RecoveryCandidate | None = None,
        on_problem: Callable[[str | None], None] | None = None,
    ) -> RecoveryJournal:
        """Begin recording ``session``'s edits.

        ``base`` must parse back to the session's document as it is now (the bytes of the file
        as opened: `LoadedInspection.recovery_base()`; for a new document, `serialise(doc)`).
        ``replacing`` takes over the folder of a restored `RecoveryCandidate`, so that the
        recovered work stays on disk without a gap. Raises `RecoveryError` if the recovery
        folder cannot be created or the candidate is in use by another window.
        """
        journal = cls(
            session,
            path=Path(path) if path is not None else None,
            base=base,
            file_fingerprint=file_fingerprint,
            root=root,
            replacing=replacing,
            on_problem=on_problem,
        )
        journal._begin()
        return journal

    @property
    def root(self) -> Path:
        """The folder holding every document's recovery folder."""
        if self._root is None:
            self._root = default_root()
        return self._root

    @property
    def folder(self) -> Path:
        """This document's recovery folder."""
        return self.root / self.session_id

    def _begin(self) -> None:
        try:
            make_private_dir(self.root)
            make_private_dir(self.folder)
            self._owner = OwnerLock(self.folder / OWNER_LOCK_NAME)
            acquired = self._owner.try_acquire()
        except OSError as exc:
            where = self._root or "the user's data folder"
            raise RecoveryError(
                f"the recovery folder in {where} cannot be used ({exc.strerror or exc})"
            ) from None
        if not acquired:
            raise RecoveryError("this recovered work is already open in another window")
        self._unsubscribe = self.session.subscribe(self._on_change)
        self._enqueue(self._initial)
        self._thread = threading.Thread(
            target=self._run, name=f"recovery-{self.session_id[:8]}", daemon=True
        )
        self._thread.start()
        _live_journals.add(self)

    def _on_change(self, change: Change, applied: bool) -> None:
        # Runs on the thread that edits (the GUI thread): a slice and a queue put. Changes and
        # history entries are never modified once made, so the writer may encode them later.
        history = self.session.document.history
        count = len(history)
        added = tuple(history[self._history_seen : count]) if count > self._history_seen else ()
        self._history_seen = count
        self._enqueue(_Record(change, applied, time.time(), added))

    def saved(self, saved: SavedInspection) -> None:
        """The document was saved (or saved as): its bytes become the new base."""
        if self._finished:
            return
        self._path = saved.path
        unit = self.session.document.meta.unit
        self._enqueue(_Reset(saved.data, absolute_path(saved.path), saved.fingerprint, unit))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far is on disk; False if it is not by then."""
        deadline = time.monotonic() + timeout
        with self._pending_lock:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._pending_lock.wait(remaining)
        return True

    def close(self, timeout: float = 10.0) -> None:
        """The document was closed on purpose (saved, or its changes discarded): remove the
        recovery data."""
        self._finish(remove=True, timeout=timeout)

    def detach(self, timeout: float = 10.0) -> None:
        """Stop recording but keep the data on disk (it is offered for recovery later)."""
        self._finish(remove=False, timeout=timeout)

    def _finish(self, *, remove: bool, timeout: float) -> None:
        if self._finished:
            return
        self._finished = True
        if self._unsubscribe is not None:
            with contextlib.suppress(ValueError):
                self._unsubscribe()
            self._unsubscribe = None
        item = _Finish(remove, timeout)
        self._enqueue(item)
        item.done.wait(timeout)
        if self._thread is not None:
            self._thread.join(max(0.0, timeout))
        _live_journals.discard(self)

    @property
    def problem(self) -> str | None:
        """Why the recovery data is not up to date, or None when it is."""
        broken = self._current.broken if self._current is not None else None
        return broken or self._problem or self._sync_problem

    @property
    def path(self) -> Path | None:
        return self._path

    def _enqueue(self, item: _Item) -> None:
        with self._pending_lock:
            self._pending += 1
        self._queue.put(item)

    # -- the writer thread ------------------------------------------------------------------
    #
    # The writer only writes: every edit reaches the system (which keeps it through a crash
    # of the app) at most one batch window after it was made, however slow the disk is to
    # sync. The syncs that make it survive a power cut run on the syncer thread, in order,
    # and so does the one step that must wait for them: a save's new generation becomes the
    # one `meta.json` names only once its base and journal are synced. Until then every edit
    # is written to the old generation's journal too, so that whichever generation the meta
    # file names is complete.

    def _run(self) -> None:
        last_beat = time.monotonic()
        while True:
            waiting = self._backlog or (self._deferred is not None and self._switch is None)
            wait = RETRY_SECONDS if waiting else HEARTBEAT_SECONDS
            try:
                first = self._queue.get(timeout=wait)
            except queue.Empty:
                first = None
            if first is not None:
                self._take(first)
                # Gather what else arrives within the batch window into the same write.
                window_end = time.monotonic() + BATCH_SECONDS
                while not isinstance(self._backlog[-1], _Finish):
                    remaining = window_end - time.monotonic()
                    if remaining <= 0:
                        break
                    try:
                        self._take(self._queue.get(timeout=remaining))
                    except queue.Empty:
                        break
            # Nothing may stay behind a finish: take whatever was queued before it.
            if self._backlog and isinstance(self._backlog[-1], _Finish):
                while True:
                    try:
                        self._take(self._queue.get_nowait())
                    except queue.Empty:
                        break
            finished = self._work()
            if finished:
                return
            self._start_deferred()
            if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                last_beat = time.monotonic()
                with contextlib.suppress(OSError):
                    os.utime(self.folder / OWNER_LOCK_NAME)

    def _take(self, item: _Item) -> None:
        # A clean close makes waiting edits moot: they are dropped (a detach, by contrast, must
        # still write them all, and so must a save: the old journal stays complete until the
        # new generation is in place).
        if isinstance(item, _Finish) and item.remove:
            dropped = [old for old in self._backlog if isinstance(old, _Record)]
            self._backlog = [old for old in self._backlog if not isinstance(old, _Record)]
            self._settle(len(dropped))
        self._backlog.append(item)

    def _settle(self, count: int) -> None:
        if not count:
            return
        with self._pending_lock:
            self._pending -= count
            self._pending_lock.notify_all()

    def _hold(self) -> None:
        """Count one more thing `flush` waits for (a generation on its way, a sync)."""
        with self._pending_lock:
            self._pending += 1

    def _work(self) -> bool:
        """Carry out the backlog in order; stop at the first failure (kept for a retry)."""
        records: list[_Record] = []
        done = 0
        finished = False
        try:
            for item in self._backlog:
                if isinstance(item, _Record):
                    records.append(item)
                    continue
                self._write_records(records)
                done += len(records)
                records = []
                if isinstance(item, _Reset):
                    self._new_generation(item)
                elif isinstance(item, _Switched):
                    self._switched(item)
                else:
                    self._end(item)
                    item.done.set()
                    finished = True
                    done += 1
                    break
                done += 1
            self._write_records(records)
            done += len(records)
            self._set_problem(None)
        except OSError as exc:
            self._set_problem(f"recovery data could not be written: {exc.strerror or exc}")
        finally:
            if done:
                del self._backlog[:done]
                self._settle(done)
        if finished:
            self._close_journals()
            if self._owner is not None:
                self._owner.release()
        return finished

    def _set_problem(self, problem: str | None) -> None:
        if problem == self._problem:
            return
        self._problem = problem
        self._report()

    def _set_sync_problem(self, problem: str | None) -> None:
        if problem == self._sync_problem:
            return
        self._sync_problem = problem
        self._report()

    def _report(self) -> None:
        # Called from the writer and the syncer: one report per change, in order.
        with self._report_lock:
            current = self.problem
            if current == self._reported:
                return
            self._reported = current
            if self.on_problem is not None:
                with contextlib.suppress(Exception):
                    self.on_problem(current)

    # -- writing edits ------------------------------------------------------------------

    def _write_records(self, records: list[_Record]) -> None:
        if not records:
            return
        if self._current is None:
            raise OSError("the recovery folder has not been set up yet")
        self._append(self._current, records)  # raises: the batch is tried again
        switch = self._switch
        if switch is not None:
            try:
                self._append(switch.journal, records)
            except OSError as exc:
                # The old generation has these edits; the new one is made again later.
                self._abandon(switch, exc)
            else:
                switch.records.extend(records)
        if self._deferred is not None:
            self._deferred.records.extend(records)
        for journal in self._journals():
            self._want_sync(journal)

    def _append(self, journal: _JournalFile, records: list[_Record]) -> None:
        """Write whole lines at the end of ``journal``, or nothing (raises OSError)."""
        if journal.broken is not None:
            return
        lines = []
        number = journal.next_number
        for record in records:
            try:
                lines.append(self._encode(record, number))
            except Exception as exc:  # an edit the codec does not know: stop recording
                journal.broken = (
                    f"an edit ({record.change.description}) could not be recorded for "
                    f"recovery ({exc}); save to protect later edits"
                )
                self._report()
                break
            number += 1
        if not lines:
            return
        data = b"".join(lines)
        try:
            _write_all(journal.fd, data)
        except OSError:
            # A torn line would hide every line after it: cut back to the last whole line.
            with contextlib.suppress(OSError):
                os.ftruncate(journal.fd, journal.size)
            raise
        journal.size += len(data)
        journal.next_number = number

    def _encode(self, record: _Record, number: int) -> bytes:
        entry = {
            "n": number,
            "at": iso_time(record.at),
            "op": "apply" if record.applied else "revert",
            "change": encode_change(record.change),
        }
        if record.history:
            entry["history"] = [item.model_dump(mode="json") for item in record.history]
        return (json.dumps(entry, ensure_ascii=True, separators=(",", ":")) + "\n").encode()

    def _journals(self) -> list[_JournalFile]:
        journals = [self._current] if self._current is not None else []
        if self._switch is not None:
            journals.append(self._switch.journal)
        return journals

    # -- generations ----------------------------------------------------------------------

    def _new_generation(self, reset: _Reset) -> None:
        if self._current is None:
            if self._replacing:
                self._first_generation_durably(reset)
            else:
                self._first_generation(reset)
            return
        if self._deferred is not None:
            self._settle(1)  # a later save makes the waiting one moot
        self._hold()
        self._deferred = _Deferred(reset)
        self._start_deferred(now=True)

    def _start_deferred(self, *, now: bool = False) -> None:
        """Begin the waiting generation, once the one before it is in place."""
        deferred = self._deferred
        if deferred is None or self._switch is not None or self._current is None:
            return
        if not now and time.monotonic() < deferred.not_before:
            return
        try:
            self._begin_switch(deferred)
        except OSError as exc:
            deferred.not_before = time.monotonic() + RETRY_SECONDS
            self._set_problem(f"recovery data could not be written: {exc.strerror or exc}")
            return
        self._deferred = None

    def _names(self) -> tuple[int, str, str]:
        self._last_generation += 1
        generation = self._last_generation
        return generation, f"base-{generation}.inspection", f"journal-{generation}.jsonl"

    def _begin_switch(self, deferred: _Deferred) -> None:
        """Write the new generation at once (base, empty journal, the edits since the save);
        the syncer makes it durable and names it in the meta file."""
        generation, base_name, journal_name = self._names()
        journal: _JournalFile | None = None
        try:
            _write_file(self.folder / base_name, deferred.reset.base)
            journal = _JournalFile(
                generation, base_name, journal_name, _open_journal(self.folder / journal_name)
            )
            self._append(journal, deferred.records)
            duplicate = os.dup(journal.fd)
        except OSError:
            if journal is not None:
                with contextlib.suppress(OSError):
                    os.close(journal.fd)
            _remove_files(self.folder, base_name, journal_name)
            raise
        meta = self._meta(deferred.reset, generation, base_name, journal_name)
        switch = _Switch(deferred.reset, journal, list(deferred.records))
        self._switch = switch
        self._submit_sync(lambda: self._make_current(switch, meta, duplicate))

    def _make_current(self, switch: _Switch, meta: bytes, journal_fd: int) -> None:
        """On the syncer: base and journal synced, then the meta file switched to them."""
        error = None
        try:
            _sync_file(self.folder / switch.journal.base_name)
            durable_sync(journal_fd)
            _write_private(self.folder / META_NAME, meta)
            sync_directory(self.folder)
        except OSError as exc:
            error = exc
        finally:
            with contextlib.suppress(OSError):
                os.close(journal_fd)
        self._enqueue(_Switched(switch, error))

    def _switched(self, item: _Switched) -> None:
        switch = item.switch
        if switch is not self._switch:
            return  # abandoned meanwhile: its files are gone
        if item.error is not None:
            self._abandon(switch, item.error)
            return
        old, self._current, self._switch = self._current, switch.journal, None
        self._generation = switch.journal.generation
        self._settle(1)
        if old is not None:
            with contextlib.suppress(OSError):
                os.close(old.fd)
            _remove_files(self.folder, old.base_name, old.name)
        self._set_problem(None)
        self._report()

    def _abandon(self, switch: _Switch, error: OSError) -> None:
        """A new generation could not be made: remove it; the old one goes on, complete, and
        the generation is made again later (unless a later save has one waiting)."""
        if self._switch is switch:
            self._switch = None
        with contextlib.suppress(OSError):
            os.close(switch.journal.fd)
        _remove_files(self.folder, switch.journal.base_name, switch.journal.name)
        self._set_problem(f"recovery data could not be written: {error.strerror or error}")
        if self._deferred is None:
            self._deferred = _Deferred(switch.reset, list(switch.records))
            self._deferred.not_before = time.monotonic() + RETRY_SECONDS
        else:
            self._settle(1)

    def _meta(self, reset: _Reset, generation: int, base_name: str, journal_name: str) -> bytes:
        meta = {
            "format": RECOVERY_FORMAT,
            "version": RECOVERY_FORMAT_VERSION,
            "session_id": self.session_id,
            "generation": generation,
            "base": base_name,
            "journal": journal_name,
            "base_sha256": content_hash(reset.base),
            "document_path": str(reset.path) if reset.path is not None else None,
            "document_id": self._document_id,
            "unit": reset.unit,
            "framework_id": self._framework_id,
            "file_fingerprint": (
                reset.file_fingerprint.to_json() if reset.file_fingerprint else None
            ),
            "app_version": __version__,
            "pid": os.getpid(),
            "host": this_host(),
            "user": login_name(),
            "started_at": iso_time(self._started_at),
            "base_at": iso_time(now_utc()),
        }
        return json.dumps(meta, ensure_ascii=True, indent=1).encode()

    def _first_generation(self, reset: _Reset) -> None:
        """The document just opened: written at once, and synced by the syncer. (A power cut
        before that sync can leave a damaged base, offered for Discard only; the file itself
        is untouched, and the edits were not yet on the disk anyway.)"""
        generation, base_name, journal_name = self._names()
        _write_file(self.folder / base_name, reset.base)
        fd = _open_journal(self.folder / journal_name)
        try:
            meta = self._meta(reset, generation, base_name, journal_name)
            _write_file(self.folder / f".{META_NAME}.tmp", meta)
            os.replace(self.folder / f".{META_NAME}.tmp", self.folder / META_NAME)
            duplicate = os.dup(fd)
        except BaseException:
            os.close(fd)
            raise
        self._current = _JournalFile(generation, base_name, journal_name, fd)
        self._generation = generation
        folder = self.folder

        def make_durable() -> None:
            try:
                _sync_file(folder / base_name)
                durable_sync(duplicate)
                _sync_file(folder / META_NAME)
                sync_directory(folder)
            finally:
                os.close(duplicate)

        self._submit_sync(make_durable)

    def _first_generation_durably(self, reset: _Reset) -> None:
        """Taking over a restored candidate's folder: its old generation is the only copy of
        the work on disk, so it is removed only once the new one is synced and named."""
        generation, base_name, journal_name = self._names()
        _write_private(self.folder / base_name, reset.base)
        fd = _open_journal(self.folder / journal_name)
        try:
            durable_sync(fd)
            meta = self._meta(reset, generation, base_name, journal_name)
            _write_private(self.folder / META_NAME, meta)
            sync_directory(self.folder)
        except BaseException:
            os.close(fd)
            raise
        self._current = _JournalFile(generation, base_name, journal_name, fd)
        self._generation = generation
        self._remove_other_generations(keep={base_name, journal_name})

    def _remove_other_generations(self, keep: set[str]) -> None:
        for entry in self.folder.iterdir():
            if entry.name.startswith(("base-", "journal-")) and entry.name not in keep:
                with contextlib.suppress(OSError):
                    entry.unlink()

    # -- the syncer thread ------------------------------------------------------------------

    def _submit_sync(self, job: Callable[[], None]) -> None:
        self._hold()
        if self._syncer is None:
            self._syncer = threading.Thread(
                target=self._sync_run, name=f"recovery-sync-{self.session_id[:8]}", daemon=True
            )
            self._syncer.start()
        self._sync_jobs.put(job)

    def _sync_run(self) -> None:
        while True:
            job = self._sync_jobs.get()
            if job is None:
                return
            try:
                job()
                self._set_sync_problem(None)
            except Exception as exc:  # the syncer must go on: flush waits for every job
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                self._set_sync_problem(f"recovery data could not be synced to the disk: {reason}")
            finally:
                self._settle(1)

    def _want_sync(self, journal: _JournalFile) -> None:
        """Have the syncer sync ``journal`` (one sync covers every batch written before it)."""
        duplicate = os.dup(journal.fd)  # the writer may close its own meanwhile
        with self._wanted_lock:
            replaced = self._wanted.get(journal.name)
            self._wanted[journal.name] = duplicate
            schedule = not self._sync_scheduled
            self._sync_scheduled = True
        if replaced is not None:
            with contextlib.suppress(OSError):
                os.close(replaced)
        if schedule:
            self._submit_sync(self._sync_wanted)

    def _sync_wanted(self) -> None:
        with self._wanted_lock:
            wanted, self._wanted = self._wanted, {}
            self._sync_scheduled = False
        try:
            for fd in wanted.values():
                durable_sync(fd)
        finally:
            for fd in wanted.values():
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _wait_for_syncer(self, timeout: float) -> None:
        """Let every sync asked for so far finish (on finishing: the folder may go next)."""
        if self._syncer is None:
            return
        done = threading.Event()
        self._submit_sync(done.set)
        done.wait(timeout)

    # -- finishing ---------------------------------------------------------------------------

    def _end(self, finish: _Finish) -> None:
        self._wait_for_syncer(finish.timeout)
        # A generation the syncer has just put in place (or failed to) is settled first.
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, _Switched):
                self._switched(item)
            self._settle(1)
        if self._switch is not None:
            # Not in place: the old generation, which has every edit, stays the one named.
            switch, self._switch = self._switch, None
            with contextlib.suppress(OSError):
                os.close(switch.journal.fd)
            _remove_files(self.folder, switch.journal.base_name, switch.journal.name)
            self._settle(1)
        if self._deferred is not None:
            self._deferred = None
            self._settle(1)
        if self._syncer is not None:
            self._sync_jobs.put(None)
        if finish.remove:
            self._close_journals()
            remove_folder(self.folder, self._owner or OwnerLock(self.folder / OWNER_LOCK_NAME))
        elif self._current is not None:
            durable_sync(self._current.fd)

    def _close_journals(self) -> None:
        for journal in self._journals():
            with contextlib.suppress(OSError):
                os.close(journal.fd)
        self._current = None
        self._switch = None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_file(path: Path, data: bytes) -> None:
    """Write a new file, readable by the owner only (not synced: the syncer does that)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _open_journal(path: Path) -> int:
    return os.open(
        path,
        os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND | getattr(os, "O_BINARY", 0),
        0o600,
    )


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        durable_sync(fd)
    finally:
        os.close(fd)


def _remove_files(folder: Path, *names: str) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def _write_private(path: Path, data: bytes) -> None:
    """Write a file atomically (temporary file, sync, rename), readable by the owner only."""
    temp = path.with_name(f".{path.name}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        _write_all(fd, data)
        durable_sync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)


@atexit.register
def _flush_at_exit() -> None:
    # An orderly exit that forgot to close a journal still gets its last edits on disk.
    for journal in list(_live_journals):
        with contextlib.suppress(Exception):
            journal.detach(timeout=5.0)
