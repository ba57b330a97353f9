"""File ▸ Export Report (Word)…, File ▸ Export Data Workbook… and the house report template.

Each export asks where to save (starting in the folder of the last export), runs on a worker
thread over a snapshot of the inspection (see `inspector_app.gui.export_job` for why), shows
its progress when it takes more than a moment, can be cancelled (nothing is written), explains
any failure in the exporter's own words, and offers to open the file it wrote.

A house template (a Word document or template with the report's styles) is chosen once under
File ▸ Report Template and remembered; it is checked when chosen, so that a template lacking
styles is refused with the list of what it lacks, before any export relies on it.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from inspector_app.core.document import Inspection
from inspector_app.core.framework import Framework
from inspector_app.core.storage import atomic_write
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.export_job import ExportJob, ExportOutcome, ExportProgress, Progress

if TYPE_CHECKING:
    from inspector_app.gui.documents import OpenDocument
    from inspector_app.gui.main_window import MainWindow

FOLDER_KEY = "export/folder"
TEMPLATE_KEY = "export/template"


def install(window: MainWindow) -> None:
    window.export_actions = ExportActions(window)  # type: ignore[attr-defined]


def suggested_name(opened: OpenDocument, suffix: str) -> str:
    """A file name after the inspection's file, or its unit while unsaved: "brackenford report.docx"
    for the suffix "report.docx"."""
    if opened.path is not None:
        stem = opened.path.stem
    else:
        unit = opened.editor.document.meta.unit
        stem = re.sub(r"[^A-Za-z0-9]+", "-", unit).strip("-").lower() or "inspection"
    return f"{stem} {suffix}"


class ExportActions(QObject):
    # A job has been created and is about to start (tests cancel it here, before it runs).
    jobStarted = Signal(object, object)  # ExportJob, ExportProgress
    # A job is over: its ExportOutcome, after any message has been shown.
    exportFinished = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.controller = window.controller
        self.job: ExportJob | None = None
        self.progress: ExportProgress | None = None

        self.report_action = self._action(
            "export_report",
            "Export Re&port (Word)…",
            "Write the report skeleton as a Word document",
            self.export_report,
        )
        self.workbook_action = self._action(
            "export_workbook",
            "Export Data &Workbook…",
            "Write every figure, case and answer to an Excel workbook",
            self.export_workbook,
        )
        self.template_menu = QMenu("Report &Template", window)
        self.template_info = self.template_menu.addAction("")
        self.template_info.setEnabled(False)
        self.template_menu.addSeparator()
        choose_action = self.template_menu.addAction("&Choose House Template…")
        choose_action.triggered.connect(lambda _c=False: self.choose_template())
        self.builtin_action = self.template_menu.addAction("Use the &Built-in Template")
        self.builtin_action.triggered.connect(lambda _c=False: self.set_template(None))
        window.add_file_action(self.report_action)
        window.add_file_action(self.workbook_action)
        window.add_file_action(self.template_menu.menuAction())
        self.controller.documentOpened.connect(lambda _opened: self._update())
        self.controller.documentClosed.connect(self._update)
        # A running export must end before the window goes (its thread belongs to it).
        window.installEventFilter(self)
        self._update()

    def _action(self, name: str, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        self.window.actions_by_name[name] = action
        return action

    def _update(self) -> None:
        ready = self.controller.current is not None and self.job is None
        self.report_action.setEnabled(ready)
        self.workbook_action.setEnabled(ready)
        template = self.template()
        self.template_info.setText(
            f"Using {template.name}" if template is not None else "Using the built-in template"
        )
        self.builtin_action.setEnabled(template is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def stop(self) -> None:
        """Cancel a running export and wait for its thread to end."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    # -- the template -------------------------------------------------------------------------

    def template(self) -> Path | None:
        """The house template chosen, or None for the built-in one."""
        value = self.settings.value(TEMPLATE_KEY, "")
        return Path(value) if value else None

    def set_template(self, path: Path | None) -> bool:
        """Use a house template (checked first) or, with None, the built-in one."""
        if path is not None:
            from inspector_app.export.docx_report import ReportExportError, open_template

            try:
                open_template(path)
            except ReportExportError as exc:
                ask.show_error(self.window, "This template cannot be used", exc.message)
                return False
        self.settings.set_value(TEMPLATE_KEY, str(path) if path is not None else "")
        self._update()
        self.window.show_message(
            f"The report will use the template {path.name}"
            if path is not None
            else "The report will use the built-in template"
        )
        return True

    def choose_template(self) -> bool:
        current = self.template()
        folder = str(current.parent) if current is not None else self._folder()
        path = choose.open_path(
            self.window, "Choose a house report template", folder, choose.TEMPLATE_FILTER
        )
        return path is not None and self.set_template(path)

    # -- exporting ------------------------------------------------------------------------------

    def _folder(self) -> str:
        return self.settings.value(FOLDER_KEY, "") or self.settings.last_folder()

    def _ask_path(self, title: str, suffix: str, filter_: str) -> Path | None:
        opened = self.controller.current
        if opened is None or self.job is not None:
            return None
        opened.editor.commit_pending()
        folder = self._folder() or str(Path.home())
        suggested = Path(folder) / suggested_name(opened, suffix)
        path = choose.save_path(self.window, title, suggested, filter_)
        if path is not None and self.window.remember:
            self.settings.set_value(FOLDER_KEY, str(path.parent))
        return path

    def export_report(self) -> ExportJob | None:
        path = self._ask_path("Export the report", "report.docx", choose.WORD_FILTER)
        opened = self.controller.current
        if path is None or opened is None:
            return None
        template = self.template()
        framework = opened.editor.framework

        def work(document: Inspection, progress: Progress) -> None:
            from inspector_app.export.docx_report import export_docx

            export_docx(document, framework, path, template=template, progress=progress)

        return self._start("Exporting the report", "report", path, work)

    def export_workbook(self) -> ExportJob | None:
        path = self._ask_path("Export the data workbook", "data.xlsx", choose.WORKBOOK_FILTER)
        opened = self.controller.current
        if path is None or opened is None:
            return None
        framework = opened.editor.framework

        def work(document: Inspection, progress: Progress) -> None:
            write_workbook(document, framework, path, progress)

        return self._start("Exporting the data workbook", "workbook", path, work)

    def _start(
        self,
        title: str,
        what: str,
        path: Path,
        work: Callable[[Inspection, Progress], None],
    ) -> ExportJob | None:
        opened = self.controller.current
        if opened is None:
            return None
        job = ExportJob(opened.editor.document, path, work, self.window)
        progress = ExportProgress(title, job, self.window)
        job.done.connect(lambda outcome: self._finished(outcome, what))
        self.job, self.progress = job, progress
        self._update()
        self.window.show_message(f"{title} to {path}…")
        self.jobStarted.emit(job, progress)
        job.start()
        return job

    def _finished(self, outcome: ExportOutcome, what: str) -> None:
        job, progress = self.job, self.progress
        self.job = self.progress = None
        if progress is not None:
            progress.close()
            progress.deleteLater()
        if job is not None:
            job.wait()
            job.deleteLater()
        self._update()
        noun = "report" if what == "report" else "data workbook"
        if outcome.cancelled:
            self.window.show_message(f"Export cancelled: no {noun} was written")
        elif outcome.error is not None:
            message = outcome.error
            if what == "report" and self.template() is not None:
                message += (
                    "\n\nThe report uses the house template chosen under File ▸ Report "
                    "Template; you can choose another there, or the built-in one."
                )
            ask.show_error(self.window, f"The {noun} was not exported", message)
        else:
            self.window.show_message(f"Exported the {noun} to {outcome.path}")
            choice = choose.offer_to_open(
                self.window,
                f"The {noun} is exported",
                f"The {noun} is saved as {outcome.path}.",
                "Open Report" if what == "report" else "Open Workbook",
            )
            if choice is choose.AfterExport.OPEN:
                choose.open_externally(outcome.path)
            elif choice is choose.AfterExport.SHOW_FOLDER:
                choose.open_externally(outcome.path.parent)
        self.exportFinished.emit(outcome)


def write_workbook(
    document: Inspection, framework: Framework, out: Path, progress: Progress
) -> None:
    """The data workbook, built in a scratch folder and moved into place only if the export was
    not cancelled meanwhile (building it cannot be interrupted part-way)."""
    from inspector_app.export.workbook import export_workbook

    progress(0, 0, "Building the workbook")
    with tempfile.TemporaryDirectory(prefix="inspector-app-export-") as folder:
        built = Path(folder) / out.name
        export_workbook(document, framework, built)
        progress(1, 2, "Saving the workbook")
        atomic_write(out, built.read_bytes(), mode=0o600)
    progress(2, 2, "Workbook saved")
