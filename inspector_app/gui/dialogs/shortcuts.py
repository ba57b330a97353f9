"""Every keyboard shortcut of the app, in one table (Help ▸ Keyboard Shortcuts, F1)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.widgets.keyboard import leave_on_tab

# Keys handled inside pages rather than by menu actions.
PAGE_KEYS = (
    ("Case review", "Y or 1", "Answer Yes and move to the next question"),
    ("Case review", "N or 2", "Answer No and move to the next question"),
    ("Case review", "A or 3", "Answer Not applicable (where allowed) and move on"),
    ("Case review", "Delete", "Clear the answer of the focused question"),
    ("Case review", "Tab / Shift+Tab", "Next / previous question or field"),
    ("Lists", "Insert", "Add an item after the selected one"),
    ("Lists", "Enter or F2", "Edit the selected item (Enter again to finish)"),
    ("Lists", "Delete", "Remove the selected item"),
    ("Lists", "Alt+Up / Alt+Down", "Move the selected item"),
    ("Cases", "Enter", "Review the selected case"),
    ("Cases", "Ctrl+V", "Add cases from pasted references"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        rows: list[tuple[str, str, str]] = []
        for action in actions.values():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys:
                rows.append(("Menus", " or ".join(keys), action.text().replace("&", "")))
        rows += list(PAGE_KEYS)
        table = QTableWidget(len(rows), 3)
        leave_on_tab(table)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Where", "Keys", "What it does"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
