"""The main window: menus, the start page or the open inspection, and the status bar.

Features built on the window (`FEATURES`) are installed once it is built, each by its
``install(window)``: they add menu actions (`add_file_action` puts them in the File menu's
export section), register pages on each workspace (`workspaceCreated`), and follow the
document controller (`window.controller`), which holds the only read and write paths.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QStackedWidget

from inspector_app import APP_NAME, __version__
from inspector_app.gui import export_actions, recovery, team
from inspector_app.gui.dialogs import ask
from inspector_app.gui.dialogs.new_inspection import NewInspectionDialog
from inspector_app.gui.dialogs.shortcuts import ShortcutsDialog
from inspector_app.gui.documents import DocumentController, OpenDocument
from inspector_app.gui.layout_memory import restore_layout, save_layout
from inspector_app.gui.pages import default_pages
from inspector_app.gui.settings import AppSettings
from inspector_app.gui.start_page import StartPage
from inspector_app.gui.theme import rating_text
from inspector_app.gui.workspace import Workspace

# Built on the window, each installed by its install(window): Word and workbook export; the
# notice bar and file checks that keep work safe; merging, QA, history and intervals.
FEATURES = (export_actions, recovery, team)
DEFAULT_SIZE = (1280, 800)
MESSAGE_MS = 6000


def _keys(*sequences: QKeySequence.StandardKey | str) -> list[QKeySequence]:
    """Key sequences for an action: a standard key where the platform has one, else ours."""
    keys: list[QKeySequence] = []
    for sequence in sequences:
        if isinstance(sequence, QKeySequence.StandardKey):
            keys += QKeySequence.keyBindings(sequence)
        else:
            keys.append(QKeySequence(sequence))
    return keys


class MainWindow(QMainWindow):
    workspaceCreated = Signal(object)

    def __init__(
        self,
        settings: AppSettings | None = None,
        *,
        remember: bool = True,
        with_features: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.remember = remember
        self.controller = DocumentController(self.settings, self, remember=remember)
        self.workspace: Workspace | None = None
        self.actions_by_name: dict[str, QAction] = {}
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(960, 640)
        self.stack = QStackedWidget()
        self.start_page = StartPage(self.settings)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self._create_actions()
        self._create_menus()
        self.score_label = QLabel()
        self.score_label.setAccessibleName("Score")
        self.score_label.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.score_label)
        self.statusBar().setSizeGripEnabled(True)

        self.start_page.newRequested.connect(self.new_inspection)
        self.start_page.openRequested.connect(self.open_file)
        self.start_page.exampleRequested.connect(self.open_example)
        self.start_page.recentRequested.connect(self.open_path)
        controller = self.controller
        controller.documentOpened.connect(self._document_opened)
        controller.documentClosed.connect(self._document_closed)
        controller.documentSaved.connect(self._document_saved)
        controller.modifiedChanged.connect(lambda _m: self._update_title())
        controller.recentFilesChanged.connect(self._recent_changed)
        self._restore_layout()
        self._update_title()
        self._update_actions()
        self._recent_changed()
        if with_features:
            self._install_features()

    # -- actions and menus -----------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        keys: list[QKeySequence] | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts(keys)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _create_actions(self) -> None:
        a = self._action
        a("new", "&New Inspection…", self.new_inspection, _keys(QKeySequence.StandardKey.New))
        a("open", "&Open…", self.open_file, _keys(QKeySequence.StandardKey.Open))
        a("open_example", "Open the &Example Inspection", self.open_example)
        a("save", "&Save", self.save, _keys(QKeySequence.StandardKey.Save))
        a(
            "save_as",
            "Save &As…",
            self.save_as,
            _keys(QKeySequence.StandardKey.SaveAs) or _keys("Ctrl+Shift+S"),
        )
        a("close", "&Close", self.close_document, _keys(QKeySequence.StandardKey.Close))
        a("quit", "&Quit", self.close, _keys(QKeySequence.StandardKey.Quit) or _keys("Ctrl+Q"))
        a("undo", "&Undo", self.undo, _keys(QKeySequence.StandardKey.Undo))
        a("redo", "&Redo", self.redo, _keys(QKeySequence.StandardKey.Redo))
        a("find_case", "&Find Case…", self.find_case, _keys(QKeySequence.StandardKey.Find))
        for number, spec in enumerate(default_pages(), start=1):
            a(
                f"page:{spec.id}",
                spec.title,
                lambda page_id=spec.id: self.show_page(page_id),
                _keys(f"Ctrl+{number}"),
            )
        a(
            "previous_case",
            "&Previous Case",
            lambda: self._review("previous_case"),
            _keys("Ctrl+PgUp"),
        )
        a(
            "next_case",
            "&Next Case",
            lambda: self._review("next_case"),
            _keys("Ctrl+PgDown", "Ctrl+Return", "Ctrl+Enter"),
        )
        a(
            "next_unanswered",
            "Next &Unanswered Question",
            lambda: self._review("next_unanswered"),
            _keys("F8"),
        )
        a(
            "mark_complete",
            "&Mark Case Complete…",
            lambda: self._review("toggle_complete"),
            _keys("Ctrl+Shift+M"),
        )
        a("add_case", "&Add Case", lambda: self._cases("add_case"), _keys("Ctrl+Shift+N"))
        a("duplicate_case", "&Duplicate Case", lambda: self._cases("duplicate"), _keys("Ctrl+D"))
        a("delete_cases", "De&lete Selected Cases", lambda: self._cases("delete_selected"))
        a(
            "paste_references",
            "&Paste Case References…",
            lambda: self._cases("paste_references"),
            _keys("Ctrl+Shift+V"),
        )
        a("import_csv", "&Import Cases from CSV…", lambda: self._cases("import_csv"))
        a(
            "shortcuts",
            "&Keyboard Shortcuts",
            self.show_shortcuts,
            _keys(QKeySequence.StandardKey.HelpContents) or _keys("F1"),
        )
        a("about", f"&About {APP_NAME}", self.show_about)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        names = self.actions_by_name
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(names["new"])
        self.file_menu.addAction(names["open"])
        self.recent_menu = QMenu("Open &Recent", self)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(names["open_example"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(names["save"])
        self.file_menu.addAction(names["save_as"])
        # Export and other output actions go between these separators (add_file_action).
        self.file_export_section = self.file_menu.addSeparator()
        self.file_export_anchor = self.file_menu.addSeparator()
        self.file_export_anchor.setVisible(False)
        self.file_menu.addAction(names["close"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(names["quit"])
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(names["undo"])
        self.edit_menu.addAction(names["redo"])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(names["find_case"])
        self.view_menu = bar.addMenu("&View")
        for spec in default_pages():
            self.view_menu.addAction(names[f"page:{spec.id}"])
        self.case_menu = bar.addMenu("&Case")
        for name in ("previous_case", "next_case", "next_unanswered", "mark_complete"):
            self.case_menu.addAction(names[name])
        self.case_menu.addSeparator()
        for name in (
            "add_case",
            "duplicate_case",
            "delete_cases",
            "paste_references",
            "import_csv",
        ):
            self.case_menu.addAction(names[name])
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(names["shortcuts"])
        self.help_menu.addAction(names["about"])
        self.menus = {
            "file": self.file_menu,
            "edit": self.edit_menu,
            "view": self.view_menu,
            "case": self.case_menu,
            "help": self.help_menu,
        }

    def add_file_action(self, action: QAction) -> None:
        """Add an action (Export…, say) to the File menu's output section."""
        self.file_menu.insertAction(self.file_export_anchor, action)
        self.file_export_anchor.setVisible(True)

    def _install_features(self) -> None:
        for feature in FEATURES:
            feature.install(self)

    def _update_actions(self) -> None:
        has_document = self.controller.current is not None
        for name in (
            "save",
            "save_as",
            "close",
            "find_case",
            "add_case",
            "duplicate_case",
            "delete_cases",
            "paste_references",
            "import_csv",
        ):
            self.actions_by_name[name].setEnabled(has_document)
        for spec in default_pages():
            self.actions_by_name[f"page:{spec.id}"].setEnabled(has_document)
        on_review = (
            has_document and self.workspace is not None and self.workspace.current_id == "review"
        )
        for name in ("previous_case", "next_case", "next_unanswered", "mark_complete"):
            self.actions_by_name[name].setEnabled(on_review)
        self._update_undo_actions()

    def _update_undo_actions(self, *_args: object) -> None:
        undo, redo = self.actions_by_name["undo"], self.actions_by_name["redo"]
        opened = self.controller.current
        if opened is None:
            undo.setEnabled(False)
            redo.setEnabled(False)
            undo.setText("&Undo")
            redo.setText("&Redo")
            return
        stack = opened.editor.undo_stack
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        undo.setText(f"&Undo {stack.undoText()}".rstrip())
        redo.setText(f"&Redo {stack.redoText()}".rstrip())

    def _recent_changed(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for number, path in enumerate(files, start=1):
            label = f"&{number} {path.name}" if number < 10 else path.name
            action = self.recent_menu.addAction(label)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if files:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("&Clear Recent Files")
            clear.triggered.connect(self._clear_recent)
        self.recent_menu.setEnabled(bool(files))
        self.start_page.refresh()

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self._recent_changed()

    # -- documents -------------------------------------------------------------------------------

    def new_inspection(self) -> None:
        document = NewInspectionDialog.ask(self)
        # Back from the dialog: the keyboard belongs to this window again.
        self.activateWindow()
        if document is not None:
            self.controller.new_document(document)

    def open_file(self) -> None:
        folder = self.settings.last_folder()
        if self.controller.current is not None and self.controller.current.path is not None:
            folder = str(self.controller.current.path.parent)
        path = ask.choose_file_to_open(self, folder)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        return self.controller.open_path(Path(path)) is not None

    def open_example(self) -> bool:
        return self.controller.open_example() is not None

    def save(self) -> bool:
        return self.controller.save()

    def save_as(self) -> bool:
        return self.controller.save_as()

    def close_document(self) -> bool:
        return self.controller.close()

    def undo(self) -> None:
        if self.controller.current is not None:
            self.controller.current.editor.undo()

    def redo(self) -> None:
        if self.controller.current is not None:
            self.controller.current.editor.redo()

    def _document_opened(self, opened: OpenDocument) -> None:
        editor = opened.editor
        workspace = Workspace(editor)
        for spec in default_pages():
            workspace.register_page(spec)
        workspace.message.connect(self.show_message)
        workspace.pageChanged.connect(self._page_changed)
        if self.remember:
            workspace.pageCreated.connect(lambda page: restore_layout(page, self.settings))
        editor.editRefused.connect(lambda text: self.show_message(f"Not changed: {text}"))
        stack = editor.undo_stack
        for signal in (
            stack.canUndoChanged,
            stack.canRedoChanged,
            stack.undoTextChanged,
            stack.redoTextChanged,
        ):
            signal.connect(self._update_undo_actions)
        workspace.dashboard_model.resultChanged.connect(self._update_score)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        self.workspaceCreated.emit(workspace)
        page = self.settings.value("layout/page", "dashboard")
        workspace.show_page(page if page in workspace.specs else "dashboard")
        self._update_title()
        self._update_actions()
        self._update_score()
        message = f"Opened {opened.display_name}"
        if opened.notices:
            message += " · " + " · ".join(opened.notices)
        self.show_message(message)

    def _document_closed(self) -> None:
        workspace, self.workspace = self.workspace, None
        if workspace is not None:
            if self.remember:
                save_layout(workspace, self.settings)
            if workspace.current_id and self.remember:
                self.settings.set_value("layout/page", workspace.current_id)
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
        self.stack.setCurrentWidget(self.start_page)
        self.start_page.refresh()
        self.start_page.focus_target().setFocus()
        self.score_label.setText("")
        self._update_title()
        self._update_actions()

    def _document_saved(self, path: Path) -> None:
        self._update_title()
        self.show_message(f"Saved {path}")

    def _update_title(self) -> None:
        opened = self.controller.current
        if opened is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        suffix = " (read-only)" if opened.editor.read_only_reason else ""
        self.setWindowTitle(f"{opened.display_name}{suffix}[*] — {APP_NAME}")
        if opened.path is not None:
            self.setWindowFilePath(str(opened.path))
        self.setWindowModified(opened.modified)

    def _update_score(self) -> None:
        if self.workspace is None:
            self.score_label.setText("")
            return
        result = self.workspace.dashboard_model.result()
        text = f"Score {result.score_text} · {rating_text(result.overall_rating)}"
        if result.provisional:
            text += " (provisional)"
        self.score_label.setText(text)

    def _page_changed(self, page_id: str) -> None:
        self._update_actions()

    # -- pages -----------------------------------------------------------------------------------

    def show_page(self, page_id: str) -> None:
        if self.workspace is not None:
            self.workspace.show_page(page_id)

    def _review(self, method: str) -> None:
        if self.workspace is None or self.workspace.current_id != "review":
            return
        getattr(self.workspace.page("review"), method)()

    def _cases(self, method: str) -> None:
        if self.workspace is None:
            return
        page = self.workspace.show_page("cases")
        getattr(page, method)()

    def find_case(self) -> None:
        if self.workspace is None:
            return
        if self.workspace.current_id == "review":
            page = self.workspace.page("review")
            page.find.setFocus()  # type: ignore[attr-defined]
            page.find.selectAll()  # type: ignore[attr-defined]
            return
        page = self.workspace.show_page("cases")
        page.search.setFocus()  # type: ignore[attr-defined]
        page.search.selectAll()  # type: ignore[attr-defined]

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.actions_by_name, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Case reviews, live ratings and report drafting for probation inspections.</p>"
            "<p>Inspection files stay on this computer; the app makes no network connections.</p>"
            f"<p>Settings are kept in {self.settings.location}.</p>",
        )

    # -- window state ----------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.restore_bytes("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            width, height = DEFAULT_SIZE
            if screen is not None:
                available = screen.availableGeometry()
                width = min(width, available.width())
                height = min(height, available.height())
                self.resize(width, height)
                frame = self.frameGeometry()
                frame.moveCenter(available.center())
                self.move(frame.topLeft())
            else:
                self.resize(width, height)
        state = self.settings.restore_bytes("state")
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        if not self.remember:
            return
        self.settings.save_bytes("geometry", QByteArray(self.saveGeometry()))
        self.settings.save_bytes("state", QByteArray(self.saveState()))
        if self.workspace is not None:
            save_layout(self.workspace, self.settings)
            if self.workspace.current_id:
                self.settings.set_value("layout/page", self.workspace.current_id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.controller.close():
            event.ignore()
            return
        self.save_layout()
        event.accept()
