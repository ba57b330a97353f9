"""File ▸ Merge Inspectors' Files…: the open inspection is the master; the copies come in.

How the result enters the window, and why. A merge cannot be undone like an edit (it brings
in other files' history and settles decisions across files), so it never changes the open
document in place. The merge starts from the master as saved (the lead is asked to save
first), and its result opens as a new inspection, not yet saved, with a notice saying where
it came from. The master file is untouched until the lead saves: Save As over the master keeps
its previous version as a .bak backup, and closing without saving leaves everything as it
was. "Merge and Save into <master>" does both steps at once, after checking that the master
has not changed on disk since the merge read it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from inspector_app.core.errors import InspectorError
from inspector_app.core.merge import MergeError, MergeSource, merge
from inspector_app.core.storage import load_inspection
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.documents import FileNotice
from inspector_app.gui.team.merge_dialog import SAVE_INTO_MASTER, MergeDialog, _join

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow

NOTICE_KIND = "merged"
NOT_MERGED = "Nothing was merged"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextmanager
def _busy() -> Iterator[None]:
    """Reading and merging large files takes a moment: say so with the pointer."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class MergeFlow(QObject):
    # The dialog is about to be shown (tests take their decisions here).
    dialogReady = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.controller.documentSaved.connect(
            lambda _path: self.controller.clear_notice(NOTICE_KIND)
        )

    # -- the action ----------------------------------------------------------------------------

    def merge_copies(self, paths: list[Path] | None = None) -> bool:
        """Merge copies (asked for when not given) into the open inspection. True when a
        merged inspection is now open."""
        master = self._saved_master()
        if master is None:
            return False
        if paths is None:
            paths = choose.inspection_copies(self.window, str(master.parent))
        if not paths:
            return False
        dialog = self.prepare(master, [Path(p) for p in paths])
        if dialog is None:
            return False
        self.dialogReady.emit(dialog)
        if dialog.exec() != MergeDialog.DialogCode.Accepted:
            self.window.show_message("Merge cancelled: nothing was changed")
            return False
        return self.finish(dialog)

    def _saved_master(self) -> Path | None:
        """The open inspection's file, saved: the merge reads the master as it is on disk."""
        opened = self.controller.current
        if opened is None:
            return None
        opened.editor.commit_pending()
        if opened.editor.read_only_reason is not None:
            ask.show_error(
                self.window,
                "Cannot merge into this inspection",
                f"{opened.editor.read_only_reason}\n\nMerge into an inspection you can edit.",
            )
            return None
        if opened.modified or opened.path is None:
            if not ask.confirm(
                self.window,
                "Save before merging?",
                f"{opened.display_name} has changes that are not saved. The merge starts from "
                "the master as saved, so save it first.",
                "Save and Continue",
            ):
                return None
            if not self.controller.save():
                return None
            opened = self.controller.current
        return opened.path if opened is not None else None

    def prepare(self, master: Path, paths: list[Path]) -> MergeDialog | None:
        """Read the copies and merge them; the dialog to settle the result, or None when there
        is nothing to do (an error, shown, or nothing new)."""
        opened = self.controller.current
        if opened is None:
            return None
        if any(_same_file(path, master) for path in paths):
            ask.show_error(
                self.window,
                NOT_MERGED,
                f"{master.name} is the master itself, the inspection open in this window. "
                "Choose the inspectors' copies to merge into it.",
            )
            return None
        sources = []
        try:
            with _busy():
                for path in paths:
                    loaded = load_inspection(path)
                    sources.append(MergeSource(loaded.document, path.name))
                result = merge(opened.editor.document, sources, opened.editor.framework)
        except MergeError as exc:
            ask.show_error(
                self.window, NOT_MERGED, f"{exc.message}.\n\nThe inspection is unchanged."
            )
            return None
        except InspectorError as exc:  # a copy that cannot be read
            ask.show_error(self.window, NOT_MERGED, f"{exc.message}\n\n{NOT_MERGED}.")
            return None
        names = [path.name for path in paths]
        if not result.changes_anything:
            choose.inform(
                self.window,
                "Nothing new to merge",
                f"{master.name} already has everything in {_join(names)}. Nothing was changed.",
            )
            self.window.show_message(f"Nothing new in {_join(names)}")
            return None
        dialog = MergeDialog(result, master, names, self.window)
        dialog.master_digest = _digest(master)  # type: ignore[attr-defined]
        return dialog

    def finish(self, dialog: MergeDialog) -> bool:
        """Open the merged inspection (and save it over the master, if that was chosen)."""
        opened = self.controller.current
        if opened is None:
            return False
        master = dialog.master
        try:
            with _busy():
                document = dialog.merge_result.merged_document(user=opened.editor.session.user)
        except MergeError as exc:
            ask.show_error(self.window, NOT_MERGED, exc.message)
            return False
        if self.controller.new_document(document) is None:
            return False
        copies = _join(dialog.copies)
        self.controller.set_notice(
            FileNotice(
                NOTICE_KIND,
                f"Merged {copies} into {master.name}: not saved yet. Save As over {master.name} "
                f"to update the master (its previous version is kept as {master.name}.bak), or "
                "as a new file.",
                "save_as",
            )
        )
        if dialog.outcome != SAVE_INTO_MASTER:
            self.window.show_message(f"Merged {copies}: check the result, then save it")
            return True
        if _digest(master) != getattr(dialog, "master_digest", None):
            ask.show_error(
                self.window,
                "The merge was not saved into the master",
                f"{master.name} has changed on disk since the merge read it, so saving over it "
                "could lose those changes. The merged inspection is open and not saved: use "
                "Save As to keep it under another name, then merge again.",
            )
            return True
        if self.controller.save_to(master):
            self.window.show_message(
                f"Merged {copies} and saved into {master.name} (previous version kept as "
                f"{master.name}.bak)"
            )
        return True
