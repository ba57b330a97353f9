"""The case sample: a sortable, filterable table; add, duplicate, delete, paste, import."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from inspector_app.core.csv_import import parse_cases, read_csv_file
from inspector_app.core.document import Case, ReviewStatus
from inspector_app.core.errors import CaseImportError
from inspector_app.gui.dialogs import ask
from inspector_app.gui.dialogs.paste_cases import PasteCasesDialog
from inspector_app.gui.item_models.cases import NOT_COMPLETE, OPEN_COMMENTS, CaseFilterProxy
from inspector_app.gui.item_models.roles import IdRole
from inspector_app.gui.layout_memory import columns_key, remember
from inspector_app.gui.references import next_reference
from inspector_app.gui.widgets.keyboard import leave_on_tab
from inspector_app.gui.widgets.layout import PageHeader, page_layout
from inspector_app.gui.widgets.progress import ProgressDelegate
from inspector_app.gui.workspace import Page, Workspace

Index = QModelIndex | QPersistentModelIndex


class CaseFieldDelegate(QStyledItemDelegate):
    """Choices where the framework lists them; the team's names for the inspector."""

    def __init__(self, page: CasesPage) -> None:
        super().__init__(page)
        self.page = page

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = self.page.model
        column = model.columns[index.column()]
        framework = model.editor.framework
        if column.is_attribute:
            attribute = framework.attributes_by_id[column.key.split(".", 1)[1]]
            if attribute.values is not None:
                combo = QComboBox(parent)
                combo.addItem("", "")
                for value in attribute.values:
                    combo.addItem(value, value)
                combo.setAccessibleName(attribute.label)
                return combo
        if column.key == "sample":
            combo = QComboBox(parent)
            for sample in framework.samples:
                combo.addItem(sample.title, sample.id)
            combo.setAccessibleName("Sample")
            return combo
        if column.key == "inspector":
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(self.page.inspectors())
            combo.setAccessibleName("Inspector")
            return combo
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(column.title)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole) or ""
            found = editor.findData(value)
            if found < 0:
                found = editor.findText(value)
            if found >= 0:
                editor.setCurrentIndex(found)
            elif editor.isEditable():
                editor.setEditText(value)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = editor.currentText() if editor.isEditable() else editor.currentData()
            model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class CasesPage(Page):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.model = workspace.case_model
        self.proxy = CaseFilterProxy(self.model)
        layout = page_layout(self)
        self.header = PageHeader("Cases", "")
        layout.addWidget(self.header)
        tools = QHBoxLayout()
        tools.setSpacing(6)
        self.add_button = self._button(
            "Add case", "Add a case after the last one (Ctrl+Shift+N)", self.add_case
        )
        self.duplicate_button = self._button(
            "Duplicate",
            "A new case with the same sample, attributes and inspector (no answers)",
            self.duplicate,
        )
        self.delete_button = self._button(
            "Delete", "Delete the selected cases (Delete)", self.delete_selected
        )
        self.paste_button = self._button(
            "Paste references…",
            "Add a case for each pasted reference (Ctrl+Shift+V)",
            self.paste_references,
        )
        self.import_button = self._button(
            "Import CSV…", "Add cases and their answers from a CSV file", self.import_csv
        )
        self.review_button = self._button(
            "Review case", "Open the selected case in the review form (Enter)", self.review_current
        )
        self.review_button.setProperty("primary", True)
        self.header.add_action(self.paste_button)
        self.header.add_action(self.import_button)
        for button in (
            self.review_button,
            self.add_button,
            self.duplicate_button,
            self.delete_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter: reference, inspector, attribute")
        self.search.setAccessibleName("Filter cases")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(270)
        self.search.textChanged.connect(self._filter_changed)
        tools.addWidget(self.search)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show cases with status")
        self.status_filter.addItem("All statuses", None)
        self.status_filter.addItem("Not yet complete", NOT_COMPLETE)
        for status in ReviewStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.addItem("Open QA comments", OPEN_COMMENTS)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        tools.addWidget(self.status_filter)
        layout.addLayout(tools)

        self.table = QTableView()
        leave_on_tab(self.table)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Cases")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setItemDelegate(CaseFieldDelegate(self))
        self.table.setItemDelegateForColumn(
            self.model.column_of("progress"), ProgressDelegate(self.table)
        )
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # Columns differ between frameworks (their case attributes) and may change between
        # versions: a layout is only ever restored onto the same columns.
        remember(header, "cases/columns/" + columns_key(c.key for c in self.model.columns))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = {
            "reference": 96,
            "sample": 150,
            "attributes.sentence_type": 122,
            "attributes.rosh_level": 164,
            "attributes.gender": 80,
            "attributes.ethnicity": 222,  # "Black, Asian and minority ethnic"
            "inspector": 120,
            "status": 102,
            "qa": 76,
            "progress": 116,
        }
        for column, spec in enumerate(self.model.columns):
            width = widths.get(spec.key)
            if width is None:
                width = max(110, self.table.fontMetrics().horizontalAdvance(spec.title) + 40)
            header.resizeSection(column, width)
        self.table.setColumnHidden(
            self.model.column_of("sample"), len(self.editor.framework.samples) < 2
        )
        layout.addWidget(self.table, 1)

        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for sequence, slot in (
            (QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
            (QKeySequence.StandardKey.Paste, self.paste_from_clipboard),
        ):
            shortcut = QShortcut(sequence, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        # Counts walk every case, so they wait for a pause rather than follow every answer.
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(300)
        self._counts_timer.timeout.connect(self._update_counts)
        self.editor.bridge.documentChanged.connect(self._counts_timer.start)
        self.proxy.rowsInserted.connect(lambda *_: self._counts_timer.start())
        self.proxy.rowsRemoved.connect(lambda *_: self._counts_timer.start())
        self.proxy.modelReset.connect(self._counts_timer.start)
        self._update_counts()
        self._update_buttons()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        return button

    def focus_target(self) -> QWidget:
        return self.table

    def activated(self) -> None:
        super().activated()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    # -- reading -------------------------------------------------------------------------------

    def inspectors(self) -> list[str]:
        meta = self.editor.document.meta
        names = [meta.lead_inspector, *meta.team]
        return [n for n in dict.fromkeys(n.strip() for n in names) if n]

    def selected_case_ids(self) -> list[UUID]:
        rows = self.table.selectionModel().selectedRows()
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex()]
        return [index.data(IdRole) for index in sorted(rows, key=lambda i: i.row())]

    def current_case_id(self) -> UUID | None:
        index = self.table.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def _update_counts(self) -> None:
        cases = self.editor.session.cases
        complete = sum(1 for c in cases if c.status is not ReviewStatus.DRAFT)
        # The QA column appears once quality assurance has started: a comment on any case.
        self.table.setColumnHidden(
            self.model.column_of("qa"), not any(case.qa_comments for case in cases)
        )
        shown = self.proxy.rowCount()
        text = f"{len(cases)} case{'s' if len(cases) != 1 else ''} · {complete} complete"
        if shown != len(cases):
            text += f" · {shown} shown"
        self.header.set_subtitle(text)

    def _update_buttons(self) -> None:
        selected = bool(self.selected_case_ids())
        self.duplicate_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
        self.review_button.setEnabled(selected)

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_status(self.status_filter.currentData())
        self._update_counts()

    # -- actions -------------------------------------------------------------------------------

    def select_case(self, case_id: UUID, *, edit_column: str | None = None) -> None:
        source = self.model.index_of(case_id)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            # Filtered out: clear the filter so the case the user acted on is visible.
            self.search.clear()
            self.status_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index_of(case_id))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus()
        if edit_column is not None:
            self.table.edit(index.siblingAtColumn(self.model.column_of(edit_column)))

    def _new_case(self, basis: Case | None) -> Case:
        session = self.editor.session
        taken = [c.reference for c in session.cases]
        last = basis or (session.cases[-1] if session.cases else None)
        reference = next_reference(last.reference if last else "CASE-000", taken)
        if basis is not None:
            return Case(
                reference=reference,
                sample=basis.sample,
                attributes=dict(basis.attributes),
                inspector=basis.inspector,
            )
        sample = last.sample if last else self.editor.framework.default_sample
        inspector = last.inspector if last else self.editor.document.meta.lead_inspector
        return Case(reference=reference, sample=sample, inspector=inspector)

    def add_case(self) -> None:
        case = self._new_case(None)
        if self.editor.add_cases([case]):
            self.select_case(case.id, edit_column="reference")
            self.workspace.message.emit(f"Added case {case.reference}: type its reference")

    def duplicate(self) -> None:
        ids = self.selected_case_ids()
        if not ids:
            return
        session = self.editor.session
        source = session.case(ids[-1])
        case = self._new_case(source)
        if self.editor.add_cases([case], at=session.case_position(source.id) + 1):
            self.select_case(case.id)
            self.workspace.message.emit(
                f"Added {case.reference} with the details of {source.reference}"
            )

    def delete_selected(self) -> None:
        ids = self.selected_case_ids()
        if not ids:
            return
        session = self.editor.session
        cases = [session.case(i) for i in ids]
        answered = [
            c for c in cases if any(a.value is not None or a.note for a in c.answers.values())
        ]
        if answered:
            names = ", ".join(c.reference for c in answered[:5]) + (
                "…" if len(answered) > 5 else ""
            )
            if not ask.confirm(
                self,
                "Delete cases?",
                f"{len(answered)} of the selected cases have answers or notes ({names}). "
                "Delete them? You can undo this with Edit ▸ Undo.",
                f"Delete {len(cases)} case{'s' if len(cases) != 1 else ''}",
            ):
                return
        first_row = min(self.proxy.mapFromSource(self.model.index_of(i)).row() for i in ids)
        if self.editor.remove_cases(ids):
            self.workspace.message.emit(
                f"Deleted {len(ids)} case{'s' if len(ids) != 1 else ''}. Undo with Ctrl+Z."
            )
            rows = self.proxy.rowCount()
            if rows:
                self.table.setCurrentIndex(self.proxy.index(min(first_row, rows - 1), 0))

    def paste_from_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        self.paste_references(text)

    def paste_references(self, text: str = "") -> None:
        session = self.editor.session
        dialog = PasteCasesDialog(
            self.editor.framework,
            [c.reference for c in session.cases],
            self.inspectors(),
            text if isinstance(text, str) else "",
            self,
        )
        if dialog.exec() != PasteCasesDialog.DialogCode.Accepted:
            return
        self.add_references(
            dialog.references().new, dialog.sample.currentData(), dialog.inspector.currentText()
        )

    def add_references(self, references: list[str], sample: str, inspector: str) -> bool:
        cases = [Case(reference=r, sample=sample, inspector=inspector.strip()) for r in references]
        if not cases or not self.editor.add_cases(cases):
            return False
        self.select_case(cases[0].id)
        self.workspace.message.emit(f"Added {len(cases)} case{'s' if len(cases) != 1 else ''}")
        return True

    def import_csv(self) -> None:
        path = ask.choose_csv_file(self, "")
        if path is not None:
            self.import_csv_file(path)

    def import_csv_file(self, path: Path) -> bool:
        session = self.editor.session
        try:
            cases = parse_cases(
                read_csv_file(path), session.framework, session.cases, set_by=session.user
            )
        except CaseImportError as exc:
            ask.show_error(
                self, "Cases not imported", f"{path.name}: {exc.message}\n\nNothing was imported."
            )
            return False
        if not cases:
            self.workspace.message.emit(f"{path.name} holds no cases")
            return False
        if not self.editor.add_cases(cases):
            return False
        self.select_case(cases[0].id)
        self.workspace.message.emit(f"Imported {len(cases)} cases from {path.name}")
        return True

    def review_current(self) -> None:
        case_id = self.current_case_id()
        if case_id is not None:
            self.workspace.review_case(case_id)

    def _activated(self, index: QModelIndex) -> None:
        case_id = index.data(IdRole)
        if case_id is not None:
            self.workspace.review_case(case_id)
