"""Team fieldwork in the app: merging inspectors' copies, the whole file's change history as
CSV, and the sample-size helper.

Installed on every main window (`main_window.FEATURES`). The review status, QA
comments and each case's history live on the case review page, and the ratings on the cases
of chosen statuses on the dashboard; this package adds what belongs to the file as a whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from inspector_app.core import history
from inspector_app.core.errors import InspectorError
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.team.merging import MergeFlow
from inspector_app.gui.team.sample_size import SampleSizeDialog

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow


def install(window: MainWindow) -> None:
    window.team_actions = TeamActions(window)  # type: ignore[attr-defined]


class TeamActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.merge = MergeFlow(window)
        self.sample_size_dialog: SampleSizeDialog | None = None
        self.merge_action = self._action(
            "merge",
            "&Merge Inspectors' Files…",
            "Bring the cases and answers from inspectors' copies into this inspection",
            lambda: self.merge.merge_copies(),
        )
        self.history_action = self._action(
            "export_history",
            "Export Change &History (CSV)…",
            "Write every logged change to every case to a CSV file",
            self.export_history,
        )
        self.sample_size_action = self._action(
            "sample_size",
            "&Sample Size…",
            "How many cases to inspect for a confidence level and margin of error",
            self.show_sample_size,
        )
        window.add_file_action(self.merge_action)
        window.add_file_action(self.history_action)
        window.case_menu.addSeparator()
        window.case_menu.addAction(self.sample_size_action)
        self.controller.documentOpened.connect(lambda _opened: self._update())
        self.controller.documentClosed.connect(self._update)
        self._update()

    def _action(self, name: str, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        self.window.actions_by_name[name] = action
        return action

    def _update(self) -> None:
        has_document = self.controller.current is not None
        self.merge_action.setEnabled(has_document)
        self.history_action.setEnabled(has_document)

    def export_history(self) -> bool:
        opened = self.controller.current
        if opened is None:
            return False
        opened.editor.commit_pending()
        document = opened.editor.document
        stem = opened.path.stem if opened.path is not None else "inspection"
        folder = (
            self.window.settings.value("export/folder", "") or self.window.settings.last_folder()
        )
        suggested = Path(folder or Path.home()) / f"{stem} history.csv"
        path = choose.save_path(
            self.window, "Export the change history", suggested, choose.CSV_FILTER
        )
        if path is None:
            return False
        records = sorted(document.history, key=lambda record: record.at)
        try:
            history.write_history_csv(records, path)
        except InspectorError as exc:
            ask.show_error(self.window, "The history was not exported", exc.message)
            return False
        self.window.show_message(f"Wrote {len(records)} history entries to {path}")
        return True

    def show_sample_size(self) -> SampleSizeDialog:
        opened = self.controller.current
        sample = len(opened.editor.session.cases) if opened is not None else None
        dialog = SampleSizeDialog(sample, self.window)
        # A calculator beside the work, not in its way: not modal.
        dialog.show()
        self.sample_size_dialog = dialog
        return dialog
