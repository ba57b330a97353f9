"""A case's change history on the review page, following every edit, and its CSV export."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core import history
from inspector_app.core.errors import InspectorError
from inspector_app.core.storage import FILE_EXTENSION
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.case_history import (
    AFTER,
    BEFORE,
    REASON,
    WHAT,
    WHEN,
    WHO,
    CaseHistoryModel,
)
from inspector_app.gui.widgets.keyboard import leave_on_tab
from inspector_app.gui.widgets.layout import muted


class CaseHistoryPanel(QWidget):
    # A short message for the status bar.
    message = Signal(str)

    def __init__(
        self, editor: DocumentEditor, folder: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.folder = folder
        self.model = CaseHistoryModel(editor, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.summary = muted("")
        self.summary.setAccessibleName("Change history of this case")
        top.addWidget(self.summary, 1)
        self.export_button = QPushButton("Export to CSV…")
        self.export_button.setAccessibleName("Export this case's history to CSV")
        self.export_button.setToolTip("Write this case's history to a CSV file for a spreadsheet")
        self.export_button.clicked.connect(self.export_csv)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.table = QTableView()
        leave_on_tab(self.table)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Change history")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Evidence notes before and after wrap onto a second line or third line.
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((WHEN, 146), (WHO, 110), (WHAT, 120), (BEFORE, 120), (AFTER, 180)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.model.modelReset.connect(self._changed)
        self.model.rowsInserted.connect(self._inserted)
        self._changed()

    def set_case(self, case_id: UUID | None) -> None:
        self.model.set_case(case_id)

    def _changed(self, *_args: object) -> None:
        count = self.model.rowCount()
        if self.model.case_id is None:
            text = ""
        elif not count:
            text = "No changes logged for this case yet."
        else:
            text = (
                f"{count} change{'s' if count != 1 else ''}, oldest first. Undoing a change logs "
                "it back; nothing is ever removed."
            )
        self.summary.setText(text)
        self.export_button.setEnabled(count > 0)

    def _inserted(self, *_args: object) -> None:
        self._changed()
        self.table.scrollToBottom()

    def export_csv(self) -> bool:
        case_id = self.model.case_id
        if case_id is None:
            return False
        reference = self.editor.session.case(case_id).reference
        suggested = Path(self.folder or Path.home()) / f"{reference} history.csv"
        path = choose.save_path(self, "Export the case's history", suggested, choose.CSV_FILTER)
        if path is None:
            return False
        if path.suffix.lower() == FILE_EXTENSION:
            ask.show_error(self, "History not exported", "Choose a name ending in .csv.")
            return False
        try:
            history.write_history_csv(self.model.records(), path)
        except (InspectorError, OSError) as exc:
            message = exc.message if isinstance(exc, InspectorError) else str(exc)
            ask.show_error(self, "History not exported", message)
            return False
        count = self.model.rowCount()
        self.message.emit(
            f"Wrote {count} history entr{'ies' if count != 1 else 'y'} of {reference} to {path}"
        )
        return True
