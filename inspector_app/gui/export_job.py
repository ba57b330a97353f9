"""An export running on a worker thread, with a progress dialog that can cancel it.

Why a thread and a snapshot, rather than running modally on the window's thread: a report of
a large inspection takes seconds (charts, tables, saving), and the window must keep painting
and answering meanwhile. The worker therefore never touches the open document: it gets a
snapshot taken on the window's thread at the moment Export was chosen (the document as JSON,
which takes tens of milliseconds for a thousand cases; the worker turns it back into an
inspection). Whatever happens in the window during the export, the file written is the
inspection as it was when the user asked for it, and the worker and the window never share a
mutable object.

The progress dialog is window-modal, so that a second export or a close cannot start while
one runs; it appears only when the export takes longer than a moment. Cancelling stops the
export at its next step and nothing is written (the exporters write their file whole, at the
end, or not at all).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from inspector_app.core.document import Inspection
from inspector_app.core.errors import InspectorError

# progress(done, total, label); raises ExportCancelled once the user has cancelled.
Progress = Callable[[int, int, str], None]
# The export itself: given the snapshot and a progress callback, write the file.
ExportWork = Callable[[Inspection, Progress], None]

SHOW_PROGRESS_AFTER_MS = 400


class ExportCancelled(Exception):
    """Raised from the progress callback to stop an export the user cancelled."""


def snapshot(document: Inspection) -> bytes:
    """The document as it is now, for a worker to read back (the exports never read the change
    history, so it is left out)."""
    return document.model_dump_json(exclude={"history"}).encode("utf-8")


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    cancelled: bool = False
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return not self.cancelled and self.error is None


class ExportJob(QThread):
    """Runs ``work`` on a snapshot of ``document`` and reports how it went."""

    progressed = Signal(int, int, str)
    # Emitted once, on the window's thread, when the job is over: an ExportOutcome.
    done = Signal(object)

    def __init__(
        self, document: Inspection, path: Path, work: ExportWork, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._snapshot = snapshot(document)
        self._work = work
        self._cancel = threading.Event()
        self.outcome: ExportOutcome | None = None
        self.finished.connect(self._report)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, label: str) -> None:
        # Once the file is written (done == total > 0) there is nothing left to cancel; a total
        # of 0 is a step of unknown length.
        finished = total > 0 and done >= total
        if self._cancel.is_set() and not finished:
            raise ExportCancelled
        self.progressed.emit(done, total, label)

    def run(self) -> None:
        try:
            document = Inspection.model_validate_json(self._snapshot)
            self._work(document, self._progress)
        except ExportCancelled:
            self.outcome = ExportOutcome(self.path, cancelled=True)
        except InspectorError as exc:
            self.outcome = ExportOutcome(self.path, error=exc.message)
        except Exception as exc:  # a user sees a message, never a traceback
            reason = f"{type(exc).__name__}: {exc}"
            self.outcome = ExportOutcome(
                self.path, error=f"Something went wrong while exporting ({reason})."
            )
        else:
            self.outcome = ExportOutcome(self.path)

    def _report(self) -> None:
        outcome = self.outcome or ExportOutcome(self.path, error="The export stopped unexpectedly.")
        self.done.emit(outcome)


class ExportProgress(QProgressDialog):
    """The progress of one job: step by step, with Cancel."""

    def __init__(self, title: str, job: ExportJob, parent: QWidget | None = None) -> None:
        super().__init__(f"{title} to {job.path.name}…", "Cancel", 0, 0, parent)
        self.job = job
        self.title = title
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(420)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.canceled.connect(self._cancel)
        job.progressed.connect(self._progressed)
        job.done.connect(lambda _outcome: self.close())

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self.job.cancel_requested:
            return
        if self.maximum() != total:
            self.setMaximum(total)
        step = f"{label}…" if done < total or not total else label
        self.setLabelText(f"{self.title} to {self.job.path.name}\n{step}")
        self.setValue(done)

    def _cancel(self) -> None:
        self.job.cancel()
        self.setLabelText("Cancelling…")
