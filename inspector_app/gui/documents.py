"""Opening, saving and closing inspection files: the app's one path to and from disk.

`DocumentController` owns the open document. Every file read goes through `load` and every
write through `write`, so features that guard files (locks, read-only opening, backups,
crash recovery) wrap these two methods and listen to the controller's signals:

* ``documentOpened(OpenDocument)``: a document is on screen; its editor's undo stack reports
  every change (``editor.undo_stack.indexChanged``), which is what autosave follows;
* ``documentSaved(Path)`` and ``documentClosed()``: the file on disk is up to date, or the
  document is gone, so recovery data can be removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from inspector_app.core.document import Inspection
from inspector_app.core.errors import InspectionFileError, InspectorError
from inspector_app.core.framework import get_framework
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import (
    FILE_EXTENSION,
    LoadedInspection,
    load_inspection,
    save_inspection,
)
from inspector_app.gui.dialogs import ask
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.settings import AppSettings
from inspector_app.paths import example_inspection_path


@dataclass
class OpenDocument:
    editor: DocumentEditor
    # None until the document has a file of its own (new, or the example opened as a copy).
    path: Path | None
    display_name: str
    notices: tuple[str, ...] = ()

    @property
    def modified(self) -> bool:
        return not self.editor.undo_stack.isClean()

    def suggested_path(self, folder: str) -> Path:
        if self.path is not None:
            return self.path
        stem = re.sub(r"[^A-Za-z0-9]+", "-", self.editor.document.meta.unit).strip("-").lower()
        return Path(folder or Path.home()) / f"{stem or 'inspection'}{FILE_EXTENSION}"


class DocumentController(QObject):
    documentOpened = Signal(object)
    documentAboutToClose = Signal(object)
    documentClosed = Signal()
    documentSaved = Signal(object)
    modifiedChanged = Signal(bool)
    recentFilesChanged = Signal()

    def __init__(self, settings: AppSettings, window: QWidget, *, remember: bool = True) -> None:
        super().__init__(window)
        self.settings = settings
        self.window = window
        self.remember = remember
        self.current: OpenDocument | None = None

    # -- the one read path and the one write path -----------------------------------------------

    def load(self, path: Path) -> LoadedInspection:
        return load_inspection(path)

    def write(self, document: Inspection, path: Path) -> None:
        save_inspection(document, path)

    # -- opening -------------------------------------------------------------------------------

    def _install(
        self,
        session: InspectionSession,
        path: Path | None,
        name: str,
        notices: tuple[str, ...] = (),
    ) -> OpenDocument:
        editor = DocumentEditor(session, parent=self)
        opened = OpenDocument(editor, path, name, notices)
        editor.undo_stack.cleanChanged.connect(self._clean_changed)
        self.current = opened
        self.documentOpened.emit(opened)
        return opened

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    def new_document(self, document: Inspection) -> OpenDocument | None:
        if not self.close():
            return None
        framework = get_framework(document.meta.framework_id)
        opened = self._install(
            InspectionSession(document, framework), None, f"{document.meta.unit} (not saved)"
        )
        # Nothing is on disk yet: closing must offer to save what was entered.
        opened.editor.undo_stack.resetClean()
        self.modifiedChanged.emit(True)
        return opened

    def open_path(self, path: Path, *, interactive: bool = True) -> OpenDocument | None:
        """Open a file in place of the current document. Errors go to a dialog, or are raised
        when ``interactive`` is False (the smoke test, scripts)."""
        path = Path(path)
        if (
            self.current is not None
            and self.current.path is not None
            and self._same(self.current.path, path)
        ):
            return self.current
        if not self.close():
            return None
        try:
            loaded = self.load(path)
        except InspectorError as exc:
            if not interactive:
                raise
            ask.show_error(self.window, "Cannot open the inspection", exc.message)
            if isinstance(exc, InspectionFileError) and not path.exists():
                self.settings.remove_recent_file(path)
                self.recentFilesChanged.emit()
            return None
        notices = list(loaded.warnings)
        if loaded.migrated_from is not None:
            notices.insert(
                0,
                f"Written in an older file format (version {loaded.migrated_from}); "
                "saving updates it",
            )
        session = InspectionSession(loaded.document, loaded.framework)
        opened = self._install(session, path, path.name, tuple(notices))
        if self.remember:
            self.settings.add_recent_file(path)
            self.settings.set_last_folder(path.parent)
            self.recentFilesChanged.emit()
        return opened

    def open_example(self, *, interactive: bool = True) -> OpenDocument | None:
        """The shipped example, as an unsaved copy: Save asks where, never over the original."""
        if not self.close():
            return None
        try:
            loaded = self.load(example_inspection_path())
        except InspectorError as exc:
            if not interactive:
                raise
            ask.show_error(self.window, "Cannot open the example", exc.message)
            return None
        session = InspectionSession(loaded.document, loaded.framework)
        return self._install(session, None, f"{loaded.document.meta.unit} (example)")

    @staticmethod
    def _same(a: Path, b: Path) -> bool:
        try:
            return a.resolve() == b.resolve()
        except OSError:
            return False

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        opened = self.current
        if opened is None:
            return False
        if opened.path is None:
            return self.save_as()
        return self._save_to(opened, opened.path)

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
        return self._save_to(opened, path)

    def _save_to(self, opened: OpenDocument, path: Path) -> bool:
        opened.editor.commit_pending()
        try:
            self.write(opened.editor.document, path)
        except InspectorError as exc:
            ask.show_error(
                self.window,
                "The inspection was not saved",
                f"{exc.message}\n\nYour work is still open. Try again, or use Save As to save it "
                "somewhere else.",
            )
            return False
        opened.path = path
        opened.display_name = path.name
        opened.editor.session.mark_saved()
        opened.editor.undo_stack.setClean()
        if self.remember:
            self.settings.add_recent_file(path)
            self.settings.set_last_folder(path.parent)
            self.recentFilesChanged.emit()
        self.documentSaved.emit(path)
        return True

    # -- closing -------------------------------------------------------------------------------

    def close(self) -> bool:
        """Close the current document, asking first if it has unsaved changes.

        False if the user chose to keep it open (or saving failed)."""
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
        opened.editor.close()
        self.documentClosed.emit()
        opened.editor.deleteLater()
        return True
