"""The merge dialog: what came in from the inspectors' copies, and the lead's decisions.

The decisions come first: each conflict lists every file's value with its evidence note, who
set it and when, and the lead ticks the one to keep (or settles every remaining conflict at
once: keep the master's value, or take the newest). Duplicate references and deleted cases
offer what can be done with the case. The merged inspection can be opened only once every
decision is taken; until then, and if the lead cancels, nothing has changed anywhere.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.merge import MergeResult
from inspector_app.gui.team.merge_models import (
    AT,
    BY,
    CASE,
    CHANGE,
    DECISION,
    NOTE,
    SOURCE,
    SUBJECT,
    VALUE,
    WHEN,
    WHO,
    BroughtInModel,
    DecisionsModel,
    describe_decision,
)
from inspector_app.gui.widgets.keyboard import leave_on_tab
from inspector_app.gui.widgets.layout import muted, section_title

OPEN, SAVE_INTO_MASTER = "open", "save"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class MergeDialog(QDialog):
    def __init__(
        self,
        result: MergeResult,
        master: Path,
        copies: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.merge_result = result
        self.master = master
        self.copies = copies
        # How the lead chose to finish: OPEN (a new, unsaved inspection) or SAVE_INTO_MASTER.
        self.outcome = OPEN
        self.setWindowTitle(f"Merge into {master.name}")
        self.setAccessibleName("Merge inspectors' files")
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(section_title(f"Merging {_join(copies)} into {master.name}", scale=1.2))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the merge brings in")
        layout.addWidget(self.summary)

        self.tabs = QTabWidget()
        self.tabs.tabBar().setAccessibleName("Decisions, changes brought in, or notices")
        self.tabs.addTab(self._build_decisions(), "")
        self.brought_in = BroughtInModel(result, self)
        self.tabs.addTab(self._build_brought_in(), f"&Brought in ({self.brought_in.rowCount()})")
        self.notices = QListWidget()
        self.notices.setAccessibleName("Notices about the merge")
        self.notices.setWordWrap(True)
        self.notices.addItems(result.notices)
        self.tabs.addTab(self.notices, f"&Notices ({len(result.notices)})")
        self.tabs.setTabEnabled(2, bool(result.notices))
        layout.addWidget(self.tabs, 1)

        self.note = muted(
            f"The merged inspection opens as a new inspection, not yet saved: {master.name} "
            "stays as it is until you save over it (its previous version is then kept as "
            f"{master.name}.bak). A merge cannot be undone; to go back, close the merged "
            "inspection without saving."
        )
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            f"Merge and Save into {master.name}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setToolTip(
            f"Write the merged inspection over {master.name} now, keeping its previous version "
            f"as {master.name}.bak"
        )
        self.open_button = self.buttons.addButton(
            "Open Merged Inspection", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setToolTip("Open the merged inspection, not saved yet, to check it first")
        self.open_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda: self.finish(SAVE_INTO_MASTER))
        self.open_button.clicked.connect(lambda: self.finish(OPEN))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.decisions.choicesChanged.connect(self._update)
        if not result.decisions:
            self.tabs.setCurrentIndex(1)
        self._update()

    # -- building ----------------------------------------------------------------------------

    def _build_decisions(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        self.decisions = DecisionsModel(self.merge_result, self)
        self.decisions_intro = muted(
            "Where two files changed the same answer or case detail since the copies were "
            "made, tick the value to keep. Cases sharing a reference are never combined: say "
            "what to do with each."
        )
        layout.addWidget(self.decisions_intro)
        self.tree = QTreeView()
        self.tree.setModel(self.decisions)
        self.tree.setAccessibleName("Merge decisions")
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DECISION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(DECISION, 300)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(VALUE, 130)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((BY, 140), (WHEN, 156)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.tree.expandAll()
        # A decision about a whole case offers sentences, not values: give them the full width.
        for row, decision in enumerate(self.decisions.decisions):
            if not decision.is_conflict:
                parent = self.decisions.index(row, 0)
                for option in range(len(decision.options)):
                    self.tree.setFirstColumnSpanned(option, parent, True)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.tree, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("The selected decision")
        self.detail.setObjectName("Muted")
        layout.addWidget(self.detail)
        tools = QHBoxLayout()
        self.prefer_master_button = QPushButton("Keep the Master's Value for the Rest")
        self.prefer_master_button.setToolTip(
            "Settle every conflict not yet decided with the value the master holds"
        )
        self.prefer_master_button.clicked.connect(lambda: self.decisions.prefer("master"))
        self.prefer_newest_button = QPushButton("Take the Newest Value for the Rest")
        self.prefer_newest_button.setToolTip(
            "Settle every conflict not yet decided with the most recently changed value"
        )
        self.prefer_newest_button.clicked.connect(lambda: self.decisions.prefer("newest"))
        self.clear_button = QPushButton("Clear Choices")
        self.clear_button.clicked.connect(self.decisions.clear_choices)
        for button in (self.prefer_master_button, self.prefer_newest_button, self.clear_button):
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addLayout(tools)
        return page

    def _build_brought_in(self) -> QWidget:
        self.brought_in_table = QTableView()
        leave_on_tab(self.brought_in_table)
        self.brought_in_table.setModel(self.brought_in)
        self.brought_in_table.setAccessibleName("Cases, answers and details brought in")
        self.brought_in_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.brought_in_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.brought_in_table.setAlternatingRowColors(True)
        self.brought_in_table.setWordWrap(False)
        self.brought_in_table.verticalHeader().hide()
        header = self.brought_in_table.horizontalHeader()
        for column, width in (
            (CHANGE, 96),
            (CASE, 84),
            (SUBJECT, 150),
            (SOURCE, 130),
            (WHO, 110),
            (AT, 150),
        ):
            header.resizeSection(column, width)
        for column in (3, 4):  # before and after share what is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        return self.brought_in_table

    # -- choosing ----------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        option = self.decisions.option_at(index)
        if option is not None:
            self.decisions.choose(index.parent().row(), option.key)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        decision = self.decisions.decision_at(current)
        self.detail.setText(describe_decision(decision) if decision is not None else "")

    def _update(self) -> None:
        result = self.merge_result
        total = len(result.decisions)
        left = len(result.unsettled)
        self.summary.setText(
            f"Brought in: {result.summary()}."
            + (f" {left} decision{'s' if left != 1 else ''} still to take." if left else "")
        )
        title = f"&Decisions ({left} to take)" if left else f"&Decisions ({total})"
        self.tabs.setTabText(0, title)
        self.tabs.setTabEnabled(0, bool(total))
        if not total:
            self.decisions_intro.setText("No decisions: no two files changed the same thing.")
        has_conflicts = any(d.is_conflict for d in result.unsettled)
        self.prefer_master_button.setEnabled(has_conflicts)
        self.prefer_newest_button.setEnabled(has_conflicts)
        self.clear_button.setEnabled(bool(result.choices))
        self.open_button.setEnabled(result.settled)
        self.save_button.setEnabled(result.settled)
        if not result.settled:
            waiting = f"Take the {left} remaining decision{'s' if left != 1 else ''} first"
            self.open_button.setToolTip(waiting)
            self.save_button.setToolTip(waiting)
        else:
            self.open_button.setToolTip(
                "Open the merged inspection, not saved yet, to check it first"
            )
            self.save_button.setToolTip(
                f"Write the merged inspection over {self.master.name} now, keeping its "
                f"previous version as {self.master.name}.bak"
            )

    def finish(self, outcome: str) -> None:
        if not self.merge_result.settled:
            return
        self.outcome = outcome
        self.accept()
